"""The e-mail of a notification: each user's choices (per kind, daily summary), its log, retries, and a mail
server that is down never breaks the action that caused it."""

import datetime
import time
from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gugus_tugas.models import Rapat
from gugus_tugas.services import rapat_submit
from kla_metro.celery import app
from notifikasi.models import Notifikasi
from notifikasi.services import JENIS_EMAIL_PENGINGAT, notifikasi_ringkasan_send
from notifikasi.tasks import MAKS_PERCOBAAN
from rad_kla.models import Realisasi
from rad_kla.services import realisasi_return, realisasi_submit, realisasi_update, realisasi_verify
from tests.gugus_tugas.factories import RapatFactory, TindakLanjutFactory, UndanganFactory

pytestmark = pytest.mark.django_db

J = Notifikasi.Jenis
S = Notifikasi.StatusEmail
# The kinds with an e-mail switch (the follow-up deadlines are e-mailed by the daily reminder).
EMAIL_KINDS = [v for v in J.values if v not in JENIS_EMAIL_PENGINGAT]


def submitted(rencana, periode, operator):
    realisasi = realisasi_update(
        rencana=rencana,
        periode=periode,
        by=operator,
        nilai_capaian=Decimal("4"),
        realisasi_anggaran=1_000_000,
        narasi="Pelatihan 4 puskesmas.",
    )
    return realisasi_submit(realisasi=realisasi, by=operator)


@pytest.fixture
def with_emails(operator_dinkes, koordinator_klaster3):
    operator_dinkes.email = "operator@dinkes.example"
    operator_dinkes.save()
    koordinator_klaster3.email = "koordinator@dinkes.example"
    koordinator_klaster3.save()


def test_the_settings_page_is_reached_from_the_inbox_and_saves_the_choices(client, operator_dinkes):
    client.force_login(operator_dinkes)
    inbox = client.get(reverse("notifikasi:index")).content.decode()
    assert f'href="{reverse("notifikasi:pengaturan")}"' in inbox
    html = client.get(reverse("notifikasi:pengaturan")).content.decode()
    assert html.count('role="switch"') == len(J.values) + 1  # every kind, and the summary
    assert 'value="realisasi_dikembalikan" id="id_email_1" checked' in html  # e-mail on until switched off
    assert 'data-testid="tanpa-email"' in html  # the account has no address yet
    kinds = [J.REALISASI_DIVERIFIKASI, J.UNDANGAN_RAPAT]
    response = client.post(reverse("notifikasi:pengaturan"), {"email": kinds, "ringkasan_harian": "on"})
    assert response.status_code == 302
    html = client.get(reverse("notifikasi:pengaturan")).content.decode()
    assert 'value="realisasi_dikembalikan" id="id_email_1">' in html
    assert 'value="realisasi_diverifikasi" id="id_email_2" checked' in html
    assert 'name="ringkasan_harian" id="id_ringkasan_harian" checked' in html
    assert client.post(reverse("notifikasi:pengaturan"), {"email": ["bukan_jenis"]}).status_code == 200


def test_a_kind_switched_off_is_in_the_app_but_not_e_mailed(
    client,
    eager,
    django_capture_on_commit_callbacks,
    with_emails,
    rencana,
    periode_terbuka,
    operator_dinkes,
    koordinator_klaster3,
):
    client.force_login(operator_dinkes)
    on = [v for v in EMAIL_KINDS if v != J.REALISASI_DIKEMBALIKAN]
    client.post(reverse("notifikasi:pengaturan"), {"email": on})
    with django_capture_on_commit_callbacks(execute=True):
        realisasi = submitted(rencana, periode_terbuka, operator_dinkes)
    assert [m.to for m in mail.outbox] == [["koordinator@dinkes.example"]]
    with django_capture_on_commit_callbacks(execute=True):
        realisasi_return(realisasi=realisasi, by=koordinator_klaster3, catatan="Lampirkan daftar hadir.")
    [returned] = Notifikasi.objects.filter(penerima=operator_dinkes, jenis=J.REALISASI_DIKEMBALIKAN)
    assert returned.email_status == S.TIDAK and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        realisasi = submitted(rencana, periode_terbuka, operator_dinkes)
        realisasi_verify(realisasi=realisasi, by=koordinator_klaster3)
    assert mail.outbox[-1].to == ["operator@dinkes.example"] and "diverifikasi" in mail.outbox[-1].subject
    verified = Notifikasi.objects.get(penerima=operator_dinkes, jenis=J.REALISASI_DIVERIFIKASI)
    assert verified.email_status == S.TERKIRIM and verified.email_percobaan == 1 and verified.email_terkirim_pada


