"""Importing a RAD matrix: matching by kode, header mapping, every validation error, all or nothing."""

import ast
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

import rad_kla.excel
from klaster.models import Indikator
from rad_kla.excel import rencana_parse
from rad_kla.models import RencanaAksi, TargetTahunan
from rad_kla.services import rencana_import
from tests.gugus_tugas.factories import KecamatanFactory, OPDFactory
from tests.rad_kla.excel_utils import BASE, YEARS, row, target_headers, xlsx
from tests.rad_kla.factories import PeriodeFactory, RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db

HEADERS = [*BASE, *target_headers()]


@pytest.fixture
def dinkes(db):
    return OPDFactory(nama="Dinas Kesehatan", singkatan="Dinkes")


def run(headers, rows, **kwargs):
    return rencana_import(xlsx(headers, rows), filename="uji.xlsx", **kwargs)


def messages(result):
    return [(error.baris, error.pesan) for error in result.errors]


def test_a_valid_sheet_creates_actions_with_targets_and_history(dinkes):
    result = run(HEADERS, [row("A-1"), row("A-2")])
    assert result.ok and result.saved
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    rencana = RencanaAksi.objects.get(kode="A-1")
    assert rencana.opd == dinkes and rencana.indikator.kode == "14" and rencana.arah == rencana.indikator.arah
    assert [t.tahun for t in rencana.target.all()] == YEARS
    assert rencana.target.get(tahun=2026).pagu == 3_000_000
    history = rencana.history.get()
    assert history.history_type == "+" and history.history_change_reason.startswith("Impor Excel uji.xlsx")
    assert TargetTahunan.history.filter(rencana_aksi_id=rencana.pk).count() == len(YEARS)


def test_reimporting_the_same_sheet_changes_nothing(dinkes):
    run(HEADERS, [row("A-1"), row("A-2")])
    result = run(HEADERS, [row("A-1"), row("A-2")])
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert RencanaAksi.history.count() == 2
    assert TargetTahunan.history.count() == 2 * len(YEARS)


def test_reimport_updates_by_kode_and_never_duplicates(dinkes):
    run(HEADERS, [row("A-1"), row("A-2")])
    changed = row("A-1", uraian="Pembinaan PRA tahap lanjut")
    changed[HEADERS.index("Target 2025")] = "9"
    result = run(HEADERS, [changed, row("A-2"), row("A-3")])
    assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
    assert RencanaAksi.objects.count() == 3
    rencana = RencanaAksi.objects.get(kode="A-1")
    assert rencana.uraian == "Pembinaan PRA tahap lanjut"
    assert rencana.target.get(tahun=2025).target == Decimal("9")
    assert rencana.target.count() == len(YEARS)


def test_reimport_writes_every_changed_field_with_history_and_leaves_the_rest_alone(dinkes):
    dinsos = OPDFactory(nama="Dinas Sosial", singkatan="Dinsos")
    KecamatanFactory(nama="Metro Barat")
    headers = [*HEADERS, "OPD Terkait", "Lokasi", "Baseline", "Program", "Sumber Dana"]
    run(
        headers,
        [[*row("U-1"), "Dinsos", "Metro Barat", "3", "Program lama", "APBD"], [*row("U-2"), "", "", "", "", ""]],
    )
    changed = row("U-1", indikator="19", opd="Dinsos", satuan="sekolah")
    changed[HEADERS.index("Pagu 2030")] = "9.999"
    result = run(headers, [[*changed, "Dinkes", "", "4,25", "Program baru", "CSR"], [*row("U-2"), "", "", "", "", ""]])
    assert (result.updated, result.unchanged) == (1, 1)
    rencana = RencanaAksi.objects.get(kode="U-1")
    assert (rencana.indikator.kode, rencana.opd, rencana.satuan, rencana.lokasi, rencana.baseline) == (
        "19",
        dinsos,
        "sekolah",
        None,
        Decimal("4.25"),
    )
    assert (rencana.program, rencana.sumber_dana) == ("Program baru", "csr")
    assert list(rencana.opd_terkait.all()) == [dinkes]
    assert rencana.target.get(tahun=2030).pagu == 9_999
    assert rencana.target.get(tahun=2029).pagu == 6_000_000
    latest = rencana.history.first()
    assert latest.history_type == "~" and latest.history_change_reason.startswith("Impor Excel uji.xlsx")
    assert latest.prev_record.satuan == "puskesmas"
    assert TargetTahunan.history.filter(rencana_aksi_id=rencana.pk, history_type="~").count() == 1
    assert RencanaAksi.objects.get(kode="U-2").history.count() == 1


