"""Reports read by name ("RAD 2026 · Dinas Kesehatan · Triwulan III") in the list, the notification and the file."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from evaluasi import services
from evaluasi.laporan import laporan_filename, laporan_nama_list
from evaluasi.models import LaporanJob
from klaster.models import Klaster
from notifikasi.models import Notifikasi
from tests.evaluasi.factories import LaporanJobFactory
from tests.gugus_tugas.factories import OPDFactory, RapatFactory
from tests.rad_kla.factories import PeriodeFactory

pytestmark = pytest.mark.django_db


def _nama(jenis: str, parameter: dict) -> str:
    with translation.override("id"):
        return laporan_nama_list([LaporanJob(jenis=jenis, parameter=parameter)])[0].nama


def test_each_kind_reads_by_its_label_year_and_the_names_of_its_parameters(opd_dinkes):
    periode = PeriodeFactory(tahun=2026, nomor=3)
    klaster = Klaster.objects.get(kode="III")
    rapat = RapatFactory(judul="Rakor Triwulan III")
    assert _nama("rad", {"tahun": 2026, "opd": opd_dinkes.pk, "periode": periode.pk}) == (
        "RAD 2026 · Dinas Kesehatan · Triwulan III"
    )
    assert _nama("rad", {"tahun": 2026, "klaster": klaster.pk}) == f"RAD 2026 · {klaster.nama}"
    assert _nama("rad", {"tahun": 2026, "bulan": "2026-06"}) == "RAD 2026 · Juni"
    assert _nama("evaluasi", {"tahun": 2025}) == "Evaluasi KLA 2025"
    assert _nama("kasus", {"tahun": 2025}) == "Statistik Kasus 2025"
    assert _nama("paket_bukti", {"tahun": 2025}) == "Paket Bukti Dukung 2025"
    assert _nama("notulen", {"rapat": rapat.pk}) == "Notulen · Rakor Triwulan III · 6 November 2025"


def test_a_deleted_opd_still_gives_a_name(opd_dinkes):
    assert _nama("rad", {"tahun": 2026, "opd": 999999}) == "RAD 2026 · OPD 999999"


def test_the_file_name_is_the_name_slugified_and_keeps_non_ascii_letters():
    opd = OPDFactory(nama="Dinas Pendidikan Émile", singkatan="DPE")
    periode = PeriodeFactory(tahun=2026, nomor=3)
    with translation.override("id"):
        rad = LaporanJob(jenis="rad", parameter={"tahun": 2026, "opd": opd.pk, "periode": periode.pk})
        assert laporan_filename(rad) == "rad-2026-dinas-pendidikan-émile-triwulan-iii.pdf"
        assert laporan_filename(LaporanJob(jenis="paket_bukti", parameter={"tahun": 2025})) == (
            "paket-bukti-dukung-2025.zip"
        )


def test_a_rendered_report_downloads_under_its_name_and_is_announced_by_it(client, admin_user, opd_dinkes):
    periode = PeriodeFactory(tahun=2025, nomor=3)
    job = LaporanJobFactory(
        jenis="rad", parameter={"tahun": 2025, "opd": opd_dinkes.pk, "periode": periode.pk}, diminta_oleh=admin_user
    )
    assert services.laporan_render(job_id=job.pk) == "selesai"
    client.force_login(admin_user)
    response = client.get(f"/laporan/{job.pk}/unduh/")
    assert response["Content-Disposition"] == 'attachment; filename="rad-2025-dinas-kesehatan-triwulan-iii.pdf"'
    notifikasi = Notifikasi.objects.get(penerima=admin_user, jenis=Notifikasi.Jenis.LAPORAN_SIAP)
    assert notifikasi.judul == "Laporan siap diunduh: RAD 2025 · Dinas Kesehatan · Triwulan III"


def test_a_non_ascii_file_name_has_an_ascii_fallback_and_the_utf8_name(client, admin_user):
    job = LaporanJobFactory(jenis="kasus", status="selesai", diminta_oleh=admin_user, nama_berkas="rapat-émile.pdf")
    job.berkas.save("x.pdf", ContentFile(b"%PDF-1.4 uji"))
    client.force_login(admin_user)
    disposition = client.get(f"/laporan/{job.pk}/unduh/")["Content-Disposition"]
    assert disposition == "attachment; filename=\"rapat-emile.pdf\"; filename*=utf-8''rapat-%C3%A9mile.pdf"


def _jobs(user, n: int) -> None:
    """n report jobs of the kinds that name an OPD and a period, a cluster or a meeting, each its own."""
    klaster = list(Klaster.objects.values_list("pk", flat=True))
    start = LaporanJob.objects.count()
    for i in range(start, start + n):
        if i % 3 == 0:
            periode = PeriodeFactory(tahun=2025, nomor=1 + i % 4)
            parameter = {"tahun": 2000 + i, "opd": OPDFactory().pk, "periode": periode.pk}
            LaporanJobFactory(jenis="rad", parameter=parameter, diminta_oleh=user)
        elif i % 3 == 1:
            parameter = {"tahun": 2000 + i, "klaster": klaster[i % len(klaster)]}
            LaporanJobFactory(jenis="rad", parameter=parameter, diminta_oleh=user)
        else:
            LaporanJobFactory(jenis="notulen", parameter={"rapat": RapatFactory().pk}, diminta_oleh=user)


def test_the_list_names_a_page_of_jobs_in_constant_queries(client, admin_user):
    client.force_login(admin_user)
    _jobs(admin_user, 5)
    with CaptureQueriesContext(connection) as few:
        html = client.get("/laporan/").content.decode()
    assert html.count('data-testid="nama-laporan-') == 5
    assert "· Dinas Uji" in html and "Notulen · Rakor" in html and "tahun:" not in html
    _jobs(admin_user, 25)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/laporan/").content.decode()
    # A full page (20) of the 30.
    assert html.count('data-testid="nama-laporan-') == 20
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize(
    ("status", "pesan_galat", "tampil", "tidak"),
    [
        ("antri", "", "Menunggu giliran dibuat.", "Unduh"),
        ("antri", "Gagal sementara, akan dicoba lagi.", "Gagal sementara, akan dicoba lagi.", "Unduh"),
        ("diproses", "", "Laporan sedang dibuat.", "Menunggu giliran"),
        ("selesai", "", "Unduh", "sedang"),
        ("gagal", "Rapat tidak ditemukan.", "Rapat tidak ditemukan.", "sedang"),
        ("kedaluwarsa", "Berkas dihapus setelah 30 hari.", "Berkas dihapus setelah 30 hari.", "Unduh"),
    ],
)
def test_the_status_text_matches_the_status(client, admin_user, status, pesan_galat, tampil, tidak):
    job = LaporanJobFactory(diminta_oleh=admin_user, status=status, pesan_galat=pesan_galat, nama_berkas="l.pdf")
    if status == "selesai":
        job.berkas.save("l.pdf", ContentFile(b"%PDF-1.4 uji"))
    client.force_login(admin_user)
    for html in (client.get(f"/laporan/{job.pk}/status/").content.decode(), client.get("/laporan/").content.decode()):
        status_html = html[html.index(f'data-testid="status-{job.pk}"') :].split("</td>")[0]
        assert tampil in status_html and tidak not in status_html
        assert "diantrekan" not in html


def test_a_new_request_is_not_announced_as_queued(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/laporan/", {"jenis": "kasus", "tahun": "2025"}, follow=True)
    assert "Permintaan laporan diterima" in response.content.decode()
    assert "diantrekan" not in response.content.decode()


def test_the_monthly_rad_report_is_announced_with_its_month_in_words(admin_user):
    job = LaporanJobFactory(jenis="rad", parameter={"tahun": 2026, "bulan": "2026-06"})
    assert services.laporan_render(job_id=job.pk, render=lambda **_: (b"%PDF-1.4 uji", "l.pdf")) == "selesai"
    notifikasi = Notifikasi.objects.get(penerima=admin_user, jenis=Notifikasi.Jenis.LAPORAN_RAD_BULANAN)
    assert notifikasi.judul == "Laporan bulanan RAD KLA Juni 2026 siap diunduh"
