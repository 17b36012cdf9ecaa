"""Each event tells the people who must act, and only them: reporting periods, deadlines, follow-ups due,
the monthly RAD report, meeting invitations (their e-mail carries the calendar entry)."""

import datetime
import email
import re

import pytest
from django.core import mail
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluasi import services as evaluasi_services
from gugus_tugas.models import Peran, Rapat, TindakLanjut
from gugus_tugas.services import pengingat_tindak_lanjut_notify, rapat_submit, undangan_create
from notifikasi.models import Notifikasi
from notifikasi.services import preferensi_set, tindak_lanjut_tenggat_notify
from rad_kla.models import Realisasi
from rad_kla.services import periode_batas_notify, periode_terbuka_set
from tests.evaluasi.factories import LaporanJobFactory
from tests.gugus_tugas.factories import OPDFactory, RapatFactory, TindakLanjutFactory, UndanganFactory, UserFactory
from tests.rad_kla.factories import RealisasiFactory, RencanaAksiFactory, TargetTahunanFactory

pytestmark = pytest.mark.django_db

J = Notifikasi.Jenis


def of(user, jenis=None):
    qs = Notifikasi.objects.filter(penerima=user)
    return list(qs.filter(jenis=jenis) if jenis else qs)


def test_opening_a_period_tells_the_operators_of_the_opds_with_actions_that_year(
    rencana, periode_tertutup, admin_user, operator_dinkes, koordinator_klaster3
):
    lain_tahun = OPDFactory(singkatan="DISDIK-N")
    TargetTahunanFactory(rencana_aksi=RencanaAksiFactory(opd=lain_tahun), tahun=2026)
    operator_lain = UserFactory(peran=Peran.OPERATOR_OPD, opd=lain_tahun)
    periode_terbuka_set(periode=periode_tertutup, terbuka=True, by=admin_user)
    [item] = of(operator_dinkes, J.PERIODE_DIBUKA)
    assert "Triwulan II 2025" in item.judul and "15 Juli 2025" in item.judul and item.tautan == "/rad/saya/"
    assert of(operator_lain) == [] and of(koordinator_klaster3) == [] and of(admin_user) == []
    # Closed and opened again the same day: still one; saving it open again is no news.
    periode_terbuka_set(periode=periode_tertutup, terbuka=False, by=admin_user)
    periode_terbuka_set(periode=periode_tertutup, terbuka=True, by=admin_user)
    periode_terbuka_set(periode=periode_tertutup, terbuka=True, by=admin_user)
    assert len(of(operator_dinkes, J.PERIODE_DIBUKA)) == 1


def test_the_deadline_reminder_goes_a_week_and_a_day_before_to_the_opds_that_have_not_reported(
    rencana, periode_terbuka, operator_dinkes
):
    sudah = OPDFactory(singkatan="DISDIK-B")
    aksi = RencanaAksiFactory(opd=sudah)
    TargetTahunanFactory(rencana_aksi=aksi, tahun=2025)
    RealisasiFactory(rencana_aksi=aksi, periode=periode_terbuka, status=Realisasi.Status.DIAJUKAN)
    operator_sudah = UserFactory(peran=Peran.OPERATOR_OPD, opd=sudah)
    # A draft is not a report.
    RealisasiFactory(rencana_aksi=rencana, periode=periode_terbuka, status=Realisasi.Status.DRAFT)
    batas = periode_terbuka.batas_lapor
    assert periode_batas_notify(tanggal=batas - datetime.timedelta(days=8)) == 0
    assert periode_batas_notify(tanggal=batas - datetime.timedelta(days=7)) == 1
    [item] = of(operator_dinkes, J.BATAS_LAPOR)
    assert "15 Oktober 2025" in item.judul and "1 realisasi OPD Anda belum diajukan" in item.judul
    assert of(operator_sudah) == []
    assert periode_batas_notify(tanggal=batas - datetime.timedelta(days=7)) == 0
    assert periode_batas_notify(tanggal=batas - datetime.timedelta(days=4)) == 0
    assert periode_batas_notify(tanggal=batas - datetime.timedelta(days=1)) == 1
    assert len(of(operator_dinkes, J.BATAS_LAPOR)) == 2 and of(operator_sudah) == []


def test_a_closed_period_reminds_nobody(rencana, periode_tertutup, operator_dinkes):
    assert periode_batas_notify(tanggal=periode_tertutup.batas_lapor - datetime.timedelta(days=1)) == 0


