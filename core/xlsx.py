"""A streaming writer for one large, plain .xlsx sheet: text, numbers, a bold header, merged header cells.

Big matrices (every action × every period) are written here rather than through a general library:
the sheet is produced as one pass of string formatting, about four times faster than a cell-by-cell
writer, which is what lets such an export answer within a request. Text is always written as inline
text, never as a formula, so a cell that starts with "=" stays text in every spreadsheet program.
"""

import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from xml.sax.saxutils import escape

# Style indexes of styles.xml below.
GAYA_BIASA, GAYA_JUDUL, GAYA_RIBUAN, GAYA_DESIMAL = 0, 1, 2, 3

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Characters XML 1.0 cannot hold (control characters other than tab, newline, carriage return).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_CONTENT_TYPES = (
    f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
    "</Types>"
)
_RELS = (
    f'{_HEAD}<Relationships xmlns="{_NS_PKG}">'
    f'<Relationship Id="rId1" Type="{_NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    f'{_HEAD}<Relationships xmlns="{_NS_PKG}">'
    f'<Relationship Id="rId1" Type="{_NS_R}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_NS_R}/styles" Target="styles.xml"/></Relationships>'
)
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def kolom_huruf(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Lembar:
    """What goes into the sheet besides its rows: name, header rows, merges, widths, frozen panes."""

    nama: str
    judul: list[Sequence] = field(default_factory=list)  # header rows, written bold
    gabung: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row, col, last row, last col), 0-based
    lebar: dict[int, float] = field(default_factory=dict)  # column index → width in characters
    beku_kolom: int = 0


def _text(value) -> str:
    return escape(_ILLEGAL.sub("", str(value)))


def _rows_xml(rows: Iterable[Sequence], gaya: Sequence[int], start: int, width: int, header: bool) -> Iterable[str]:
    """The <row> elements; per column the fixed parts of a cell are built once (this loop is the export's cost).

    Cells carry no reference: each row lists its cells in order, an empty one as <c/> (the r attribute
    is optional in the format, and every spreadsheet program reads cells in sequence).
    """
    styles = [GAYA_JUDUL if header else (gaya[c] if c < len(gaya) else GAYA_BIASA) for c in range(width)]
    attrs = [f' s="{st}"' if st else "" for st in styles]
    nums = [f"<c{a}><v>" for a in attrs]
    texts = [f'<c t="inlineStr"{a}><is><t xml:space="preserve">' for a in attrs]
    bools = [f'<c t="b"{a}><v>' for a in attrs]
    finite = math.isfinite
    for r, row in enumerate(rows, start=start + 1):
        out = []
        add = out.append
        for c, v in enumerate(row):
            kind = type(v)
            if v is None:
                add("<c/>")
            elif kind is float:
                add(f"{nums[c]}{v!r}</v></c>" if finite(v) else "<c/>")
            elif kind is int or kind is Decimal:
                add(f"{nums[c]}{v}</v></c>")
            elif kind is bool:
                add(f"{bools[c]}{int(v)}</v></c>")
            else:
                add(f"{texts[c]}{_text(v)}</t></is></c>")
        yield f'<row r="{r}">{"".join(out)}</row>'


def lembar_write(lembar: Lembar, rows: Sequence[Sequence], *, gaya: Sequence[int] = ()) -> bytes:
    """The .xlsx bytes of one sheet: the header rows of `lembar`, then `rows` with per-column styles `gaya`."""
    width = max([len(r) for r in lembar.judul] + [len(r) for r in rows[:1]] + [1])
    n_judul = len(lembar.judul)
    parts = [f'{_HEAD}<worksheet xmlns="{_NS}" xmlns:r="{_NS_R}">']
    if n_judul or lembar.beku_kolom:
        top_left = f"{kolom_huruf(lembar.beku_kolom)}{n_judul + 1}"
        split = (f' xSplit="{lembar.beku_kolom}"' if lembar.beku_kolom else "") + (
            f' ySplit="{n_judul}"' if n_judul else ""
        )
        parts.append(
            f'<sheetViews><sheetView workbookViewId="0"><pane{split} topLeftCell="{top_left}"'
            ' activePane="bottomRight" state="frozen"/></sheetView></sheetViews>'
        )
    if lembar.lebar:
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in sorted(lembar.lebar.items())
        )
        parts.append(f"<cols>{cols}</cols>")
    parts.append("<sheetData>")
    parts.extend(_rows_xml(lembar.judul, (), 0, width, header=True))
    parts.extend(_rows_xml(rows, gaya, n_judul, width, header=False))
    parts.append("</sheetData>")
    if lembar.gabung:
        refs = "".join(
            f'<mergeCell ref="{kolom_huruf(c0)}{r0 + 1}:{kolom_huruf(c1)}{r1 + 1}"/>'
            for r0, c0, r1, c1 in lembar.gabung
        )
        parts.append(f'<mergeCells count="{len(lembar.gabung)}">{refs}</mergeCells>')
    parts.append("</worksheet>")
    nama = _text(lembar.nama)[:31] or "Sheet1"
    workbook = (
        f'{_HEAD}<workbook xmlns="{_NS}" xmlns:r="{_NS_R}"><sheets>'
        f'<sheet name="{nama}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr("xl/worksheets/sheet1.xml", "".join(parts))
    return buffer.getvalue()
