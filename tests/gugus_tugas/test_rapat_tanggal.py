"""A meeting's attendance and closing wait for its day: refused in the service, not offered on the page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from gugus_tugas.models import Kehadiran, Rapat
from gugus_tugas.services import daftar_hadir_set, kehadiran_set, rapat_close
from tests.gugus_tugas.factories import RapatFactory, UndanganFactory, kehadiran_form_data

pytestmark = pytest.mark.django_db


def rapat_pada(days_from_today: int, **kwargs) -> Rapat:
    day = timezone.localdate() + datetime.timedelta(days=days_from_today)
    mulai = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    return RapatFactory(mulai=mulai, notulen="Notulen sudah ditulis.", **kwargs)


def test_a_meeting_in_two_weeks_cannot_be_closed(admin_user):
    rapat = rapat_pada(14)
    with pytest.raises(ValidationError) as refused:
        rapat_close(rapat=rapat, by=admin_user)
    assert f"baru berlangsung pada {date_format(rapat.tanggal, 'DATE_FORMAT')}" in refused.value.messages[0]
    assert "ditutup mulai tanggal itu" in refused.value.messages[0]
    rapat.refresh_from_db()
    assert rapat.status == Rapat.Status.TERJADWAL


def test_a_meeting_in_two_weeks_takes_no_attendance(admin_user):
    rapat = rapat_pada(14)
    undangan = UndanganFactory(rapat=rapat)
    with pytest.raises(ValidationError, match="kehadiran dapat dicatat mulai tanggal itu"):
        kehadiran_set(rapat=rapat, undangan=undangan, status=Kehadiran.Status.HADIR, by=admin_user)
    with pytest.raises(ValidationError, match="kehadiran dapat dicatat mulai tanggal itu"):
        daftar_hadir_set(
            rapat=rapat,
            entries=[{"undangan": undangan, "status": Kehadiran.Status.HADIR, "nama_hadir": "", "keterangan": ""}],
            by=admin_user,
        )
    assert not Kehadiran.objects.exists()


def test_on_the_meetings_day_attendance_and_closing_are_allowed(admin_user):
    rapat = rapat_pada(0)
    undangan = UndanganFactory(rapat=rapat)
    kehadiran_set(rapat=rapat, undangan=undangan, status=Kehadiran.Status.HADIR, by=admin_user)
    assert rapat_close(rapat=rapat, by=admin_user).status == Rapat.Status.SELESAI


def test_the_page_offers_neither_attendance_nor_closing_before_the_day(client, admin_user):
    rapat = rapat_pada(14)
    UndanganFactory(rapat=rapat)
    client.force_login(admin_user)
    html = client.get(f"/rapat/{rapat.pk}/").content.decode()
    tanggal = date_format(rapat.tanggal, "DATE_FORMAT")
    assert "Simpan kehadiran" not in html and 'data-testid="isian-kehadiran"' not in html
    assert "Tutup rapat" not in html and f"/rapat/{rapat.pk}/tutup/" not in html
    assert f"Kehadiran dapat dicatat mulai tanggal rapat, {tanggal}." in html
    assert f"Dapat ditutup mulai {tanggal}" in html
    assert "Tambah undangan" in html


def test_the_page_offers_attendance_and_closing_on_the_day(client, admin_user):
    rapat = rapat_pada(0)
    UndanganFactory(rapat=rapat)
    client.force_login(admin_user)
    html = client.get(f"/rapat/{rapat.pk}/").content.decode()
    assert "Simpan kehadiran" in html and "Tutup rapat" in html
    assert "Dapat ditutup mulai" not in html


def test_posting_attendance_or_closing_early_is_refused_in_words(client, admin_user):
    rapat = rapat_pada(14)
    undangan = UndanganFactory(rapat=rapat)
    client.force_login(admin_user)
    row = {"undangan": undangan.pk, "status": Kehadiran.Status.HADIR, "nama_hadir": "", "keterangan": ""}
    html = client.post(f"/rapat/{rapat.pk}/kehadiran/", kehadiran_form_data([row])).content.decode()
    assert "kehadiran dapat dicatat mulai tanggal itu" in html
    html = client.post(f"/rapat/{rapat.pk}/tutup/", follow=True).content.decode()
    assert "rapat dapat ditutup mulai tanggal itu" in html
    rapat.refresh_from_db()
    assert rapat.status == Rapat.Status.TERJADWAL and not Kehadiran.objects.exists()


def test_members_without_the_right_to_manage_see_no_such_note(client, pimpinan):
    rapat = rapat_pada(14)
    client.force_login(pimpinan)
    html = client.get(f"/rapat/{rapat.pk}/").content.decode()
    assert "Dapat ditutup mulai" not in html and "Kehadiran dapat dicatat" not in html
