"""Benchmark of the RAD KLA list, roll-up page and progress selectors on the demo data at --scale N.

Run against a dedicated PostgreSQL database (created, migrated and seeded when needed):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kla_bench_rad .venv/bin/python tests/bench/bench_rad.py --scale 100
Server time is measured around django.test.Client.get (no network, no browser rendering).
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kla_bench_rad")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_metro.settings_test")

import django

django.setup()

import psycopg2  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from gugus_tugas.models import OPD, User  # noqa: E402
from klaster.models import Klaster  # noqa: E402
from rad_kla import selectors  # noqa: E402
from rad_kla.models import PeriodePelaporan, Realisasi, RencanaAksi, TargetTahunan  # noqa: E402

TAHUN = 2025
SLOW_SECONDS, SLOW_RUNS = 1.0, 5


def database_ensure() -> None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("Benchmark ini hanya untuk PostgreSQL (DATABASE_URL=postgres://...).")
    params = {"dbname": "postgres", "user": db["USER"], "host": db["HOST"], "port": db["PORT"] or 5432}
    if db["PASSWORD"]:
        params["password"] = db["PASSWORD"]
    admin = psycopg2.connect(**params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()


def seed_ensure(scale: int) -> None:
    marker = RencanaAksi.objects.filter(kode__endswith=f"-s{scale}") if scale > 1 else RencanaAksi.objects.all()
    if marker.exists():
        print(f"data demo skala {scale} sudah ada; tidak diisi ulang")
        return
    started = time.perf_counter()
    call_command("seed_demo", force=True, scale=scale, password="bench-rad-2026", stdout=io.StringIO())
    print(f"seed_demo --scale {scale}: {time.perf_counter() - started:.1f} s")
    # Fresh bulk inserts have no planner statistics until autovacuum gets to them; do it now.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def machine() -> None:
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
    print("beban: load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def counts(scale: int) -> None:
    rows = {
        "rencana aksi": RencanaAksi.objects.count(),
        "target tahunan": TargetTahunan.objects.count(),
        "realisasi": Realisasi.objects.count(),
        "periode": PeriodePelaporan.objects.count(),
        "OPD": OPD.objects.count(),
    }
    print(f"skala {scale}: " + ", ".join(f"{label} {n:,}" for label, n in rows.items()))


def timed(label: str, call, *, runs: int, warmup: int = 3) -> None:
    """Print median and p95 of `runs` calls after `warmup` calls, and the queries of one call."""
    started = time.perf_counter()
    call()
    if time.perf_counter() - started > SLOW_SECONDS:
        # Far off the goal already: a few samples tell as much and keep the run short.
        runs, warmup = min(runs, SLOW_RUNS), 1
    for _ in range(warmup - 1):
        call()
    # Counted with a wrapper: the test client's request_started signal clears connection.queries.
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(samples, n=20)[18] if len(samples) >= 20 else max(samples)
    print(
        f"  {label:<40} n={runs:<3} median {statistics.median(samples):8.1f} ms  p95 {p95:8.1f} ms  {queries:3d} kueri"
    )


def page(client: Client, url: str):
    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return response

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="Cetak EXPLAIN ANALYZE untuk kueri daftar dan rekap.")
    args = parser.parse_args()

    database_ensure()
    call_command("migrate", verbosity=0)
    seed_ensure(args.scale)
    setup_test_environment()
    machine()
    counts(args.scale)

    klaster3 = Klaster.objects.get(kode="III")
    dinkes = OPD.objects.get(singkatan="Dinkes")
    periode = PeriodePelaporan.objects.get(tahun=TAHUN, jenis=PeriodePelaporan.Jenis.TRIWULAN, nomor=4)

    print(f"\nselector (tahun {TAHUN}, {args.runs} kali setelah 3 pemanasan):")
    timed(
        "rencana_list halaman 1 (25 baris)",
        lambda: list(selectors.rencana_list(user=None, tahun=TAHUN)[:25]),
        runs=args.runs,
    )
    timed("rencana_list count()", lambda: selectors.rencana_list(user=None, tahun=TAHUN).count(), runs=args.runs)
    timed("rekap_klaster", lambda: selectors.rekap_klaster(tahun=TAHUN), runs=args.runs)
    timed("rekap_opd", lambda: selectors.rekap_opd(tahun=TAHUN), runs=args.runs)
    timed("rekap_tahun (klaster + OPD)", lambda: selectors.rekap_tahun(tahun=TAHUN), runs=args.runs)
    operator = User.objects.get(username="opd.dinkes")
    timed(
        "rencana_saya semua baris (opd.dinkes)",
        lambda: list(selectors.rencana_saya(user=operator, tahun=TAHUN)),
        runs=args.runs,
    )
    timed(
        "rencana_list progres=terlambat count()",
        lambda: selectors.rencana_list(user=None, tahun=TAHUN, filters={"progres": "terlambat"}).count(),
        runs=args.runs,
    )
    timed(
        f"kelengkapan_laporan_list ({periode.label})",
        lambda: selectors.kelengkapan_laporan_list(periode=periode),
        runs=args.runs,
    )

    urls = [
        "/rad/",
        f"/rad/?klaster={klaster3.pk}&tahun={TAHUN}",
        "/rad/?q=puskesmas",
        f"/rad/?opd={dinkes.pk}",
        f"/rad/?tahun={TAHUN}&progres=terlambat",
        f"/rad/rekap/?tahun={TAHUN}",
    ]
    for username in ("admin.dp3ap2kb", "opd.dinkes"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        print(f"\nhalaman sebagai {username} ({args.runs} kali setelah 3 pemanasan):")
        for url in urls:
            try:
                timed(url, page(client, url), runs=args.runs)
            except RuntimeError as error:
                print(f"  {url:<40} tidak dapat diukur: {error}")

    if args.explain:
        explain(TAHUN)


def explain(tahun: int) -> None:
    queries = {
        "rencana_list halaman 1": selectors.rencana_list(user=None, tahun=tahun)[:25],
        "rencana_list count": selectors.rencana_list(user=None, tahun=tahun).values("pk"),
    }
    for label, qs in queries.items():
        print(f"\nEXPLAIN ANALYZE {label}:")
        print(qs.explain(analyze=True, buffers=True))
    rekap = RencanaAksi.objects.filter(aktif=True).annotate(
        **{"progres_ini": selectors.progres_annotations(tahun=tahun)["progres_ini"]}
    )
    print("\nEXPLAIN ANALYZE progres semua aksi (rekap, filter progres):")
    print(rekap.values("progres_ini__status").annotate(n=Count("pk")).explain(analyze=True, buffers=True))


if __name__ == "__main__":
    main()
