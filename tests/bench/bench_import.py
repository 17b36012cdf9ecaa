"""Benchmark of the RAD Excel import: a generated 5,000-row sheet imported as new, unchanged and changed rows.

Run against a dedicated PostgreSQL database (it is migrated first and BENCH-* actions are replaced):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kla_bench_excel .venv/bin/python tests/bench/bench_import.py
"""

import argparse
import io
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_metro.settings_test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from gugus_tugas.models import OPD  # noqa: E402
from klaster.models import Indikator  # noqa: E402
from rad_kla.excel import BASE_COLUMNS, rad_years  # noqa: E402
from rad_kla.models import RencanaAksi  # noqa: E402
from rad_kla.services import rencana_import  # noqa: E402

OPD_COUNT = 20


def sheet(rows: int, years: list[int], opds: list[str], indikator: list[str], version: int) -> io.BytesIO:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("RAD KLA")
    headers = [header for key, header, _width in BASE_COLUMNS if key != "klaster"]
    headers += [f"{kind} {tahun}" for tahun in years for kind in ("Target", "Pagu")]
    ws.append(headers)
    for n in range(rows):
        values = {
            "Kode": f"BENCH-{n:05d}",
            "Indikator KLA": indikator[n % len(indikator)],
            "Kode Program": "1.02.02",
            "Program": "Program Pemenuhan Upaya Kesehatan Perorangan dan Masyarakat",
            "Kode Kegiatan": "1.02.02.2.02",
            "Kegiatan": "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan",
            "Kode Sub Kegiatan": "1.02.02.2.02.0004",
            "Sub Kegiatan": "Pengelolaan Pelayanan Kesehatan Anak",
            "Uraian Aksi": f"Pembinaan layanan ramah anak tahap {n} versi {version}",
            "Indikator Keluaran": "Fasilitas layanan ramah anak terbina",
            "Satuan": "unit",
            "Baseline": "12,5",
            "Arah": "",
            "OPD Penanggung Jawab": opds[n % len(opds)],
            "OPD Terkait": f"{opds[(n + 1) % len(opds)]}; {opds[(n + 2) % len(opds)]}",
            "Sumber Dana": "APBD",
            "Lokasi": "",
        }
        row = [values[h] for h in headers[: len(values)]]
        for index, _tahun in enumerate(years):
            row += [f"{10 + index + version},5", f"{(index + 1) * 25 + version}.000.000"]
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def measure(label: str, content: io.BytesIO, rows: int) -> None:
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = rencana_import(content, filename="bench.xlsx")
        seconds = time.perf_counter() - started
    assert result.ok, result.errors[:5]
    print(
        f"{label:<28} rows={rows} seconds={seconds:.2f} rows/s={rows / seconds:.0f} queries={queries} "
        f"(created={result.created} updated={result.updated} unchanged={result.unchanged})"
    )


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    print(f"database: {connection.settings_dict['NAME']} on {connection.vendor}")
    print(f"machine: {os.cpu_count()} CPU, {cpu_model()}, Python {platform.python_version()}")
    call_command("migrate", verbosity=0)
    for n in range(OPD_COUNT):
        OPD.objects.get_or_create(singkatan=f"BOPD{n}", defaults={"nama": f"OPD Bench {n}", "jenis": OPD.Jenis.DINAS})
    RencanaAksi.objects.filter(kode__startswith="BENCH-").delete()
    years = rad_years()
    opds = [f"BOPD{n}" for n in range(OPD_COUNT)]
    indikator = sorted({i.kode for i in Indikator.objects.all()})
    first = sheet(args.rows, years, opds, indikator, version=0)
    changed = sheet(args.rows, years, opds, indikator, version=1)
    measure("new rows (bulk create)", first, args.rows)
    first.seek(0)
    measure("same file again (no-op)", first, args.rows)
    measure("every row changed (bulk)", changed, args.rows)


if __name__ == "__main__":
    main()
