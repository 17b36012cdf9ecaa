"""Benchmark of every report kind the worker renders, on the demo data at --scale N.

Run against a dedicated PostgreSQL database (created, migrated and seeded when not yet at that scale):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kla_bench_pdf .venv/bin/python tests/bench/bench_pdf.py --scale 100
Each report is rendered in a child process through the worker's dispatcher (evaluasi.laporan.laporan_render_bytes),
so the peak RSS printed is that process's alone (os.wait4), Django's start-up included; the time is the
rendering's own. --parts also prints each WeasyPrint pass of a report (time, pages, RSS after the pass)
and the joining of the RAD report's parts; --profile prints the child's top functions by cumulative time.
"""

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kla_bench_pdf")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_metro.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from evaluasi.models import LaporanJob  # noqa: E402
from gugus_tugas.models import OPD, Rapat  # noqa: E402
from gugus_tugas.selectors import rapat_list  # noqa: E402
from rad_kla.models import Realisasi, RencanaAksi  # noqa: E402
from tests.bench.bench_rad import database_ensure  # noqa: E402

TAHUN = 2025


def seed_ensure(scale: int) -> None:
    marker = RencanaAksi.objects.filter(kode__endswith=f"-s{scale}") if scale > 1 else RencanaAksi.objects.all()
    if marker.exists():
        print(f"data demo skala {scale} sudah ada; tidak diisi ulang")
        return
    started = time.perf_counter()
    call_command("seed_demo", force=True, scale=scale, password="x", stdout=io.StringIO())
    print(f"seed_demo --force --password x --scale {scale}: {time.perf_counter() - started:.1f} s")
    # Fresh bulk inserts have no planner statistics until autovacuum gets to them; do it now.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def load() -> str:
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def machine(scale: int) -> None:
    model = "?"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    print(f"mesin: {os.cpu_count()} CPU, {model}; PostgreSQL {version}; Python {sys.version.split()[0]}")
    print(f"beban: load average {load()}")
    print(
        f"skala {scale}: rencana aksi {RencanaAksi.objects.filter(aktif=True).count():,}, "
        f"realisasi {Realisasi.objects.count():,}, OPD berencana aksi "
        f"{RencanaAksi.objects.filter(aktif=True).values('opd').distinct().count()}, rapat {Rapat.objects.count()}"
    )


def cases(tahun: int) -> list[tuple[str, str, dict]]:
    """(label, kind, parameters) of each report to render: every kind of the dispatcher, the RAD report three ways."""
    biggest_opd = RencanaAksi.objects.filter(aktif=True).values("opd").order_by().annotate(n=Count("pk"))
    opd_id = max(biggest_opd, key=lambda row: row["n"])["opd"] if biggest_opd else None
    # The newest published meeting: the render_report command's notulen reads published meetings only.
    rapat = rapat_list(published_only=True).first()
    result = [
        ("evaluasi", LaporanJob.Jenis.EVALUASI, {"tahun": tahun}),
        ("rad seluruh daerah", LaporanJob.Jenis.RAD, {"tahun": tahun}),
        ("rad bulanan (terjadwal)", LaporanJob.Jenis.RAD, {"tahun": tahun, "bulan": f"{tahun}-12"}),
    ]
    if opd_id:
        singkatan = OPD.objects.get(pk=opd_id).singkatan
        result.append((f"rad satu OPD ({singkatan})", LaporanJob.Jenis.RAD, {"tahun": tahun, "opd": opd_id}))
    result.append(("kasus", LaporanJob.Jenis.KASUS, {"tahun": tahun}))
    if rapat:
        result.append((f"notulen (rapat {rapat.pk})", LaporanJob.Jenis.NOTULEN, {"rapat": rapat.pk}))
    result.append(("paket_bukti (ZIP)", LaporanJob.Jenis.PAKET_BUKTI, {"tahun": tahun}))
    return result


def pages_count(path: Path) -> str:
    from pypdf import PdfReader

    if path.read_bytes()[:5] != b"%PDF-":
        return "–"
    return str(len(PdfReader(path).pages))


