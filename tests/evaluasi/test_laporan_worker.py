"""Report jobs through a real Celery worker on the real Redis broker."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from evaluasi import services
from evaluasi.models import LaporanJob
from evaluasi.tasks import laporan_render_task
from gugus_tugas.models import Peran
from gugus_tugas.services import roles_setup
from kla_metro.celery import app
from klaster.services import kerangka_seed
from tests.gugus_tugas.factories import UserFactory


def wait_for(job: LaporanJob, timeout: float = 90) -> LaporanJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.aktif:
            return job
        time.sleep(0.2)
    raise AssertionError(f"laporan {job.pk} masih {job.status} setelah {timeout} detik")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_requested_report_is_rendered_by_the_worker_and_a_failure_is_reported():
    # Transactional tests flush the database: the framework reference data comes back here.
    kerangka_seed()
    roles_setup()
    admin = UserFactory(username="admin.pekerja", peran=Peran.ADMIN_SEKRETARIAT)
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        job, created = services.laporan_request(jenis="rad", parameter={"tahun": 2025}, by=admin)
        same, created_again = services.laporan_request(jenis="rad", parameter={"tahun": 2025}, by=admin)
        assert created and not created_again and same.pk == job.pk
        job = wait_for(job)
        assert job.status == LaporanJob.Status.SELESAI, job.pesan_galat
        assert job.berkas.read(5) == b"%PDF-"
        assert job.percobaan == 1

        broken = LaporanJob.objects.create(
            jenis="notulen", parameter={"rapat": 424242}, kunci="notulen:uji", diminta_oleh=admin
        )
        laporan_render_task.delay(broken.pk)
        broken = wait_for(broken)
        assert broken.status == LaporanJob.Status.GAGAL
        assert "Rapat tidak ditemukan" in broken.pesan_galat

        # A message delivered twice renders nothing twice: the finished job is left alone.
        assert laporan_render_task.delay(job.pk).get(timeout=30) == LaporanJob.Status.SELESAI
    job.refresh_from_db()
    assert job.percobaan == 1
