"""Issue 10 item 2: the secretariat cannot make itself a case worker through the admin or the user services."""

import pytest
from django.core.exceptions import PermissionDenied

from gugus_tugas.models import AuditPengguna, Peran, User
from gugus_tugas.services import pengguna_create, pengguna_password_set, pengguna_peran_set

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/gugus_tugas/user/add/"
NEW = "Kata-sandi-baru-2026"


def _add_data(**overrides) -> dict:
    data = {
        "username": "petugas.palsu",
        "password1": NEW,
        "password2": NEW,
        "nama_lengkap": "Petugas Palsu",
        "email": "palsu@example.org",
        "peran": Peran.PETUGAS_KASUS,
        "opd": "",
        "klaster": "",
    }
    return {**data, **overrides}


def _change_data(user: User, **overrides) -> dict:
    data = {
        "username": user.username,
        "nama_lengkap": user.nama_lengkap,
        "jabatan": user.jabatan,
        "email": user.email,
        "peran": user.peran,
        "opd": user.opd_id or "",
        "klaster": user.klaster_id or "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "08:00:00",
    }
    return {**data, **overrides}


def _password_data() -> dict:
    return {"password1": NEW, "password2": NEW, "usable_password": "true"}


def test_it_refuses_the_secretariat_creating_a_case_worker_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    response = client.post(ADD_URL, _add_data())
    assert response.status_code == 200
    assert not User.objects.filter(username="petugas.palsu").exists()


def test_it_offers_the_secretariat_no_case_worker_role_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    html = client.get(ADD_URL).content.decode()
    assert f'value="{Peran.OPERATOR_OPD}"' in html
    assert f'value="{Peran.PETUGAS_KASUS}"' not in html


def test_it_lets_a_superuser_create_a_case_worker_in_the_admin(client, superuser):
    client.force_login(superuser)
    response = client.post(ADD_URL, _add_data())
    assert response.status_code == 302
    created = User.objects.get(username="petugas.palsu")
    assert created.peran == Peran.PETUGAS_KASUS
    assert list(created.groups.values_list("name", flat=True)) == ["Petugas Kasus"]


def test_it_refuses_the_secretariat_setting_a_case_workers_password(client, admin_user, petugas_kasus):
    client.force_login(admin_user)
    response = client.post(f"/admin/gugus_tugas/user/{petugas_kasus.pk}/password/", _password_data())
    assert response.status_code == 403
    petugas_kasus.refresh_from_db()
    assert petugas_kasus.check_password("rahasia-uji-123")


def test_it_hides_the_set_password_link_of_a_case_worker_from_the_secretariat(client, admin_user, petugas_kasus):
    client.force_login(admin_user)
    html = client.get(f"/admin/gugus_tugas/user/{petugas_kasus.pk}/change/").content.decode()
    assert "../password/" not in html
    assert 'name="email"' not in html
    assert 'name="username"' not in html


def test_it_keeps_a_case_workers_login_when_the_secretariat_posts_new_ones(client, admin_user, petugas_kasus):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/gugus_tugas/user/{petugas_kasus.pk}/change/",
        _change_data(petugas_kasus, username="diambil.alih", email="penyerang@example.org", peran=Peran.PIMPINAN),
    )
    assert response.status_code == 302
    petugas_kasus.refresh_from_db()
    assert petugas_kasus.username == "petugas.uji"
    assert petugas_kasus.email != "penyerang@example.org"
    assert petugas_kasus.peran == Peran.PETUGAS_KASUS


def test_it_still_lets_the_secretariat_deactivate_a_case_worker(client, admin_user, petugas_kasus):
    client.force_login(admin_user)
    data = _change_data(petugas_kasus)
    del data["is_active"]
    response = client.post(f"/admin/gugus_tugas/user/{petugas_kasus.pk}/change/", data)
    assert response.status_code == 302
    petugas_kasus.refresh_from_db()
    assert not petugas_kasus.is_active
    assert AuditPengguna.objects.filter(pengguna=petugas_kasus, atribut="is_active", oleh=admin_user).exists()