def run(label: str, jenis: str, parameter: dict, *, parts: bool, profile: bool) -> None:
    output = Path(tempfile.gettempdir()) / f"bench-pdf-{os.getpid()}-{jenis}.out"
    command = [sys.executable, __file__, "--child", json.dumps({"jenis": jenis, "parameter": parameter})]
    command += ["--output", str(output)] + (["--parts"] if parts else []) + (["--profile"] if profile else [])
    before = load()
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    report = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        print(f"  {label}: GAGAL (kode {os.waitstatus_to_exitcode(status)})")
        return
    lines = report.splitlines()
    result = json.loads(lines[-1])
    size = output.stat().st_size
    print(
        f"  {label:<30} {result['seconds']:7.1f} s render ({wall:.1f} s proses)  "
        f"CPU {usage.ru_utime + usage.ru_stime:6.1f} s  RSS puncak {usage.ru_maxrss / 1024:6.0f} MB  "
        f"{pages_count(output):>5} halaman  {size / 1024:8.0f} KiB  beban {before} -> {load()}"
    )
    for line in lines[:-1]:
        print(f"      {line}")
    output.unlink()


def child(spec: str, output: str, *, parts: bool, profile: bool) -> None:
    """One report through the dispatcher, as the worker renders it; the last line printed is JSON."""
    import resource

    from evaluasi import reports
    from evaluasi.laporan import laporan_render_bytes
    from evaluasi.reports import parameter_clean

    spec = json.loads(spec)
    parameter = parameter_clean(jenis=spec["jenis"], parameter=spec["parameter"], user=None)
    job = LaporanJob(jenis=spec["jenis"], parameter=parameter)
    passes = []
    if parts:
        original = reports.html_to_pdf

        def timed(html: str, **kwargs) -> bytes:
            from pypdf import PdfReader

            started = time.perf_counter()
            content = original(html, **kwargs)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            n = len(PdfReader(io.BytesIO(content)).pages)
            seconds = time.perf_counter() - started
            passes.append(seconds)
            print(f"pass: {seconds:6.2f} s  {n:4d} halaman  HTML {len(html) / 1024:7.0f} KiB  RSS puncak {rss:.0f} MB")
            return content

        join = getattr(reports, "pdf_join", None)

        def timed_join(parts, **kwargs) -> bytes:
            started = time.perf_counter()
            content = join(parts, **kwargs)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"join: {time.perf_counter() - started:6.2f} s  {len(parts)} bagian  RSS puncak {rss:.0f} MB")
            return content

        reports.html_to_pdf = timed
        if join:
            reports.pdf_join = timed_join
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    content, _name = laporan_render_bytes(job=job)
    seconds = time.perf_counter() - started
    if profiler:
        import pstats

        profiler.disable()
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)
        for line in stream.getvalue().splitlines():
            if line.strip():
                print(line)
    if passes:
        print(
            f"WeasyPrint {sum(passes):.1f} s dalam {len(passes)} pass; sisanya (kueri, templat, gabung) "
            f"{seconds - sum(passes):.1f} s"
        )
    Path(output).write_bytes(content)
    print(json.dumps({"seconds": seconds}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--tahun", type=int, default=TAHUN)
    parser.add_argument("--only", help="only the reports whose label contains this text, e.g. 'rad seluruh'")
    parser.add_argument("--no-seed", action="store_true", help="measure the data already in the database")
    parser.add_argument("--parts", action="store_true", help="print each WeasyPrint pass of a report")
    parser.add_argument("--profile", action="store_true", help="print the child's top functions (cProfile)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.output, parts=args.parts, profile=args.profile)
        return

    database_ensure()
    call_command("migrate", verbosity=0)
    if not args.no_seed:
        seed_ensure(args.scale)
    machine(args.scale)
    print(f"\nlaporan tahun {args.tahun} (satu proses anak per laporan):")
    for label, jenis, parameter in cases(args.tahun):
        if args.only and args.only not in label:
            continue
        run(label, jenis, parameter, parts=args.parts, profile=args.profile)


if __name__ == "__main__":
    main()