def test_the_daily_summary_gathers_the_days_notifications_into_one_e_mail(
    client, eager, django_capture_on_commit_callbacks, with_emails, operator_dinkes, opd_dinkes, admin_user
):
    client.force_login(operator_dinkes)
    client.post(reverse("notifikasi:pengaturan"), {"email": EMAIL_KINDS, "ringkasan_harian": "on"})
    rapat = RapatFactory()
    with django_capture_on_commit_callbacks(execute=True):
        TindakLanjutFactory(rapat=rapat, opd=opd_dinkes, uraian="Terbitkan SK KTR")
        TindakLanjutFactory(rapat=rapat, opd=opd_dinkes, uraian="Data anak per kelurahan")
        besok = RapatFactory(
            status=Rapat.Status.DRAFT, judul="Rakor Besok", mulai=timezone.now() + datetime.timedelta(days=1)
        )
        UndanganFactory(rapat=besok, opd=opd_dinkes)
        rapat_submit(rapat=besok, by=admin_user)
    # The coordinator, also of the Dinas Kesehatan, gets the invitation at once; the operator nothing one by one.
    assert [m.to for m in mail.outbox] == [["koordinator@dinkes.example"]]
    mail.outbox.clear()
    mine = Notifikasi.objects.filter(penerima=operator_dinkes)
    assert set(mine.values_list("email_status", flat=True)) == {S.RINGKASAN}
    assert notifikasi_ringkasan_send() == {"terkirim": 1, "gagal": 0}
    [message] = mail.outbox
    assert message.to == ["operator@dinkes.example"] and "3 notifikasi" in message.subject
    assert "Terbitkan SK KTR" in message.body and "Data anak per kelurahan" in message.body
    assert "Rakor Besok" in message.body and "/tindak-lanjut/" in message.body
    [(filename, ics, mimetype)] = message.attachments
    assert filename == f"undangan-rapat-{besok.pk}.ics" and mimetype == "text/calendar"
    assert "SUMMARY:Rakor Besok" in ics
    assert notifikasi_ringkasan_send() == {"terkirim": 0, "gagal": 0}
    assert len(mail.outbox) == 1
    assert set(mine.values_list("email_status", flat=True)) == {S.TERKIRIM}


def test_switching_the_summary_on_moves_waiting_e_mails_into_it(client, with_emails, operator_dinkes, opd_dinkes):
    TindakLanjutFactory(rapat=RapatFactory(), opd=opd_dinkes)
    assert Notifikasi.objects.get().email_status == S.ANTRI
    client.force_login(operator_dinkes)
    client.post(reverse("notifikasi:pengaturan"), {"email": EMAIL_KINDS, "ringkasan_harian": "on"})
    assert Notifikasi.objects.get().email_status == S.RINGKASAN


def test_a_mail_server_that_is_down_does_not_break_the_action_and_the_log_keeps_each_attempt(
    eager,
    broken_email,
    django_capture_on_commit_callbacks,
    with_emails,
    rencana,
    periode_terbuka,
    operator_dinkes,
    koordinator_klaster3,
):
    with django_capture_on_commit_callbacks(execute=True):
        realisasi = submitted(rencana, periode_terbuka, operator_dinkes)
    realisasi.refresh_from_db()
    assert realisasi.status == Realisasi.Status.DIAJUKAN
    item = Notifikasi.objects.get(penerima=koordinator_klaster3)
    assert item.email_status == S.GAGAL and item.email_percobaan == MAKS_PERCOBAAN
    assert item.email_galat.startswith("ConnectionRefusedError") and item.email_terkirim_pada is None
    assert mail.outbox == []


