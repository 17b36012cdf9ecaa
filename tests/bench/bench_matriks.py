"""Benchmark of the Matriks RAD: 1,000 actions × 28 quarters (2024–2030), on screen and as .xlsx.

Run against a dedicated PostgreSQL database (created, migrated and seeded when needed):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kla_bench_matriks .venv/bin/python tests/bench/bench_matriks.py
Server time is measured around django.test.Client.get (no network, no browser): the median of --runs
requests after a warm-up, beside a trivial logged-in page measured the same way. `--peer-url URL`
times any other URL (e.g. another application's matrix report) the same way, over HTTP, with an optional
`--peer-cookie` header value.
"""

import argparse
import io
import os
import statistics
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kla_bench_matriks")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_metro.settings_test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from gugus_tugas.models import User  # noqa: E402
from rad_kla import selectors  # noqa: E402
from rad_kla.models import PeriodePelaporan, Realisasi, RencanaAksi, TargetTahunan  # noqa: E402
from rad_kla.progres import progres_rebuild  # noqa: E402
from rad_kla.services import periode_create  # noqa: E402
from tests.bench.bench_rad import database_ensure, machine  # noqa: E402

AKSI, TAHUN = 1000, list(range(2024, 2031))
PREFIX = "MTX-"


@transaction.atomic
def seed_ensure() -> None:
    if RencanaAksi.objects.filter(kode__startswith=PREFIX).count() >= AKSI:
        print(f"{AKSI} aksi matriks sudah ada; tidak diisi ulang")
        return
    started = time.perf_counter()
    call_command("seed_demo", force=True, password="bench-matriks-2026", stdout=io.StringIO())
    periods = [p for tahun in TAHUN for p in periode_create(tahun=tahun, jenis=PeriodePelaporan.Jenis.TRIWULAN)]
    template = list(RencanaAksi.objects.exclude(kode__startswith=PREFIX).order_by("pk"))
    admin = User.objects.get(username="admin.dp3ap2kb")
    RencanaAksi.objects.filter(kode__startswith=PREFIX).delete()
    RencanaAksi.objects.exclude(kode__startswith=PREFIX).update(aktif=False)
    copies = [
        RencanaAksi(
            kode=f"{PREFIX}{n:04d}",
            indikator_id=base.indikator_id,
            uraian=base.uraian,
            indikator_keluaran=base.indikator_keluaran,
            satuan=base.satuan,
            arah=base.arah,
            opd_id=base.opd_id,
        )
        for n, base in ((n, template[n % len(template)]) for n in range(AKSI))
    ]
    RencanaAksi.objects.bulk_create(copies, batch_size=2000)
    TargetTahunan.objects.bulk_create(
        [
            TargetTahunan(rencana_aksi=r, tahun=tahun, target=Decimal(10 + n % 7), pagu=50_000_000 + n * 1000)
            for n, r in enumerate(copies)
            for tahun in TAHUN
        ],
        batch_size=5000,
    )
    status = [Realisasi.Status.DIVERIFIKASI, Realisasi.Status.DIAJUKAN]
    Realisasi.objects.bulk_create(
        [
            Realisasi(
                rencana_aksi=r,
                periode=p,
                nilai_capaian=Decimal(p.nomor * (2 + n % 3)),
                realisasi_anggaran=5_000_000 + n * 100,
                status=status[(n + p.nomor) % 2],
                dibuat_oleh=admin,
            )
            for n, r in enumerate(copies)
            for p in periods
        ],
        batch_size=5000,
    )
    progres_rebuild()
    print(f"diisi: {AKSI} aksi × {len(periods)} triwulan dalam {time.perf_counter() - started:.1f} s")


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def median_of(call, runs: int) -> tuple[float, int]:
    call()
    call()
    samples = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        size = call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--peer-url", help="URL lain yang diukur dengan cara yang sama (HTTP GET)")
    parser.add_argument("--peer-cookie", default="", help="nilai header Cookie untuk --peer-url")
    args = parser.parse_args()
    database_ensure()
    call_command("migrate", verbosity=0)
    seed_ensure()
    analyze()
    setup_test_environment()
    machine()
    client = Client()
    client.force_login(User.objects.get(username="pimpinan.bappeda"))
    query = {"dari": TAHUN[0], "sampai": TAHUN[-1]}

    def get(url, params=None):
        def call():
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
            return len(response.content)

        return call

    def data_all():
        rencana = selectors.matriks_rencana_list(selectors.matriks_filter_get(user=None).qs)
        periode = selectors.matriks_periode_list(tahun_mulai=TAHUN[0], tahun_selesai=TAHUN[-1])
        selectors.matriks_isi(rencana=rencana, periode_list=periode)
        return sum(len(r.sel) for r in rencana)

    rows = [
        ("halaman ringan (/accounts/password_change/done/)", get("/accounts/password_change/done/")),
        ("Matriks layar, halaman 1 (20 aksi × 28 triwulan)", get("/rad/matriks/", query)),
        ("data matriks lengkap (1.000 aksi × 28 triwulan, sel)", data_all),
        ("Matriks .xlsx (1.000 aksi × 28 triwulan)", get("/rad/matriks/unduh/", query)),
    ]
    print(f"\nmedian dari {args.runs} kali (detik):")
    for label, call in rows:
        seconds, size = median_of(call, args.runs)
        print(f"  {label:<55} {seconds:7.3f} s   ({size:,} {'sel' if call is data_all else 'bita'})")
    if args.peer_url:

        def peer():
            request = urllib.request.Request(args.peer_url, headers={"Cookie": args.peer_cookie})  # noqa: S310
            with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
                return len(response.read())

        seconds, size = median_of(peer, args.runs)
        print(f"  {'pembanding: ' + args.peer_url:<55} {seconds:7.3f} s   ({size:,} bita)")
    print("beban setelah: load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
