"""Roles: one group per peran with its model permissions, kept in step with the peran field."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from gugus_tugas.models import Peran, User
from gugus_tugas.services import pengguna_create, pengguna_peran_set, roles_setup
from klaster.models import Klaster
from tests.gugus_tugas.factories import OPDFactory

pytestmark = pytest.mark.django_db


def test_setup_creates_a_group_per_role_and_is_repeatable(roles):
    first = roles_setup()
    assert set(first) == {p.label for p in Peran}
    assert roles_setup() == first
    admin = Group.objects.get(name="Admin Sekretariat")
    assert admin.permissions.filter(codename="change_indikator").exists()
    pimpinan = Group.objects.get(name="Pimpinan")
    assert pimpinan.permissions.filter(codename="view_indikator").exists()
    assert not pimpinan.permissions.filter(codename="change_indikator").exists()
    assert not Group.objects.get(name="Petugas Kasus").permissions.exists()


def test_changing_role_moves_the_user_between_groups(admin_user):
    assert admin_user.is_staff
    pengguna_peran_set(user=admin_user, peran=Peran.PIMPINAN, by=None)
    admin_user.refresh_from_db()
    assert list(admin_user.groups.values_list("name", flat=True)) == ["Pimpinan"]
    assert not admin_user.is_staff


def test_a_coordinator_needs_a_cluster(roles):
    with pytest.raises(ValidationError) as error:
        pengguna_create(username="koord.tanpa", peran=Peran.KOORDINATOR_KLASTER, opd=OPDFactory(), by=None)
    assert "harus dikaitkan dengan satu klaster" in str(error.value)
    assert not User.objects.filter(username="koord.tanpa").exists()


def test_an_operator_needs_an_opd(roles):
    with pytest.raises(ValidationError, match="OPD-nya"):
        pengguna_create(username="operator.tanpa", peran=Peran.OPERATOR_OPD, by=None)


def test_only_coordinators_keep_a_cluster(roles):
    user = pengguna_create(username="x.uji", peran=Peran.PIMPINAN, klaster=Klaster.objects.get(kode="I"), by=None)
    assert user.klaster is None


def test_admin_site_edit_of_role_syncs_the_group(client, roles):
    superuser = User.objects.create_superuser("root.uji", "root@example.org", "rahasia-uji-123")
    target = pengguna_create(username="target.uji", peran=Peran.PIMPINAN, password="rahasia-uji-123", by=None)
    opd = OPDFactory()
    client.force_login(superuser)
    response = client.post(
        f"/admin/gugus_tugas/user/{target.pk}/change/",
        {
            "username": "target.uji",
            "nama_lengkap": "Target",
            "jabatan": "",
            "email": "",
            "peran": Peran.OPERATOR_OPD,
            "opd": opd.pk,
            "klaster": "",
            "is_active": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.peran == Peran.OPERATOR_OPD
    assert list(target.groups.values_list("name", flat=True)) == ["Operator OPD"]


def test_secretariat_admin_cannot_make_themselves_superuser(client, admin_user):
    client.force_login(admin_user)
    response = client.get(f"/admin/gugus_tugas/user/{admin_user.pk}/change/")
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()
