"""Issue 10 item 2: a password someone else chose is logged and must be changed at the next login."""

import logging

import pytest

from gugus_tugas.models import AuditPengguna, Peran, User
from gugus_tugas.services import pengguna_create, pengguna_password_set

pytestmark = pytest.mark.django_db

NEW = "Kata-sandi-baru-2026"


def _change_own_password(client, old: str = NEW):
    return client.post(
        "/accounts/password_change/",
        {"old_password": old, "new_password1": "Pilihan-sendiri-2026", "new_password2": "Pilihan-sendiri-2026"},
    )


def test_a_password_set_in_the_admin_forces_a_change_and_is_logged(client, admin_user, pimpinan, caplog):
    client.force_login(admin_user)
    with caplog.at_level(logging.WARNING, logger="gugus_tugas.services"):
        response = client.post(
            f"/admin/gugus_tugas/user/{pimpinan.pk}/password/",
            {"password1": NEW, "password2": NEW, "usable_password": "true"},
        )
    assert response.status_code == 302
    pimpinan.refresh_from_db()
    assert pimpinan.wajib_ganti_password
    assert "pimpinan.uji" in caplog.text and "admin.uji" in caplog.text
    audit = AuditPengguna.objects.get(pengguna=pimpinan, atribut=AuditPengguna.Atribut.PASSWORD)
    assert audit.oleh == admin_user


def test_a_user_whose_password_was_set_is_sent_to_the_change_page(client, admin_user, pimpinan):
    pengguna_password_set(user=pimpinan, password=NEW, by=admin_user)
    assert client.post("/accounts/login/", {"username": "pimpinan.uji", "password": NEW}).status_code == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/"
    assert client.get("/rapat/")["Location"] == "/accounts/password_change/"
    page = client.get("/accounts/password_change/")
    assert page.status_code == 200
    assert "ditetapkan oleh orang lain" in page.content.decode()


def test_changing_it_oneself_lifts_the_hold(client, admin_user, pimpinan):
    pengguna_password_set(user=pimpinan, password=NEW, by=admin_user)
    client.force_login(User.objects.get(pk=pimpinan.pk))
    response = _change_own_password(client)
    assert response.status_code == 302
    pimpinan.refresh_from_db()
    assert not pimpinan.wajib_ganti_password
    assert client.get("/").status_code == 200
    assert AuditPengguna.objects.filter(pengguna=pimpinan, oleh=pimpinan, atribut="password").exists()


def test_a_held_user_can_still_log_out(client, admin_user, pimpinan):
    pengguna_password_set(user=pimpinan, password=NEW, by=admin_user)
    client.force_login(User.objects.get(pk=pimpinan.pk))
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_account_created_by_the_secretariat_with_a_password_must_change_it(admin_user):
    user = pengguna_create(username="baru.uji", peran=Peran.PIMPINAN, password=NEW, by=admin_user)
    assert user.wajib_ganti_password


def test_an_account_created_in_the_admin_must_change_its_password(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/gugus_tugas/user/add/",
        {"username": "baru.uji", "password1": NEW, "password2": NEW, "peran": Peran.PIMPINAN, "opd": "", "klaster": ""},
    )
    assert response.status_code == 302
    created = User.objects.get(username="baru.uji")
    assert created.wajib_ganti_password
    assert AuditPengguna.objects.filter(pengguna=created, atribut="password", oleh=admin_user).exists()


def test_seeded_and_own_passwords_do_not_force_a_change(pimpinan):
    seeded = pengguna_create(username="demo.uji", peran=Peran.PIMPINAN, password=NEW, by=None)
    assert not seeded.wajib_ganti_password
    pengguna_password_set(user=pimpinan, password=NEW, by=pimpinan)
    assert not User.objects.get(pk=pimpinan.pk).wajib_ganti_password


def test_a_held_user_can_still_switch_language(client, admin_user, pimpinan):
    pengguna_password_set(user=pimpinan, password=NEW, by=admin_user)
    client.force_login(User.objects.get(pk=pimpinan.pk))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"
