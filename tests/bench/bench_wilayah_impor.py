"""Benchmark of a kabupaten's wilayah sheet: check and save 24 kecamatan / 215 desa-kelurahan, then again (updates).

Run against a dedicated PostgreSQL database (created and migrated when needed); every run is rolled back:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kla_bench_wilayah \\
        .venv/bin/python tests/bench/bench_wilayah_impor.py
Times are wall-clock around the check (lembar_wilayah_import: read and check, nothing saved) and the save
(wilayah_import: all rows, with their history), with the number of queries each took.
"""

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kla_bench_wilayah")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_metro.settings_test")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from gugus_tugas.impor_daerah import lembar_wilayah_import  # noqa: E402
from gugus_tugas.models import Wilayah  # noqa: E402
from gugus_tugas.penyiapan import wilayah_import  # noqa: E402
from tests.bench.bench_rad import database_ensure, machine  # noqa: E402
from tests.gugus_tugas.lembar_daerah import WILAYAH_HEADER, merangin_rows, xlsx_bytes  # noqa: E402


def _timed(label: str, action):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = action()
        elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed * 1000:.0f} ms, {len(queries)} query")
    return result


def main() -> None:
    database_ensure()
    call_command("migrate", verbosity=0)
    machine()
    sheet = xlsx_bytes(merangin_rows(), WILAYAH_HEADER)
    with transaction.atomic():
        for putaran in ("pertama (semua baru)", "kedua (sama, tidak ada yang ditulis)"):
            hasil = _timed(
                f"periksa {putaran}", lambda: lembar_wilayah_import(berkas=io.BytesIO(sheet), kode_daerah="15.02")
            )
            assert hasil.sah, hasil.errors or hasil.masalah_list()
            jumlah = _timed(f"simpan {putaran}", lambda hasil=hasil: wilayah_import(baris=hasil.baris, by=None))
            print(f"  {len(hasil.baris)} baris: {jumlah['baru']} baru, {jumlah['diperbarui']} diperbarui")
        print(f"wilayah tersimpan: {Wilayah.objects.count()}; riwayat: {Wilayah.history.count()}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
