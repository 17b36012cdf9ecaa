"""CSV and xlsx files for entry into SIMFONI-PPA, safe to open in a spreadsheet."""

import csv
import datetime
import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.spreadsheet import text_neutralise


def cell_safe(value):
    """Dates and numbers pass through; text that a spreadsheet would evaluate is quoted."""
    if value is None:
        return ""
    if isinstance(value, (int, float, datetime.date)):
        return value
    return text_neutralise(str(value))


def csv_render(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO()
    # Every field quoted: a program that splits on ";" or "," still sees one cell per field.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([cell_safe(h) for h in header])
    for row in rows:
        writer.writerow([v.isoformat() if isinstance(v, datetime.date) else v for v in (cell_safe(c) for c in row)])
    # BOM so spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_render(header: list[str], rows: list[list], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([cell_safe(h) for h in header])
    for row in rows:
        sheet.append([cell_safe(c) for c in row])
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(name) + 2)
        for cell in sheet[get_column_letter(index)][1:]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str):
                # Stored as text, never as a formula, even if a value slipped past cell_safe.
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
