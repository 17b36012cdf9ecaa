"""Spreadsheet safety: exported text is never run as a formula, and an uploaded .xlsx cannot inflate past its limits."""

import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
