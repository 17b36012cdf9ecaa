"""Each chapter of a report follows the permission of its data for whoever requests or downloads it.

The annual evaluation report and the evidence pack carry the case statistics; a Koordinator Klaster
I–IV may read the report but not the case statistics, so theirs is rendered without that chapter,
and a file rendered with it is never theirs to follow or download.
"""

import datetime
import io
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from evaluasi import services
from evaluasi.models import LaporanJob
from evaluasi.paket import paket_bukti_zip
from evaluasi.reports import evaluasi_context
from evaluasi.rules import bab_tertutup_list
from gugus_tugas.models import Rapat
from klaster.models import Indikator
from tests.evaluasi.factories import LaporanJobFactory, PenilaianIndikatorFactory
from tests.gugus_tugas.factories import RapatFactory, TindakLanjutFactory

pytestmark = pytest.mark.django_db

BAB_KASUS = "Statistik kasus kekerasan terhadap anak"
# Printed only inside the case chapter, above its figures.
CATATAN_ANGKA = "Angka agregat"


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def klaim_dengan_statistik(db):
    return PenilaianIndikatorFactory(
        indikator=Indikator.objects.get(kode="21"), skor=Decimal("20"), statistik_kasus=True
    )


def rendered(job: LaporanJob) -> bytes:
    assert services.laporan_render(job_id=job.pk) == "selesai"
    job.refresh_from_db()
    return job.berkas.read()


def test_a_cluster_iii_coordinator_gets_the_annual_report_without_the_case_chapter(
    client, koordinator_klaster3, klaim_dengan_statistik
):
    client.force_login(koordinator_klaster3)
    assert client.post("/laporan/", {"jenis": "evaluasi", "tahun": "2025"}).status_code == 302
    job = LaporanJob.objects.get()
    assert job.bab_tertutup == ["kasus"]
    rendered(job)
    response = client.get(f"/laporan/{job.pk}/unduh/")
    assert response.status_code == 200
    text = pdf_text(b"".join(response.streaming_content))
    assert "Skor per klaster" in text
    assert BAB_KASUS not in text and CATATAN_ANGKA not in text
    assert "Statistik kasus teragregasi 2025 (bab 6)" not in text
    assert "tidak berwenang melihatnya" in text


def test_the_admins_annual_report_has_the_case_chapter(client, admin_user, klaim_dengan_statistik):
    client.force_login(admin_user)
    client.post("/laporan/", {"jenis": "evaluasi", "tahun": "2025"})
    job = LaporanJob.objects.get()
    assert job.bab_tertutup == []
    text = pdf_text(rendered(job))
    assert BAB_KASUS in text and CATATAN_ANGKA in text


def test_the_coordinator_of_cluster_v_reads_the_case_statistics_and_gets_the_whole_report(koordinator_klaster5):
    job, _created = services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=koordinator_klaster5)
    assert job.bab_tertutup == []


def test_a_coordinator_does_not_follow_the_admins_full_report_of_the_same_year(
    admin_user, pimpinan, koordinator_klaster3
):
    full, _ = services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=admin_user)
    partial, created = services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=koordinator_klaster3)
    assert created and partial.pk != full.pk
    assert full.kunci != partial.kunci and "tanpa=kasus" in partial.kunci
    assert not full.pengikut.filter(pk=koordinator_klaster3.pk).exists()
    # The Pimpinan reads the case statistics too, so theirs is the admin's report, followed.
    pimpinan_job, _ = services.laporan_request(jenis="evaluasi", parameter={"tahun": 2025}, by=pimpinan)
    assert pimpinan_job.pk == full.pk


def test_a_file_with_the_case_chapter_is_refused_to_a_coordinator_who_follows_it(client, koordinator_klaster3):
    # Even a job the coordinator can see (here followed) is not served when it holds a chapter they may not read.
    job = LaporanJobFactory(status="selesai", nama_berkas="laporan.pdf")
    job.berkas.save("laporan.pdf", ContentFile(b"%PDF-1.4 uji"))
    job.pengikut.add(koordinator_klaster3)
    client.force_login(koordinator_klaster3)
    status = client.get(f"/laporan/{job.pk}/status/")
    assert status.status_code == 200 and f"/laporan/{job.pk}/unduh/" not in status.content.decode()
    assert client.get(f"/laporan/{job.pk}/unduh/").status_code == 403


