"""Benchmark of the notification jobs for a large region: 30 OPDs with 3 operators each, 10 open follow-ups
and 5 RAD actions per OPD; the morning's deadline jobs, opening a period, sending the e-mails one by one and
as daily summaries. Prints seconds and queries per job.

Run against a dedicated PostgreSQL database (it is migrated first; BENCH rows are removed before):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kla_bench_notif .venv/bin/python tests/bench/bench_notifikasi.py
"""

import datetime
import os
import platform
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kla_metro.settings_test")

import django

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from gugus_tugas.models import OPD, Peran, Rapat, TindakLanjut, User  # noqa: E402
from gugus_tugas.services import roles_setup  # noqa: E402
from kla_metro.celery import app  # noqa: E402
from klaster.models import Indikator  # noqa: E402
from notifikasi.models import Notifikasi, PengaturanNotifikasi  # noqa: E402
from notifikasi.services import (  # noqa: E402
    email_pause,
    notifikasi_email_send,
    notifikasi_ringkasan_send,
    tindak_lanjut_tenggat_notify,
)
from rad_kla.models import PeriodePelaporan, RencanaAksi, TargetTahunan  # noqa: E402
from rad_kla.services import periode_batas_notify, periode_terbuka_set  # noqa: E402

OPDS, OPERATORS, FOLLOW_UPS, ACTIONS = 30, 3, 10, 5


def measure(label: str, job):
    connection.force_debug_cursor = True
    reset_queries()
    start = time.perf_counter()
    result = job()
    seconds = time.perf_counter() - start
    queries = len(connection.queries)
    connection.force_debug_cursor = False
    print(f"{label:<48} {seconds:6.2f} s  {queries:5d} queries  -> {result}")
    return result


def data() -> tuple[User, PeriodePelaporan]:
    Notifikasi.objects.filter(penerima__username__startswith="bench.").delete()
    TindakLanjut.objects.filter(opd__singkatan__startswith="BENCHN").delete()
    Rapat.objects.filter(judul="Rakor Bench Notifikasi").delete()
    RencanaAksi.objects.filter(kode__startswith="BENCHN").delete()
    User.objects.filter(username__startswith="bench.").delete()
    PeriodePelaporan.objects.filter(tahun=2031).delete()
    admin = User.objects.create(username="bench.admin", peran=Peran.ADMIN_SEKRETARIAT, is_staff=True)
    indikator = Indikator.objects.order_by("pk").first()
    today = timezone.localdate()
    rapat = Rapat.objects.create(
        jenis=Rapat.Jenis.RAKOR,
        judul="Rakor Bench Notifikasi",
        mulai=timezone.now() - datetime.timedelta(days=30),
        tempat="Ruang OR Setda",
        penyelenggara=OPD.objects.get_or_create(
            singkatan="BENCHN0", defaults={"nama": "Dinas Bench 0", "jenis": "dinas"}
        )[0],
        status=Rapat.Status.TERJADWAL,
    )
    users, follow_ups, actions = [], [], []
    for i in range(OPDS):
        opd = OPD.objects.get_or_create(
            singkatan=f"BENCHN{i}", defaults={"nama": f"Dinas Bench {i}", "jenis": "dinas"}
        )[0]
        users += [
            User(username=f"bench.op{i}.{n}", email=f"op{i}.{n}@bench.example", peran=Peran.OPERATOR_OPD, opd=opd)
            for n in range(OPERATORS)
        ]
        follow_ups += [
            TindakLanjut(
                rapat=rapat,
                opd=opd,
                uraian=f"Tindak lanjut bench {i}.{n}",
                batas_waktu=today + datetime.timedelta(n - 5),
            )
            for n in range(FOLLOW_UPS)
        ]
        actions += [
            RencanaAksi(
                kode=f"BENCHN-{i}-{n}",
                indikator=indikator,
                uraian=f"Aksi bench {i}.{n}",
                indikator_keluaran="keluaran",
                satuan="kegiatan",
                arah=indikator.arah,
                opd=opd,
            )
            for n in range(ACTIONS)
        ]
    User.objects.bulk_create(users)
    TindakLanjut.objects.bulk_create(follow_ups)
    RencanaAksi.objects.bulk_create(actions)
    TargetTahunan.objects.bulk_create(
        [
            TargetTahunan(rencana_aksi=a, tahun=2031, target=Decimal("10"))
            for a in RencanaAksi.objects.filter(kode__startswith="BENCHN")
        ]
    )
    periode = PeriodePelaporan.objects.create(
        tahun=2031,
        jenis=PeriodePelaporan.Jenis.TRIWULAN,
        nomor=1,
        mulai=datetime.date(2031, 1, 1),
        selesai=datetime.date(2031, 3, 31),
        batas_lapor=today + datetime.timedelta(days=7),
        terbuka=False,
    )
    return admin, periode


def main() -> None:
    setup_test_environment()  # locmem e-mail
    app.conf.task_always_eager = True  # nothing is left in a broker queue
    call_command("migrate", verbosity=0)
    roles_setup()
    admin, periode = data()
    today = timezone.localdate()
    print(f"machine: {platform.node()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"region: {OPDS} OPDs x {OPERATORS} operators, {FOLLOW_UPS} follow-ups and {ACTIONS} actions each")
    with email_pause():
        measure(
            "open a period (in-app, e-mail paused)",
            lambda: (
                periode_terbuka_set(periode=periode, terbuka=True, by=admin)
                and Notifikasi.objects.filter(jenis="periode_dibuka", penerima__username__startswith="bench.").count()
            ),
        )
    measure("deadline reminders, 7 days before", lambda: periode_batas_notify(tanggal=today))
    measure("deadline reminders, again the same day", lambda: periode_batas_notify(tanggal=today))
    measure("follow-ups due in 3 days and overdue", lambda: tindak_lanjut_tenggat_notify(tanggal=today))
    measure("follow-ups, again the same day", lambda: tindak_lanjut_tenggat_notify(tanggal=today))
    ids = list(
        Notifikasi.objects.filter(jenis="batas_lapor", penerima__username__startswith="bench.").values_list(
            "pk", flat=True
        )
    )
    Notifikasi.objects.filter(pk__in=ids).update(email_status=Notifikasi.StatusEmail.ANTRI)  # again, to time it
    measure(f"send {len(ids)} e-mails one by one", lambda: notifikasi_email_send(ids=ids))
    bench_users = User.objects.filter(username__startswith="bench.op")
    PengaturanNotifikasi.objects.bulk_create(
        [PengaturanNotifikasi(pengguna=u, ringkasan_harian=True) for u in bench_users]
    )
    Notifikasi.objects.filter(penerima__in=bench_users).update(email_status=Notifikasi.StatusEmail.RINGKASAN)
    waiting = Notifikasi.objects.filter(penerima__in=bench_users).count()
    mail.outbox.clear()
    measure(f"daily summaries of {waiting} notifications", notifikasi_ringkasan_send)
    print(f"e-mails in the summary run: {len(mail.outbox)}")


if __name__ == "__main__":
    main()
