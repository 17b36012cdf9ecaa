"""Benchmark of the user sheet: 300 accounts checked (preview) and opened with their invitations (save).

Run against a dedicated PostgreSQL database (it is migrated first; BENCH accounts are removed before):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kla_bench_akun .venv/bin/python tests/bench/bench_akun_impor.py
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

from django.core import mail  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from gugus_tugas.impor_pengguna import lembar_pengguna_import  # noqa: E402
from gugus_tugas.models import OPD, AuditPengguna, Peran, User  # noqa: E402
from gugus_tugas.services import pengguna_import, pengguna_undangan_notify, roles_setup  # noqa: E402

PERAN = ["Operator OPD", "Pimpinan", "Koordinator Klaster", "Admin Sekretariat"]


def sheet(rows: int, opds: list[OPD]) -> SimpleUploadedFile:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Akun")
    ws.append(["Nama", "Email", "Telepon", "OPD", "Peran", "Klaster", "Jabatan"])
    for n in range(rows):
        peran = PERAN[n % len(PERAN)]
        klaster = "III" if peran == "Koordinator Klaster" else ""
        opd = opds[n % len(opds)]
        ws.append(
            [f"Pegawai Bench {n}", f"bench{n}@example.org", f"0812{n:08d}", opd.singkatan, peran, klaster, "Staf"]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("akun.xlsx", buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300)
    args = parser.parse_args()
    setup_test_environment()  # locmem e-mail
    call_command("migrate", verbosity=0)
    roles_setup()
    User.objects.filter(username__startswith="bench").delete()
    opds = [
        OPD.objects.get_or_create(singkatan=f"BENCH{i}", defaults={"nama": f"Dinas Bench {i}", "jenis": "dinas"})[0]
        for i in range(20)
    ]
    admin = User.objects.create(username="bench.admin", peran=Peran.ADMIN_SEKRETARIAT)
    upload = sheet(args.rows, opds)
    start = time.perf_counter()
    hasil = lembar_pengguna_import(berkas=upload, by=admin)
    preview = time.perf_counter() - start
    assert hasil.sah, hasil.baris_salah[:3] or hasil.errors
    connection.force_debug_cursor = True
    reset_queries()
    start = time.perf_counter()
    users = pengguna_import(baris=[b.data() for b in hasil.baris], by=admin)
    sent = pengguna_undangan_notify(users=users, by=admin, tautan_dasar="https://kla.example.go.id/")
    save = time.perf_counter() - start
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    print(f"machine: {platform.node()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"rows: {args.rows}  preview: {preview:.2f} s  save + {sent} invitations: {save:.2f} s")
    print(f"total: {preview + save:.2f} s (goal < 10 s)  queries on save: {queries}  e-mails: {len(mail.outbox)}")
    print(f"audit rows: {AuditPengguna.objects.filter(oleh=admin).count()}")


if __name__ == "__main__":
    main()