def test_the_project_default_of_eager_tasks_that_raise_still_keeps_the_action(
    broken_email, django_capture_on_commit_callbacks, with_emails, rencana, periode_terbuka, operator_dinkes
):
    app.conf.task_always_eager = True  # `make run` without Redis: an exception would reach the caller
    try:
        with django_capture_on_commit_callbacks(execute=True):
            realisasi = submitted(rencana, periode_terbuka, operator_dinkes)
    finally:
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    assert Realisasi.objects.get(pk=realisasi.pk).status == Realisasi.Status.DIAJUKAN
    assert Notifikasi.objects.get().email_percobaan >= 1


def test_a_failed_summary_waits_for_the_next_morning_with_its_error(
    client, broken_email, with_emails, operator_dinkes, opd_dinkes, settings
):
    client.force_login(operator_dinkes)
    client.post(reverse("notifikasi:pengaturan"), {"email": EMAIL_KINDS, "ringkasan_harian": "on"})
    TindakLanjutFactory(rapat=RapatFactory(), opd=opd_dinkes)
    assert notifikasi_ringkasan_send() == {"terkirim": 0, "gagal": 1}
    item = Notifikasi.objects.get()
    assert item.email_status == S.RINGKASAN and item.email_percobaan == 1 and "Connection refused" in item.email_galat
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifikasi_ringkasan_send() == {"terkirim": 1, "gagal": 0}
    item.refresh_from_db()
    assert item.email_status == S.TERKIRIM and item.email_galat == "" and item.email_percobaan == 2


def test_the_beat_runs_the_reminders_before_the_summary_at_seven_jakarta_time():
    by_task = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    summary = by_task["notifikasi.ringkasan_harian"]
    assert summary.hour == {7} and summary.minute == {0} and app.conf.timezone == "Asia/Jakarta"
    for task in ("rad_kla.periode_batas_notify", "notifikasi.tindak_lanjut_tenggat"):
        assert by_task[task].hour == {6}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_submission_is_e_mailed_by_a_real_worker_once_the_action_commits(
    with_emails, rencana, periode_terbuka, operator_dinkes, koordinator_klaster3
):
    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        submitted(rencana, periode_terbuka, operator_dinkes)
        item = Notifikasi.objects.get(penerima=koordinator_klaster3)
        for _ in range(100):
            item.refresh_from_db()
            if item.email_status != S.ANTRI:
                break
            time.sleep(0.2)
    assert item.email_status == S.TERKIRIM
    [message] = mail.outbox
    assert message.to == ["koordinator@dinkes.example"] and rencana.kode in message.subject


def test_the_secretariat_reads_the_e_mail_log_in_the_admin_and_the_pimpinan_does_not(
    client, admin_user, pimpinan, operator_dinkes
):
    Notifikasi.objects.create(
        penerima=operator_dinkes,
        jenis=J.PERIODE_DIBUKA,
        judul="Periode pelaporan dibuka",
        tautan="/rad/saya/",
        kunci="periode:1",
        hari=datetime.date(2026, 3, 1),
        email_status=S.GAGAL,
        email_percobaan=MAKS_PERCOBAAN,
        email_galat="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    client.force_login(admin_user)
    html = client.get("/admin/notifikasi/notifikasi/?email_status=gagal").content.decode()
    assert "Gagal" in html and str(operator_dinkes) in html
    item = Notifikasi.objects.get()
    detail = client.get(f"/admin/notifikasi/notifikasi/{item.pk}/change/").content.decode()
    assert "Connection refused" in detail
    assert client.get("/admin/notifikasi/notifikasi/add/").status_code == 403
    client.force_login(pimpinan)
    assert client.get("/admin/notifikasi/notifikasi/").status_code in (302, 403)
