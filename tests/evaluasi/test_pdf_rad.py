"""The RAD report of the region or a cluster: a summary, then one appendix per OPD with actions, joined in one PDF."""

import io
import re
import subprocess
from decimal import Decimal

import pytest
from pypdf import PdfReader

from core.pdf import pdf_join
from evaluasi import reports
from evaluasi.reports import laporan_rad_pdf
from klaster.models import Indikator
from rad_kla.models import Realisasi
from tests.gugus_tugas.factories import OPDFactory
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db

# The OPDs with actions in opd_tiga, as the per-OPD table orders them (by abbreviation).
NAMA = ["Badan Perencanaan Pembangunan Daerah", "Dinas Kesehatan", "Dinas Sosial"]
KOP_LAMPIRAN = re.compile(r"Lampiran 4\.(\d+) · Rincian rencana aksi · (.+)")


def pdf_pages(content: bytes, mode: str = "-layout") -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    text = subprocess.run(["pdftotext", mode, "-", "-"], input=content, capture_output=True, check=True).stdout
    return text.decode().split("\f")[:-1]


def pages_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def passes(monkeypatch):
    """The PDF of every WeasyPrint pass, in the order they ran."""
    rendered = []
    original = reports.html_to_pdf

    def spy(html: str) -> bytes:
        content = original(html)
        rendered.append(content)
        return content

    monkeypatch.setattr(reports, "html_to_pdf", spy)
    return rendered


def aksi(kode: str, opd, indikator: str = "14", pagu: int = 10_000_000):
    rencana = RencanaAksiFactory(kode=kode, opd=opd, indikator=Indikator.objects.get(kode=indikator))
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal("4"), pagu=pagu)
    return rencana


@pytest.fixture
def opd_tiga():
    """Bappeda (one action in cluster I), Dinkes (enough actions in cluster III for several pages), Dinsos (one,
    reported) and an OPD without actions; the per-OPD table lists them by abbreviation."""
    bappeda = OPDFactory(nama="Badan Perencanaan Pembangunan Daerah", singkatan="Bappeda")
    dinkes = OPDFactory(nama="Dinas Kesehatan", singkatan="Dinkes")
    dinsos = OPDFactory(nama="Dinas Sosial", singkatan="Dinsos")
    OPDFactory(nama="Dinas Tanpa Rencana", singkatan="Dintara")
    aksi("RAD-BAPPEDA-001", bappeda, indikator="4")
    for n in range(70):
        aksi(f"RAD-DINKES-{n:03d}", dinkes)
    reported = aksi("RAD-DINSOS-001", dinsos, pagu=40_000_000)
    RealisasiFactory(
        rencana_aksi=reported,
        periode=PeriodeFactory(tahun=2025, nomor=2),
        nilai_capaian=Decimal("2"),
        realisasi_anggaran=20_000_000,
        status=Realisasi.Status.DIVERIFIKASI,
    )
    return bappeda, dinkes, dinsos


def test_the_region_report_is_the_summary_then_one_appendix_per_opd_with_actions_in_order(passes, opd_tiga):
    content = laporan_rad_pdf(tahun=2025)

    # A first summary with placeholders (for its length), the appendices, then the summary itself.
    _draft, *lampiran, ringkasan = passes
    assert len(lampiran) == 3
    assert pages_count(content) == pages_count(ringkasan) + sum(pages_count(p) for p in lampiran)
    pages = pdf_pages(content)
    assert len(pages) == pages_count(content)
    summary, appendix = pages[: pages_count(ringkasan)], pages[pages_count(ringkasan) :]
    assert "Daftar isi" in summary[1] and "Ringkasan" in "".join(summary)
    assert not any(KOP_LAMPIRAN.search(page) for page in summary)

    # Each appendix page names its OPD in the header; the appendices follow the per-OPD table's order.
    heads = [KOP_LAMPIRAN.search(page).groups() for page in appendix]
    expected = [
        (str(nomor), nama)
        for nomor, (nama, part) in enumerate(zip(NAMA, lampiran, strict=True), start=1)
        for _ in range(pages_count(part))
    ]
    assert [(n, nama.strip()) for n, nama in heads] == expected
    assert pages_count(lampiran[1]) >= 2
    assert "Dintara" not in "".join(appendix) and "Dinas Tanpa Rencana" not in "".join(pages)

    # Each appendix lists its OPD's actions only.
    raw = [flat(page) for page in pdf_pages(content, "-raw")[len(summary) :]]
    placed = {"RAD-BAPPEDA-001": "1", "RAD-DINKES-000": "2", "RAD-DINKES-069": "2", "RAD-DINSOS-001": "3"}
    for kode, nomor in placed.items():
        assert [heads[i][0] for i, page in enumerate(raw) if kode in page] == [nomor], kode

    # Pages are numbered through the whole file; the summary's index gives where each appendix starts and ends.
    total = len(pages)
    for number, page in enumerate(pages[1:], start=2):
        footer = f"Halaman {number} dari {total}" if number <= len(summary) else f"Halaman {number}"
        assert page.rstrip().endswith(footer), number
    start = len(summary) + 1
    for nomor, (nama, part, jumlah) in enumerate(zip(NAMA, lampiran, [1, 70, 1], strict=True), start=1):
        end = start + pages_count(part) - 1
        assert re.search(rf"4\.{nomor}\s+{nama}\s+{jumlah}\s+{start}–{end}", "".join(summary)), nama
        start = end + 1

    # The summary counts every action of every appendix.
    text = "".join(summary)
    assert re.search(r"Jumlah rencana aksi\s+72\b", text)
    assert re.search(r"Pagu anggaran\s+Rp 750\.000\.000", text)
    assert re.search(r"Realisasi anggaran\s+Rp 20\.000\.000", text)
    assert re.search(r"Belum ada laporan\s+71\b", text)

    outline = [item.title for item in PdfReader(io.BytesIO(content)).outline if not isinstance(item, list)]
    assert outline == [
        "Ringkasan",
        "4.1 Badan Perencanaan Pembangunan Daerah",
        "4.2 Dinas Kesehatan",
        "4.3 Dinas Sosial",
    ]


