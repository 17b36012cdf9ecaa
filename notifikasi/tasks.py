"""Celery tasks of notifications: the e-mail with retries, the morning summary, the follow-up deadlines.

A failed e-mail never undoes the notification. Each task imports its service inside its body: the
services import this module to enqueue.
"""

import datetime

from celery import shared_task

# Attempts of one e-mail before it is logged as failed (the first and four retries, 1, 2, 4, 8 minutes apart).
MAKS_PERCOBAAN = 5


@shared_task(
    name="notifikasi.email",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=False,
    retry_kwargs={"max_retries": MAKS_PERCOBAAN - 1},
    acks_late=True,
)
def notifikasi_email_send_task(ids: list[int]) -> int:
    from .services import notifikasi_email_send

    return notifikasi_email_send(ids=ids)


@shared_task(name="notifikasi.ringkasan_harian")
def notifikasi_ringkasan_send_task() -> dict[str, int]:
    """Send the daily summaries and queue again e-mails stuck since the broker was away; safe to run again."""
    from .services import notifikasi_email_requeue, notifikasi_ringkasan_send

    hasil = notifikasi_ringkasan_send()
    hasil["antre_ulang"] = notifikasi_email_requeue()
    return hasil


@shared_task(name="notifikasi.tindak_lanjut_tenggat")
def tindak_lanjut_tenggat_notify_task(tanggal: str | None = None) -> dict[str, int]:
    """Today's follow-up deadline notifications; safe to run again (one per follow-up and day at most)."""
    from .services import tindak_lanjut_tenggat_notify

    return tindak_lanjut_tenggat_notify(tanggal=datetime.date.fromisoformat(tanggal) if tanggal else None)
