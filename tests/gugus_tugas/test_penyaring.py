"""List filters of meetings, follow-ups and users (django-filter): each filter narrows, a bad value is ignored."""

import datetime

import pytest
from django.utils import timezone

from tests.gugus_tugas.factories import OPDFactory, RapatFactory, TindakLanjutFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_meetings_filter_by_text_kind_and_status_and_ignore_a_bad_kind(client, admin_user):
    RapatFactory(judul="Rakor klaster tiga", jenis="rakor", status="terjadwal")
    RapatFactory(judul="FGD forum anak", jenis="fgd", status="terjadwal")
    client.force_login(admin_user)
    html = client.get("/rapat/", {"q": "klaster"}).content.decode()
    assert "Rakor klaster tiga" in html and "FGD forum anak" not in html
    html = client.get("/rapat/", {"jenis": "fgd"}).content.decode()
    assert "FGD forum anak" in html and "Rakor klaster tiga" not in html
    html = client.get("/rapat/", {"jenis": "bukan-jenis", "q": "forum"}).content.decode()
    assert "FGD forum anak" in html and "Rakor klaster tiga" not in html


def test_follow_ups_filter_by_agency_and_overdue(client, admin_user):
    dinkes, disdik = OPDFactory(singkatan="Dinkes"), OPDFactory(singkatan="Disdik")
    rapat = RapatFactory(mulai=timezone.now() - datetime.timedelta(days=30), status="terjadwal")
    TindakLanjutFactory(
        rapat=rapat, opd=dinkes, uraian="Data imunisasi", batas_waktu=timezone.localdate() - datetime.timedelta(days=3)
    )
    TindakLanjutFactory(
        rapat=rapat,
        opd=disdik,
        uraian="Data sekolah ramah anak",
        batas_waktu=timezone.localdate() + datetime.timedelta(days=30),
    )
    client.force_login(admin_user)
    html = client.get("/tindak-lanjut/", {"opd": dinkes.pk}).content.decode()
    assert "Data imunisasi" in html and "Data sekolah ramah anak" not in html
    html = client.get("/tindak-lanjut/", {"terlambat": "1"}).content.decode()
    assert "Data imunisasi" in html and "Data sekolah ramah anak" not in html


def test_an_operator_sees_only_their_own_agencys_follow_ups_whatever_the_filter_says(client, operator_dinkes):
    other = OPDFactory(singkatan="Lain")
    rapat = RapatFactory(status="terjadwal")
    TindakLanjutFactory(rapat=rapat, opd=operator_dinkes.opd, uraian="Milik Dinkes")
    TindakLanjutFactory(rapat=rapat, opd=other, uraian="Milik OPD lain")
    client.force_login(operator_dinkes)
    html = client.get("/tindak-lanjut/saya/", {"opd": other.pk}).content.decode()
    assert "Milik OPD lain" not in html


def test_users_are_searched_by_name_or_username(client, admin_user):
    UserFactory(username="operator.dinsos", nama_lengkap="Siti Aminah")
    UserFactory(username="operator.dukcapil", nama_lengkap="Budi Santoso")
    client.force_login(admin_user)
    html = client.get("/gugus-tugas/pengguna/", {"q": "aminah"}).content.decode()
    assert "operator.dinsos" in html and "operator.dukcapil" not in html
