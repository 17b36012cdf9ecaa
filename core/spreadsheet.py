"""Spreadsheets: exported text never runs as a formula, an upload cannot inflate, typed numbers read as Indonesian."""

import re
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

# Text starting with one of these, even after blanks, is run as a formula by spreadsheet programs;
# so is a part after ";", which a program using ";" as its list separator reads as a cell of its own.
_FORMULA_START = re.compile(r"^(?:[\t\r]|\s*[=+\-@])")
_FORMULA_AFTER_SEPARATOR = re.compile(r";(\s*[=+\-@])")

# A member smaller than this may compress as well as it likes: tiny XML parts often exceed 100:1.
XLSX_RATIO_FLOOR_BYTES = 1024 * 1024


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and bool(_FORMULA_START.match(value) or _FORMULA_AFTER_SEPARATOR.search(value))


def text_neutralise(value: str) -> str:
    """Text for a CSV cell: a quote before the text, and after every ";", where a formula would start."""
    value = _FORMULA_AFTER_SEPARATOR.sub(r";'\1", value)
    return "'" + value if _FORMULA_START.match(value) else value


def cell_keep_text(cell) -> None:
    """Mark an openpyxl cell holding formula-like text as quoted text: shown as written, never evaluated."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def xlsx_check(upload) -> None:
    """Refuse an .xlsx whose members would inflate too far, before openpyxl decompresses any of it.

    The sizes come from the zip's central directory. Python's zipfile never returns more bytes of a
    member than its declared size (and fails on the checksum when the data disagrees), so a file
    that lies about its sizes cannot inflate further than what is checked here.
    """
    max_bytes = settings.XLSX_MAX_UNCOMPRESSED_MB * 1024 * 1024
    max_ratio = settings.XLSX_MAX_RATIO
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ValidationError(_("Berkas tidak dapat dibaca sebagai workbook Excel (.xlsx)."), code="bukan_zip") from exc
    finally:
        upload.seek(0)
    if len(members) > settings.XLSX_MAX_MEMBERS:
        raise ValidationError(
            _("Berkas Excel berisi terlalu banyak bagian (%(jumlah)s; batasnya %(batas)s).")
            % {"jumlah": len(members), "batas": settings.XLSX_MAX_MEMBERS},
            code="terlalu_banyak_bagian",
        )
    total = sum(member.file_size for member in members)
    if total > max_bytes:
        raise ValidationError(
            _("Isi berkas Excel terlalu besar setelah dibuka (%(mb)s MB; batasnya %(batas)s MB).")
            % {"mb": total // (1024 * 1024), "batas": settings.XLSX_MAX_UNCOMPRESSED_MB},
            code="terlalu_besar",
        )
    for member in members:
        if member.file_size > XLSX_RATIO_FLOOR_BYTES and member.file_size > max_ratio * max(member.compress_size, 1):
            raise ValidationError(
                _(
                    "Berkas Excel ditolak: bagian %(bagian)s memuai lebih dari %(rasio)s kali saat dibuka, "
                    "ciri berkas yang dibuat untuk melumpuhkan server."
                )
                % {"bagian": member.filename[:80], "rasio": max_ratio},
                code="rasio_kompresi",
            )


# Numbers typed into a sheet: "45.000.000", "Rp. 20.000.000,-", "12,5", "96%", or English "1,234.5".
_RUPIAH = re.compile(r"^rp\.?", re.IGNORECASE)
_NO_CENTS = re.compile(r"[.,]-$")
_GROUPED = {".": re.compile(r"^\d{1,3}(?:\.\d{3})+$"), ",": re.compile(r"^\d{1,3}(?:,\d{3})+$")}
_PLAIN = re.compile(r"^(?:\d+(?:\.\d*)?|\.\d+)$")
_EMPTY = {"", "-", "–", "—"}


def sel_text(value) -> str:
    """A sheet cell as one line of text: empty for nothing, a whole float without ".0", runs of space as one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", " ", str(value)).strip()