def test_columns_missing_from_the_sheet_keep_what_is_stored(dinkes):
    rencana = RencanaAksiFactory(
        kode="K-1", opd=dinkes, arah="turun", program="Program tetap", uraian="Pembinaan PRA", satuan="puskesmas",
        indikator_keluaran="Puskesmas terbina",
    )  # fmt: skip
    result = run(BASE, [row("K-1", targets=[])])
    assert (result.updated, result.unchanged) == (0, 1)
    rencana.refresh_from_db()
    assert (rencana.arah, rencana.program) == ("turun", "Program tetap")


def test_an_empty_arah_follows_the_indicator(dinkes):
    RencanaAksiFactory(kode="K-1", opd=dinkes, arah="turun")
    result = run([*BASE, "Arah"], [[*row("K-1", indikator="7", targets=[]), None]])
    assert result.ok and result.updated == 1
    assert RencanaAksi.objects.get(kode="K-1").arah == Indikator.objects.get(kode="7").arah


def test_a_changed_target_that_has_realisations_keeps_the_import_reason(dinkes):
    rencana = RencanaAksiFactory(kode="A-1", opd=dinkes)
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal("10"), pagu=5_000_000)
    RealisasiFactory(rencana_aksi=rencana, periode=PeriodeFactory(tahun=2025, nomor=1))
    result = run([*BASE, "Target 2025", "Pagu 2025"], [row("A-1", targets=[("12", 5_000_000)])])
    assert result.ok and result.updated == 1
    target = rencana.target.get(tahun=2025)
    assert target.target == Decimal("12")
    assert target.history.first().history_change_reason.startswith("Impor Excel uji.xlsx")


def test_headers_are_matched_by_name_in_any_order_and_unknown_ones_reported(dinkes):
    headers = ["  OPD ", "Satuan", "indikator", "AKSI", "Catatan Bappeda", "Indikator  Keluaran", "KODE", "target 2025"]
    values = ["dinas kesehatan", "sekolah", "Indikator 19", "Deklarasi SRA", "abaikan", "Sekolah ramah anak", "B-1", 4]
    result = run(headers, [values])
    assert result.ok, result.errors
    assert result.unrecognised_headers == ["Catatan Bappeda"]
    rencana = RencanaAksi.objects.get(kode="B-1")
    assert (rencana.uraian, rencana.satuan, rencana.opd, rencana.indikator.kode) == (
        "Deklarasi SRA",
        "sekolah",
        dinkes,
        "19",
    )
    assert rencana.target.get().target == Decimal("4")


def test_other_header_synonyms_are_recognised(dinkes):
    headers = [
        "Kode",
        "Indikator",
        "Uraian Aksi",
        "Keluaran",
        "Satuan",
        "Perangkat Daerah",
        "Pagu Anggaran 2025 (Rp)",
        "Target Tahun 2025",
    ]
    result = run(headers, [["C-1", "14", "Aksi", "Keluaran", "unit", "Dinkes", "2.500.000", 1]])
    assert result.ok, result.errors
    assert result.unrecognised_headers == []
    assert RencanaAksi.objects.get(kode="C-1").target.get().pagu == 2_500_000


def test_a_title_above_the_header_row_is_skipped_and_rows_keep_their_sheet_numbers(dinkes):
    wb = Workbook()
    ws = wb.active
    ws.append(["MATRIKS RAD KLA KOTA METRO 2024-2030"])
    ws.append([])
    ws.append(HEADERS)
    ws.append(row("T-1"))
    ws.append(row("T-2", opd="Tidak Ada"))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = rencana_import(buffer, filename="judul.xlsx")
    assert messages(result) == [(5, 'OPD "Tidak Ada" tidak dikenal.')]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"OPD Penanggung Jawab": "Dinas Entah"}, 'OPD "Dinas Entah" tidak dikenal.'),
        ({"Indikator KLA": "99"}, 'Indikator KLA "99" tidak dikenal.'),
        ({"Indikator KLA": "Indikator yang tidak ada"}, 'Indikator KLA "Indikator yang tidak ada" tidak dikenal.'),
        ({"Target 2027": None}, "Target 2027 kosong, padahal target tahun lain diisi; tulis 0 bila tidak ada target."),
        ({"Target 2027": "-"}, "Target 2027 kosong, padahal target tahun lain diisi; tulis 0 bila tidak ada target."),
        ({"Target 2025": "sepuluh"}, 'Target 2025 berisi "sepuluh", bukan angka.'),
        ({"Pagu 2026": "Rp satu juta"}, 'Pagu 2026 berisi "Rp satu juta", bukan angka.'),
        ({"Target 2024": -3}, "Target 2024 tidak boleh negatif (-3)."),
        ({"Pagu 2024": "-1.000"}, "Pagu 2024 tidak boleh negatif (-1.000)."),
        ({"Pagu 2024": "12,5"}, "Pagu 2024 harus bilangan bulat Rupiah tanpa desimal (12,5)."),
        ({"Kode": None}, "Kode wajib diisi."),
        ({"Uraian Aksi": "  "}, "Uraian Aksi wajib diisi."),
        ({"Indikator Keluaran": None}, "Indikator Keluaran wajib diisi."),
        ({"Satuan": None}, "Satuan wajib diisi."),
        ({"Indikator KLA": None}, "Indikator KLA wajib diisi."),
        ({"OPD Penanggung Jawab": None}, "OPD Penanggung Jawab wajib diisi."),
    ],
)
def test_each_bad_value_is_reported_with_its_row_number(dinkes, changes, expected):
    bad = row("X-2")
    for header, value in changes.items():
        bad[HEADERS.index(header)] = value
    result = run(HEADERS, [row("X-1"), bad, row("X-3")])
    assert messages(result) == [(3, expected)]
    assert not result.saved
    assert RencanaAksi.objects.count() == 0


