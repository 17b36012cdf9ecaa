"""Issue 10 item 2: every role change and password set lands in the trail the secretariat reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gugus_tugas.models import AuditPengguna, Peran
from gugus_tugas.services import pengguna_password_set, pengguna_peran_set
from klaster.models import Klaster
from tests.gugus_tugas.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/gugus-tugas/pengguna/riwayat/"


def test_a_role_change_writes_each_changed_attribute(superuser, operator_dinkes):
    pengguna_peran_set(
        user=operator_dinkes, peran=Peran.KOORDINATOR_KLASTER, klaster=Klaster.objects.get(kode="III"), by=superuser
    )
    rows = {row.atribut: row for row in AuditPengguna.objects.filter(pengguna=operator_dinkes, oleh=superuser)}
    assert set(rows) == {"peran", "klaster", "groups"}
    assert rows["peran"].nilai_lama == Peran.OPERATOR_OPD
    assert rows["peran"].nilai_baru == Peran.KOORDINATOR_KLASTER
    assert rows["groups"].nilai_baru == "Koordinator Klaster"


def test_a_staff_change_is_written(superuser, pimpinan):
    pengguna_peran_set(user=pimpinan, peran=Peran.ADMIN_SEKRETARIAT, by=superuser)
    assert AuditPengguna.objects.filter(pengguna=pimpinan, atribut="is_staff", nilai_baru="True").exists()


def test_it_shows_the_trail_to_the_secretariat(client, admin_user, superuser, operator_dinkes):
    pengguna_peran_set(user=operator_dinkes, peran=Peran.PETUGAS_KASUS, by=superuser)
    pengguna_password_set(user=operator_dinkes, password="Kata-sandi-baru-2026", by=superuser)
    client.force_login(admin_user)
    html = client.get(URL).content.decode()
    assert "operator.uji" in html
    assert "Petugas Kasus" in html
    assert "root.uji" in html
    assert "ditetapkan" in html


def test_the_users_page_links_to_the_trail(client, admin_user):
    client.force_login(admin_user)
    assert URL in client.get("/gugus-tugas/pengguna/").content.decode()


def test_it_refuses_the_trail_to_other_roles(client, pimpinan):
    client.force_login(pimpinan)
    assert client.get(URL).status_code == 403


def test_it_pages_the_trail_with_the_same_queries_as_it_grows(client, admin_user, superuser, roles):
    client.force_login(admin_user)
    pengguna_peran_set(user=UserFactory(), peran=Peran.PIMPINAN, by=superuser)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for _ in range(15):
        pengguna_peran_set(user=UserFactory(), peran=Peran.PIMPINAN, by=superuser)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert len(many) == len(few)
    assert "page=2" in response.content.decode()
