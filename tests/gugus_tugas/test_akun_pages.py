"""The secretariat's account pages: open, edit, deactivate and invite accounts; refused to everyone else."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client

from gugus_tugas.models import AuditPengguna, Peran, User
from gugus_tugas.tokens import undangan_token_generator
from tests.gugus_tugas.factories import OPDFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/gugus-tugas/pengguna/"
ADD_URL = "/gugus-tugas/pengguna/baru/"


def _data(opd, **overrides) -> dict:
    data = {
        "nama_lengkap": "Siti Aminah",
        "email": "Siti.Aminah@Example.org",
        "telepon": "+62 812-3456-7890",
        "jabatan": "Analis",
        "opd": opd.pk,
        "peran": Peran.OPERATOR_OPD,
        "klaster": "",
    }
    return {**data, **overrides}


def _invitation_path() -> str:
    return re.search(r"https?://[^/]+(/accounts/undangan/\S+/)", mail.outbox[-1].body).group(1)


def test_it_creates_an_account_without_password_and_sends_an_invitation(client, admin_user, opd_dinkes):
    client.force_login(admin_user)
    response = client.post(ADD_URL, _data(opd_dinkes))
    user = User.objects.get(email="siti.aminah@example.org")
    assert response.status_code == 302
    assert response["Location"] == f"/gugus-tugas/pengguna/{user.pk}/"
    assert user.username == "siti.aminah@example.org"
    assert user.telepon == "+62 812-3456-7890"
    assert user.opd == opd_dinkes and user.peran == Peran.OPERATOR_OPD
    assert not user.has_usable_password()
    assert mail.outbox[-1].to == ["siti.aminah@example.org"]
    assert "72 jam" in mail.outbox[-1].body
    atribut = set(AuditPengguna.objects.filter(pengguna=user, oleh=admin_user).values_list("atribut", flat=True))
    assert {"email", "peran", "opd", "telepon", "undangan"} <= atribut


def test_it_refuses_a_second_account_for_the_same_email(client, admin_user, opd_dinkes):
    UserFactory(username="lama", email="siti.aminah@example.org", opd=opd_dinkes)
    client.force_login(admin_user)
    response = client.post(ADD_URL, _data(opd_dinkes))
    assert response.status_code == 200
    assert "Email ini sudah dipakai akun lain." in response.content.decode()
    assert User.objects.filter(email__iexact="siti.aminah@example.org").count() == 1


def test_it_does_not_offer_or_grant_the_case_worker_role_to_the_secretariat(client, admin_user, opd_dinkes):
    client.force_login(admin_user)
    assert f'value="{Peran.PETUGAS_KASUS}"' not in client.get(ADD_URL).content.decode()
    response = client.post(ADD_URL, _data(opd_dinkes, peran=Peran.PETUGAS_KASUS))
    assert response.status_code == 200
    assert not User.objects.filter(email="siti.aminah@example.org").exists()


def test_a_superuser_may_grant_the_case_worker_role(client, superuser, opd_dinkes):
    client.force_login(superuser)
    client.post(ADD_URL, _data(opd_dinkes, peran=Peran.PETUGAS_KASUS))
    assert User.objects.get(email="siti.aminah@example.org").peran == Peran.PETUGAS_KASUS


def test_the_secretariat_cannot_turn_an_account_into_a_case_worker(client, admin_user, operator_dinkes):
    client.force_login(admin_user)
    data = _data(operator_dinkes.opd, email="operator@example.org", peran=Peran.PETUGAS_KASUS)
    response = client.post(f"/gugus-tugas/pengguna/{operator_dinkes.pk}/", data)
    assert response.status_code == 200
    assert User.objects.get(pk=operator_dinkes.pk).peran == Peran.OPERATOR_OPD


def test_it_edits_an_account_and_writes_the_trail(client, admin_user, operator_dinkes):
    lain = OPDFactory(nama="Dinas Sosial", singkatan="Dinsos")
    client.force_login(admin_user)
    data = _data(lain, email="operator@example.org", nama_lengkap="Budi Baru")
    response = client.post(f"/gugus-tugas/pengguna/{operator_dinkes.pk}/", data)
    assert response.status_code == 302
    user = User.objects.get(pk=operator_dinkes.pk)
    assert user.opd == lain and user.nama_lengkap == "Budi Baru"
    audit = AuditPengguna.objects.get(pengguna=user, atribut="opd")
    assert (audit.nilai_lama, audit.nilai_baru, audit.oleh) == ("Dinkes", "Dinsos", admin_user)


@pytest.mark.parametrize("role", [Peran.OPERATOR_OPD, Peran.PIMPINAN, Peran.KOORDINATOR_KLASTER, Peran.PETUGAS_KASUS])
def test_other_roles_cannot_reach_account_management(client, users_by_role, operator_dinkes, role):
    client.force_login(users_by_role[role])
    for url in (
        LIST_URL,
        ADD_URL,
        f"{LIST_URL}{operator_dinkes.pk}/",
        "/gugus-tugas/pengguna/unggah/",
        "/gugus-tugas/opd/",
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(ADD_URL, _data(operator_dinkes.opd, peran=Peran.ADMIN_SEKRETARIAT))
    assert response.status_code == 403
    assert client.post(f"{LIST_URL}{operator_dinkes.pk}/aktif/", {"aktif": "0"}).status_code == 403
    assert User.objects.get(pk=operator_dinkes.pk).is_active
    assert not User.objects.filter(email="siti.aminah@example.org").exists()


def test_the_forms_need_the_csrf_token(admin_user, opd_dinkes, operator_dinkes):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(ADD_URL, _data(opd_dinkes)).status_code == 403
    assert client.post(f"{LIST_URL}{operator_dinkes.pk}/aktif/", {"aktif": "0"}).status_code == 403
    assert client.post(f"{LIST_URL}{operator_dinkes.pk}/undangan/").status_code == 403
    assert "csrfmiddlewaretoken" in client.get(ADD_URL).content.decode()


def test_it_deactivates_and_reactivates_instead_of_deleting(client, admin_user, operator_dinkes):
    client.force_login(admin_user)
    client.post(f"{LIST_URL}{operator_dinkes.pk}/aktif/", {"aktif": "0"})
    assert not User.objects.get(pk=operator_dinkes.pk).is_active
    assert not Client().login(username="operator.uji", password="rahasia-uji-123")
    client.post(f"{LIST_URL}{operator_dinkes.pk}/aktif/", {"aktif": "1"})
    assert User.objects.get(pk=operator_dinkes.pk).is_active
    values = list(
        AuditPengguna.objects.filter(pengguna=operator_dinkes, atribut="is_active")
        .order_by("id")
        .values_list("nilai_baru", flat=True)
    )
    assert values[-2:] == ["False", "True"]


def test_only_a_superuser_reactivates_a_case_worker(client, admin_user, superuser, petugas_kasus):
    client.force_login(admin_user)
    client.post(f"{LIST_URL}{petugas_kasus.pk}/aktif/", {"aktif": "0"})
    assert not User.objects.get(pk=petugas_kasus.pk).is_active
    response = client.post(f"{LIST_URL}{petugas_kasus.pk}/aktif/", {"aktif": "1"})
    assert response.status_code == 403
    assert not User.objects.get(pk=petugas_kasus.pk).is_active
    client.force_login(superuser)
    client.post(f"{LIST_URL}{petugas_kasus.pk}/aktif/", {"aktif": "1"})
    assert User.objects.get(pk=petugas_kasus.pk).is_active


def test_the_list_searches_filters_and_escapes(client, admin_user, opd_dinkes):
    UserFactory(username="jahat", nama_lengkap="<script>alert(1)</script>", peran=Peran.PIMPINAN)
    UserFactory(username="nonaktif.uji", nama_lengkap="Orang Nonaktif", is_active=False, opd=opd_dinkes)
    client.force_login(admin_user)
    html = client.get(LIST_URL, {"q": "alert"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    html = client.get(LIST_URL, {"aktif": "0"}).content.decode()
    assert "Orang Nonaktif" in html and "admin.uji" not in html
    html = client.get(LIST_URL, {"peran": Peran.PIMPINAN}).content.decode()
    assert "jahat" in html and "admin.uji" not in html
    html = client.get(LIST_URL, {"opd": opd_dinkes.pk}).content.decode()
    assert "Orang Nonaktif" in html and "jahat" not in html


def test_the_list_query_count_does_not_grow_with_users(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    UserFactory.create_batch(3, peran=Peran.OPERATOR_OPD)
    with django_assert_max_num_queries(12) as few:
        client.get(LIST_URL)
    UserFactory.create_batch(15, peran=Peran.OPERATOR_OPD)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST_URL)


def test_the_invitation_link_sets_the_password_once(client, admin_user, opd_dinkes):
    client.force_login(admin_user)
    client.post(ADD_URL, _data(opd_dinkes))
    client.logout()
    guest = Client()
    response = guest.get(_invitation_path())
    assert response.status_code == 302
    form_url = response["Location"]
    assert "siti.aminah@example.org" in guest.get(form_url).content.decode()
    response = guest.post(form_url, {"new_password1": "Pilihan-sendiri-2026", "new_password2": "Pilihan-sendiri-2026"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    user = User.objects.get(email="siti.aminah@example.org")
    assert user.check_password("Pilihan-sendiri-2026") and not user.wajib_ganti_password
    assert AuditPengguna.objects.filter(pengguna=user, oleh=user, atribut="password").exists()
    html = Client().get(_invitation_path(), follow=True).content.decode()
    assert "sudah dipakai atau tidak sah" in html
    client.force_login(admin_user)
    client.post(f"{LIST_URL}{user.pk}/undangan/")
    assert len(mail.outbox) == 1


def test_an_expired_invitation_says_so_and_a_resend_gives_a_new_link(client, admin_user, opd_dinkes, monkeypatch):
    client.force_login(admin_user)
    client.post(ADD_URL, _data(opd_dinkes))
    old = _invitation_path()
    user = User.objects.get(email="siti.aminah@example.org")
    now = undangan_token_generator._now()
    monkeypatch.setattr(undangan_token_generator, "_now", lambda: now + datetime.timedelta(hours=73))
    html = Client().get(old, follow=True).content.decode()
    assert "sudah kedaluwarsa (berlaku 72 jam)" in html
    client.post(f"{LIST_URL}{user.pk}/undangan/")
    assert len(mail.outbox) == 2
    response = Client().get(_invitation_path())
    assert response.status_code == 302
    monkeypatch.setattr(undangan_token_generator, "_now", lambda: now + datetime.timedelta(hours=71))
    assert Client().get(old).status_code == 302


def test_a_deactivated_account_cannot_use_its_invitation(client, admin_user, opd_dinkes):
    client.force_login(admin_user)
    client.post(ADD_URL, _data(opd_dinkes))
    user = User.objects.get(email="siti.aminah@example.org")
    client.post(f"{LIST_URL}{user.pk}/aktif/", {"aktif": "0"})
    assert "sudah dipakai atau tidak sah" in Client().get(_invitation_path(), follow=True).content.decode()


def test_the_invitation_page_logs_no_secret(client, admin_user, opd_dinkes, caplog):
    client.force_login(admin_user)
    client.post(ADD_URL, _data(opd_dinkes))
    path = _invitation_path()
    token = path.rstrip("/").rsplit("/", 1)[1]
    guest = Client()
    form_url = guest.get(path)["Location"]
    with caplog.at_level("DEBUG"):
        guest.post(form_url, {"new_password1": "Pilihan-sendiri-2026", "new_password2": "Pilihan-sendiri-2026"})
    assert "Pilihan-sendiri-2026" not in caplog.text and token not in caplog.text


def test_it_names_the_petugas_data_and_deputy_of_an_opd(client, admin_user, operator_dinkes, opd_dinkes):
    wakil = UserFactory(username="wakil.uji", opd=opd_dinkes, peran=Peran.OPERATOR_OPD)
    luar = UserFactory(username="luar.uji", peran=Peran.OPERATOR_OPD)
    client.force_login(admin_user)
    url = f"/gugus-tugas/opd/{opd_dinkes.pk}/petugas-data/"
    assert "luar.uji" not in client.get(url).content.decode()
    response = client.post(url, {"petugas_data": operator_dinkes.pk, "wakil_petugas_data": luar.pk})
    assert response.status_code == 200
    response = client.post(url, {"petugas_data": operator_dinkes.pk, "wakil_petugas_data": wakil.pk})
    assert response.status_code == 302
    opd_dinkes.refresh_from_db()
    assert (opd_dinkes.petugas_data, opd_dinkes.wakil_petugas_data) == (operator_dinkes, wakil)
    assert AuditPengguna.objects.filter(pengguna=wakil, atribut="petugas_data", oleh=admin_user).exists()
    assert str(operator_dinkes) in client.get("/gugus-tugas/opd/").content.decode()


def test_the_secretariat_edits_a_case_workers_name_but_not_its_login(client, admin_user, petugas_kasus):
    petugas_kasus.email = "petugas@example.org"
    petugas_kasus.save(update_fields=["email"])
    client.force_login(admin_user)
    data = _data(petugas_kasus.opd, nama_lengkap="Nama Baru", email="lain@example.org", peran=Peran.PIMPINAN)
    response = client.post(f"{LIST_URL}{petugas_kasus.pk}/", data)
    assert response.status_code == 302
    user = User.objects.get(pk=petugas_kasus.pk)
    assert (user.nama_lengkap, user.email, user.peran) == ("Nama Baru", "petugas@example.org", Peran.PETUGAS_KASUS)


def test_the_opd_page_query_count_does_not_grow_with_opds(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    for _ in range(2):
        opd = OPDFactory()
        opd.petugas_data = UserFactory(opd=opd)
        opd.save()
    with django_assert_max_num_queries(12) as few:
        client.get("/gugus-tugas/opd/")
    for _ in range(10):
        opd = OPDFactory()
        opd.petugas_data = UserFactory(opd=opd)
        opd.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/gugus-tugas/opd/")


def test_the_gugus_tugas_page_links_to_account_management_for_the_secretariat_only(client, admin_user, pimpinan):
    client.force_login(admin_user)
    assert 'data-testid="kelola-pengguna"' in client.get("/gugus-tugas/").content.decode()
    client.force_login(pimpinan)
    assert 'data-testid="kelola-pengguna"' not in client.get("/gugus-tugas/").content.decode()