def test_follow_ups_due_in_three_days_and_overdue_are_in_the_owners_inbox_and_e_mailed_once_by_the_reminder(
    operator_dinkes, opd_dinkes, koordinator_klaster3
):
    operator_dinkes.email = "operator@dinkes.example"
    operator_dinkes.save()
    lain = UserFactory(peran=Peran.OPERATOR_OPD, opd=OPDFactory(singkatan="LAIN-T"))
    today = timezone.localdate()
    rapat = RapatFactory()
    tiga = TindakLanjutFactory(
        rapat=rapat, opd=opd_dinkes, uraian="Jatuh tempo", batas_waktu=today + datetime.timedelta(days=3)
    )
    TindakLanjutFactory(
        rapat=rapat, opd=opd_dinkes, uraian="Masih lama", batas_waktu=today + datetime.timedelta(days=5)
    )
    lewat = TindakLanjutFactory(
        rapat=rapat, opd=opd_dinkes, uraian="Lewat", batas_waktu=today - datetime.timedelta(days=2)
    )
    TindakLanjutFactory(
        rapat=rapat, opd=opd_dinkes, batas_waktu=today - datetime.timedelta(days=2), status=TindakLanjut.Status.SELESAI
    )
    Notifikasi.objects.all().delete()  # the "new follow-up" news is another test's
    assert tindak_lanjut_tenggat_notify(tanggal=today) == {"jatuh_tempo": 1, "terlambat": 1}
    [due] = of(operator_dinkes, J.TINDAK_LANJUT_JATUH_TEMPO)
    [late] = of(operator_dinkes, J.TINDAK_LANJUT_TERLAMBAT)
    assert due.tautan.endswith(f"/{tiga.pk}/") and late.tautan.endswith(f"/{lewat.pk}/")
    assert "terlambat 2 hari" in late.judul
    assert of(lain) == [] and of(koordinator_klaster3) == []
    # Their e-mail is the daily reminder's, so the OPD gets one e-mail, not three.
    assert {due.email_status, late.email_status} == {Notifikasi.StatusEmail.TIDAK}
    pengingat_tindak_lanjut_notify(tanggal=today)
    assert [m.to for m in mail.outbox] == [["operator@dinkes.example"]]
    # The next days: the due date was announced, the overdue one comes back a week later.
    assert tindak_lanjut_tenggat_notify(tanggal=today) == {"jatuh_tempo": 0, "terlambat": 0}
    Notifikasi.objects.filter(pk=late.pk).update(hari=today - datetime.timedelta(days=6))
    assert tindak_lanjut_tenggat_notify(tanggal=today + datetime.timedelta(days=1))["terlambat"] == 0
    Notifikasi.objects.filter(pk=late.pk).update(hari=today - datetime.timedelta(days=7))
    assert tindak_lanjut_tenggat_notify(tanggal=today + datetime.timedelta(days=1))["terlambat"] == 1


def test_the_monthly_rad_report_tells_the_pimpinan_and_the_secretariat(
    admin_user, pimpinan, operator_dinkes, koordinator_klaster3
):
    job = evaluasi_services.laporan_rad_bulanan(tanggal=datetime.date(2026, 11, 1))
    assert evaluasi_services.laporan_render(job_id=job.pk, render=lambda **_: (b"%PDF-1.4", "rad.pdf")) == "selesai"
    for user in (admin_user, pimpinan):
        [item] = of(user, J.LAPORAN_RAD_BULANAN)
        assert "November 2026" in item.judul and item.tautan == "/laporan/"
    assert of(operator_dinkes) == [] and of(koordinator_klaster3) == []
    # A RAD report one operator asked for is only theirs.
    own = LaporanJobFactory(jenis="rad", parameter={"tahun": 2026}, diminta_oleh=operator_dinkes)
    evaluasi_services.laporan_render(job_id=own.pk, render=lambda **_: (b"%PDF-1.4", "rad-saya.pdf"))
    assert len(of(operator_dinkes, J.LAPORAN_SIAP)) == 1 and len(of(pimpinan, J.LAPORAN_RAD_BULANAN)) == 1


