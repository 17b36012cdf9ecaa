"""Text typed by users is inert everywhere it is shown: HTML pages, PDF reports and spreadsheet exports."""

import datetime
import io
import re
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from evaluasi.paket import paket_bukti_zip
from evaluasi.reports import laporan_evaluasi_pdf, laporan_rad_pdf
from gugus_tugas.models import AddendumNotulen, AgendaRapat, Keputusan, Rapat, TindakLanjut
from kasus.models import CatatanKasus
from klaster.models import Indikator
from rad_kla.models import Realisasi
from tests.evaluasi.factories import PenilaianIndikatorFactory
from tests.gugus_tugas.factories import RapatFactory, TindakLanjutFactory
from tests.kasus.factories import KasusFactory, KelurahanFactory, KorbanFactory
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# One value holds both: the first escapes a text node, the second an attribute value.
PAYLOAD = f"Uji {SCRIPT} dan {IMG} akhir"
FORMULAS = ['=HYPERLINK("http://contoh.invalid","klik")', "+1+1", "-1+1", "@SUM(1+1)"]


def flat(text: str) -> str:
    """Text without whitespace: PDF table cells wrap long values across lines."""
    return "".join(text.split())


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def assert_inert(html: str, where: str) -> None:
    assert SCRIPT not in html, where
    assert "<img src=x" not in html, where
    assert "onerror=alert(1)>" not in html, where


@pytest.fixture
def hostile(opd_dinkes, operator_dinkes, admin_user, petugas_kasus):
    """One object of each kind whose free text holds PAYLOAD, all dated 2025."""
    indikator = Indikator.objects.get(kode="14")
    rencana = RencanaAksiFactory(kode="XSS-001", opd=opd_dinkes, uraian=PAYLOAD, indikator_keluaran=PAYLOAD)
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal("10"), pagu=100_000_000)
    realisasi = RealisasiFactory(
        rencana_aksi=rencana,
        periode=PeriodeFactory(tahun=2025, nomor=2),
        narasi=PAYLOAD,
        kendala=PAYLOAD,
        catatan_verifikator=PAYLOAD,
        status=Realisasi.Status.DIAJUKAN,
        dibuat_oleh=operator_dinkes,
    )
    rapat = RapatFactory(
        judul=PAYLOAD,
        tempat=PAYLOAD,
        pimpinan_rapat=PAYLOAD,
        notulen=PAYLOAD,
        penyelenggara=opd_dinkes,
        status=Rapat.Status.SELESAI,
        mulai=timezone.make_aware(datetime.datetime(2025, 11, 6, 9, 0)),
    )
    AgendaRapat.objects.create(rapat=rapat, urutan=1, uraian=PAYLOAD)
    Keputusan.objects.create(rapat=rapat, urutan=1, uraian=PAYLOAD)
    AddendumNotulen.objects.create(rapat=rapat, isi=PAYLOAD, dibuat_oleh=admin_user)
    tindak_lanjut = TindakLanjutFactory(
        rapat=rapat,
        uraian=PAYLOAD,
        catatan=PAYLOAD,
        opd=opd_dinkes,
        status=TindakLanjut.Status.PROSES,
        batas_waktu=datetime.date(2025, 11, 20),
    )
    rencana.tindak_lanjut.add(tindak_lanjut)
    kasus = KasusFactory(kronologi=PAYLOAD, tanggal_lapor=datetime.date(2025, 3, 10), dibuat_oleh=petugas_kasus)
    KorbanFactory(kasus=kasus)
    CatatanKasus.objects.create(kasus=kasus, isi=PAYLOAD, oleh=petugas_kasus)
    penilaian = PenilaianIndikatorFactory(indikator=indikator, narasi=PAYLOAD)
    # A second version of each text, so the change history (audit trail) shown on the pages holds it too.
    for obj, field in ((rapat, "notulen"), (realisasi, "narasi"), (tindak_lanjut, "catatan"), (penilaian, "narasi")):
        setattr(obj, field, f"{PAYLOAD} (diperbaiki)")
        obj.save()
    return {
        "rencana": rencana,
        "realisasi": realisasi,
        "rapat": rapat,
        "tindak_lanjut": tindak_lanjut,
        "kasus": kasus,
        "penilaian": penilaian,
        "indikator": indikator,
    }


