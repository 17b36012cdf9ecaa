"""Background jobs of the evaluation: rendering requested reports, the monthly RAD report, requeueing, expiry.

Each task imports the services inside its body: the services import this module to enqueue.
"""

import logging
import random

from celery import shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError, connection

logger = logging.getLogger(__name__)


# Retries of a transient failure: 5 s, 10 s, 20 s … at most 5 minutes apart, for about an hour.
COBA_LAGI_MAKS = 20


def _jeda(retries: int) -> float:
    return min(300, 5 * 2**retries) * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not a secret


@shared_task(bind=True, name="evaluasi.laporan_render", acks_late=True, reject_on_worker_lost=True)
def laporan_render_task(self, job_id: int, ambil_alih: int | None = None) -> str:
    """Render one report job; running it twice renders once (the job's status decides)."""
    from . import services

    ulang = bool((self.request.delivery_info or {}).get("redelivered"))
    try:
        return services.laporan_render(
            job_id=job_id, pekerja=self.request.hostname or "", ulang=ulang, ambil_alih=ambil_alih
        )
    except services.LaporanGagalSementara as error:
        if self.request.retries >= COBA_LAGI_MAKS:
            raise
        raise self.retry(
            exc=error, kwargs={"job_id": job_id, "ambil_alih": error.percobaan}, countdown=_jeda(self.request.retries)
        ) from error


@worker_ready.connect
def laporan_pekerja_siap(sender=None, **kwargs) -> None:
    """A worker restarted after being killed re-queues the reports it was rendering.

    When the database is not answering yet, the same work is sent as a task that retries until it does.
    """
    from .services import laporan_pekerja_start

    pekerja = getattr(sender, "hostname", "") or ""
    try:
        laporan_pekerja_start(pekerja=pekerja)
    except (OperationalError, InterfaceError) as error:
        logger.warning("Antre ulang saat mulai ditunda, basis data belum tersedia: %s", error)
        laporan_pekerja_start_task.apply_async(kwargs={"pekerja": pekerja}, countdown=5)


@shared_task(
    name="evaluasi.laporan_pekerja_mulai",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=None,
)
def laporan_pekerja_start_task(pekerja: str) -> list[int]:
    """The start-up requeue of a worker, run again once the database answers."""
    from .services import laporan_pekerja_start

    if not connection.in_atomic_block:
        connection.close_if_unusable_or_obsolete()
    return laporan_pekerja_start(pekerja=pekerja)


@shared_task(name="evaluasi.laporan_antre_ulang")
def laporan_requeue_task() -> list[int]:
    """Re-queue jobs left behind by a worker that died mid-render."""
    from .services import laporan_requeue

    return laporan_requeue()


@shared_task(name="evaluasi.laporan_rad_bulanan")
def laporan_rad_bulanan_task() -> int:
    """Queue this month's RAD progress report; earlier months' files stay as history."""
    from .services import laporan_rad_bulanan

    return laporan_rad_bulanan().pk


@shared_task(name="evaluasi.laporan_kedaluwarsa_delete")
def laporan_kedaluwarsa_delete_task() -> list[int]:
    """Delete report files older than LAPORAN_SIMPAN_HARI days and mark their jobs expired."""
    from .services import laporan_kedaluwarsa_delete

    return laporan_kedaluwarsa_delete()
