"""Background jobs of the RAD KLA: import sheets checked and saved, large exports built, old files removed,
reporting deadlines reminded.

Each task imports its service inside its body: the services import this module to enqueue.
"""

import datetime

from celery import shared_task

# A checked sheet not confirmed within this many hours is removed; confirming it then asks for a new upload.
IMPOR_TERTUNDA_JAM = 24
# A large export stays downloadable this long; the RAD changes, so an old file is misleading anyway.
EKSPOR_SIMPAN_JAM = 24


@shared_task(name="rad_kla.impor_tertunda_hapus")
def impor_tertunda_delete_task(jam: int = IMPOR_TERTUNDA_JAM) -> int:
    """Delete abandoned import sheets older than `jam` hours; safe to run again."""
    from .services import impor_tertunda_delete

    return impor_tertunda_delete(lebih_lama_dari=datetime.timedelta(hours=jam))


@shared_task(bind=True, name="rad_kla.impor_rad_import", acks_late=True, reject_on_worker_lost=True)
def impor_rad_import_task(self, impor_id: int) -> str:
    """Check or save one uploaded RAD sheet; a repeated message runs the step once."""
    from .services import impor_rad_import

    ulang = bool((self.request.delivery_info or {}).get("redelivered"))
    return impor_rad_import(impor_id=impor_id, ulang=ulang)


@shared_task(bind=True, name="rad_kla.ekspor_rad_export", acks_late=True, reject_on_worker_lost=True)
def ekspor_rad_export_task(self, ekspor_id: int) -> str:
    """Build one queued RAD export; a repeated message builds it once."""
    from .services import ekspor_rad_export

    ulang = bool((self.request.delivery_info or {}).get("redelivered"))
    return ekspor_rad_export(ekspor_id=ekspor_id, ulang=ulang)


@shared_task(name="rad_kla.ekspor_rad_delete")
def ekspor_rad_delete_task(jam: int = EKSPOR_SIMPAN_JAM) -> int:
    """Remove exports older than `jam` hours with their files; safe to run again."""
    from .services import ekspor_rad_delete

    return ekspor_rad_delete(lebih_lama_dari=datetime.timedelta(hours=jam))


@shared_task(name="rad_kla.periode_batas_notify")
def periode_batas_notify_task(tanggal: str | None = None) -> int:
    """Today's reminders of the reporting deadlines; safe to run again (each reminder goes once)."""
    from .services import periode_batas_notify

    return periode_batas_notify(tanggal=datetime.date.fromisoformat(tanggal) if tanggal else None)