def test_the_download_rule_compares_the_files_chapters_with_the_users(admin_user, koordinator_klaster3):
    lengkap = LaporanJob(jenis="evaluasi", bab_tertutup=[])
    tanpa_kasus = LaporanJob(jenis="evaluasi", bab_tertutup=["kasus"])
    assert admin_user.has_perm("evaluasi.unduh_laporan", lengkap)
    assert admin_user.has_perm("evaluasi.unduh_laporan", tanpa_kasus)
    assert koordinator_klaster3.has_perm("evaluasi.unduh_laporan", tanpa_kasus)
    assert not koordinator_klaster3.has_perm("evaluasi.unduh_laporan", lengkap)


def test_only_the_evaluation_report_and_the_pack_have_a_chapter_under_its_own_permission(koordinator_klaster3):
    assert bab_tertutup_list(user=koordinator_klaster3, jenis="evaluasi") == ["kasus"]
    assert bab_tertutup_list(user=koordinator_klaster3, jenis="paket_bukti") == ["kasus"]
    assert bab_tertutup_list(user=koordinator_klaster3, jenis="rad") == []
    assert bab_tertutup_list(user=None, jenis="evaluasi") == []


def test_the_pack_without_the_case_chapter_carries_no_case_statistics(klaim_dengan_statistik):
    archive = zipfile.ZipFile(io.BytesIO(paket_bukti_zip(tahun=2025, tanpa_bab=["kasus"])))
    assert not any("statistik-kasus" in name for name in archive.namelist())
    rows = list(load_workbook(io.BytesIO(archive.read("index.xlsx"))).active.iter_rows(values_only=True))
    row = next(r for r in rows if r[1] == "21")
    assert "Tidak disertakan" in row[10]


def test_the_pack_job_follows_its_requesters_chapters(admin_user, klaim_dengan_statistik):
    job, _ = services.laporan_request(jenis="paket_bukti", parameter={"tahun": 2025}, by=admin_user)
    names = zipfile.ZipFile(io.BytesIO(rendered(job))).namelist()
    assert any(name.endswith("statistik-kasus-2025.pdf") for name in names)
    tanpa = LaporanJobFactory(jenis="paket_bukti", bab_tertutup=["kasus"], diminta_oleh=admin_user)
    names = zipfile.ZipFile(io.BytesIO(rendered(tanpa))).namelist()
    assert not any("statistik-kasus" in name for name in names)


def test_the_job_list_says_when_the_case_chapter_is_left_out(client, koordinator_klaster3):
    LaporanJobFactory(diminta_oleh=koordinator_klaster3, bab_tertutup=["kasus"])
    client.force_login(koordinator_klaster3)
    assert "Tanpa bab statistik kasus" in client.get("/laporan/").content.decode()


def test_the_annual_report_shows_published_meetings_of_the_year_oldest_first_and_no_draft():
    later = RapatFactory(judul="Rakor November", mulai=timezone.make_aware(datetime.datetime(2025, 11, 6, 9, 0)))
    earlier = RapatFactory(judul="Rakor Maret", mulai=timezone.make_aware(datetime.datetime(2025, 3, 6, 9, 0)))
    draft = RapatFactory(judul="Rakor draf", status=Rapat.Status.DRAFT)
    RapatFactory(judul="Rakor tahun lalu", mulai=timezone.make_aware(datetime.datetime(2024, 3, 6, 9, 0)))
    shown = TindakLanjutFactory(rapat=later)
    TindakLanjutFactory(rapat=draft)
    context = evaluasi_context(tahun=2025)
    assert [r.pk for r in context["rapat"]] == [earlier.pk, later.pk]
    assert [t.pk for t in context["tindak_lanjut"]] == [shown.pk]
