"""The second login step: required for case workers and the secretariat (not demo accounts), optional for others."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gugus_tugas.demo import demo_organisasi_seed
from gugus_tugas.dua_langkah import dua_langkah_draft_get, kode_pemulihan_create
from gugus_tugas.models import AuditPengguna, Peran, User
from tests.gugus_tugas.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"
KASUS = "/kasus/"


def _login(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD, "next": KASUS})
    assert response.status_code == 302
    return client


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrolled(user: User) -> TOTPDevice:
    device = dua_langkah_draft_get(user=user)
    device.confirmed = True
    device.save()
    return device


def _throttle_reset(device) -> None:
    """A wrong code makes the next try wait (a second, then longer); the tests do not wait."""
    device.refresh_from_db()
    device.throttle_reset()


@pytest.fixture
def petugas_baru(roles):
    return UserFactory(username="petugas.baru", peran=Peran.PETUGAS_KASUS, wajib_2fa_dikecualikan=False)


def test_a_new_case_worker_must_enrol_before_any_page(petugas_baru):
    client = _login("petugas.baru")
    response = client.get(KASUS, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/dua-langkah/daftar/")
    html = response.content.decode()
    assert "<svg" in html and "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )
    for url in ("/", "/admin/", "/gugus-tugas/", "/accounts/password_change/"):
        assert client.get(url)["Location"].startswith("/accounts/dua-langkah/"), url


def test_enrolling_with_a_code_opens_the_app_and_shows_recovery_codes(petugas_baru):
    client = _login("petugas.baru")
    client.get("/accounts/dua-langkah/daftar/")
    device = TOTPDevice.objects.get(user=petugas_baru, confirmed=False)
    rahasia = client.get("/accounts/dua-langkah/daftar/").context["rahasia"]
    assert TOTPDevice.objects.filter(user=petugas_baru).count() == 1  # the same secret on a reload
    assert rahasia.replace(" ", "")
    response = client.post("/accounts/dua-langkah/daftar/", {"token": "000000", "next": KASUS})
    assert "Kode tidak cocok" in response.content.decode()
    _throttle_reset(device)
    response = client.post("/accounts/dua-langkah/daftar/", {"token": _code(device), "next": KASUS})
    codes = re.findall(r'<li class="col">([a-z2-7]{8})</li>', response.content.decode())
    assert len(codes) == 10
    assert client.get(KASUS).status_code == 200
    assert AuditPengguna.objects.filter(pengguna=petugas_baru, atribut="dua_langkah", nilai_baru="terdaftar").exists()


def test_an_enrolled_account_passes_the_code_after_the_password(petugas_baru):
    device = _enrolled(petugas_baru)
    client = _login("petugas.baru")
    response = client.get(KASUS)
    assert response["Location"].startswith("/accounts/dua-langkah/?next=")
    response = client.post("/accounts/dua-langkah/", {"token": "123456", "next": KASUS})
    assert "Kode salah" in response.content.decode()
    _throttle_reset(device)
    response = client.post("/accounts/dua-langkah/", {"token": _code(device), "next": KASUS})
    assert response["Location"] == KASUS
    assert client.get(KASUS).status_code == 200


def test_a_recovery_code_works_once(petugas_baru):
    _enrolled(petugas_baru)
    kode = kode_pemulihan_create(user=petugas_baru)[0]
    client = _login("petugas.baru")
    response = client.post("/accounts/dua-langkah/", {"token": kode.upper(), "next": KASUS})
    assert response["Location"] == KASUS
    assert client.get(KASUS).status_code == 200
    client.post("/accounts/logout/")
    client = _login("petugas.baru")
    response = client.post("/accounts/dua-langkah/", {"token": kode, "next": KASUS})
    assert response.status_code == 200 and "Kode salah atau sudah dipakai" in response.content.decode()
    assert client.get(KASUS).status_code == 302


def test_the_step_never_sends_to_another_site(petugas_baru):
    device = _enrolled(petugas_baru)
    client = _login("petugas.baru")
    response = client.post("/accounts/dua-langkah/", {"token": _code(device), "next": "https://jahat.example/"})
    assert response["Location"] == "/"


def test_a_new_secretariat_admin_must_enrol_too(roles):
    UserFactory(username="admin.baru", peran=Peran.ADMIN_SEKRETARIAT, wajib_2fa_dikecualikan=False)
    client = _login("admin.baru")
    assert client.get("/gugus-tugas/pengguna/")["Location"].startswith("/accounts/dua-langkah/")


def test_other_roles_log_in_with_a_password_alone_unless_they_enrolled(roles, opd_dinkes):
    operator = UserFactory(
        username="operator.baru", peran=Peran.OPERATOR_OPD, opd=opd_dinkes, wajib_2fa_dikecualikan=False
    )
    client = _login("operator.baru")
    assert client.get("/").status_code == 200
    assert "Belum aktif" in client.get("/accounts/dua-langkah/pengaturan/").content.decode()
    _enrolled(operator)
    client.post("/accounts/logout/")
    client = _login("operator.baru")
    assert client.get("/")["Location"].startswith("/accounts/dua-langkah/")


def test_demo_accounts_log_in_with_username_and_password_alone(db):
    demo_organisasi_seed(password=PASSWORD, new_password="tidak-dipakai")
    for username in ("petugas.uptdppa", "admin.dp3ap2kb"):
        assert User.objects.get(username=username).wajib_2fa_dikecualikan
        client = _login(username)
        assert client.get("/").status_code == 200, username


def test_the_secretariat_resets_a_lost_authenticator_but_not_a_case_workers(
    client, admin_user, superuser, petugas_baru, opd_dinkes
):
    operator = UserFactory(
        username="operator.baru", peran=Peran.OPERATOR_OPD, opd=opd_dinkes, wajib_2fa_dikecualikan=False
    )
    _enrolled(operator)
    _enrolled(petugas_baru)
    client.force_login(admin_user)
    client.post(f"/gugus-tugas/pengguna/{operator.pk}/dua-langkah/hapus/")
    assert not TOTPDevice.objects.filter(user=operator).exists()
    assert AuditPengguna.objects.filter(pengguna=operator, atribut="dua_langkah", nilai_baru="dihapus").exists()
    assert client.post(f"/gugus-tugas/pengguna/{petugas_baru.pk}/dua-langkah/hapus/").status_code == 403
    assert TOTPDevice.objects.filter(user=petugas_baru).exists()
    client.force_login(superuser)
    client.post(f"/gugus-tugas/pengguna/{petugas_baru.pk}/dua-langkah/hapus/")
    assert not TOTPDevice.objects.filter(user=petugas_baru).exists()


def test_an_operator_cannot_reset_anyones_second_factor(client, operator_dinkes, petugas_baru):
    _enrolled(petugas_baru)
    client.force_login(operator_dinkes)
    assert client.post(f"/gugus-tugas/pengguna/{petugas_baru.pk}/dua-langkah/hapus/").status_code == 403
    assert TOTPDevice.objects.filter(user=petugas_baru).exists()


def test_the_code_forms_need_the_csrf_token(petugas_baru):
    client = Client(enforce_csrf_checks=True)
    client.force_login(petugas_baru)
    assert client.post("/accounts/dua-langkah/daftar/", {"token": "000000"}).status_code == 403
