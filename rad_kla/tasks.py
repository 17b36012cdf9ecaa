"""Background jobs of the RAD KLA: checking and saving uploaded import sheets, removing abandoned ones."""

import datetime

from celery import shared_task

from .impor import impor_rad_import
from .services import impor_tertunda_hapus

# A checked sheet not confirmed within this many hours is removed; confirming it then asks for a new upload.
IMPOR_TERTUNDA_JAM = 24


@shared_task(name="rad_kla.impor_tertunda_hapus")
def impor_tertunda_hapus_task(jam: int = IMPOR_TERTUNDA_JAM) -> int:
    """Delete abandoned import sheets older than `jam` hours; safe to run again."""
    return impor_tertunda_hapus(lebih_lama_dari=datetime.timedelta(hours=jam))


@shared_task(name="rad_kla.impor_rad_import", acks_late=True)
def impor_rad_import_task(impor_id: int) -> str:
    """Check or save one uploaded RAD sheet; a repeated message runs the step once."""
    return impor_rad_import(impor_id=impor_id)
