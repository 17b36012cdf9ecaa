"""Benchmark of the dashboard and the annual evaluation PDF on the demo data at --scale N.

Run against a dedicated PostgreSQL database (created, migrated and seeded when needed):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kla_bench_eval .venv/bin/python tests/bench/bench_evaluasi.py
Server time is measured around django.test.Client.get (no network, no browser rendering); on a shared
machine the minimum is the best estimate of the uncontended time, the median shows the load. The PDF is
rendered in a child process, the way a worker would, so its peak memory is that process's alone.
"""

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kla_bench_eval")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_metro.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from evaluasi.models import BuktiPenilaian, PenilaianIndikator  # noqa: E402
from gugus_tugas.models import Rapat, User  # noqa: E402
from rad_kla.models import Realisasi, RencanaAksi  # noqa: E402
from tests.bench.bench_rad import database_ensure  # noqa: E402
from tests.bench.bench_rad import machine as machine_print  # noqa: E402

TAHUN_PDF = 2025


def seed(scale: int) -> None:
    started = time.perf_counter()
    call_command("seed_demo", force=True, scale=scale, password="x", stdout=io.StringIO())
    print(f"seed_demo --force --password x --scale {scale}: {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def machine() -> None:
    machine_print()
    print(
        f"data: rencana aksi {RencanaAksi.objects.count():,}, realisasi {Realisasi.objects.count():,}, "
        f"penilaian indikator {PenilaianIndikator.objects.count():,}, bukti {BuktiPenilaian.objects.count():,}, "
        f"rapat {Rapat.objects.count():,}"
    )


def dashboard(username: str, runs: int, *, cold: bool) -> None:
    """Cold: every request computes the dashboard (the cached copy is made stale first, untimed)."""
    from evaluasi.dashboard import beranda_expire
    from rad_kla.models import Realisasi

    client = Client()
    client.force_login(User.objects.get(username=username))
    for _ in range(3):
        assert client.get("/").status_code == 200
    if cold:
        beranda_expire(sender=Realisasi)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    # Counted now: every request start empties the connection's query log.
    query_count = len(queries)
    samples = []
    for _ in range(runs):
        if cold:
            beranda_expire(sender=Realisasi)
        started = time.perf_counter()
        response = client.get("/")
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    p95 = statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)
    print(
        f"  / {'dingin' if cold else 'hangat'} sebagai {username:<22} "
        f"median {statistics.median(samples):7.1f} ms  p95 {p95:7.1f} ms  "
        f"min {min(samples):6.1f} ms  "
        f"{query_count:3d} kueri ({runs} kali, tahun {timezone.localdate().year})"
    )


def pdf(tahun: int) -> None:
    output = Path(tempfile.gettempdir()) / f"bench-evaluasi-{tahun}.pdf"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "kla_metro.settings_test"}
    command = [sys.executable, str(ROOT / "manage.py"), "render_report", "evaluasi", "--year", str(tahun)]
    started = time.perf_counter()
    subprocess.run([*command, "--output", str(output)], check=True, env=env, capture_output=True)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    pages = subprocess.run(["pdfinfo", str(output)], capture_output=True, text=True).stdout
    halaman = next((line.split(":")[1].strip() for line in pages.splitlines() if line.startswith("Pages")), "?")
    print(
        f"  PDF evaluasi {tahun}: {seconds:.1f} s (proses baru, termasuk memuat Django), {halaman} halaman, "
        f"{output.stat().st_size / 1024:.0f} KiB, RSS puncak {peak_mb:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-seed", action="store_true", help="measure the data already in the database")
    parser.add_argument("--no-pdf", action="store_true", help="measure the dashboard only")
    args = parser.parse_args()

    database_ensure()
    call_command("migrate", verbosity=0)
    if not args.no_seed:
        seed(args.scale)
    setup_test_environment()
    machine()
    print("\nberanda (dingin: dihitung ulang; hangat: dari cache):")
    for cold in (True, False):
        for username in ("admin.dp3ap2kb", "pimpinan.bappeda", "koordinator.klaster3", "opd.dinkes"):
            dashboard(username, args.runs, cold=cold)
    if not args.no_pdf:
        print("\nlaporan:")
        pdf(TAHUN_PDF)


if __name__ == "__main__":
    main()
