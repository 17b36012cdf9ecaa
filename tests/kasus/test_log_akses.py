"""The access log: append-only, readable and filterable by the Admin Sekretariat only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kasus.models import AksesLog
from kasus.services import akses_log_create
from tests.gugus_tugas.factories import UserFactory
from tests.kasus.factories import KasusFactory

pytestmark = pytest.mark.django_db


def test_a_log_row_can_be_neither_changed_nor_deleted(petugas_kasus):
    log = akses_log_create(pengguna=petugas_kasus, kasus=KasusFactory(), aksi="lihat")
    log.alasan = "diubah"
    with pytest.raises(ValidationError):
        log.save()
    with pytest.raises(ValidationError):
        log.delete()
    with pytest.raises(ValidationError):
        AksesLog.objects.filter(pk=log.pk).update(alasan="diubah")
    with pytest.raises(ValidationError):
        AksesLog.objects.all().delete()
    assert AksesLog.objects.get().alasan == ""


def test_the_admin_site_offers_no_add_change_or_delete(client, petugas_kasus):
    superuser = UserFactory(username="super.log", is_superuser=True, is_staff=True)
    log = akses_log_create(pengguna=petugas_kasus, kasus=KasusFactory(), aksi="lihat")
    client.force_login(superuser)
    assert client.get("/admin/kasus/akseslog/").status_code == 200
    assert client.get("/admin/kasus/akseslog/add/").status_code == 403
    assert client.post(f"/admin/kasus/akseslog/{log.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(f"/admin/kasus/akseslog/{log.pk}/change/", {"alasan": "diubah"})
    assert response.status_code in (302, 403) and AksesLog.objects.get().alasan == ""


def test_the_admin_filters_the_log_page(client, admin_user, petugas_kasus):
    a = KasusFactory(nomor_registrasi="KASUS/2024/0101")
    b = KasusFactory(nomor_registrasi="KASUS/2024/0202")
    akses_log_create(pengguna=petugas_kasus, kasus=a, aksi="tampilkan_identitas", alasan="Rujukan ke Polres.")
    akses_log_create(pengguna=admin_user, kasus=b, aksi="lihat")
    client.force_login(admin_user)
    html = client.get("/kasus/log-akses/").content.decode()
    assert "Rujukan ke Polres." in html and "KASUS/2024/0202" in html
    html = client.get("/kasus/log-akses/", {"aksi": "tampilkan_identitas"}).content.decode()
    assert "KASUS/2024/0101" in html and "KASUS/2024/0202" not in html
    html = client.get("/kasus/log-akses/", {"pengguna": admin_user.pk}).content.decode()
    assert "KASUS/2024/0101" not in html and "KASUS/2024/0202" in html
    html = client.get("/kasus/log-akses/", {"nomor": "0101"}).content.decode()
    assert "KASUS/2024/0101" in html and "KASUS/2024/0202" not in html
    besok = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert "Tidak ada catatan akses yang cocok." in client.get("/kasus/log-akses/", {"dari": besok}).content.decode()


def test_case_workers_may_not_read_the_log(client, petugas_kasus):
    client.force_login(petugas_kasus)
    assert client.get("/kasus/log-akses/").status_code == 403


def test_the_log_page_query_count_does_not_grow(client, admin_user, petugas_kasus):
    client.force_login(admin_user)
    akses_log_create(pengguna=petugas_kasus, kasus=KasusFactory(), aksi="lihat")
    client.get("/kasus/log-akses/")
    with CaptureQueriesContext(connection) as small:
        client.get("/kasus/log-akses/")
    for _ in range(20):
        akses_log_create(pengguna=UserFactory(peran="petugas_kasus"), kasus=KasusFactory(), aksi="lihat")
    with CaptureQueriesContext(connection) as large:
        client.get("/kasus/log-akses/")
    assert len(large) == len(small)


def test_the_database_refuses_raw_updates_and_deletes(petugas_kasus):
    log = akses_log_create(pengguna=petugas_kasus, kasus=KasusFactory(), aksi="lihat")
    for sql in ("UPDATE kasus_akseslog SET alasan = 'x' WHERE id = %s", "DELETE FROM kasus_akseslog WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [log.pk])
    assert AksesLog.objects.get().alasan == ""
