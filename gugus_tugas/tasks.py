"""Background jobs of the organisation: the daily follow-up reminder."""

import datetime

from celery import shared_task

from .services import pengingat_tindak_lanjut_notify


@shared_task(name="gugus_tugas.pengingat_tindak_lanjut")
def pengingat_tindak_lanjut(tanggal: str | None = None) -> dict[str, int]:
    """Send the day's reminders; safe to run again, an OPD already reminded that day is skipped."""
    hari = datetime.date.fromisoformat(tanggal) if tanggal else None
    return pengingat_tindak_lanjut_notify(tanggal=hari)
