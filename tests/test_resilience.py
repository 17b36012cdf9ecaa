"""When Redis is away, asking for a report never fails: the request is kept and rendered once Redis is back."""

import contextlib
import socket
import time

import pytest
from celery.contrib.testing.worker import start_worker

from evaluasi.models import LaporanJob
from evaluasi.services import laporan_requeue
from gugus_tugas.models import Peran
from gugus_tugas.services import roles_setup
from kla_metro.celery import app
from klaster.services import kerangka_seed
from tests.gugus_tugas.factories import UserFactory


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def redis_unreachable():
    """Point the Celery app (broker and result store) at a port nobody listens on, as if Redis were stopped."""
    dead = f"redis://127.0.0.1:{unused_port()}/0"
    saved = app.conf.broker_url, app.conf.result_backend, app._pool, app.amqp._producer_pool, app.backend
    app.conf.broker_url = app.conf.result_backend = dead
    app._pool = app.amqp._producer_pool = app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.result_backend, app._pool, app.amqp._producer_pool, backend = saved
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)
        app._backend = backend


def wait_for(job: LaporanJob, timeout: float = 90) -> LaporanJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.aktif:
            return job
        time.sleep(0.2)
    raise AssertionError(f"laporan {job.pk} masih {job.status} setelah {timeout} detik")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_requested_while_redis_is_down_is_kept_and_rendered_when_it_returns(client):
    # Transactional tests flush the database: the framework reference data comes back here.
    kerangka_seed()
    roles_setup()
    admin = UserFactory(username="admin.redis", peran=Peran.ADMIN_SEKRETARIAT)
    client.force_login(admin)
    with redis_unreachable():
        response = client.post("/laporan/", {"jenis": "rad", "tahun": "2025"}, follow=True)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Permintaan laporan diterima" in html
        job = LaporanJob.objects.get()
        assert job.status == LaporanJob.Status.ANTRI
        assert "antrean sedang tidak tersedia" in job.pesan_galat.lower()
        assert "antrean sedang tidak tersedia" in client.get("/laporan/").content.decode().lower()

    # Redis is back: the periodic requeue sends the kept request and a worker renders it.
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        # Its next run sends it at once: the request never reached the queue, whatever its age.
        assert laporan_requeue() == [job.pk]
        job = wait_for(job)
    assert job.status == LaporanJob.Status.SELESAI, job.pesan_galat
    assert job.berkas.read(5) == b"%PDF-"
