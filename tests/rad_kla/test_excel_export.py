"""Exporting the RAD to Excel: layout, yearly figures, formula safety, round trip and a constant query count."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gugus_tugas.models import ProfilDaerah
from rad_kla.excel import rencana_export, rencana_template
from rad_kla.models import Realisasi, RencanaAksi, TargetTahunan
from rad_kla.selectors import rencana_list
from rad_kla.services import rencana_import
from tests.gugus_tugas.factories import KecamatanFactory, OPDFactory
from tests.rad_kla.excel_utils import YEARS, read
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db


def export(tahun=2025, filters=None) -> bytes:
    return rencana_export(rencana_list(user=None, tahun=tahun, filters=filters))


def sheet_rows(content: bytes) -> tuple[list, list[dict]]:
    ws = read(content)["RAD KLA"]
    rows = list(ws.iter_rows(values_only=True))
    headers = list(rows[0])
    return headers, [dict(zip(headers, values, strict=True)) for values in rows[1:]]


def full_action(kode="R-1", **kwargs):
    rencana = RencanaAksiFactory(
        kode=kode,
        program="Program Pemenuhan Upaya Kesehatan",
        kode_program="1.02.02",
        kegiatan="Penyediaan layanan kesehatan",
        kode_kegiatan="1.02.02.2.02",
        sub_kegiatan="Pengelolaan pelayanan kesehatan anak",
        kode_sub_kegiatan="1.02.02.2.02.0004",
        baseline=Decimal("4.50"),
        sumber_dana="dak",
        lokasi=KecamatanFactory(nama=f"Metro {kode}"),
        **kwargs,
    )
    rencana.opd_terkait.set([OPDFactory(singkatan=f"T{kode}a"), OPDFactory(singkatan=f"T{kode}b")])
    for tahun in YEARS:
        TargetTahunanFactory(rencana_aksi=rencana, tahun=tahun, target=Decimal(tahun - 2020), pagu=tahun * 1000)
    return rencana


def test_one_row_per_action_with_every_column_and_rad_year():
    rencana = full_action()
    RealisasiFactory(
        rencana_aksi=rencana,
        periode=PeriodeFactory(tahun=2025, nomor=1),
        nilai_capaian=Decimal("2"),
        realisasi_anggaran=1000,
    )
    RealisasiFactory(
        rencana_aksi=rencana,
        periode=PeriodeFactory(tahun=2025, nomor=2),
        nilai_capaian=Decimal("3"),
        realisasi_anggaran=1500,
    )
    RealisasiFactory(
        rencana_aksi=rencana,
        periode=PeriodeFactory(tahun=2025, nomor=3),
        nilai_capaian=Decimal("9"),
        realisasi_anggaran=9999,
        status=Realisasi.Status.DRAFT,
    )
    headers, rows = sheet_rows(export())
    assert headers[:18] == [
        "Kode", "Klaster", "Indikator KLA", "Kode Program", "Program", "Kode Kegiatan", "Kegiatan",
        "Kode Sub Kegiatan", "Sub Kegiatan", "Uraian Aksi", "Indikator Keluaran", "Satuan", "Baseline", "Arah",
        "OPD Penanggung Jawab", "OPD Terkait", "Sumber Dana", "Lokasi",
    ]  # fmt: skip
    assert headers[18:22] == ["Target 2024", "Pagu 2024", "Capaian 2024", "Realisasi Anggaran 2024"]
    assert headers[-1] == "Realisasi Anggaran 2030"
    [data] = rows
    assert data["Kode"] == "R-1"
    assert data["Klaster"] == rencana.indikator.klaster.nama
    assert data["Indikator KLA"] == str(rencana.indikator)
    assert (data["Kode Sub Kegiatan"], data["Baseline"], data["Sumber Dana"]) == ("1.02.02.2.02.0004", 4.5, "DAK")
    assert data["OPD Penanggung Jawab"] == rencana.opd.singkatan
    assert data["OPD Terkait"] == "TR-1a; TR-1b"
    assert data["Lokasi"] == "Metro R-1"
    assert (data["Target 2025"], data["Pagu 2025"]) == (5, 2_025_000)
    # The latest reported period gives the level; drafts do not count; spending adds up.
    assert (data["Capaian 2025"], data["Realisasi Anggaran 2025"]) == (3, 2500)
    assert (data["Capaian 2024"], data["Realisasi Anggaran 2024"]) == (None, None)


def test_header_is_bold_and_frozen_and_columns_have_widths():
    full_action()
    ws = read(export())["RAD KLA"]
    assert ws["A1"].font.b and ws["S1"].font.b
    assert ws.freeze_panes == "B2"
    assert ws.column_dimensions["J"].width == 48


def test_years_follow_the_region_profile():
    ProfilDaerah.objects.create(
        nama_daerah="Uji", jenis="kota", provinsi="Lampung", kode="18.72", tahun_rad_mulai=2025, tahun_rad_selesai=2026
    )
    headers, _rows = sheet_rows(export())
    assert [h for h in headers if h.startswith("Target")] == ["Target 2025", "Target 2026"]


def test_text_that_looks_like_a_formula_is_written_as_text():
    RencanaAksiFactory(kode="F-1", uraian="=HYPERLINK(\"http://contoh.invalid\",\"klik\")",
                       indikator_keluaran="+62 811", satuan="@anak", program="-1+2")  # fmt: skip
    ws = read(export())["RAD KLA"]
    for column in "EJKL":
        cell = ws[f"{column}2"]
        assert cell.data_type == "s", column
        assert cell.quotePrefix, column
    assert ws["J2"].value == '=HYPERLINK("http://contoh.invalid","klik")'
    assert ws["A2"].quotePrefix is False


def test_export_then_import_changes_nothing():
    rencana = [full_action("R-1"), full_action("R-2")]
    RencanaAksiFactory(kode="R-3", uraian="=1+1 bukan rumus")
    content = export()
    history = (RencanaAksi.history.count(), TargetTahunan.history.count())
    result = rencana_import(io.BytesIO(content), filename="rad-kla-2025.xlsx")
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert result.unrecognised_headers == []
    assert (RencanaAksi.history.count(), TargetTahunan.history.count()) == history
    assert set(rencana[0].opd_terkait.values_list("singkatan", flat=True)) == {"TR-1a", "TR-1b"}


def test_export_follows_the_filters():
    dinsos = OPDFactory(singkatan="Dinsos")
    RencanaAksiFactory(kode="S-1", opd=dinsos)
    RencanaAksiFactory(kode="S-2")
    _headers, rows = sheet_rows(export(filters={"opd": dinsos.pk}))
    assert [r["Kode"] for r in rows] == ["S-1"]


def test_export_query_count_does_not_grow_with_rows():
    full_action("Q-1")
    with CaptureQueriesContext(connection) as small:
        export()
    for n in range(2, 12):
        rencana = full_action(f"Q-{n}")
        RealisasiFactory(rencana_aksi=rencana, periode=PeriodeFactory(tahun=2024 + n % 3, nomor=1 + n % 4))
    with CaptureQueriesContext(connection) as large:
        export()
    assert len(large) == len(small) == 4


def test_template_has_the_headers_no_rows_and_a_petunjuk_sheet():
    wb = read(rencana_template())
    ws = wb["RAD KLA"]
    assert ws.max_row == 1 and ws["A1"].value == "Kode" and ws.freeze_panes == "B2"
    petunjuk = {row[0]: row[1] for row in wb["Petunjuk"].iter_rows(min_row=2, values_only=True)}
    assert "naik" in petunjuk["Arah"] and "turun" in petunjuk["Arah"]
    assert all(name in petunjuk["Sumber Dana"] for name in ["APBD", "APBN", "DAK", "CSR", "Lainnya"])
    assert "dicocokkan" in petunjuk["Kode"]
    assert "semua kolom target" in petunjuk["Target 2024–2030"]