def test_optional_columns_are_checked_too(dinkes):
    headers = [*BASE, "Arah", "Sumber Dana", "Lokasi", "OPD Terkait", "Baseline"]
    bad = [*row("O-1", targets=[]), "miring", "Hibah", "Kelurahan Entah", "Dinkes; Dinas Entah", "banyak"]
    result = run(headers, [bad])
    assert messages(result) == [
        (2, 'Baseline berisi "banyak", bukan angka.'),
        (2, 'Arah "miring" tidak dikenal; gunakan naik atau turun.'),
        (2, 'Sumber dana "Hibah" tidak dikenal; gunakan APBD, APBN, DAK, CSR atau Lainnya.'),
        (2, 'Lokasi "Kelurahan Entah" tidak dikenal.'),
        (2, 'OPD terkait "Dinas Entah" tidak dikenal.'),
    ]


def test_a_too_long_value_gets_the_models_message(dinkes):
    result = run(HEADERS, [row("K" * 31)])
    assert len(result.errors) == 1 and result.errors[0].baris == 2
    assert result.errors[0].pesan.startswith("Kode:")


def test_a_duplicate_kode_in_the_file_is_reported_with_the_first_row(dinkes):
    result = run(HEADERS, [row("D-1"), row("D-2"), row("D-1")])
    assert messages(result) == [(4, "Kode D-1 sudah dipakai di baris 2.")]


def test_a_year_column_outside_the_rad_years_is_refused(dinkes):
    result = run([*BASE, "Target 2025", "Target 2031"], [[*row("Y-1", targets=[]), 1, 2]])
    assert messages(result) == [(1, 'Kolom "Target 2031" berada di luar tahun RAD 2024–2030.')]
    assert RencanaAksi.objects.count() == 0


def test_missing_required_columns_are_named(dinkes):
    result = run(["Kode", "Uraian Aksi", "Satuan"], [["M-1", "Aksi", "unit"]])
    assert messages(result) == [
        (1, 'Kolom wajib "Indikator KLA" tidak ditemukan.'),
        (1, 'Kolom wajib "OPD Penanggung Jawab" tidak ditemukan.'),
        (1, 'Kolom wajib "Indikator Keluaran" tidak ditemukan.'),
    ]


def test_a_row_without_any_target_is_accepted_and_keeps_stored_targets(dinkes):
    rencana = RencanaAksiFactory(kode="E-1", opd=dinkes, uraian="Pembinaan PRA", satuan="puskesmas")
    TargetTahunanFactory(rencana_aksi=rencana, tahun=2025, target=Decimal("7"))
    result = run(HEADERS, [row("E-1", targets=[(None, None)] * len(YEARS))])
    assert result.ok
    assert rencana.target.get().target == Decimal("7")


def test_a_budget_without_its_target_is_refused(dinkes):
    targets = [(None, None)] * len(YEARS)
    targets[1] = (None, 5_000_000)
    result = run(HEADERS, [row("P-1", targets=targets)])
    assert messages(result) == [(2, "Pagu 2025 diisi tanpa target tahun itu.")]


