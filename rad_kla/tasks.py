"""Background jobs of the RAD KLA: removing import sheets whose preview was never confirmed."""

import datetime

from celery import shared_task

from .services import impor_tertunda_hapus

# Well past the session's idle timeout, after which a preview can no longer be confirmed.
IMPOR_TERTUNDA_JAM = 24


@shared_task(name="rad_kla.impor_tertunda_hapus")
def impor_tertunda_hapus_task(jam: int = IMPOR_TERTUNDA_JAM) -> int:
    """Delete abandoned import sheets older than `jam` hours; safe to run again."""
    return impor_tertunda_hapus(lebih_lama_dari=datetime.timedelta(hours=jam))