def test_every_page_showing_user_text_escapes_it(
    client, hostile, admin_user, operator_dinkes, koordinator_klaster3, petugas_kasus
):
    rencana, realisasi, rapat = hostile["rencana"], hostile["realisasi"], hostile["rapat"]
    tindak_lanjut, kasus, indikator = hostile["tindak_lanjut"], hostile["kasus"], hostile["indikator"]
    pages = [
        (admin_user, reverse("rad_kla:index")),
        (admin_user, reverse("rad_kla:detail", args=[rencana.pk])),
        (admin_user, reverse("rad_kla:realisasi_detail", args=[realisasi.pk])),
        (koordinator_klaster3, reverse("rad_kla:verifikasi")),
        (operator_dinkes, reverse("rad_kla:saya")),
        (admin_user, reverse("gugus_tugas:rapat")),
        (admin_user, reverse("gugus_tugas:rapat_detail", args=[rapat.pk])),
        (admin_user, reverse("gugus_tugas:rapat_daftar_hadir", args=[rapat.pk])),
        (admin_user, reverse("gugus_tugas:tindak_lanjut")),
        (operator_dinkes, reverse("gugus_tugas:tindak_lanjut_saya")),
        (operator_dinkes, reverse("gugus_tugas:tindak_lanjut_detail", args=[tindak_lanjut.pk])),
        (petugas_kasus, reverse("kasus:detail", args=[kasus.pk])),
        (admin_user, reverse("evaluasi:indikator", args=[2025, indikator.pk])),
    ]
    for user, url in pages:
        client.force_login(user)
        if url == reverse("kasus:detail", args=[kasus.pk]):
            # The chronology and the notes show only after a logged reveal.
            reveal = {"jenis_alasan": "pendampingan", "alasan": "Pendampingan korban ke RSUD."}
            assert client.post(reverse("kasus:identitas", args=[kasus.pk]), reveal).status_code == 302
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_inert(html, url)
        assert escape(PAYLOAD) in html or escape(PAYLOAD).replace("&#x27;", "&#39;") in html, url
    # Pages that may mention the objects (dashboards, lists of choices) must stay inert too.
    for user in (admin_user, operator_dinkes, koordinator_klaster3, petugas_kasus):
        client.force_login(user)
        for url in (
            "/",
            reverse("evaluasi:index"),
            reverse("evaluasi:laporan"),
            reverse("kasus:index"),
            reverse("rad_kla:rekap"),
            reverse("gugus_tugas:index"),
            reverse("klaster:indikator_detail", args=[indikator.pk]),
        ):
            response = client.get(url)
            if response.status_code == 200:
                assert_inert(response.content.decode(), f"{url} ({user.username})")


def test_forms_show_the_stored_text_back_escaped(client, hostile, admin_user, operator_dinkes):
    rapat = hostile["rapat"]
    rapat.status = Rapat.Status.TERJADWAL
    rapat.save(update_fields=["status"])
    rencana, periode = hostile["rencana"], hostile["realisasi"].periode
    realisasi = hostile["realisasi"]
    realisasi.status = Realisasi.Status.DRAFT
    realisasi.save(update_fields=["status"])
    for user, url in (
        (admin_user, reverse("gugus_tugas:rapat_ubah", args=[rapat.pk])),
        (operator_dinkes, reverse("rad_kla:realisasi_isi", args=[rencana.pk, periode.pk])),
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_inert(html, url)
        assert escape(PAYLOAD) in html or escape(PAYLOAD).replace("&#x27;", "&#39;") in html, url


def test_the_minutes_pdf_prints_the_text_literally(client, hostile, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("gugus_tugas:rapat_notulen_pdf", args=[hostile["rapat"].pk]))
    assert response.status_code == 200
    text = flat(pdf_text(response.content))
    # Title, agenda, minutes, decision, follow-up and addendum: each prints the markup as text.
    assert text.count(flat(PAYLOAD)) >= 6


def test_the_report_pdfs_print_the_text_literally(hostile):
    evaluasi = flat(pdf_text(laporan_evaluasi_pdf(tahun=2025)))
    assert flat(SCRIPT) in evaluasi
    assert flat(IMG) in evaluasi
    assert flat(PAYLOAD) in evaluasi  # narrative and meeting title
    rad = flat(pdf_text(laporan_rad_pdf(tahun=2025)))
    assert flat(PAYLOAD) in rad  # output indicator of the action


def formula_cells(workbook) -> list[str]:
    """Cells a spreadsheet program would evaluate: formulas, or text starting with = + - @ without a quote prefix."""
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate}={cell.value!r} (formula)")
                elif (
                    isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")) and not cell.quotePrefix
                ):
                    found.append(f"{sheet.title}!{cell.coordinate}={cell.value!r} (no quote prefix)")
    return found


