"""Report jobs under faults: a full disk, a database connection killed inside the task, a lost queue message.

Each fault ends the attempt at once: the job fails with the reason in words, or the task retries and
renders it, never twice, instead of waiting for the 30-minute stuck-job limit.
"""

import datetime
import functools
import os

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from evaluasi import services, tasks
from evaluasi.models import LaporanJob
from kla_metro.celery import app
from tests.disk import disk_full_from
from tests.evaluasi.factories import LaporanJobFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def eager():
    """Tasks run in this process, retries included, so the test sees the whole sequence."""
    propagates = app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    # A propagated Retry would end the eager run; returned, it makes apply() run the retry.
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    app.conf.task_eager_propagates = propagates


def kill_own_connection():
    """What a PostgreSQL restart does to this process: its server-side backend is terminated."""
    pid = connection.connection.info.backend_pid
    db = settings.DATABASES["default"]
    other = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"], password=db["PASSWORD"]
    )
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()


def files(media) -> list:
    root = media / "private"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def render_counting(calls, *, job):
    calls.append(job.pk)
    return b"%PDF-1.4 uji", "uji.pdf"


@pytest.mark.django_db
def test_a_full_disk_at_the_final_save_fails_the_job_at_once_in_words(admin_user, media, monkeypatch):
    job = LaporanJobFactory(jenis="kasus", parameter={"tahun": 2025}, diminta_oleh=admin_user)
    disk_full_from(monkeypatch)
    assert services.laporan_render(job_id=job.pk, render=functools.partial(render_counting, [])) == "gagal"
    job.refresh_from_db()
    assert job.status == "gagal" and "Penyimpanan server penuh" in job.pesan_galat
    assert files(media) == []


@pytest.mark.django_db(transaction=True)
def test_a_job_taken_while_the_database_is_away_is_retried_and_rendered(admin_user, eager, monkeypatch):
    job = LaporanJobFactory(jenis="kasus", parameter={"tahun": 2025}, diminta_oleh=admin_user)
    calls = []
    monkeypatch.setattr(
        services,
        "laporan_render",
        functools.partial(services.laporan_render, render=functools.partial(render_counting, calls)),
    )
    kill_own_connection()
    result = tasks.laporan_render_task.apply(args=(job.pk,), throw=False)
    assert result.get() == "selesai"
    job.refresh_from_db()
    assert job.status == "selesai" and job.percobaan == 1
    assert calls == [job.pk]


@pytest.mark.django_db(transaction=True)
def test_a_connection_killed_at_the_final_save_is_retried_by_the_same_attempt_and_rendered_once_more(
    admin_user, eager, monkeypatch, media
):
    job = LaporanJobFactory(jenis="kasus", parameter={"tahun": 2025}, diminta_oleh=admin_user)
    calls = []

    def render_then_cut(*, job):
        calls.append(job.pk)
        if len(calls) == 1:
            kill_own_connection()
        return b"%PDF-1.4 uji", "uji.pdf"

    monkeypatch.setattr(services, "laporan_render", functools.partial(services.laporan_render, render=render_then_cut))
    assert tasks.laporan_render_task.apply(args=(job.pk,), throw=False).get() == "selesai"
    job.refresh_from_db()
    assert job.status == "selesai" and job.percobaan == 2 and len(calls) == 2
    assert [p.name for p in files(media)] == [os.path.basename(job.berkas.name)]


@pytest.mark.django_db
def test_another_message_for_a_job_held_by_an_attempt_does_not_render_it(admin_user):
    job = LaporanJobFactory(
        jenis="kasus", parameter={"tahun": 2025}, status="diproses", percobaan=1, pekerja="w1", diminta_oleh=admin_user
    )
    calls = []
    render = functools.partial(render_counting, calls)
    assert services.laporan_render(job_id=job.pk, render=render, pekerja="w2", ambil_alih=1) == "diproses"
    assert services.laporan_render(job_id=job.pk, render=render, pekerja="w1", ambil_alih=0) == "diproses"
    assert calls == []
    assert services.laporan_render(job_id=job.pk, render=render, pekerja="w1", ambil_alih=1) == "selesai"
    assert calls == [job.pk]


@pytest.mark.django_db
def test_a_queued_job_whose_message_was_lost_is_sent_again_within_minutes(
    admin_user, django_capture_on_commit_callbacks
):
    now = timezone.now()
    lost = LaporanJobFactory(status="antri", diminta_oleh=admin_user)
    LaporanJob.objects.filter(pk=lost.pk).update(dikirim_pada=now - datetime.timedelta(minutes=4))
    recent = LaporanJobFactory(status="antri", jenis="rad", parameter={"tahun": 2025}, diminta_oleh=admin_user)
    LaporanJob.objects.filter(pk=recent.pk).update(dikirim_pada=now - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.laporan_requeue(sekarang=now) == [lost.pk]
    assert len(callbacks) == 1
    beat = settings.CELERY_BEAT_SCHEDULE["laporan-antre-ulang"]["schedule"]
    assert beat.minute == set(range(0, 60, 2))


@pytest.mark.django_db
def test_a_job_sent_twice_is_rendered_once(admin_user):
    job = LaporanJobFactory(jenis="kasus", parameter={"tahun": 2025}, diminta_oleh=admin_user)
    calls = []
    render = functools.partial(render_counting, calls)
    assert services.laporan_render(job_id=job.pk, render=render) == "selesai"
    assert services.laporan_render(job_id=job.pk, render=render) == "selesai"
    assert calls == [job.pk]


@pytest.mark.django_db(transaction=True)
def test_the_start_up_requeue_runs_again_once_the_database_answers(admin_user, eager):
    stuck = LaporanJobFactory(
        jenis="kasus",
        parameter={"tahun": 2025},
        status="diproses",
        percobaan=1,
        pekerja="celery@mati",
        mulai_pada=timezone.now(),
        diminta_oleh=admin_user,
    )

    class Worker:
        hostname = "celery@mati"

    kill_own_connection()
    tasks.laporan_pekerja_siap(sender=Worker())
    stuck.refresh_from_db()
    # Put back in the queue by the retried start-up requeue, then rendered by its message.
    assert stuck.status == "selesai" and stuck.percobaan == 2
