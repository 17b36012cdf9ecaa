"""Helpers for the Excel tests: build a workbook in memory and read one back."""

import io

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
