"""Helpers for the Excel tests: build a workbook in memory and read one back."""

import io
import zipfile

from openpyxl import Workbook, load_workbook

YEARS = list(range(2024, 2031))
BASE = ["Kode", "Indikator KLA", "Uraian Aksi", "Indikator Keluaran", "Satuan", "OPD Penanggung Jawab"]


def xlsx(headers: list, rows: list[list], title: str = "RAD KLA") -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "uji.xlsx"
    return buffer


def target_headers(years=YEARS) -> list[str]:
    return [header for tahun in years for header in (f"Target {tahun}", f"Pagu {tahun}")]


def row(
    kode="A-1",
    indikator="14",
    uraian="Pembinaan PRA",
    keluaran="Puskesmas terbina",
    satuan="puskesmas",
    opd="Dinkes",
    targets=None,
):
    targets = targets if targets is not None else [(str(n), 1_000_000 * n) for n in range(1, len(YEARS) + 1)]
    return [kode, indikator, uraian, keluaran, satuan, opd, *[v for pair in targets for v in pair]]


def read(content: bytes):
    return load_workbook(io.BytesIO(content))


def xlsx_bomb(inflated_mb: int, headers: list | None = None, rows: list[list] | None = None) -> io.BytesIO:
    """A valid workbook whose sheet XML carries `inflated_mb` MB of blanks: a few hundred KB on disk."""
    source = zipfile.ZipFile(xlsx(headers or BASE, rows or []))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(info.filename, data)
                continue
            head, tail = data.rsplit(b"</worksheet>", 1)
            with bomb.open(info.filename, "w", force_zip64=True) as member:
                member.write(head)
                chunk = b" " * (1024 * 1024)
                for _ in range(inflated_mb):
                    member.write(chunk)
                member.write(b"</worksheet>" + tail)
    buffer.seek(0)
    buffer.name = "bom.xlsx"
    return buffer