def test_the_cluster_report_has_appendices_of_the_opds_with_actions_in_that_cluster(passes, opd_tiga):
    from klaster.models import Klaster

    content = laporan_rad_pdf(tahun=2025, klaster=Klaster.objects.get(kode="III").pk)
    _draft, *lampiran, _ringkasan = passes
    assert len(lampiran) == 2
    raw = flat("".join(pdf_pages(content, "-raw")))
    assert "RAD-DINKES-000" in raw and "RAD-DINSOS-001" in raw and "RAD-BAPPEDA-001" not in raw
    assert "4.1 Dinas Kesehatan" in " ".join("".join(pdf_pages(content)).split())


def test_a_region_without_actions_gets_the_summary_with_an_empty_state(passes):
    OPDFactory(nama="Dinas Kesehatan", singkatan="Dinkes")
    content = laporan_rad_pdf(tahun=2025)

    _draft, ringkasan = passes
    assert pages_count(content) == pages_count(ringkasan)
    text = "".join(pdf_pages(content))
    assert re.search(r"Jumlah rencana aksi\s+0\b", text)
    assert "4. Rincian rencana aksi" in text and "Belum ada rencana aksi." in text
    assert not KOP_LAMPIRAN.search(text) and "Dinas Kesehatan" not in text


def test_the_report_of_one_opd_is_one_pass_with_its_actions_only_even_once_the_opd_is_inactive(passes, opd_tiga):
    _bappeda, dinkes, _dinsos = opd_tiga
    dinkes.aktif = False
    dinkes.save(update_fields=["aktif"])

    content = laporan_rad_pdf(tahun=2025, opd=dinkes.pk)

    assert passes == [content]
    raw = flat("".join(pdf_pages(content, "-raw")))
    assert "RAD-DINKES-000" in raw and "RAD-DINKES-069" in raw
    assert "RAD-BAPPEDA-001" not in raw and "RAD-DINSOS-001" not in raw
    assert not KOP_LAMPIRAN.search("".join(pdf_pages(content)))


def test_a_long_appendix_is_laid_out_in_several_passes_that_read_as_one(passes, opd_tiga, monkeypatch):
    monkeypatch.setattr(reports, "LAMPIRAN_BARIS", 30)
    periode = PeriodeFactory(tahun=2025, nomor=2)

    content = laporan_rad_pdf(tahun=2025, periode=periode.pk)

    # Dinkes' 70 actions take three passes for their details and three for the period; the others one each.
    _draft, *lampiran, ringkasan = passes
    assert len(lampiran) == 2 + 3 + 3 + 2
    assert pages_count(content) == pages_count(ringkasan) + sum(pages_count(p) for p in lampiran)
    pages = pdf_pages(content)
    appendix = pages[pages_count(ringkasan) :]
    dinkes = [page for page in appendix if KOP_LAMPIRAN.search(page).group(1) == "2"]
    assert len(dinkes) == sum(pages_count(p) for p in lampiran[2:8])
    # One heading for the OPD and one for its period table, every action in order once in each table.
    text = "\n".join(dinkes)
    assert text.count("4.2 Dinas Kesehatan") == 1 and text.count("Realisasi yang dilaporkan pada Triwulan II 2025") == 1
    raw = flat("".join(pdf_pages(content, "-raw")[pages_count(ringkasan) :]))
    kode = re.findall(r"RAD-DINKES-(\d{3})", raw)
    assert kode == [f"{n:03d}" for n in range(70)] * 2
    for number, page in enumerate(pages[pages_count(ringkasan) :], start=pages_count(ringkasan) + 1):
        assert page.rstrip().endswith(f"Halaman {number}")
    outline = [item.title for item in PdfReader(io.BytesIO(content)).outline if not isinstance(item, list)]
    assert outline == ["Ringkasan", *(f"4.{n} {nama}" for n, nama in enumerate(NAMA, start=1))]