@pytest.mark.parametrize(
    ("target", "pagu", "expected_target", "expected_pagu"),
    [
        ("12,5", "1.250.000", Decimal("12.5"), 1_250_000),
        ("1.250,75", "Rp 2.000.000", Decimal("1250.75"), 2_000_000),
        ("12.5", 1250000, Decimal("12.5"), 1_250_000),
        (33.333333, 1250000.0, Decimal("33.33"), 1_250_000),
        ("1.000", "0", Decimal("1000"), 0),
        ("0", "Rp. 750.000", Decimal("0"), 750_000),
        ("96%", "Rp. 20.000.000,-", Decimal("96"), 20_000_000),
        ("1,250.5", "45.000.000", Decimal("1250.5"), 45_000_000),
        ("12,5", "-", Decimal("12.5"), 0),
    ],
)
def test_indonesian_number_formats_are_understood(dinkes, target, pagu, expected_target, expected_pagu):
    result = run([*BASE, "Target 2025", "Pagu 2025"], [row("N-1", targets=[(target, pagu)])])
    assert result.ok, result.errors
    stored = RencanaAksi.objects.get(kode="N-1").target.get()
    assert (stored.target, stored.pagu) == (expected_target, expected_pagu)


def test_one_bad_row_saves_nothing_and_leaves_the_database_as_it_was(dinkes):
    existing = RencanaAksiFactory(kode="A-1", opd=dinkes, uraian="Lama")
    TargetTahunanFactory(rencana_aksi=existing, tahun=2025, target=Decimal("3"))
    before = (list(RencanaAksi.objects.values()), list(TargetTahunan.objects.values()), RencanaAksi.history.count())
    rows = [row("A-1", uraian="Baru"), *[row(f"A-{n}") for n in range(2, 50)], row("A-50", opd="Dinas Entah")]
    result = run(HEADERS, rows)
    assert messages(result) == [(51, 'OPD "Dinas Entah" tidak dikenal.')]
    assert (result.created, result.updated) == (48, 1)
    after = (list(RencanaAksi.objects.values()), list(TargetTahunan.objects.values()), RencanaAksi.history.count())
    assert after == before


def test_dry_run_reports_the_counts_and_saves_nothing(dinkes):
    RencanaAksiFactory(kode="A-1", opd=dinkes)
    result = run(HEADERS, [row("A-1"), row("A-2")], dry_run=True)
    assert result.ok and not result.saved
    assert (result.created, result.updated) == (1, 1)
    assert list(RencanaAksi.objects.values_list("kode", flat=True)) == ["A-1"]
    assert TargetTahunan.objects.count() == 0


def test_indicator_opd_location_and_related_opds_are_matched_by_name(dinkes):
    KecamatanFactory(nama="Metro Pusat")
    dinsos = OPDFactory(nama="Dinas Sosial", singkatan="Dinsos")
    disdik = OPDFactory(nama="Dinas Pendidikan dan Kebudayaan", singkatan="Disdikbud")
    nama = Indikator.objects.get(kode="7").nama
    headers = [*BASE, "OPD Terkait", "Lokasi", "Sumber Dana", "Arah", "Baseline"]
    values = [*row("L-1", indikator=nama.upper(), opd="DINAS KESEHATAN", targets=[])]
    values += ["dinsos; Dinas Pendidikan dan Kebudayaan", "metro pusat", "dak", "Turun lebih baik", "1.234,5"]
    result = run(headers, [values])
    assert result.ok, result.errors
    rencana = RencanaAksi.objects.get(kode="L-1")
    assert rencana.indikator.kode == "7" and rencana.opd == dinkes
    assert set(rencana.opd_terkait.all()) == {dinsos, disdik}
    assert (rencana.lokasi.nama, rencana.sumber_dana, rencana.arah, rencana.baseline) == (
        "Metro Pusat",
        "dak",
        "turun",
        Decimal("1234.50"),
    )


def test_a_file_that_is_not_a_workbook_is_refused():
    result = rencana_import(io.BytesIO(b"bukan excel"), filename="x.xlsx")
    assert messages(result) == [(0, "Berkas tidak dapat dibaca sebagai workbook Excel (.xlsx).")]


def test_checking_a_sheet_gives_its_valid_rows_and_saves_nothing(dinkes):
    result, rows = rencana_parse(xlsx(HEADERS, [row("C-1"), row("C-2", opd="Dinas Entah")]))
    assert [r.kode for r in rows] == ["C-1"]
    assert messages(result) == [(3, 'OPD "Dinas Entah" tidak dikenal.')]
    assert RencanaAksi.objects.count() == 0


def test_the_sheet_check_imports_no_service():
    # The import service calls the check and then the save; the check calling back into services is a cycle.
    for path in Path(rad_kla.excel.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [getattr(node, "module", None) or "", *(alias.name for alias in node.names)]
                assert not any("services" in name for name in names), path.name
