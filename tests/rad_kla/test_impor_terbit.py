"""A RAD matrix as a region publishes it: detected, checked and saved through the same all-or-nothing import."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from openpyxl import Workbook

from gugus_tugas.models import NamaLainOPD, ProfilDaerah
from rad_kla.excel.matriks_terbit import (
    BarisPeran,
    KelompokGalat,
    Pemetaan,
    baris_classify,
    lembar_terbit_read,
    matriks_terbit_parse,
    pemetaan_detect,
)
from rad_kla.models import NamaLainSumberDana, PemetaanImpor, RencanaAksi, SumberDana, TargetTahunan
from rad_kla.services import rencana_import
from tests.gugus_tugas.factories import KecamatanFactory, OPDFactory
from tests.rad_kla.excel_utils import xlsx_bomb
from tests.rad_kla.terbit_utils import YEARS, Bentuk, matriks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def daerah(db):
    ProfilDaerah.objects.create(
        nama_daerah="Metro",
        jenis="kota",
        provinsi="Lampung",
        kode="18.72",
        tahun_rad_mulai=2024,
        tahun_rad_selesai=2030,
    )
    KecamatanFactory(nama="Metro Pusat")
    dinkes = OPDFactory(nama="Dinas Kesehatan", singkatan="Dinkes")
    dp3 = OPDFactory(nama="Dinas Pemberdayaan Perempuan dan Perlindungan Anak", singkatan="DP3AP2KB")
    NamaLainOPD.objects.create(opd=dp3, nama="Dinas PPPAPPKB")
    OPDFactory(nama="Dinas Pendidikan dan Kebudayaan", singkatan="Disdikbud")
    return dinkes


def imported(bentuk: Bentuk):
    berkas, expected = matriks(bentuk)
    result = rencana_import(berkas, filename=berkas.name)
    return result, expected


def stored_pagu() -> dict:
    rows = TargetTahunan.objects.values("tahun").annotate(total=Sum("pagu")).order_by("tahun")
    return {row["tahun"]: row["total"] for row in rows}


VARIANTS = {
    "umum": Bentuk(),
    "tanpa_pagu": Bentuk(pagu=False),
    "judul_lain": Bentuk(judul="lain"),
    "kolom_nama": Bentuk(judul="kolom"),
    "opd_per_baris": Bentuk(opd_digabung=False),
    "tanpa_tanda_tangan_dan_jumlah": Bentuk(tanda_tangan=False, subtotal=False),
    "tanpa_nomor_kolom": Bentuk(nomor_kolom=False),
    "pita_tanpa_kata": Bentuk(pita_tanpa_kata=True),
    "aksi_berawal_jumlah": Bentuk(uraian={("14", 0, 1): "Jumlah sekolah ramah anak bertambah"}),
    "dua_klaster": Bentuk(
        klaster=[("III", "KESEHATAN DASAR DAN KESEJAHTERAAN", ["14"]), ("IV", "PENDIDIKAN", ["17", "18"])],
        program_per_indikator=2,
    ),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_each_published_shape_imports_its_actions_targets_and_pagu(name):
    result, expected = imported(VARIANTS[name])
    assert result.errors == []
    assert result.saved
    assert (result.rows, result.created) == (expected["aksi"], expected["aksi"])
    assert RencanaAksi.objects.count() == expected["aksi"]
    assert TargetTahunan.objects.count() == expected["aksi"] * len(YEARS)
    pagu = expected["pagu"] if VARIANTS[name].pagu else dict.fromkeys(YEARS, 0)
    assert stored_pagu() == pagu
    assert result.terbit["pagu_total"] == expected["pagu_total"]
    assert {int(t): v for t, v in result.terbit["pagu_per_tahun"].items() if v} == {t: v for t, v in pagu.items() if v}


def test_an_action_keeps_its_place_opd_supporters_funding_and_location():
    imported(Bentuk())
    rencana = RencanaAksi.objects.get(uraian="Aksi 2 untuk indikator 14 program 0")
    assert rencana.indikator.kode == "14"
    assert (rencana.kode_program, rencana.kode_kegiatan, rencana.kode_sub_kegiatan) == (
        "1.04.01",
        "1.04.01.2.01",
        "1.04.01.2.01.0001",
    )
    assert rencana.sub_kegiatan == "Sub Kegiatan Pembinaan 14-0"
    # The OPD is merged down the program block as "Dinas PPPAPPKB", a recorded other spelling.
    assert rencana.opd.singkatan == "DP3AP2KB"
    assert [o.singkatan for o in rencana.opd_terkait.all()] == ["Disdikbud"]
    assert (rencana.arah, rencana.satuan, rencana.baseline) == ("naik", "kegiatan", Decimal("1"))
    assert rencana.kode.startswith("1.04.01.2.01.0001-")
    by_uraian = {r.uraian: r for r in RencanaAksi.objects.select_related("lokasi")}
    sumber = {r.sumber_dana for r in by_uraian.values()}
    assert sumber <= {SumberDana.APBD, SumberDana.DAK}
    lokasi = {r.lokasi.nama if r.lokasi else None for r in by_uraian.values()}
    assert lokasi == {None, "Metro Pusat"}


def test_it_reads_the_header_block_and_gives_every_row_a_role():
    berkas, expected = matriks(Bentuk())
    lembar = lembar_terbit_read(berkas)
    pemetaan = pemetaan_detect(lembar)
    assert (pemetaan.judul_mulai, pemetaan.judul_akhir, pemetaan.baris_nomor, pemetaan.data_mulai) == (4, 6, 7, 8)
    roles = {k.judul: (k.peran, k.tahun) for k in pemetaan.kolom}
    assert roles["TARGET DAN PAGU INDIKATIF | 2026 | Pagu"] == ("pagu", 2026)
    assert roles["TARGET DAN PAGU INDIKATIF | 2026 | Target"] == ("target", 2026)
    assert roles["PROGRAM / KEGIATAN / SUB KEGIATAN"] == ("nomenklatur", None)
    assert roles["OPD PENDUKUNG"] == ("opd_pendukung", None)
    rows = baris_classify(lembar, pemetaan)
    aksi = [r + 1 for r, role in enumerate(rows) if role == BarisPeran.AKSI]
    assert aksi == expected["kode_baris"]
    assert rows[7:12] == [
        BarisPeran.KLASTER,
        BarisPeran.INDIKATOR,
        BarisPeran.PROGRAM,
        BarisPeran.KEGIATAN,
        BarisPeran.SUB_KEGIATAN,
    ]
    assert BarisPeran.SUBTOTAL in rows and rows[-1] == BarisPeran.TANDA_TANGAN


def test_other_header_words_map_to_the_same_roles():
    berkas, _expected = matriks(Bentuk(judul="lain"))
    pemetaan = pemetaan_detect(lembar_terbit_read(berkas))
    roles = {k.judul: (k.peran, k.tahun) for k in pemetaan.kolom}
    assert roles["RENCANA AKSI"] == ("uraian", None)
    assert roles["INDIKATOR KELUARAN"] == ("indikator_kinerja", None)
    assert roles["KONDISI AWAL (2023)"] == ("baseline", None)
    assert roles["PERANGKAT DAERAH | Penanggung Jawab"] == ("opd", None)
    assert roles["PERANGKAT DAERAH | Pendukung"] == ("opd_pendukung", None)
    assert roles["TARGET DAN PAGU INDIKATIF | Tahun 2030 | Pagu (Rp)"] == ("pagu", 2030)


def test_a_revised_matrix_updates_the_actions_instead_of_adding_new_ones():
    imported(Bentuk())
    kodes = set(RencanaAksi.objects.values_list("kode", flat=True))
    result, expected = imported(Bentuk(pagu_dasar=2_000_000, opd_digabung=False))
    assert result.errors == [] and result.saved
    assert (result.created, result.updated) == (0, expected["aksi"])
    assert set(RencanaAksi.objects.values_list("kode", flat=True)) == kodes
    assert stored_pagu() == expected["pagu"]


def test_unknown_names_are_grouped_by_kind_with_counts_and_first_rows_and_nothing_is_saved():
    NamaLainOPD.objects.filter(nama="Dinas PPPAPPKB").delete()
    NamaLainSumberDana.objects.filter(nama="BOK").delete()
    result, _expected = imported(Bentuk())
    assert not result.saved and RencanaAksi.objects.count() == 0
    groups = {g["jenis"]: KelompokGalat(**g) for g in result.terbit["galat"]}
    assert set(groups) == {"opd_tidak_dikenal", "sumber_dana_tidak_dikenal"}
    opd = groups["opd_tidak_dikenal"]
    assert opd.jumlah == 6 and opd.nilai[0]["nilai"] == "Dinas PPPAPPKB"
    assert opd.kalimat() == "OPD tidak dikenal: 6 baris — Dinas PPPAPPKB (baris 13, 14, 15, 21, 22, 23)"
    assert groups["sumber_dana_tidak_dikenal"].nilai[0]["nilai"] == "BOK"
    assert any(e.pesan == "OPD tidak dikenal: Dinas PPPAPPKB" and e.baris == 13 for e in result.errors)


def test_an_alias_added_after_a_failed_check_lets_the_same_file_through():
    NamaLainOPD.objects.filter(nama="Dinas PPPAPPKB").delete()
    berkas, expected = matriks(Bentuk())
    assert not rencana_import(berkas, filename="a.xlsx").ok
    NamaLainOPD.objects.create(opd=OPDFactory._meta.model.objects.get(singkatan="DP3AP2KB"), nama="dinas pppappkb")
    assert rencana_import(berkas, filename="a.xlsx").created == expected["aksi"]


def test_a_saved_mapping_corrects_a_column_the_detection_got_wrong():
    berkas, expected = matriks(Bentuk())
    lembar = lembar_terbit_read(berkas)
    pemetaan = pemetaan_detect(lembar)
    for kolom in pemetaan.kolom:
        if kolom.peran == "lokasi":
            kolom.peran = "abaikan"
    saved = Pemetaan.from_dict(json.loads(json.dumps(pemetaan.as_dict())))
    result, rows, _ringkasan = matriks_terbit_parse(berkas, pemetaan=saved)
    assert result.errors == [] and len(rows) == expected["aksi"]
    assert all("lokasi" not in row.fields for row in rows)
    assert "LOKASI" in result.unrecognised_headers


def test_the_summary_counts_skipped_rows_by_role():
    berkas, expected = matriks(Bentuk())
    _result, _rows, ringkasan = matriks_terbit_parse(berkas)
    assert ringkasan.baris_aksi == expected["aksi"]
    assert ringkasan.dilewati[BarisPeran.KLASTER] == 1
    assert ringkasan.dilewati[BarisPeran.INDIKATOR] == 2
    assert ringkasan.dilewati[BarisPeran.PROGRAM] == 2
    assert ringkasan.dilewati[BarisPeran.SUBTOTAL] == 3
    assert ringkasan.dilewati[BarisPeran.TANDA_TANGAN] == 3


def test_text_targets_with_a_unit_and_bad_pagu_are_reported():
    berkas, _expected = matriks(Bentuk())
    from openpyxl import load_workbook

    wb = load_workbook(berkas)
    ws = wb.active
    ws.cell(13, 8, "lima puluh")
    ws.cell(14, 9, "Rp sejuta")
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = rencana_import(out, filename="x.xlsx")
    kinds = {g["jenis"]: g for g in result.terbit["galat"]}
    assert kinds["target_bukan_angka"]["nilai"][0] == {"nilai": "2024: lima puluh", "jumlah": 1, "baris": [13]}
    assert kinds["pagu_bukan_angka"]["nilai"][0]["baris"] == [14]
    assert RencanaAksi.objects.count() == 0


def _png() -> io.BytesIO:
    data = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    data.name = "foto.xlsx"
    return data


def _csv() -> io.BytesIO:
    data = io.BytesIO(b"KODE;URAIAN AKSI;OPD\n1.02.02;Aksi;Dinkes\n")
    data.name = "rad.xlsx"
    return data


def _encrypted() -> io.BytesIO:
    # An encrypted .xlsx is an OLE compound document (the header every such file starts with).
    data = io.BytesIO(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    data.name = "rahasia.xlsx"
    return data


def _empty() -> io.BytesIO:
    data = io.BytesIO()
    Workbook().save(data)
    data.seek(0)
    data.name = "kosong.xlsx"
    return data


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (_png, "Berkas tidak dapat dibaca sebagai workbook Excel (.xlsx)."),
        (_csv, "Berkas tidak dapat dibaca sebagai workbook Excel (.xlsx)."),
        (_encrypted, "Berkas ini dilindungi kata sandi atau berformat Excel lama (.xls)"),
        (_empty, "Lembar kerja kosong"),
        (lambda: xlsx_bomb(120), "Isi berkas Excel terlalu besar setelah dibuka"),
    ],
    ids=["foto", "csv", "terenkripsi", "kosong", "bom_zip"],
)
def test_a_bad_file_gives_one_clear_sentence_and_saves_nothing(make, sentence):
    _result, rows, _ringkasan = matriks_terbit_parse(make())
    assert rows == []
    result = rencana_import(make(), filename="x.xlsx", pemetaan=Pemetaan(kolom=[]))
    assert len(result.errors) == 1 and result.errors[0].pesan.startswith(sentence)
    assert not result.saved and RencanaAksi.objects.count() == 0


def manage(*args) -> int:
    try:
        call_command("import_rad", *args)
    except CommandError as exc:
        return exc.returncode
    return 0


def published_file(tmp_path, bentuk: Bentuk | None = None):
    berkas, expected = matriks(bentuk)
    path = tmp_path / "lampiran.xlsx"
    path.write_bytes(berkas.getvalue())
    return str(path), expected


def test_the_command_prints_what_it_read_before_saving(tmp_path, capsys):
    path, expected = published_file(tmp_path)
    assert manage(path) == 0
    out = capsys.readouterr().out
    assert f"Matriks terbitan: {expected['aksi']} baris aksi." in out
    assert "Pagu 2024: Rp 9.000.000" in out
    assert "Pagu seluruhnya: Rp 83.750.000" in out
    assert "Baris dilewati: " in out and "tanda tangan 3" in out and "jumlah / total 3" in out
    assert "Impor selesai." in out
    assert RencanaAksi.objects.count() == expected["aksi"]


def test_the_command_dry_run_prints_the_summary_and_grouped_errors_and_saves_nothing(tmp_path, capsys):
    NamaLainOPD.objects.filter(nama="Dinas PPPAPPKB").delete()
    path, expected = published_file(tmp_path)
    assert manage(path, "--dry-run") == 1
    captured = capsys.readouterr()
    assert f"Matriks terbitan: {expected['aksi']} baris aksi." in captured.out
    assert "OPD tidak dikenal: 6 baris — Dinas PPPAPPKB (baris 13, 14, 15, 21, 22, 23)" in captured.err
    assert captured.out.index("Pagu seluruhnya") < captured.out.index("Baris data")
    assert RencanaAksi.objects.count() == 0


def test_a_mapping_saved_by_the_command_is_used_by_name_for_the_next_file(tmp_path, capsys):
    path, expected = published_file(tmp_path)
    assert manage(path, "--dry-run", "--save-mapping", "Perwali 2024") == 0
    saved = PemetaanImpor.objects.get(nama="Perwali 2024")
    for kolom in saved.pemetaan["kolom"]:
        if kolom["peran"] == "opd_pendukung":
            kolom["peran"] = "abaikan"
    saved.save()
    assert manage(path, "--mapping", "Perwali 2024") == 0
    assert RencanaAksi.objects.count() == expected["aksi"]
    assert not RencanaAksi.opd_terkait.through.objects.exists()
    assert manage(path, "--mapping", "Tidak Ada") == 1


def test_written_subtotals_that_match_their_actions_give_no_warning_and_one_that_does_not_is_named():
    berkas, _expected = matriks(Bentuk())
    _result, _rows, ringkasan = matriks_terbit_parse(berkas)
    assert ringkasan.peringatan == []
    from openpyxl import load_workbook

    berkas.seek(0)
    wb = load_workbook(berkas)
    wb.active.cell(16, 9, 1)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result, rows, ringkasan = matriks_terbit_parse(out)
    assert result.errors == [] and len(rows) == 6
    (warning,) = ringkasan.peringatan
    assert KelompokGalat(**warning).kalimat() == (
        "Jumlah pagu tertulis berbeda dari rinciannya: 1 baris — 2024: tertulis 1, rincian 3.000.000 (baris 16)"
    )


def test_a_lone_dash_in_a_name_column_reads_as_empty():
    berkas, expected = matriks(Bentuk())
    from openpyxl import load_workbook

    wb = load_workbook(berkas)
    ws = wb.active
    ws.cell(13, 24, "-")
    ws.cell(13, 25, "–")
    ws.cell(13, 22, "-")
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result, rows, _ringkasan = matriks_terbit_parse(out)
    assert result.errors == [] and len(rows) == expected["aksi"]
    first = next(row for row in rows if row.baris == 13)
    assert (first.opd_terkait, first.fields["lokasi"], first.fields["sumber_dana"]) == (set(), None, "apbd")


def test_a_cover_sheet_before_the_matrix_is_passed_over():
    berkas, expected = matriks(Bentuk())
    from openpyxl import load_workbook

    wb = load_workbook(berkas)
    cover = wb.create_sheet("Sampul", 0)
    cover["A1"] = "LAMPIRAN PERATURAN WALI KOTA METRO"
    cover["A3"] = "RENCANA AKSI DAERAH KOTA LAYAK ANAK 2024-2030"
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result = rencana_import(out, filename="x.xlsx")
    assert result.errors == [] and result.created == expected["aksi"]
    assert result.terbit["lembar"] == "Lampiran" and result.terbit["pemetaan"]["lembar"] == 1


def test_a_matrix_with_one_klaster_per_sheet_imports_every_sheet_and_names_the_sheet_in_errors():
    from openpyxl import load_workbook

    first, expected_first = matriks(Bentuk(klaster=[("III", "KESEHATAN DASAR DAN KESEJAHTERAAN", ["14"])]))
    second, expected_second = matriks(Bentuk(klaster=[("IV", "PENDIDIKAN", ["17"])], opd=["Dinkes", "Dinas Entah"]))
    wb = load_workbook(first)
    wb.active.title = "Klaster III"
    other = load_workbook(second).active
    sheet = wb.create_sheet("Klaster IV")
    for row in other.iter_rows():
        for cell in row:
            sheet.cell(cell.row, cell.column, cell.value)
    for merged in other.merged_cells.ranges:
        sheet.merge_cells(str(merged))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    result, rows, ringkasan = matriks_terbit_parse(out)
    assert ringkasan.lembar == "Klaster III, Klaster IV"
    assert ringkasan.baris_aksi == expected_first["aksi"] + expected_second["aksi"]
    assert ringkasan.pagu_total == expected_first["pagu_total"] + expected_second["pagu_total"]
    (group,) = ringkasan.galat
    assert KelompokGalat(**group).kalimat() == (
        "OPD tidak dikenal: 3 baris — Dinas Entah (baris 13 (Klaster IV), 14 (Klaster IV), 15 (Klaster IV))"
    )
    assert result.errors[0].pesan == "[Klaster IV] OPD tidak dikenal: Dinas Entah"
    assert {row.indikator.kode for row in rows} == {"14"}


def test_only_the_secretariat_records_other_names_and_mappings(admin_user, operator_dinkes):
    from django.core.exceptions import PermissionDenied

    from gugus_tugas.services import opd_nama_lain_create
    from rad_kla.services import nama_lain_lokasi_create, nama_lain_sumber_dana_create, pemetaan_impor_set

    dp3 = OPDFactory._meta.model.objects.get(singkatan="DP3AP2KB")
    for write in (
        lambda by: opd_nama_lain_create(opd=dp3, nama="DP3APPKB", by=by),
        lambda by: nama_lain_sumber_dana_create(nama="BOP Kesetaraan", sumber_dana=SumberDana.DAK, by=by),
        lambda by: nama_lain_lokasi_create(nama="Se-Kota Metro", wilayah=None, by=by),
        lambda by: pemetaan_impor_set(nama="Perwali", pemetaan=Pemetaan(kolom=[]), by=by),
    ):
        with pytest.raises(PermissionDenied):
            write(operator_dinkes)
        write(admin_user)
    assert NamaLainOPD.objects.filter(nama="DP3APPKB", opd=dp3).exists()
    assert NamaLainSumberDana.objects.get(nama="BOP Kesetaraan").sumber_dana == SumberDana.DAK
    assert PemetaanImpor.objects.filter(nama="Perwali").exists()


def test_a_recorded_place_name_reads_as_the_whole_region():
    from rad_kla.services import nama_lain_lokasi_create

    nama_lain_lokasi_create(nama="Wilayah Kota", wilayah=None, by=None)
    _result, rows, _ringkasan = matriks_terbit_parse(matriks(Bentuk(lokasi=["Wilayah Kota"]))[0])
    assert rows and all(row.fields["lokasi"] is None for row in rows)


def test_a_place_is_found_by_its_kemendagri_code_or_by_its_name_without_the_word_kecamatan():
    KecamatanFactory(nama="Kecamatan Metro Barat", kode="18.72.04")
    KecamatanFactory(nama="Metro Timur", kode="18.72.03")
    imported(Bentuk(lokasi=["18.72.03", "Metro Barat", "Kec. Metro Barat"]))
    lokasi = set(RencanaAksi.objects.values_list("lokasi__nama", flat=True))
    assert lokasi == {"Metro Timur", "Kecamatan Metro Barat"}
