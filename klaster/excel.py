"""A year's indicator weights (bobot) to and from a spreadsheet: the template out, the checked sheet in."""

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheet import angka_parse, cell_keep_text, lembar_rows_read, sel_text

from .models import SKOR_MAKSIMUM, Indikator
from .selectors import indikator_aktif_list

SHEET_TITLE = "Bobot"
# A year has a few dozen indicators; a longer sheet is not a weight table.
MAX_BARIS = 200
# Headers are looked for in the first rows only, below a title the secretariat may have added.
HEADER_SEARCH_ROWS = 10
HEADER_KODE = {"kode", "kode indikator", "no", "no.", "nomor", "nomor indikator"}
HEADER_BOBOT = {"bobot", "bobot (poin maksimum)", "poin maksimum", "nilai maksimum", "skor maksimum", "maksimum"}


@dataclass(frozen=True)
class BarisBobot:
    indikator: Indikator
    lama: Decimal
    baru: Decimal

    @property
    def selisih(self) -> Decimal:
        return self.baru - self.lama


@dataclass
class BobotImpor:
    """What a weight sheet would change: one row per indicator in force, or the reasons it cannot."""

    tahun: int
    baris: list[BarisBobot] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((b.baru for b in self.baris), Decimal(0))

    @property
    def bobot(self) -> dict[int, Decimal]:
        return {b.indikator.pk: b.baru for b in self.baris}


def bobot_export(*, tahun: int) -> bytes:
    """The indicators in force in a year with their current weights: the template to fill in."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append([_("Kode"), _("Indikator"), _("Bobot")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for indikator in indikator_aktif_list(tahun=tahun):
        ws.append([indikator.kode, indikator.nama, indikator.bobot])
        for cell in ws[ws.max_row]:
            cell_keep_text(cell)
        ws.cell(row=ws.max_row, column=3).number_format = "0.00"
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 12
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _kode(value) -> str:
    return sel_text(value).rstrip(".")


def _columns(rows: list[tuple]) -> tuple[int, int, int] | None:
    """(header row index, kode column, bobot column) of the first row naming both, or None."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [sel_text(cell).lower() for cell in row]
        kode = next((i for i, name in enumerate(names) if name in HEADER_KODE), None)
        bobot = next((i for i, name in enumerate(names) if name in HEADER_BOBOT), None)
        if kode is not None and bobot is not None:
            return index, kode, bobot
    return None


def bobot_import(*, berkas, tahun: int) -> BobotImpor:
    """Check a weight sheet against the indicators in force in a year; nothing is saved here.

    The sheet must give every indicator of the year exactly once, each weight between 0 and 1000
    with at most two decimals, summing to exactly 1000. Every problem found is reported, with
    its row number, so the file can be fixed in one go; the result is saved with
    indikator_bobot_set, all or nothing.
    """
    result = BobotImpor(tahun=tahun)
    try:
        rows = lembar_rows_read(berkas, maks=MAX_BARIS + HEADER_SEARCH_ROWS, sheet=SHEET_TITLE)
    except ValidationError as exc:
        result.errors += exc.messages
        return result
    columns = _columns(rows)
    if columns is None:
        result.errors.append(
            _("Judul kolom tidak ditemukan: lembar kerja harus memiliki kolom “Kode” dan “Bobot”; gunakan templat.")
        )
        return result
    header, kolom_kode, kolom_bobot = columns
    data = [(n, row) for n, row in enumerate(rows[header + 1 :], start=header + 2) if any(sel_text(c) for c in row)]
    if len(data) > MAX_BARIS:
        result.errors.append(_("Berkas berisi lebih dari %(maks)s baris data.") % {"maks": MAX_BARIS})
        return result

    indikator = {i.kode.lower(): i for i in indikator_aktif_list(tahun=tahun)}
    found: dict[str, int] = {}
    for nomor, row in data:
        kode = _kode(row[kolom_kode] if kolom_kode < len(row) else None)
        raw = row[kolom_bobot] if kolom_bobot < len(row) else None
        konteks = {"baris": nomor, "kode": kode}
        if not kode:
            result.errors.append(_("Baris %(baris)s: kode indikator kosong.") % konteks)
            continue
        item = indikator.get(kode.lower())
        if item is None:
            result.errors.append(
                _("Baris %(baris)s: indikator %(kode)s tidak berlaku pada tahun %(tahun)s.")
                % {**konteks, "tahun": tahun}
            )
            continue
        if item.kode in found:
            result.errors.append(
                _("Baris %(baris)s: indikator %(kode)s sudah ada di baris %(pertama)s.")
                % {**konteks, "pertama": found[item.kode]}
            )
            continue
        found[item.kode] = nomor
        try:
            # A weight is at most 1000 with two decimals, so the dot of "12.345" is a decimal point.
            nilai = angka_parse(raw, lone_dot_decimal=True)
        except ValidationError:
            nilai = None
        if nilai is None:
            result.errors.append(
                _("Baris %(baris)s: bobot indikator %(kode)s harus berupa angka, bukan “%(nilai)s”.")
                % {**konteks, "nilai": sel_text(raw)[:50]}
            )
            continue
        if nilai < 0 or nilai > SKOR_MAKSIMUM:
            result.errors.append(
                _("Baris %(baris)s: bobot indikator %(kode)s harus antara 0 dan %(maks)s.")
                % {**konteks, "maks": SKOR_MAKSIMUM}
            )
            continue
        if nilai != nilai.quantize(Decimal("0.01")):
            result.errors.append(
                _("Baris %(baris)s: bobot indikator %(kode)s paling banyak dua angka di belakang koma.") % konteks
            )
            continue
        result.baris.append(BarisBobot(indikator=item, lama=item.bobot, baru=nilai.quantize(Decimal("0.01"))))

    hilang = [i.kode for i in indikator.values() if i.kode not in found]
    if hilang:
        result.errors.append(
            _("Indikator yang berlaku pada tahun %(tahun)s tetapi tidak ada di berkas: %(kode)s.")
            % {"tahun": tahun, "kode": ", ".join(hilang)}
        )
    if not result.errors and result.total != SKOR_MAKSIMUM:
        result.errors.append(
            _("Jumlah bobot di berkas %(total)s; harus tepat %(maks)s.")
            % {"total": number_format(result.total, 2, use_l10n=True, force_grouping=True), "maks": SKOR_MAKSIMUM}
        )
    result.baris.sort(key=lambda b: (b.indikator.klaster.urutan, b.indikator.urutan))
    return result
