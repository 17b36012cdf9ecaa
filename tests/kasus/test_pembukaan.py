"""Reveal reasons are a kind from a list plus particulars; many reveals in an hour alert the secretariat."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from gugus_tugas.models import Peran
from kasus.models import AksesLog
from kasus.selectors import pembukaan_berlebih_list
from kasus.services import akses_log_create
from tests.gugus_tugas.factories import UserFactory
from tests.kasus.factories import KasusFactory, KorbanFactory

pytestmark = pytest.mark.django_db

ALASAN = "Menyiapkan pendampingan ke RSUD."


def reveal(client, kasus, **data):
    return client.post(f"/kasus/{kasus.pk}/identitas/", {"jenis_alasan": "pendampingan", "alasan": ALASAN, **data})


def test_a_reveal_needs_a_kind_of_reason_from_the_list(client, petugas_kasus):
    kasus = KorbanFactory(nama="Rahasia Pembukaan").kasus
    client.force_login(petugas_kasus)
    form = client.get(f"/kasus/{kasus.pk}/identitas/").content.decode()
    assert 'name="jenis_alasan"' in form and "Rujukan ke lembaga lain" in form
    for jenis in ("", "iseng"):
        response = reveal(client, kasus, jenis_alasan=jenis)
        assert response.status_code == 200 and "Pilih jenis alasan dari daftar." in response.content.decode()
    assert not AksesLog.objects.filter(aksi="tampilkan_identitas").exists()
    assert reveal(client, kasus, jenis_alasan="rujukan").status_code == 302
    log = AksesLog.objects.get(aksi="tampilkan_identitas")
    assert (log.jenis_alasan, log.alasan) == ("rujukan", ALASAN)
    assert "Rahasia Pembukaan" in client.get(f"/kasus/{kasus.pk}/").content.decode()


@override_settings(KASUS_BATAS_BUKA_PER_JAM=2)
def test_the_reveal_past_the_hourly_limit_emails_the_active_admins_once(
    client, petugas_kasus, admin_user, django_capture_on_commit_callbacks
):
    admin_user.email = "sekretariat@example.go.id"
    admin_user.save()
    UserFactory(username="admin.nonaktif", peran=Peran.ADMIN_SEKRETARIAT, email="lama@example.go.id", is_active=False)
    UserFactory(username="petugas.lain", peran=Peran.PETUGAS_KASUS, email="petugas@example.go.id")
    client.force_login(petugas_kasus)
    kasus = [KorbanFactory(nama=f"Rahasia {n}").kasus for n in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for item in kasus[:2]:
            assert reveal(client, item).status_code == 302
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert reveal(client, kasus[2]).status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sekretariat@example.go.id"]
    assert "petugas.uji" in message.subject and "3 kali" in message.subject
    assert "/kasus/log-akses/" in message.body and "Rahasia" not in message.body
    # The burst already raised its alert; the next reveal does not send another.
    with django_capture_on_commit_callbacks(execute=True):
        assert reveal(client, kasus[3]).status_code == 302
    assert len(mail.outbox) == 1


@override_settings(KASUS_BATAS_BUKA_PER_JAM=2)
def test_the_log_page_names_the_users_over_the_limit_in_the_last_hour(client, admin_user, petugas_kasus):
    rajin = UserFactory(username="petugas.rajin", peran=Peran.PETUGAS_KASUS, nama_lengkap="Petugas Rajin")
    kasus = KasusFactory()
    for _ in range(3):
        akses_log_create(pengguna=rajin, kasus=kasus, aksi="tampilkan_identitas", jenis_alasan="rujukan", alasan=ALASAN)
    for _ in range(2):
        akses_log_create(
            pengguna=petugas_kasus, kasus=kasus, aksi="tampilkan_identitas", jenis_alasan="rujukan", alasan=ALASAN
        )
    client.force_login(admin_user)
    html = client.get("/kasus/log-akses/").content.decode()
    assert 'data-testid="pembukaan-berlebih"' in html
    assert "Petugas Rajin (petugas.rajin): 3 kali" in html and "(petugas.uji)" not in html
    assert "Rujukan ke lembaga lain" in html


@override_settings(KASUS_BATAS_BUKA_PER_JAM=2)
def test_reveals_older_than_an_hour_do_not_count(petugas_kasus):
    kasus = KasusFactory()
    for _ in range(3):
        akses_log_create(
            pengguna=petugas_kasus, kasus=kasus, aksi="tampilkan_identitas", jenis_alasan="rujukan", alasan=ALASAN
        )
    assert [row["jumlah"] for row in pembukaan_berlebih_list()] == [3]
    nanti = timezone.now() + datetime.timedelta(minutes=61)
    assert pembukaan_berlebih_list(sekarang=nanti) == []
