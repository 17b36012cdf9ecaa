"""A worker killed with SIGKILL in the middle of a render: the job is rendered again, not left stuck.

Two ways a render dies: the whole worker (solo pool, or the machine) goes, and the job completes once
a worker with the same node name starts again; or only the pool process rendering it goes (the
kernel's out-of-memory killer), and the surviving worker hands the message back to be rendered again.
"""

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


def _start_worker(env: dict, log: Path, pool: str = "solo") -> subprocess.Popen:
    command = [sys.executable, str(PEKERJA), NODE, pool]
    with open(log, "ab") as output:
        return subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _wait(condition, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} tidak terjadi dalam {timeout} detik:\n{log.read_text()[-3000:]}")


@pytest.fixture
def setup(settings, tmp_path):
    """The framework, an admin, the pause marker, and the environment of a worker on this test's database."""
    # Transactional tests flush the database: the framework reference data comes back here.
    kerangka_seed()
    roles_setup()
    media = tmp_path / "media"
    jeda = tmp_path / "jeda"
    jeda.touch()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kla_metro.settings_test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(media),
        "JEDA_RENDER": str(jeda),
    }
    admin = UserFactory(username="admin.pekerja.mati", peran=Peran.ADMIN_SEKRETARIAT)
    return {"admin": admin, "media": media, "jeda": jeda, "env": env, "log": tmp_path / "pekerja.log"}


def _rendering(job: LaporanJob, jeda: Path):
    def check() -> bool:
        job.refresh_from_db()
        return job.status == LaporanJob.Status.DIPROSES and not jeda.exists()

    return check


def _finished(job: LaporanJob):
    def check() -> bool:
        job.refresh_from_db()
        return not job.aktif

    return check


def _assert_rendered_twice(job: LaporanJob, media: Path) -> None:
    assert job.status == LaporanJob.Status.SELESAI, job.pesan_galat
    assert job.percobaan == 2
    # Written by the worker process into its own media folder.
    assert (media / "private" / job.berkas.name).read_bytes()[:5] == b"%PDF-"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_render_leaves_a_job_that_completes_after_restart(setup):
    env, log = setup["env"], setup["log"]
    job, _created = services.laporan_request(jenis="rad", parameter={"tahun": 2025}, by=setup["admin"])
    worker = _start_worker(env, log)
    try:
        _wait(_rendering(job, setup["jeda"]), 45, "mulai membuat laporan", log)
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
        _wait(_finished(job), 60, "laporan selesai", log)
    finally:
        _stop(worker)
    _assert_rendered_twice(job, setup["media"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_pool_process_killed_mid_render_has_its_job_rendered_again_by_the_same_worker(setup):
    env, log = setup["env"], setup["log"]
    job, _created = services.laporan_request(jenis="rad", parameter={"tahun": 2025}, by=setup["admin"])
    worker = _start_worker(env, log, pool="prefork")
    try:
        _wait(_rendering(job, setup["jeda"]), 45, "mulai membuat laporan", log)
        for child in _children(worker.pid):
            os.kill(child, signal.SIGKILL)
        _wait(_finished(job), 60, "laporan selesai", log)
        assert worker.poll() is None
    finally:
        _stop(worker)
    _assert_rendered_twice(job, setup["media"])