def angka_parse(value, *, lone_dot_decimal: bool = False) -> Decimal | None:
    """A number from a spreadsheet cell; None for an empty cell or a dash; ValidationError for anything else.

    Numeric cells are taken as they are. Text is read the Indonesian way: a dot groups thousands and a
    comma is the decimal point ("45.000.000", "Rp 1.250.000,50", "12,5"), with "Rp", a closing ",-" and a
    "%" allowed and blanks ignored. English "1,234.5" is understood where both marks appear, or where
    commas only group thousands ("1,234,567"). A lone dot before exactly three digits ("12.345") groups
    thousands; `lone_dot_decimal` reads it as a decimal point instead, for values that never reach a
    thousand (indicator weights).
    """
    if isinstance(value, bool):
        raise _not_a_number(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            raise _not_a_number(value)
        return number
    if value is None:
        return None
    if not isinstance(value, str):
        raise _not_a_number(value)
    text = re.sub(r"\s+", "", value)
    negative = text.startswith("-") and text not in _EMPTY
    if text.startswith("+") or negative:
        text = text[1:]
    text = _NO_CENTS.sub("", _RUPIAH.sub("", text)).removesuffix("%")
    if not negative and text in _EMPTY:
        return None
    canonical = _canonical(text, lone_dot_decimal=lone_dot_decimal)
    if canonical is None:
        raise _not_a_number(value)
    number = Decimal(canonical)
    return -number if negative else number


def _canonical(text: str, *, lone_dot_decimal: bool) -> str | None:
    """The digits with a "." decimal point, or None when the marks do not make a number."""
    if "." in text and "," in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands_mark = "." if decimal_mark == "," else ","
        whole, _mark, fraction = text.rpartition(decimal_mark)
        if not _GROUPED[thousands_mark].match(whole) or not fraction.isdigit():
            return None
        return whole.replace(thousands_mark, "") + "." + fraction
    if "," in text:
        if text.count(",") > 1:
            return text.replace(",", "") if _GROUPED[","].match(text) else None
        text = text.replace(",", ".")
    elif text.count(".") > 1 or (not lone_dot_decimal and _GROUPED["."].match(text)):
        return text.replace(".", "") if _GROUPED["."].match(text) else None
    return text if _PLAIN.match(text) else None


def _not_a_number(value) -> ValidationError:
    return ValidationError(_("“%(nilai)s” bukan angka.") % {"nilai": str(value).strip()[:50]}, code="bukan_angka")


def lembar_rows_read(berkas, *, maks: int, sheet: str | None = None) -> list[tuple]:
    """The rows of an uploaded .xlsx (the named sheet when it has one, else the first), checked by xlsx_check first.

    Reading stops once more than `maks` rows are read, so a huge sheet costs no more than that. A refused
    or unreadable file raises ValidationError with the sentence the user sees.
    """
    xlsx_check(berkas)
    try:
        wb = load_workbook(berkas, read_only=True, data_only=True)
        try:
            ws = wb[sheet] if sheet and sheet in wb.sheetnames else wb.worksheets[0]
            rows = []
            for row in ws.iter_rows(values_only=True):
                rows.append(tuple(row))
                if len(rows) > maks:
                    break
            return rows
        finally:
            wb.close()
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged or foreign file
        raise ValidationError(_("Berkas tidak dapat dibaca sebagai workbook Excel (.xlsx).")) from exc


# An encrypted (password-protected) .xlsx, like an old .xls, is an OLE compound file, not a zip.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MERGE_CELL = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"


def lembar_merged_read(
    berkas, *, maks: int, maks_kolom: int = 80, lembar: int = 0
) -> tuple[list[tuple], list[tuple[int, int, int, int]], list[str]]:
    """The rows of one sheet (by position, the first by default) of an uploaded .xlsx, its merged ranges and the
    titles of all sheets, in the memory of a read-only load; no rows for a position past the last sheet.

    Rows are cut at `maks` rows and `maks_kolom` columns. Merged ranges are (min_row, min_col, max_row,
    max_col), 1-based, clipped to what was read; openpyxl's read-only mode does not give them, so they come
    from the sheet's XML, streamed. A refused, encrypted or unreadable file raises ValidationError with the
    sentence the user sees.
    """
    berkas.seek(0)
    head = berkas.read(len(_OLE_MAGIC))
    berkas.seek(0)
    if head == _OLE_MAGIC:
        raise ValidationError(
            _(
                "Berkas ini dilindungi kata sandi atau berformat Excel lama (.xls); buka di Excel, hapus kata "
                "sandinya, lalu simpan sebagai .xlsx."
            ),
            code="terenkripsi",
        )
    xlsx_check(berkas)
    try:
        wb = load_workbook(berkas, read_only=True, data_only=True)
        try:
            titles = [sheet.title for sheet in wb.worksheets]
            if lembar >= len(titles):
                return [], [], titles
            ws = wb.worksheets[lembar]
            rows = []
            for row in ws.iter_rows(values_only=True, max_col=maks_kolom):
                rows.append(tuple(row))
                if len(rows) >= maks:
                    break
            merged = []
            # The read-only sheet keeps where its XML lies in the archive; mergeCell elements sit at its end.
            with wb._archive.open(ws._worksheet_path) as xml:
                # The parser openpyxl itself reads the sheet with; expat >= 2.4 refuses entity expansion bombs.
                for _event, element in ElementTree.iterparse(xml):  # noqa: S314
                    if element.tag == _MERGE_CELL:
                        min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                        if min_row <= len(rows) and min_col <= maks_kolom:
                            merged.append((min_row, min_col, min(max_row, len(rows)), min(max_col, maks_kolom)))
                    element.clear()
            return rows, merged, titles
        finally:
            wb.close()
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged or foreign file
        raise ValidationError(_("Berkas tidak dapat dibaca sebagai workbook Excel (.xlsx).")) from exc
