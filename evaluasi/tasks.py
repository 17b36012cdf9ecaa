"""Background jobs of the evaluation: rendering requested reports, the monthly RAD report, requeueing, expiry."""

from celery import shared_task
from celery.signals import worker_ready

from .services import (
    LaporanGagalSementara,
    laporan_antre_ulang,
    laporan_kedaluwarsa_delete,
    laporan_pekerja_mulai,
    laporan_proses,
    laporan_rad_bulanan,
)


@shared_task(
    bind=True,
    name="evaluasi.laporan_render",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(LaporanGagalSementara,),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def laporan_render(self, job_id: int) -> str:
    """Render one report job; running it twice renders once (the job's status decides)."""
    ulang = bool((self.request.delivery_info or {}).get("redelivered"))
    return laporan_proses(job_id=job_id, pekerja=self.request.hostname or "", ulang=ulang)


@worker_ready.connect
def laporan_pekerja_siap(sender=None, **kwargs) -> None:
    """A worker restarted after being killed re-queues the reports it was rendering."""
    laporan_pekerja_mulai(pekerja=getattr(sender, "hostname", "") or "")


@shared_task(name="evaluasi.laporan_antre_ulang")
def laporan_antre_ulang_task() -> list[int]:
    """Re-queue jobs left behind by a worker that died mid-render."""
    return laporan_antre_ulang()


@shared_task(name="evaluasi.laporan_rad_bulanan")
def laporan_rad_bulanan_task() -> int:
    """Queue this month's RAD progress report; earlier months' files stay as history."""
    return laporan_rad_bulanan().pk


@shared_task(name="evaluasi.laporan_kedaluwarsa_delete")
def laporan_kedaluwarsa_delete_task() -> list[int]:
    """Delete report files older than LAPORAN_SIMPAN_HARI days and mark their jobs expired."""
    return laporan_kedaluwarsa_delete()