def test_a_summary_shorter_than_its_first_rendering_is_padded_so_the_appendix_pages_keep_their_numbers(
    monkeypatch, opd_tiga
):
    original = reports._rad_ringkasan_pdf
    rendered = []

    def longer_draft(*args, **kwargs):
        content = original(*args, **kwargs)
        rendered.append(content)
        # The first rendering (with placeholders) one page longer than the summary will be.
        return pdf_join([(content, None)], blank_after_first=1) if len(rendered) == 1 else content

    monkeypatch.setattr(reports, "_rad_ringkasan_pdf", longer_draft)

    pages = pdf_pages(laporan_rad_pdf(tahun=2025))

    summary = pages_count(rendered[-1])
    assert pages[summary].strip() == ""
    first = summary + 2
    assert KOP_LAMPIRAN.search(pages[first - 1]).group(1) == "1" and pages[first - 1].rstrip().endswith(
        f"Halaman {first}"
    )
    assert re.search(rf"4\.1\s+{NAMA[0]}\s+1\s+{first}–{first}", "".join(pages[:summary]))


def test_a_region_with_more_actions_than_listed_in_full_details_only_those_not_on_target(passes, opd_tiga, monkeypatch):
    monkeypatch.setattr(reports, "RINCIAN_LENGKAP_MAKS", 71)
    periode = PeriodeFactory(tahun=2025, nomor=2)

    content = laporan_rad_pdf(tahun=2025, periode=periode.pk)

    # Dinsos' one action is on target: its appendix is one page saying so, without a period table.
    _draft, *lampiran, ringkasan = passes
    assert len(lampiran) == 2 + 2 + 1
    pages = pdf_pages(content)
    summary, appendix = pages[: pages_count(ringkasan)], pages[pages_count(ringkasan) :]
    dinsos = [page for page in appendix if KOP_LAMPIRAN.search(page).group(1) == "3"]
    assert len(dinsos) == 1
    assert "Semua rencana aksi OPD ini sesuai target." in dinsos[0]
    assert "1 rencana aksi · 0 belum sesuai target" in dinsos[0]
    raw = flat("".join(pdf_pages(content, "-raw")[len(summary) :]))
    assert "RAD-DINSOS-001" not in raw
    assert re.findall(r"RAD-DINKES-(\d{3})", raw) == [f"{n:03d}" for n in range(70)] * 2
    assert "RAD-BAPPEDA-001" in raw

    # The summary still counts every action, and its index says how many of each OPD's are detailed.
    text = "".join(summary)
    assert re.search(r"Jumlah rencana aksi\s+72\b", text) and re.search(r"Sesuai target\s+1\b", text)
    assert "belum sesuai target" in text and "Dirinci" in text
    start = len(summary) + 1
    for nomor, (nama, jumlah, rinci) in enumerate(zip(NAMA, [1, 70, 1], [1, 70, 0], strict=True), start=1):
        end = start + len([page for page in appendix if KOP_LAMPIRAN.search(page).group(1) == str(nomor)]) - 1
        assert re.search(rf"4\.{nomor}\s+{nama}\s+{jumlah}\s+{rinci}\s+{start}–{end}", text), nama
        start = end + 1


def test_the_report_of_an_opd_too_long_for_one_pass_is_its_summary_and_its_appendix_in_passes(
    passes, opd_tiga, monkeypatch
):
    _bappeda, dinkes, _dinsos = opd_tiga
    dinkes.aktif = False
    dinkes.save(update_fields=["aktif"])
    one_pass = laporan_rad_pdf(tahun=2025, opd=dinkes.pk)
    passes.clear()
    monkeypatch.setattr(reports, "LAMPIRAN_BARIS", 30)

    content = laporan_rad_pdf(tahun=2025, opd=dinkes.pk)

    # Its 70 actions in three passes, all of them listed once and in the same order as in one pass.
    _draft, *lampiran, ringkasan = passes
    assert len(lampiran) == 3
    assert pages_count(content) == pages_count(ringkasan) + sum(pages_count(p) for p in lampiran)
    codes = [re.findall(r"RAD-[A-Z]+-\d{3}", flat("".join(pdf_pages(c, "-raw")))) for c in (one_pass, content)]
    assert codes == [[f"RAD-DINKES-{n:03d}" for n in range(70)]] * 2

    pages = pdf_pages(content)
    summary = pages[: pages_count(ringkasan)]
    text = "".join(summary)
    assert re.search(r"Jumlah rencana aksi\s+70\b", text) and "Dirinci" not in text
    first = len(summary) + 1
    assert re.search(rf"4\.1\s+Dinas Kesehatan\s+70\s+{first}–{len(pages)}", text)
    for number, page in enumerate(pages[len(summary) :], start=first):
        assert KOP_LAMPIRAN.search(page).groups() == ("1", "Dinas Kesehatan") and page.rstrip().endswith(
            f"Halaman {number}"
        )
    outline = [item.title for item in PdfReader(io.BytesIO(content)).outline if not isinstance(item, list)]
    assert outline == ["Ringkasan", "4.1 Dinas Kesehatan"]
