"""Report jobs: one render per identical request, failure messages, requeue of stale jobs, who may download what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluasi import services
from evaluasi.models import LaporanJob
from evaluasi.rules import bab_tertutup_list
from gugus_tugas.models import Peran
from tests.evaluasi.factories import LaporanJobFactory

pytestmark = pytest.mark.django_db

JENIS = ["evaluasi", "rad", "kasus", "notulen", "paket_bukti"]
# kind -> roles that may request and download it
BOLEH = {
    "evaluasi": {Peran.ADMIN_SEKRETARIAT, Peran.PIMPINAN, Peran.KOORDINATOR_KLASTER},
    "rad": {Peran.ADMIN_SEKRETARIAT, Peran.PIMPINAN, Peran.KOORDINATOR_KLASTER, Peran.OPERATOR_OPD},
    "kasus": {Peran.ADMIN_SEKRETARIAT, Peran.PIMPINAN, Peran.PETUGAS_KASUS},
    "notulen": {Peran.ADMIN_SEKRETARIAT, Peran.PIMPINAN, Peran.KOORDINATOR_KLASTER, Peran.OPERATOR_OPD},
    "paket_bukti": {Peran.ADMIN_SEKRETARIAT, Peran.PIMPINAN},
}


# These tests run inside a transaction that never commits, so no job reaches the broker
# (enqueueing happens on commit); test_laporan_worker.py sends jobs to a real worker.


@pytest.mark.parametrize("jenis", JENIS)
def test_each_kind_is_allowed_or_refused_per_role(users_by_role, jenis):
    for peran, user in users_by_role.items():
        assert user.has_perm("evaluasi.minta_laporan", jenis) == (peran in BOLEH[jenis]), (jenis, peran)
        # The job as it would be rendered for this user: without the chapters they may not read.
        job = LaporanJob(jenis=jenis, bab_tertutup=bab_tertutup_list(user=user, jenis=jenis))
        assert user.has_perm("evaluasi.unduh_laporan", job) == (peran in BOLEH[jenis]), (jenis, peran)


def test_coordinator_of_cluster_v_may_request_the_case_report(koordinator_klaster5, koordinator_klaster3):
    assert koordinator_klaster5.has_perm("evaluasi.minta_laporan", "kasus")
    assert not koordinator_klaster3.has_perm("evaluasi.minta_laporan", "kasus")


def test_the_same_request_while_queued_returns_the_existing_job(admin_user):
    first, created = services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=admin_user)
    second, created_again = services.laporan_request(jenis="evaluasi", parameter={"tahun": "2025"}, by=admin_user)
    assert created and not created_again and first.pk == second.pk
    assert LaporanJob.objects.count() == 1


def test_a_different_parameter_is_a_different_job(admin_user):
    services.laporan_request(jenis="rad", parameter={"tahun": 2025}, by=admin_user)
    services.laporan_request(jenis="rad", parameter={"tahun": 2025, "klaster": 4}, by=admin_user)
    assert LaporanJob.objects.count() == 2


def test_a_finished_job_does_not_block_a_new_request(admin_user):
    LaporanJobFactory(status=LaporanJob.Status.SELESAI)
    _job, created = services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=admin_user)
    assert created


def test_the_database_refuses_a_second_active_identical_job():
    from django.db import IntegrityError, transaction

    LaporanJobFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        LaporanJobFactory()


def test_a_refused_kind_cannot_be_requested(koordinator_klaster3):
    with pytest.raises(PermissionDenied):
        services.laporan_request(jenis="kasus", parameter={"tahun": 2025}, by=koordinator_klaster3)


def test_a_bad_year_is_refused_in_indonesian(admin_user):
    with pytest.raises(ValidationError, match="Tahun laporan harus antara"):
        services.laporan_request(jenis="evaluasi", parameter={"tahun": 1800}, by=admin_user)


def test_processing_twice_renders_once(admin_user):
    job = LaporanJobFactory(jenis="kasus", parameter={"tahun": 2025}, diminta_oleh=admin_user)
    assert services.laporan_render(job_id=job.pk) == "selesai"
    job.refresh_from_db()
    first_file = job.berkas.name
    assert job.berkas.read(5) == b"%PDF-" and job.percobaan == 1 and job.selesai_pada
    assert services.laporan_render(job_id=job.pk) == "selesai"
    job.refresh_from_db()
    assert job.berkas.name == first_file and job.percobaan == 1


def test_an_error_fails_the_job_with_a_readable_message(admin_user):
    job = LaporanJobFactory(jenis="notulen", parameter={"rapat": 987654}, diminta_oleh=admin_user)
    assert services.laporan_render(job_id=job.pk) == "gagal"
    job.refresh_from_db()
    assert job.status == "gagal" and "Rapat tidak ditemukan" in job.pesan_galat


def test_a_transient_error_requeues_then_fails_after_the_last_attempt(admin_user):
    job = LaporanJobFactory(jenis="kasus", parameter={"tahun": 2025}, diminta_oleh=admin_user)

    def database_gone(*, job):
        raise OperationalError("server closed the connection unexpectedly")

    for _attempt in range(services.MAKS_PERCOBAAN - 1):
        with pytest.raises(services.LaporanGagalSementara):
            services.laporan_render(job_id=job.pk, render=database_gone)
        job.refresh_from_db()
        assert job.status == "antri"
    assert services.laporan_render(job_id=job.pk, render=database_gone) == "gagal"
    job.refresh_from_db()
    assert "3 kali percobaan" in job.pesan_galat


def test_an_unexpected_error_fails_with_a_message_not_a_traceback(admin_user):
    job = LaporanJobFactory(jenis="kasus", parameter={"tahun": 2025}, diminta_oleh=admin_user)

    def broken(*, job):
        raise KeyError("tahun")

    assert services.laporan_render(job_id=job.pk, render=broken) == "gagal"
    job.refresh_from_db()
    assert "kesalahan sistem" in job.pesan_galat and "Traceback" not in job.pesan_galat


def test_a_job_stuck_in_processing_is_requeued(admin_user, django_capture_on_commit_callbacks):
    lama = timezone.now() - datetime.timedelta(hours=2)
    stuck = LaporanJobFactory(status="diproses", mulai_pada=lama, percobaan=1, diminta_oleh=admin_user)
    fresh = LaporanJobFactory(
        status="diproses", mulai_pada=timezone.now(), percobaan=1, jenis="rad", parameter={"tahun": 2025}
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ids = services.laporan_requeue()
    assert ids == [stuck.pk]
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == "antri" and "dijadwalkan ulang" in stuck.pesan_galat
    assert fresh.status == "diproses"
    assert len(callbacks) == 1


def test_a_job_that_never_reached_the_queue_is_sent_at_the_next_run_however_recent(
    admin_user, django_capture_on_commit_callbacks
):
    gagal = LaporanJobFactory(status="antri", antrean_gagal=True, diminta_oleh=admin_user)
    baru = LaporanJobFactory(status="antri", jenis="rad", parameter={"tahun": 2025}, diminta_oleh=admin_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.laporan_requeue() == [gagal.pk]
    assert len(callbacks) == 1
    assert baru.pk not in services.laporan_requeue()


def test_a_requeued_job_is_rendered_by_the_next_attempt(admin_user):
    lama = timezone.now() - datetime.timedelta(hours=2)
    job = LaporanJobFactory(
        jenis="kasus",
        parameter={"tahun": 2025},
        status="diproses",
        mulai_pada=lama,
        percobaan=1,
        diminta_oleh=admin_user,
    )
    assert services.laporan_render(job_id=job.pk) == "diproses"
    services.laporan_requeue()
    assert services.laporan_render(job_id=job.pk) == "selesai"
    job.refresh_from_db()
    assert job.percobaan == 2


def test_a_job_that_died_too_often_fails_instead_of_looping(admin_user):
    lama = timezone.now() - datetime.timedelta(hours=2)
    job = LaporanJobFactory(status="diproses", mulai_pada=lama, percobaan=services.MAKS_PERCOBAAN)
    assert services.laporan_requeue() == []
    job.refresh_from_db()
    assert job.status == "gagal" and "terhenti" in job.pesan_galat


def test_a_message_delivered_again_after_its_worker_was_lost_renders_the_job(admin_user):
    job = LaporanJobFactory(
        jenis="kasus", parameter={"tahun": 2025}, status="diproses", mulai_pada=timezone.now(), percobaan=1
    )
    # An ordinary duplicate leaves the running job alone; a redelivery after a lost worker renders it.
    assert services.laporan_render(job_id=job.pk) == "diproses"
    assert services.laporan_render(job_id=job.pk, ulang=True, pekerja="celery@uji") == "selesai"
    job.refresh_from_db()
    assert job.percobaan == 2 and job.pekerja == "celery@uji" and job.berkas.read(5) == b"%PDF-"
    assert services.laporan_render(job_id=job.pk, ulang=True) == "selesai"


def test_a_redelivered_job_that_died_too_often_fails(admin_user):
    job = LaporanJobFactory(status="diproses", mulai_pada=timezone.now(), percobaan=services.MAKS_PERCOBAAN)
    assert services.laporan_render(job_id=job.pk, ulang=True) == "gagal"
    job.refresh_from_db()
    assert "terhenti 3 kali" in job.pesan_galat


def test_a_restarted_worker_requeues_only_what_it_was_rendering(django_capture_on_commit_callbacks):
    own = LaporanJobFactory(status="diproses", mulai_pada=timezone.now(), percobaan=1, pekerja="celery@a")
    other = LaporanJobFactory(
        status="diproses", mulai_pada=timezone.now(), percobaan=1, pekerja="celery@b", jenis="rad"
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.laporan_pekerja_start(pekerja="celery@a") == [own.pk]
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == "antri" and "dijadwalkan ulang" in own.pesan_galat
    assert other.status == "diproses"
    assert len(callbacks) == 1
    assert services.laporan_pekerja_start(pekerja="") == []


def test_the_monthly_rad_report_is_one_job_per_month():
    first = services.laporan_rad_bulanan(tanggal=datetime.date(2026, 11, 1))
    again = services.laporan_rad_bulanan(tanggal=datetime.date(2026, 11, 1))
    december = services.laporan_rad_bulanan(tanggal=datetime.date(2026, 12, 1))
    assert first.pk == again.pk and december.pk != first.pk
    assert first.diminta_oleh is None and first.parameter == {"tahun": 2026, "bulan": "2026-11"}


def test_the_beat_schedule_has_the_monthly_report_and_the_requeue():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"evaluasi.laporan_rad_bulanan", "evaluasi.laporan_antre_ulang"} <= tasks


# Pages ----------------------------------------------------------------------------------------


def test_requesting_on_the_page_queues_and_lists_the_job(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/laporan/", {"jenis": "evaluasi", "tahun": "2025"}, follow=True)
    html = response.content.decode()
    job = LaporanJob.objects.get()
    assert f'hx-get="/laporan/{job.pk}/status/"' in html and 'hx-trigger="every 2s"' in html


def test_minutes_of_a_meeting_are_requested_on_the_page(client, koordinator_klaster3):
    from tests.gugus_tugas.factories import RapatFactory

    rapat = RapatFactory(judul="Rakor November")
    client.force_login(koordinator_klaster3)
    assert "Rakor November" in client.get("/laporan/").content.decode()
    assert client.post("/laporan/", {"jenis": "notulen", "rapat": rapat.pk}).status_code == 302
    assert LaporanJob.objects.get().parameter == {"rapat": rapat.pk}


def test_an_operator_requests_the_rad_report_of_their_opd_and_sees_only_the_kinds_they_may_read(
    client, operator_dinkes, opd_dinkes
):
    client.force_login(operator_dinkes)
    html = client.get("/laporan/").content.decode()
    assert 'data-testid="form-rad"' in html and 'data-testid="form-notulen"' in html
    assert 'data-testid="form-evaluasi"' not in html and 'data-testid="form-kasus"' not in html
    assert client.post("/laporan/", {"jenis": "rad", "tahun": "2025", "opd": opd_dinkes.pk}).status_code == 302
    assert LaporanJob.objects.get().parameter == {"tahun": 2025, "opd": opd_dinkes.pk}
    assert client.post("/laporan/", {"jenis": "evaluasi", "tahun": "2025"}).status_code == 403


def test_the_rad_report_is_requested_for_one_reporting_period(client, admin_user):
    from tests.rad_kla.factories import PeriodeFactory

    periode = PeriodeFactory(tahun=2025, nomor=3)
    client.force_login(admin_user)
    assert "Triwulan III 2025" in client.get("/laporan/").content.decode()
    response = client.post("/laporan/", {"jenis": "rad", "tahun": "2025", "periode": periode.pk})
    assert response.status_code == 302
    job = LaporanJob.objects.get()
    assert job.parameter == {"tahun": 2025, "periode": periode.pk}
    # Another period of the same year is another report, not the same one followed.
    other = PeriodeFactory(tahun=2025, nomor=4)
    client.post("/laporan/", {"jenis": "rad", "tahun": "2025", "periode": other.pk})
    assert LaporanJob.objects.count() == 2
    html = client.post("/laporan/", {"jenis": "rad", "tahun": "2024", "periode": periode.pk}).content.decode()
    assert "bukan periode tahun 2024" in html


def test_a_case_worker_may_request_only_the_aggregated_case_statistics(client, petugas_kasus):
    client.force_login(petugas_kasus)
    html = client.get("/laporan/").content.decode()
    assert 'data-testid="form-kasus"' in html
    assert 'data-testid="form-rad"' not in html and 'data-testid="form-evaluasi"' not in html
    assert client.post("/laporan/", {"jenis": "rad", "tahun": "2025"}).status_code == 403


def test_a_user_without_a_role_may_not_open_the_reports(client, tanpa_peran):
    client.force_login(tanpa_peran)
    assert client.get("/laporan/").status_code == 403


def test_a_second_request_on_the_page_says_it_follows_the_existing_one(client, admin_user):
    client.force_login(admin_user)
    client.post("/laporan/", {"jenis": "evaluasi", "tahun": "2025"})
    response = client.post("/laporan/", {"jenis": "evaluasi", "tahun": "2025"}, follow=True)
    assert "sedang dibuat" in response.content.decode()
    assert LaporanJob.objects.count() == 1


def test_a_bad_request_keeps_the_input_and_shows_the_error(client, admin_user, opd_dinkes):
    from klaster.models import Klaster

    klaster = Klaster.objects.get(kode="III")
    client.force_login(admin_user)
    response = client.post("/laporan/", {"jenis": "rad", "tahun": "2024", "klaster": klaster.pk, "opd": opd_dinkes.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert not LaporanJob.objects.exists()
    assert "Pilih satu klaster atau satu OPD" in html
    assert f'<option value="{klaster.pk}" selected>' in html and 'value="2024"' in html


def test_the_page_refuses_a_kind_the_user_may_not_request(client, koordinator_klaster3):
    client.force_login(koordinator_klaster3)
    assert 'data-testid="form-kasus"' not in client.get("/laporan/").content.decode()
    assert client.post("/laporan/", {"jenis": "kasus", "tahun": "2025"}).status_code == 403


def test_the_status_partial_stops_polling_when_finished_and_offers_the_download(client, admin_user):
    job = LaporanJobFactory(diminta_oleh=admin_user, status="selesai", nama_berkas="laporan.pdf")
    job.berkas.save("laporan.pdf", ContentFile(b"%PDF-1.4 uji"))
    client.force_login(admin_user)
    html = client.get(f"/laporan/{job.pk}/status/").content.decode()
    assert "hx-get" not in html and f"/laporan/{job.pk}/unduh/" in html


def test_a_failed_job_shows_its_error(client, admin_user):
    job = LaporanJobFactory(diminta_oleh=admin_user, status="gagal", pesan_galat="Rapat tidak ditemukan.")
    client.force_login(admin_user)
    assert "Rapat tidak ditemukan." in client.get(f"/laporan/{job.pk}/status/").content.decode()


def test_download_is_an_attachment_for_a_reader_of_the_kind(client, pimpinan):
    job = LaporanJobFactory(diminta_oleh=pimpinan, jenis="kasus", status="selesai", nama_berkas="kasus.pdf")
    job.berkas.save("kasus.pdf", ContentFile(b"%PDF-1.4 uji"))
    client.force_login(pimpinan)
    response = client.get(f"/laporan/{job.pk}/unduh/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_download_is_refused_to_a_user_outside_the_kind(client, koordinator_klaster3):
    job = LaporanJobFactory(diminta_oleh=koordinator_klaster3, jenis="kasus", status="selesai", nama_berkas="k.pdf")
    job.berkas.save("k.pdf", ContentFile(b"%PDF-1.4 uji"))
    client.force_login(koordinator_klaster3)
    assert client.get(f"/laporan/{job.pk}/unduh/").status_code == 403


def test_another_users_job_is_404(client, pimpinan, admin_user):
    job = LaporanJobFactory(diminta_oleh=admin_user, status="selesai")
    client.force_login(pimpinan)
    assert client.get(f"/laporan/{job.pk}/status/").status_code == 404
    assert client.get(f"/laporan/{job.pk}/unduh/").status_code == 404


def test_admin_may_list_everyones_jobs(client, admin_user, pimpinan):
    LaporanJobFactory(diminta_oleh=pimpinan)
    client.force_login(admin_user)
    assert "Belum ada permintaan" in client.get("/laporan/").content.decode()
    assert "Belum ada permintaan" not in client.get("/laporan/?semua=1").content.decode()


def test_report_list_query_count_does_not_grow(client, admin_user):
    client.force_login(admin_user)
    LaporanJobFactory(diminta_oleh=admin_user)
    client.get("/laporan/")
    with CaptureQueriesContext(connection) as small:
        client.get("/laporan/")
    for n in range(12):
        LaporanJobFactory(diminta_oleh=admin_user, parameter={"tahun": 2000 + n})
    with CaptureQueriesContext(connection) as large:
        client.get("/laporan/")
    assert len(large) == len(small)
