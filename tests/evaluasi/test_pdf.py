"""PDF reports: the text read back with pdftotext matches the database; only static files are fetched."""

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from core.pdf import html_to_pdf, static_only_fetcher, static_url_allowed
from evaluasi.reports import laporan_evaluasi_pdf, laporan_kasus_pdf, laporan_rad_pdf
from evaluasi.selectors import penilaian_ringkasan_get
from klaster.models import Indikator
from rad_kla.models import Realisasi
from rad_kla.selectors import rekap_klaster
from tests.evaluasi.factories import BuktiPenilaianFactory, PenilaianIndikatorFactory
from tests.gugus_tugas.factories import RapatFactory
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db


def flat(text: str) -> str:
    """The text without whitespace: table cells wrap codes and file names across lines."""
    return "".join(text.split())


def pdf_text(content: bytes, mode: str = "-layout") -> str:
    """Text of a PDF: -layout keeps table rows on a line, -raw keeps each cell's text together."""
    result = subprocess.run(["pdftotext", mode, "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


@pytest.fixture
def data_2025(opd_dinkes):
    PenilaianIndikatorFactory(indikator=Indikator.objects.get(kode="14"), skor=Decimal("33.25"))
    backed = PenilaianIndikatorFactory(indikator=Indikator.objects.get(kode="4"), skor=Decimal("40.10"))
    BuktiPenilaianFactory(penilaian_indikator=backed, nama_asli="akta-kelahiran-2025.pdf")
    rencana = RencanaAksiFactory(kode="RAD-III-14-009", opd=opd_dinkes, indikator_keluaran="Puskesmas ramah anak")
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal("8"), pagu=250_000_000)
    return RealisasiFactory(
        rencana_aksi=rencana,
        periode=PeriodeFactory(tahun=2025, nomor=2),
        nilai_capaian=Decimal("6"),
        realisasi_anggaran=125_000_000,
        status=Realisasi.Status.DIVERIFIKASI,
    )


def test_the_evaluation_report_shows_the_database_figures(data_2025):
    content = laporan_evaluasi_pdf(tahun=2025)
    text = pdf_text(content)
    ringkasan = penilaian_ringkasan_get(tahun=2025)
    assert ringkasan.skor_total == Decimal("73.35")
    assert "73,35 dari 1.000" in text
    assert "40,10" in text and "akta-kelahiran-2025.pdf" in flat(pdf_text(content, "-raw"))
    assert "Belumadabuktidukung" in flat(pdf_text(content, "-raw"))
    klaster3 = next(r for r in rekap_klaster(tahun=2025) if r.klaster.kode == "III")
    assert f"{klaster3.capaian_persen:.1f}%".replace(".", ",") in text
    assert "Rp 250.000.000" in text
    assert "Daftar isi" in text and "Halaman 2 dari" in text
    assert "Statistik kasus kekerasan terhadap anak" in text


def test_the_cover_shows_the_score_the_predikat_and_the_points_missing_to_the_target(data_2025):
    from gugus_tugas.models import ProfilDaerah
    from klaster.models import Predikat

    ProfilDaerah.objects.create(
        nama_daerah="Metro",
        jenis="kota",
        provinsi="Lampung",
        kode="18.72",
        predikat_target=Predikat.objects.get(nama="Utama"),
        tahun_rad_mulai=2024,
        tahun_rad_selesai=2030,
    )
    cover = pdf_text(laporan_evaluasi_pdf(tahun=2025)).split("\f")[0]
    assert "73,35 dari 1.000" in cover
    assert "belum berpredikat" in cover
    # Utama starts at 801: 801 - 73,35 = 727,65 points still missing.
    assert "Kurang menuju Utama" in cover and "727,65 poin" in cover


def test_the_table_of_contents_gives_the_page_of_each_chapter(data_2025):
    text = pdf_text(laporan_evaluasi_pdf(tahun=2025))
    toc = next(line for line in text.splitlines() if "1. Ringkasan skor dan predikat" in line and "..." in line)
    page = int(toc.rsplit(".", 1)[-1].strip())
    pages = text.split("\f")
    assert "1. Ringkasan skor dan predikat" in pages[page - 1]


def test_the_rad_report_for_one_opd_lists_only_its_actions(data_2025, opd_dinkes):
    RencanaAksiFactory(kode="RAD-LAIN-001")
    content = laporan_rad_pdf(tahun=2025, opd=opd_dinkes.pk)
    text, raw = pdf_text(content), flat(pdf_text(content, "-raw"))
    assert "RAD-III-14-009" in raw and "RAD-LAIN-001" not in raw
    assert "Dinas Kesehatan" in text and "75,0%" in text and "50,0%" in text


def test_the_rad_report_for_one_period_lists_that_periods_realisations_and_reporting_completeness(data_2025):
    from evaluasi.reports import parameter_clean

    silent = RencanaAksiFactory(kode="RAD-III-14-010", opd=data_2025.rencana_aksi.opd)
    TargetTahunanFactory(rencana_aksi=silent, tahun=2025, target=Decimal("4"), pagu=10_000_000)
    periode = data_2025.periode
    assert parameter_clean(jenis="rad", parameter={"tahun": 2025, "periode": periode.pk}, user=None) == {
        "tahun": 2025,
        "periode": periode.pk,
    }
    with pytest.raises(ValidationError):
        parameter_clean(jenis="rad", parameter={"tahun": 2024, "periode": periode.pk}, user=None)

    content = laporan_rad_pdf(tahun=2025, periode=periode.pk)
    text, raw = pdf_text(content), flat(pdf_text(content, "-raw"))
    assert "Triwulan II 2025" in text
    assert "Realisasi dan kelengkapan pelaporan Triwulan II 2025" in text
    assert "Rp 125.000.000" in text and "Diverifikasi" in text
    assert "RAD-III-14-010" in raw and "Belumdilaporkan" in raw
    # Dinkes: two actions due, one reported in the period -> 50 %.
    assert any("Dinas Kesehatan" in line and "50,0%" in line for line in text.splitlines())


def test_the_rad_report_for_one_period_shows_no_draft_figures(data_2025):
    draft = RencanaAksiFactory(kode="RAD-III-14-011", opd=data_2025.rencana_aksi.opd)
    TargetTahunanFactory(rencana_aksi=draft, tahun=2025, target=Decimal("4"), pagu=900_000_000)
    RealisasiFactory(
        rencana_aksi=draft,
        periode=data_2025.periode,
        realisasi_anggaran=777_000_000,
        status=Realisasi.Status.DRAFT,
    )
    text = pdf_text(laporan_rad_pdf(tahun=2025, periode=data_2025.periode.pk))
    # The period table's row: it follows the details table, which lists the action too.
    line = [line for line in text.splitlines() if "RAD-III-14-011" in line][-1]
    assert "777.000.000" not in text and "Draf" not in line and "Belum dilaporkan" in line
    assert "Rp 125.000.000" in text


def test_the_case_report_has_no_identity_and_is_aggregated():
    text = pdf_text(laporan_kasus_pdf(tahun=2025))
    assert "Laporan Statistik Kasus" in text and "disamarkan" in text


def test_the_fetcher_reads_static_files_and_refuses_everything_else(tmp_path):
    fetcher = static_only_fetcher()
    font = next(Path(settings.STATICFILES_DIRS[0]).glob("fonts/**/*.woff"))
    assert static_url_allowed(font.resolve().as_uri())
    response = fetcher.fetch(font.resolve().as_uri())
    try:
        assert response.read(4) == b"wOFF"
    finally:
        response.close()
    outside = tmp_path / "rahasia.txt"
    outside.write_text("x")
    for url in ("http://127.0.0.1:9/x.png", "https://example.org/a.css", outside.as_uri(), "file:///etc/passwd"):
        assert not static_url_allowed(url)
        with pytest.raises(ValueError, match="ditolak"):
            fetcher.fetch(url)


def test_a_remote_image_in_user_text_is_not_fetched():
    html = '<html lang="id"><body><p>Teks</p><img src="http://127.0.0.1:9/jejak.png"></body></html>'
    assert pdf_text(html_to_pdf(html)).strip() == "Teks"


def test_render_report_writes_each_kind(tmp_path, data_2025):
    for kind in ("evaluasi", "rad", "kasus"):
        output = tmp_path / f"{kind}.pdf"
        call_command("render_report", kind, "--year", "2025", "--output", str(output))
        assert output.read_bytes().startswith(b"%PDF-")


def test_render_report_renders_the_minutes_of_a_meeting(tmp_path):
    rapat = RapatFactory(judul="Rakor Gugus Tugas KLA November")
    output = tmp_path / "notulen.pdf"
    call_command("render_report", "notulen", "--rapat", str(rapat.pk), "--output", str(output))
    assert "Rakor Gugus Tugas KLA November" in pdf_text(output.read_bytes())


def test_render_report_needs_a_year_and_a_known_meeting():
    with pytest.raises(CommandError, match="--year"):
        call_command("render_report", "evaluasi")
    with pytest.raises(CommandError, match="Rapat tidak ditemukan"):
        call_command("render_report", "notulen", "--rapat", "987654")