def texts(workbook) -> set[str]:
    return {str(c.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row if c.value}


@pytest.fixture
def formulas(opd_dinkes, petugas_kasus):
    """Free text starting with a formula character in the RAD, the cases and the self-assessment."""
    rencana = RencanaAksiFactory(
        kode="XLS-001",
        opd=opd_dinkes,
        uraian=FORMULAS[0],
        indikator_keluaran=FORMULAS[1],
        program=FORMULAS[2],
        kegiatan=FORMULAS[3],
        satuan="@unit",
    )
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal("10"), pagu=100_000_000)
    kelurahan = KelurahanFactory(nama=FORMULAS[0][:100])
    KorbanFactory(kasus=KasusFactory(kelurahan=kelurahan, tanggal_lapor=datetime.date(2025, 3, 10)))
    for kode, narasi in zip(("4", "5", "6", "14"), FORMULAS, strict=True):
        PenilaianIndikatorFactory(indikator=Indikator.objects.get(kode=kode), narasi=narasi)


def test_the_rad_excel_export_keeps_formulas_as_text(client, formulas, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("rad_kla:ekspor"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert formula_cells(workbook) == []
    assert set(FORMULAS) <= texts(workbook)


def test_the_case_exports_keep_formulas_as_text(client, formulas, admin_user):
    client.force_login(admin_user)
    workbook = load_workbook(io.BytesIO(client.get(reverse("kasus:ekspor"), {"format": "xlsx"}).content))
    assert formula_cells(workbook) == []
    assert any(FORMULAS[0][:50] in value for value in texts(workbook))
    csv_text = client.get(reverse("kasus:ekspor"), {"format": "csv"}).content.decode("utf-8-sig")
    cells = [cell.strip('"') for line in csv_text.splitlines() for cell in line.split(",")]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert "'=HYPERLINK(" in csv_text


def test_the_evidence_pack_index_keeps_formulas_as_text(formulas):
    with zipfile.ZipFile(io.BytesIO(paket_bukti_zip(tahun=2025))) as archive:
        workbook = load_workbook(io.BytesIO(archive.read("index.xlsx")))
    assert formula_cells(workbook) == []
    assert set(FORMULAS) <= texts(workbook)


def test_the_calendar_invitation_cannot_be_given_extra_properties(client, admin_user):
    rapat = RapatFactory(
        judul="Rakor\rATTACH:http://contoh.invalid/a.exe",
        tempat="Aula\nX-INJEKSI:1",
        status=Rapat.Status.TERJADWAL,
    )
    AgendaRapat.objects.create(rapat=rapat, urutan=1, uraian="Pembukaan\r\nORGANIZER:mailto:palsu@contoh.invalid")
    client.force_login(admin_user)
    ics = client.get(reverse("gugus_tugas:rapat_ics", args=[rapat.pk])).content.decode()
    names = [line.split(":", 1)[0] for line in re.split(r"\r\n|\r|\n", ics) if line and not line.startswith(" ")]
    assert not {"ATTACH", "X-INJEKSI", "ORGANIZER"} & set(names), names
    assert names.count("SUMMARY") == 1
