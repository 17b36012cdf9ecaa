"""Benchmark of the published-matrix import: a 5,000-action matrix in the shape a Perwali lampiran has.

Builds the matrix (merged headers, klaster and indikator bands, program/kegiatan/sub kegiatan rows, the OPD merged
down each program block, pagu as numbers and "Rp. 20.000.000,-" text, subtotals, a signature block), then runs
each step in a child process of its own and prints its seconds, the child's CPU seconds (os.wait4; steadier
than the wall clock on a shared machine) and its peak RSS (VmHWM): the preview (read,
detect, check every row, count what would change), the save (new actions), the re-import of a revision (every
pagu changed: updates, no new actions), and for comparison openpyxl's normal load of the same file (the other
way to get merged ranges). Goals: preview < 20 s, save < 30 s, peak memory < 500 MB.

Run against a dedicated PostgreSQL database (migrated first; its actions are replaced):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kla_bench_terbit .venv/bin/python tests/bench/bench_impor_terbit.py
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_metro.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from gugus_tugas.models import OPD  # noqa: E402
from klaster.models import Indikator, Klaster  # noqa: E402
from rad_kla.models import RencanaAksi  # noqa: E402

OPD_COUNT = 20
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def build(path: Path, *, actions: int, pagu_dasar: int) -> dict:
    from tests.rad_kla.terbit_utils import Bentuk, matriks

    klaster = []
    for n, item in enumerate(Klaster.objects.order_by("urutan")[:5]):
        kodes = list(Indikator.objects.filter(klaster=item).order_by("urutan").values_list("kode", flat=True))
        klaster.append((ROMAN[n], item.nama.upper(), (kodes * 4)[:4]))
    per_program = max(1, actions // (len(klaster) * 4 * 10))
    bentuk = Bentuk(
        klaster=klaster,
        program_per_indikator=10,
        aksi_per_sub=per_program,
        opd=[f"BOPD{n}" for n in range(OPD_COUNT)],
        lokasi=["Seluruh kecamatan", "5 Kecamatan"],
        pagu_dasar=pagu_dasar,
    )
    berkas, expected = matriks(bentuk)
    path.write_bytes(berkas.getvalue())
    return expected


def step(name: str, path: str) -> None:
    """One measured step, run in this child process."""
    from rad_kla.services import rencana_import

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    if name == "baseline":
        detail = "Django set up, nothing read"
    elif name == "normal_load":
        from openpyxl import load_workbook

        wb = load_workbook(path, data_only=True)
        detail = f"merged ranges={len(wb.worksheets[0].merged_cells.ranges)}"
    else:
        with connection.execute_wrapper(count), open(path, "rb") as upload:
            result = rencana_import(upload, filename="bench.xlsx", dry_run=name == "preview")
        assert result.ok, result.errors[:5]
        terbit = result.terbit
        detail = (
            f"actions={terbit['baris_aksi']} pagu={terbit['pagu_total']:,} created={result.created} "
            f"updated={result.updated} unchanged={result.unchanged} queries={queries}"
        )
    print(f"{time.perf_counter() - started:.2f}|{_peak_mb():.0f}|{detail}", flush=True)


def _peak_mb() -> float:
    """This process's peak RSS since its exec (VmHWM; ru_maxrss would carry over the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(label: str, name: str, path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, __file__, "--step", name, str(path)], stdout=subprocess.PIPE, text=True, env=os.environ
    )
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{label} failed: {output}")
    seconds, peak, detail = output.strip().splitlines()[-1].split("|", 2)
    cpu = usage.ru_utime + usage.ru_stime
    print(f"{label:<34} seconds={float(seconds):6.2f} cpu={cpu:6.2f} s peak RSS={peak:>4} MB  {detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("file", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step(args.step, args.file)
        return
    print(f"database: {connection.settings_dict['NAME']} on {connection.vendor}")
    machine = platform.processor() or platform.machine()
    print(f"machine: {os.cpu_count()} CPU, {machine}, Python {platform.python_version()}")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    call_command("migrate", verbosity=0)
    for n in range(OPD_COUNT):
        OPD.objects.get_or_create(singkatan=f"BOPD{n}", defaults={"nama": f"OPD Bench {n}", "jenis": OPD.Jenis.DINAS})
    OPD.objects.get_or_create(singkatan="Disdikbud", defaults={"nama": "Dinas Pendidikan", "jenis": OPD.Jenis.DINAS})
    RencanaAksi.objects.all().delete()
    with tempfile.TemporaryDirectory() as folder:
        first, revised = Path(folder) / "matriks.xlsx", Path(folder) / "matriks-revisi.xlsx"
        started = time.perf_counter()
        expected = build(first, actions=args.actions, pagu_dasar=1_000_000)
        build(revised, actions=args.actions, pagu_dasar=1_500_000)
        print(
            f"matrix: {expected['aksi']} actions, {first.stat().st_size / 1024:.0f} KB, "
            f"pagu {expected['pagu_total']:,}, built in {time.perf_counter() - started:.1f} s (both files)"
        )
        measure("child process baseline", "baseline", first)
        measure("openpyxl normal load (comparison)", "normal_load", first)
        measure("preview (parse + check)", "preview", first)
        measure("save (new actions)", "save", first)
        measure("revision (updates)", "save", revised)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
