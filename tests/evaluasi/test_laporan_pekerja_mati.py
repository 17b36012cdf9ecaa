"""A worker process killed with SIGKILL in the middle of a render: the job completes once a worker starts again."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from evaluasi import services
from evaluasi.models import LaporanJob
from gugus_tugas.models import Peran
from gugus_tugas.services import roles_setup
from klaster.services import kerangka_seed
from tests.gugus_tugas.factories import UserFactory

PEKERJA = Path(__file__).with_name("pekerja_lambat.py")
NODE = "laporan-uji@localhost"


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as output:
        return subprocess.Popen([sys.executable, str(PEKERJA), NODE], env=env, stdout=output, stderr=subprocess.STDOUT)


def _wait(condition, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} tidak terjadi dalam {timeout} detik:\n{log.read_text()[-3000:]}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_render_leaves_a_job_that_completes_after_restart(settings, tmp_path):
    kerangka_seed()
    roles_setup()
    media = tmp_path / "media"
    admin = UserFactory(username="admin.pekerja.mati", peran=Peran.ADMIN_SEKRETARIAT)
    jeda = tmp_path / "jeda"
    jeda.touch()
    log = tmp_path / "pekerja.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kla_metro.settings_test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(media),
        "JEDA_RENDER": str(jeda),
    }
    job, _created = services.laporan_minta(jenis="rad", parameter={"tahun": 2025}, by=admin)

    worker = _start_worker(env, log)
    try:

        def rendering() -> bool:
            job.refresh_from_db()
            return job.status == LaporanJob.Status.DIPROSES and not jeda.exists()

        _wait(rendering, 45, "mulai membuat laporan", log)
        assert job.pekerja == NODE
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    job.refresh_from_db()
    assert job.status == LaporanJob.Status.DIPROSES and job.percobaan == 1

    worker = _start_worker(env, log)
    try:

        def finished() -> bool:
            job.refresh_from_db()
            return not job.aktif

        _wait(finished, 60, "laporan selesai", log)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    assert job.status == LaporanJob.Status.SELESAI, job.pesan_galat
    assert job.percobaan == 2
    # Written by the worker process into its own media folder.
    assert (media / "private" / job.berkas.name).read_bytes()[:5] == b"%PDF-"
