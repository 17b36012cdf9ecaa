"""The daily follow-up reminder: one email per owner OPD with what is overdue or due within a week."""

import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.utils import timezone

from gugus_tugas.models import PengingatTindakLanjut, Peran, Rapat, TindakLanjut
from gugus_tugas.services import pengingat_tindak_lanjut_notify
from gugus_tugas.tasks import pengingat_tindak_lanjut
from kla_metro.celery import app
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, TindakLanjutFactory, UserFactory

HARI_INI = datetime.date(2026, 3, 10)


def hari(n: int) -> datetime.date:
    return HARI_INI + datetime.timedelta(days=n)


def make_data():
    dinkes = OPDFactory(nama="Dinas Kesehatan Uji", singkatan="DINKES-P")
    disdik = OPDFactory(nama="Dinas Pendidikan Uji", singkatan="DISDIK-P")
    tenang = OPDFactory(nama="Dinas Tanpa Tenggat", singkatan="TENANG-P")
    UserFactory(username="op.dinkes.a", email="a@dinkes.example", peran=Peran.OPERATOR_OPD, opd=dinkes)
    UserFactory(username="op.dinkes.b", email="b@dinkes.example", peran=Peran.OPERATOR_OPD, opd=dinkes)
    UserFactory(username="op.dinkes.off", email="off@dinkes.example", opd=dinkes, is_active=False)
    UserFactory(username="op.disdik", email="x@disdik.example", peran=Peran.OPERATOR_OPD, opd=disdik)
    UserFactory(username="op.tenang", email="x@tenang.example", peran=Peran.OPERATOR_OPD, opd=tenang)
    rapat = RapatFactory(
        judul="Rakor Pengingat", mulai=timezone.make_aware(datetime.datetime(2026, 1, 5, 9)), penyelenggara=dinkes
    )
    TindakLanjutFactory(rapat=rapat, opd=dinkes, uraian="Lewat batas dinkes", batas_waktu=hari(-3))
    TindakLanjutFactory(rapat=rapat, opd=dinkes, uraian="Jatuh tempo dinkes", batas_waktu=hari(7))
    TindakLanjutFactory(rapat=rapat, opd=dinkes, uraian="Masih lama dinkes", batas_waktu=hari(8))
    TindakLanjutFactory(
        rapat=rapat, opd=dinkes, uraian="Selesai dinkes", batas_waktu=hari(-1), status=TindakLanjut.Status.SELESAI
    )
    TindakLanjutFactory(rapat=rapat, opd=disdik, uraian="Hari ini disdik", batas_waktu=hari(0))
    TindakLanjutFactory(rapat=rapat, opd=tenang, uraian="Jauh tenang", batas_waktu=hari(30))
    draf = RapatFactory(status=Rapat.Status.DRAFT, mulai=rapat.mulai)
    TindakLanjutFactory(rapat=draf, opd=tenang, uraian="Dari rapat draf", batas_waktu=hari(1))
    return dinkes, disdik


@pytest.mark.django_db
def test_each_opd_gets_one_email_with_its_overdue_and_due_soon_items(roles):
    dinkes, _ = make_data()
    result = pengingat_tindak_lanjut_notify(tanggal=HARI_INI)
    assert result == {"terkirim": 2, "dilewati": 0}
    by_recipients = {tuple(sorted(m.to)): m for m in mail.outbox}
    assert set(by_recipients) == {("a@dinkes.example", "b@dinkes.example"), ("x@disdik.example",)}
    body = by_recipients[("a@dinkes.example", "b@dinkes.example")].body
    assert "Lewat batas dinkes" in body and "Jatuh tempo dinkes" in body
    assert "Masih lama dinkes" not in body and "Selesai dinkes" not in body
    assert body.index("SUDAH LEWAT BATAS WAKTU") < body.index("Lewat batas dinkes") < body.index("JATUH TEMPO")
    assert "7 Maret 2026" in body and "17 Maret 2026" in body
    assert "10 Maret 2026" in by_recipients[("a@dinkes.example", "b@dinkes.example")].subject
    assert PengingatTindakLanjut.objects.get(opd=dinkes).jumlah_tindak_lanjut == 2


@pytest.mark.django_db
def test_a_second_run_the_same_day_sends_nothing_but_the_next_day_does(roles):
    make_data()
    pengingat_tindak_lanjut_notify(tanggal=HARI_INI)
    mail.outbox.clear()
    assert pengingat_tindak_lanjut_notify(tanggal=HARI_INI) == {"terkirim": 0, "dilewati": 2}
    assert mail.outbox == []
    assert pengingat_tindak_lanjut_notify(tanggal=hari(1))["terkirim"] == 2


@pytest.mark.django_db
def test_an_opd_without_an_email_address_is_skipped_and_not_marked_as_sent(roles):
    opd = OPDFactory()
    UserFactory(email="", peran=Peran.OPERATOR_OPD, opd=opd)
    TindakLanjutFactory(
        opd=opd, batas_waktu=hari(-1), rapat=RapatFactory(mulai=timezone.make_aware(datetime.datetime(2026, 1, 1)))
    )
    assert pengingat_tindak_lanjut_notify(tanggal=HARI_INI) == {"terkirim": 0, "dilewati": 1}
    assert not PengingatTindakLanjut.objects.exists()


def test_the_reminder_is_scheduled_every_morning_at_seven_jakarta_time():
    entry = settings.CELERY_BEAT_SCHEDULE["pengingat-tindak-lanjut"]
    assert entry["task"] == "gugus_tugas.pengingat_tindak_lanjut"
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert app.conf.timezone == "Asia/Jakarta"


def reminders():
    # The worker also sends the "new follow-up" notification e-mails of the committed data.
    return [m for m in mail.outbox if "Pengingat tindak lanjut" in m.subject]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_reminder_runs_on_a_real_worker_once_per_opd_per_day(roles):
    make_data()
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        first = pengingat_tindak_lanjut.delay(HARI_INI.isoformat())
        assert first.get(timeout=30) == {"terkirim": 2, "dilewati": 0}
        assert len(reminders()) == 2
        second = pengingat_tindak_lanjut.delay(HARI_INI.isoformat())
        assert second.get(timeout=30) == {"terkirim": 0, "dilewati": 2}
    assert len(reminders()) == 2
    assert PengingatTindakLanjut.objects.filter(tanggal=HARI_INI).count() == 2