def test_it_refuses_the_secretariat_turning_an_operator_into_a_case_worker(client, admin_user, operator_dinkes):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/gugus_tugas/user/{operator_dinkes.pk}/change/",
        _change_data(operator_dinkes, peran=Peran.PETUGAS_KASUS),
    )
    assert response.status_code == 200
    operator_dinkes.refresh_from_db()
    assert operator_dinkes.peran == Peran.OPERATOR_OPD


def test_it_refuses_the_secretariat_making_itself_a_case_worker(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/gugus_tugas/user/{admin_user.pk}/change/", _change_data(admin_user, peran=Peran.PETUGAS_KASUS)
    )
    assert response.status_code == 200
    admin_user.refresh_from_db()
    assert admin_user.peran == Peran.ADMIN_SEKRETARIAT


def test_it_shows_a_superuser_account_to_the_secretariat_read_only(client, admin_user, superuser):
    client.force_login(admin_user)
    response = client.post(f"/admin/gugus_tugas/user/{superuser.pk}/change/", _change_data(superuser, email="x@y.z"))
    assert response.status_code == 403
    response = client.post(f"/admin/gugus_tugas/user/{superuser.pk}/password/", _password_data())
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password("rahasia-uji-123")


def test_it_lets_a_superuser_set_a_case_workers_password(client, superuser, petugas_kasus):
    client.force_login(superuser)
    response = client.post(f"/admin/gugus_tugas/user/{petugas_kasus.pk}/password/", _password_data())
    assert response.status_code == 302
    petugas_kasus.refresh_from_db()
    assert petugas_kasus.check_password(NEW)
    assert petugas_kasus.wajib_ganti_password


def test_the_service_refuses_the_secretariat_creating_a_case_worker(admin_user):
    with pytest.raises(PermissionDenied):
        pengguna_create(username="petugas.palsu", peran=Peran.PETUGAS_KASUS, password="x-Kata-sandi-9", by=admin_user)
    assert not User.objects.filter(username="petugas.palsu").exists()


def test_the_service_refuses_the_secretariat_granting_or_removing_the_case_worker_role(
    admin_user, operator_dinkes, petugas_kasus
):
    with pytest.raises(PermissionDenied):
        pengguna_peran_set(user=operator_dinkes, peran=Peran.PETUGAS_KASUS, by=admin_user)
    with pytest.raises(PermissionDenied):
        pengguna_peran_set(user=petugas_kasus, peran=Peran.PIMPINAN, by=admin_user)
    assert User.objects.get(pk=operator_dinkes.pk).peran == Peran.OPERATOR_OPD
    assert User.objects.get(pk=petugas_kasus.pk).peran == Peran.PETUGAS_KASUS


def test_the_service_refuses_the_secretariat_setting_a_case_workers_password(admin_user, petugas_kasus):
    with pytest.raises(PermissionDenied):
        pengguna_password_set(user=petugas_kasus, password=NEW, by=admin_user)
    assert User.objects.get(pk=petugas_kasus.pk).check_password("rahasia-uji-123")


def test_the_service_lets_a_superuser_grant_the_case_worker_role(superuser, operator_dinkes):
    pengguna_peran_set(user=operator_dinkes, peran=Peran.PETUGAS_KASUS, by=superuser)
    assert User.objects.get(pk=operator_dinkes.pk).peran == Peran.PETUGAS_KASUS


def test_the_service_refuses_the_secretariat_granting_superuser(admin_user, pimpinan):
    pimpinan.is_superuser = True
    with pytest.raises(PermissionDenied):
        pengguna_peran_set(user=pimpinan, peran=Peran.PIMPINAN, by=admin_user)
    assert not User.objects.get(pk=pimpinan.pk).is_superuser
