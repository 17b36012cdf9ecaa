"""Report jobs: a second requester follows the first one's job, pending requests are limited, files expire."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from evaluasi import services
from evaluasi.models import LaporanJob
from evaluasi.tasks import laporan_kedaluwarsa_delete_task
from tests.evaluasi.factories import LaporanJobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def selesai(job: LaporanJob, *, hari_lalu: int = 0) -> LaporanJob:
    job.berkas.save("laporan.pdf", ContentFile(b"%PDF-1.4 uji"), save=False)
    job.status = LaporanJob.Status.SELESAI
    job.nama_berkas = "laporan.pdf"
    job.selesai_pada = timezone.now() - datetime.timedelta(days=hari_lalu)
    job.save()
    return job


# Following an existing request ---------------------------------------------------------------


def test_a_second_requester_sees_the_job_they_follow_and_downloads_it(client, admin_user, pimpinan):
    client.force_login(admin_user)
    client.post("/laporan/", {"jenis": "evaluasi", "tahun": "2025"})
    client.force_login(pimpinan)
    response = client.post("/laporan/", {"jenis": "evaluasi", "tahun": "2025"}, follow=True)
    job = LaporanJob.objects.get()
    assert "mengikuti permintaan yang sudah ada" in response.content.decode()
    assert f'data-testid="status-{job.pk}"' in response.content.decode()
    assert client.get(f"/laporan/{job.pk}/status/").status_code == 200
    selesai(job)
    download = client.get(f"/laporan/{job.pk}/unduh/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_following_adds_the_follower_once_and_not_the_requester(admin_user, pimpinan):
    job, _ = services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=admin_user)
    services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=admin_user)
    services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=pimpinan)
    services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=pimpinan)
    assert list(job.pengikut.all()) == [pimpinan]


def test_a_user_who_neither_requested_nor_followed_a_job_still_gets_404(client, admin_user, pimpinan):
    job = selesai(LaporanJobFactory(diminta_oleh=admin_user))
    client.force_login(pimpinan)
    assert f'data-testid="status-{job.pk}"' not in client.get("/laporan/").content.decode()
    assert client.get(f"/laporan/{job.pk}/unduh/").status_code == 404


def test_the_list_lists_a_followed_job_once_whatever_the_number_of_followers(client, admin_user, pimpinan):
    from gugus_tugas.models import Peran
    from tests.gugus_tugas.factories import UserFactory

    job = LaporanJobFactory(diminta_oleh=None, jenis="rad")
    job.pengikut.add(pimpinan, UserFactory(peran=Peran.PIMPINAN), UserFactory(peran=Peran.PIMPINAN))
    client.force_login(pimpinan)
    assert client.get("/laporan/").content.decode().count(f'data-testid="status-{job.pk}"') == 1


# The limit of pending requests ---------------------------------------------------------------


def test_one_user_may_not_queue_more_than_the_limit_of_distinct_reports(settings, admin_user):
    settings.LAPORAN_MAKS_ANTREAN_PER_PENGGUNA = 3
    for tahun in (2021, 2022, 2023):
        services.laporan_request(jenis="evaluasi", parameter={"tahun": tahun}, by=admin_user)
    with pytest.raises(ValidationError, match="3 permintaan laporan yang belum selesai"):
        services.laporan_request(jenis="evaluasi", parameter={"tahun": 2024}, by=admin_user)
    assert LaporanJob.objects.count() == 3


def test_following_an_existing_request_and_finished_jobs_do_not_count(settings, admin_user, pimpinan):
    settings.LAPORAN_MAKS_ANTREAN_PER_PENGGUNA = 1
    services.laporan_request(jenis="evaluasi", parameter={"tahun": 2021}, by=admin_user)
    # pimpinan's one slot is free: following admin's job costs nothing.
    services.laporan_request(jenis="evaluasi", parameter={"tahun": 2021}, by=pimpinan)
    _job, created = services.laporan_request(jenis="evaluasi", parameter={"tahun": 2022}, by=pimpinan)
    assert created
    selesai(LaporanJob.objects.get(parameter={"tahun": 2021}))
    _job, created = services.laporan_request(jenis="evaluasi", parameter={"tahun": 2023}, by=admin_user)
    assert created


def test_the_scheduler_is_not_limited(settings):
    settings.LAPORAN_MAKS_ANTREAN_PER_PENGGUNA = 1
    services.laporan_rad_bulanan(tanggal=datetime.date(2026, 10, 1))
    services.laporan_rad_bulanan(tanggal=datetime.date(2026, 11, 1))
    assert LaporanJob.objects.count() == 2


def test_the_page_refuses_one_request_too_many_with_a_clear_message(client, settings, admin_user):
    settings.LAPORAN_MAKS_ANTREAN_PER_PENGGUNA = 1
    client.force_login(admin_user)
    client.post("/laporan/", {"jenis": "evaluasi", "tahun": "2024"})
    response = client.post("/laporan/", {"jenis": "evaluasi", "tahun": "2025"})
    assert response.status_code == 200
    assert "Tunggu hingga salah satunya selesai" in response.content.decode()
    assert LaporanJob.objects.count() == 1


def test_the_default_limit_is_five():
    assert django_settings.LAPORAN_MAKS_ANTREAN_PER_PENGGUNA == 5


# Expiry ----------------------------------------------------------------------------------------


def test_files_older_than_the_kept_days_are_deleted_and_their_jobs_expired(
    settings, admin_user, django_capture_on_commit_callbacks
):
    settings.LAPORAN_SIMPAN_HARI = 30
    lama = selesai(LaporanJobFactory(diminta_oleh=admin_user), hari_lalu=31)
    baru = selesai(LaporanJobFactory(diminta_oleh=admin_user, jenis="rad"), hari_lalu=29)
    storage, name = lama.berkas.storage, lama.berkas.name
    with django_capture_on_commit_callbacks(execute=True):
        assert laporan_kedaluwarsa_delete_task() == [lama.pk]
    lama.refresh_from_db()
    baru.refresh_from_db()
    assert lama.status == "kedaluwarsa" and not lama.berkas and "minta laporan ini lagi" in lama.pesan_galat
    assert not storage.exists(name)
    assert baru.status == "selesai" and baru.berkas.storage.exists(baru.berkas.name)


def test_the_kept_days_are_a_setting(settings, admin_user):
    settings.LAPORAN_SIMPAN_HARI = 7
    job = selesai(LaporanJobFactory(diminta_oleh=admin_user), hari_lalu=8)
    assert services.laporan_kedaluwarsa_delete() == [job.pk]


def test_the_scheduled_monthly_reports_are_kept_as_history(settings):
    settings.LAPORAN_SIMPAN_HARI = 30
    bulanan = selesai(LaporanJobFactory(diminta_oleh=None, jenis="rad"), hari_lalu=400)
    assert services.laporan_kedaluwarsa_delete() == []
    bulanan.refresh_from_db()
    assert bulanan.status == "selesai"


def test_an_expired_job_is_not_downloadable_and_says_why(client, admin_user):
    job = selesai(LaporanJobFactory(diminta_oleh=admin_user), hari_lalu=400)
    services.laporan_kedaluwarsa_delete()
    client.force_login(admin_user)
    assert client.get(f"/laporan/{job.pk}/unduh/").status_code == 404
    html = client.get(f"/laporan/{job.pk}/status/").content.decode()
    assert "Kedaluwarsa" in html and "hx-get" not in html


def test_an_expired_job_does_not_block_the_same_request_again(admin_user):
    job = selesai(LaporanJobFactory(diminta_oleh=admin_user), hari_lalu=400)
    services.laporan_kedaluwarsa_delete()
    again, created = services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=admin_user)
    assert created and again.pk != job.pk


def test_the_beat_schedule_runs_the_expiry_daily():
    entries = [
        e for e in django_settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "evaluasi.laporan_kedaluwarsa_delete"
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"].hour == {3} and entries[0]["schedule"].minute == {0}
