"""The evidence pack: a folder per indicator with its files and an index workbook; readers restricted."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from evaluasi.paket import paket_bukti_zip
from klaster.models import Indikator
from tests.evaluasi.factories import BuktiPenilaianFactory, PenilaianIndikatorFactory

pytestmark = pytest.mark.django_db


def test_the_pack_has_a_folder_per_indicator_and_an_index():
    item = PenilaianIndikatorFactory(indikator=Indikator.objects.get(kode="4"), skor=Decimal("40"))
    bukti = BuktiPenilaianFactory(penilaian_indikator=item, nama_asli="akta.pdf")
    archive = zipfile.ZipFile(io.BytesIO(paket_bukti_zip(tahun=2025)))
    names = archive.namelist()
    berkas = next(n for n in names if n.endswith(f"{bukti.pk}-akta.pdf"))
    assert berkas.startswith("4-")
    assert archive.read(berkas) == b"%PDF-1.4 uji"
    sheet = load_workbook(io.BytesIO(archive.read("index.xlsx"))).active
    rows = list(sheet.iter_rows(values_only=True))
    row = next(r for r in rows if r[1] == "4")
    assert row[4] == 40 and row[5] == "Ya" and berkas in row[7]
    assert len(rows) == 1 + Indikator.objects.count()


@pytest.mark.parametrize("role", ["admin_user", "pimpinan"])
def test_admin_and_pimpinan_may_have_the_pack(request, role):
    assert request.getfixturevalue(role).has_perm("evaluasi.minta_laporan", "paket_bukti")


@pytest.mark.parametrize("role", ["koordinator_klaster3", "operator_dinkes", "petugas_kasus"])
def test_others_may_not_have_the_pack(request, role):
    assert not request.getfixturevalue(role).has_perm("evaluasi.minta_laporan", "paket_bukti")


def test_the_pack_job_renders_a_zip(admin_user):
    from evaluasi import services

    job, _created = services.laporan_request(jenis="paket_bukti", parameter={"tahun": 2025}, by=admin_user)
    assert services.laporan_render(job_id=job.pk) == "selesai"
    job.refresh_from_db()
    assert job.nama_berkas.endswith(".zip")
    assert "index.xlsx" in zipfile.ZipFile(job.berkas.open("rb")).namelist()


def test_cited_meetings_and_statistics_travel_in_the_pack_as_documents():
    from tests.gugus_tugas.factories import RapatFactory

    rakor = RapatFactory(judul="Rakor perlindungan khusus", status="selesai")
    item = PenilaianIndikatorFactory(
        indikator=Indikator.objects.get(kode="21"), skor=Decimal("20"), statistik_kasus=True
    )
    item.rapat.add(rakor)
    archive = zipfile.ZipFile(io.BytesIO(paket_bukti_zip(tahun=2025)))
    names = archive.namelist()
    notulen = next(n for n in names if n.startswith("21-") and n.endswith(f"notulen-20251106-{rakor.pk}.pdf"))
    statistik = next(n for n in names if n.startswith("21-") and n.endswith("statistik-kasus-2025.pdf"))
    assert archive.read(notulen)[:5] == b"%PDF-" and archive.read(statistik)[:5] == b"%PDF-"
    rows = list(load_workbook(io.BytesIO(archive.read("index.xlsx"))).active.iter_rows(values_only=True))
    header, row = rows[0], next(r for r in rows if r[1] == "21")
    assert header[9] == "Rapat Gugus Tugas" and header[10] == "Statistik kasus"
    assert "Rakor perlindungan khusus" in row[9] and notulen in row[9]
    assert row[10] == statistik and row[5] == "Ya"
