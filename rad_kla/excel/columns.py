"""The RAD sheet's columns and header row, shared by the export, the import template and the import."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.spreadsheet import cell_keep_text
from gugus_tugas.selectors import profil_daerah_get

DEFAULT_RAD_YEARS = range(2024, 2031)
SHEET_TITLE = "RAD KLA"

# (key, header, width): the header is the file format, so it is not translated.
BASE_COLUMNS = [
    ("kode", "Kode", 14),
    ("klaster", "Klaster", 28),
    ("indikator", "Indikator KLA", 40),
    ("kode_program", "Kode Program", 14),
    ("program", "Program", 36),
    ("kode_kegiatan", "Kode Kegiatan", 14),
    ("kegiatan", "Kegiatan", 36),
    ("kode_sub_kegiatan", "Kode Sub Kegiatan", 16),
    ("sub_kegiatan", "Sub Kegiatan", 36),
    ("uraian", "Uraian Aksi", 48),
    ("indikator_keluaran", "Indikator Keluaran", 36),
    ("satuan", "Satuan", 12),
    ("baseline", "Baseline", 12),
    ("arah", "Arah", 10),
    ("opd", "OPD Penanggung Jawab", 18),
    ("opd_terkait", "OPD Terkait", 24),
    ("sumber_dana", "Sumber Dana", 12),
    ("lokasi", "Lokasi", 18),
]
YEAR_KINDS = [
    ("target", "Target", 12),
    ("pagu", "Pagu", 16),
    ("capaian", "Capaian", 12),
    ("anggaran", "Realisasi Anggaran", 18),
]
LABELS = {key: header for key, header, _width in BASE_COLUMNS}


def rad_years() -> list[int]:
    """The RAD years of the region profile, 2024–2030 when no profile is set."""
    profil = profil_daerah_get()
    return list(profil.tahun_rad if profil else DEFAULT_RAD_YEARS)


def safe_text(cell, value: str) -> None:
    """Write text so a spreadsheet program shows it and never evaluates it as a formula."""
    cell.value = value
    cell_keep_text(cell)


def headers(years: list[int]) -> list[tuple[str, str, int]]:
    columns = list(BASE_COLUMNS)
    for tahun in years:
        columns += [(f"{kind}_{tahun}", f"{label} {tahun}", width) for kind, label, width in YEAR_KINDS]
    return columns


def sheet_with_headers(wb: Workbook, years: list[int]):
    ws = wb.active
    ws.title = SHEET_TITLE
    columns = headers(years)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, (_key, header, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=header)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "B2"
    return ws, columns