def ics_events(message) -> list[dict[str, str]]:
    """The calendar attachment read back from the sent MIME message, unfolded into properties."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_filename().endswith(".ics")
    # The MIME text has the platform's line ends here; SMTP sends them as CRLF.
    text = part.get_payload(decode=True).decode()
    lines = re.sub(r"\r?\n[ \t]", "", text).splitlines()
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events, current = [], None
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            key, value = line.split(":", 1)
            current[key] = value
    return events


def test_a_published_meeting_invites_the_invited_opds_with_the_calendar_entry_attached(
    eager, django_capture_on_commit_callbacks, admin_user, operator_dinkes, opd_dinkes, pimpinan
):
    operator_dinkes.email = "operator@dinkes.example"
    operator_dinkes.save()
    tanpa_email = UserFactory(peran=Peran.OPERATOR_OPD, opd=opd_dinkes, email="")
    petugas = UserFactory(peran=Peran.PETUGAS_KASUS, opd=opd_dinkes, email="petugas@dinkes.example")
    tidak_diundang = UserFactory(peran=Peran.OPERATOR_OPD, email="lain@example.org")
    tanpa_undangan_email = UserFactory(peran=Peran.OPERATOR_OPD, opd=opd_dinkes, email="diam@dinkes.example")
    preferensi_set(
        user=tanpa_undangan_email, email_jenis=[j for j in J.values if j != J.UNDANGAN_RAPAT], ringkasan_harian=False
    )
    mulai = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    rapat = RapatFactory(status=Rapat.Status.DRAFT, judul="Rakor Persiapan Evaluasi", mulai=mulai)
    UndanganFactory(rapat=rapat, opd=opd_dinkes)
    assert of(operator_dinkes) == []  # a draft invites nobody
    with django_capture_on_commit_callbacks(execute=True):
        rapat_submit(rapat=rapat, by=admin_user)
    [item] = of(operator_dinkes, J.UNDANGAN_RAPAT)
    assert "Rakor Persiapan Evaluasi" in item.judul and item.tautan == f"/rapat/{rapat.pk}/"
    assert len(of(tanpa_email, J.UNDANGAN_RAPAT)) == 1 and len(of(tanpa_undangan_email, J.UNDANGAN_RAPAT)) == 1
    assert of(petugas) == [] and of(tidak_diundang) == [] and of(pimpinan) == []  # who cannot open it; not invited
    [message] = mail.outbox
    assert message.to == ["operator@dinkes.example"]
    [event] = ics_events(message)
    assert event["SUMMARY"] == "Rakor Persiapan Evaluasi" and event["UID"].startswith(f"rapat-{rapat.pk}@")
    assert datetime.datetime.strptime(event["DTSTART"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC) == mulai
    # An organisation invited after publishing is told then; a named person of an invited one adds nothing.
    baru = OPDFactory(singkatan="BARU-U")
    operator_baru = UserFactory(peran=Peran.OPERATOR_OPD, opd=baru)
    with django_capture_on_commit_callbacks(execute=True):
        undangan_create(rapat=rapat, opd=baru, by=admin_user)
        undangan_create(rapat=rapat, opd=opd_dinkes, nama="Kepala Dinas", by=admin_user)
    assert len(of(operator_baru, J.UNDANGAN_RAPAT)) == 1 and len(of(operator_dinkes, J.UNDANGAN_RAPAT)) == 1
    assert len(mail.outbox) == 1


def test_a_past_meeting_entered_late_invites_nobody(admin_user, operator_dinkes, opd_dinkes):
    rapat = RapatFactory(status=Rapat.Status.DRAFT)  # 6 November 2025
    UndanganFactory(rapat=rapat, opd=opd_dinkes)
    rapat_submit(rapat=rapat, by=admin_user)
    assert of(operator_dinkes, J.UNDANGAN_RAPAT) == []


def test_the_database_keeps_one_notification_per_recipient_kind_object_and_day(operator_dinkes):
    row = {"penerima": operator_dinkes, "jenis": J.PERIODE_DIBUKA, "judul": "a", "tautan": "/", "kunci": "periode:1"}
    Notifikasi.objects.create(**row, hari=datetime.date(2026, 3, 1))
    Notifikasi.objects.create(**row, hari=datetime.date(2026, 3, 2))
    with pytest.raises(IntegrityError):
        Notifikasi.objects.create(**row, hari=datetime.date(2026, 3, 1))


def test_no_notification_names_a_victim_or_carries_a_narrative(rencana, periode_terbuka, operator_dinkes):
    RealisasiFactory(rencana_aksi=rencana, periode=periode_terbuka, status=Realisasi.Status.DRAFT, narasi="Korban Budi")
    periode_batas_notify(tanggal=periode_terbuka.batas_lapor - datetime.timedelta(days=1))
    [item] = of(operator_dinkes)
    assert "Budi" not in item.judul and rencana.uraian not in item.judul


def test_the_morning_jobs_take_the_same_queries_for_more_opds_and_follow_ups(roles, rencana, periode_terbuka):
    today = timezone.localdate()

    def region(n: int) -> None:
        for _ in range(n):
            opd = OPDFactory()
            UserFactory(peran=Peran.OPERATOR_OPD, opd=opd)
            TargetTahunanFactory(rencana_aksi=RencanaAksiFactory(opd=opd), tahun=2025)
            for days in (-2, 1):
                TindakLanjutFactory(rapat=RapatFactory(), opd=opd, batas_waktu=today + datetime.timedelta(days=days))

    def queries(job) -> int:
        Notifikasi.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert job()
        return len(captured)

    batas = periode_terbuka.batas_lapor - datetime.timedelta(days=1)
    region(1)
    few = (
        queries(lambda: tindak_lanjut_tenggat_notify(tanggal=today)),
        queries(lambda: periode_batas_notify(tanggal=batas)),
    )
    region(4)
    assert (
        queries(lambda: tindak_lanjut_tenggat_notify(tanggal=today)),
        queries(lambda: periode_batas_notify(tanggal=batas)),
    ) == few
