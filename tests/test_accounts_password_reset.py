"""Issue 10 item 3: a forgotten password (or a lockout) has a way back: a reset link sent by email."""

import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from core.throttle import throttle_key
from gugus_tugas.models import AuditPengguna, User
from gugus_tugas.services import pengguna_password_set

pytestmark = pytest.mark.django_db

RESET_URL = "/accounts/password_reset/"
NEUTRAL = "Jika alamat itu terdaftar"
NEW = "Pilihan-sendiri-2026"


@pytest.fixture
def pimpinan_email(pimpinan):
    pimpinan.email = "pimpinan@example.org"
    pimpinan.save(update_fields=["email"])
    return pimpinan


def _reset_link() -> str:
    assert len(mail.outbox) == 1
    return re.search(r"https?://[^/]+(/accounts/password_reset/\S+/)", mail.outbox[0].body).group(1)


def _reset_complete(client) -> None:
    response = client.get(_reset_link())
    assert response.status_code == 302
    form_url = response["Location"]
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/selesai/"


def test_the_login_page_offers_a_reset_link_and_keeps_its_form(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Lupa kata sandi?" in html
    assert f'href="{RESET_URL}"' in html
    assert 'name="username"' in html and 'name="password"' in html
    assert html.count('type="submit"') == 1


def test_the_reset_pages_open_without_logging_in(client):
    for url in (RESET_URL, "/accounts/password_reset/done/", "/accounts/password_reset/selesai/"):
        response = client.get(url)
        assert response.status_code == 200, url


def test_it_emails_a_reset_link_in_indonesian(client, pimpinan_email):
    response = client.post(RESET_URL, {"email": "pimpinan@example.org"}, follow=True)
    assert NEUTRAL in response.content.decode()
    assert mail.outbox[0].to == ["pimpinan@example.org"]
    assert "kata sandi baru" in mail.outbox[0].body
    assert _reset_link().startswith("/accounts/password_reset/")


@pytest.mark.parametrize(
    "email", ["tidak.ada@example.org", "pimpinan.uji@example.org"], ids=["unknown", "guess-for-user-without-email"]
)
def test_it_answers_an_unknown_address_or_a_user_without_email_the_same_way(client, pimpinan, email):
    assert pimpinan.email == ""
    response = client.post(RESET_URL, {"email": email}, follow=True)
    assert response.redirect_chain == [("/accounts/password_reset/done/", 302)]
    assert NEUTRAL in response.content.decode()
    assert mail.outbox == []


def test_completing_a_reset_sets_the_password_and_writes_the_trail(client, pimpinan_email):
    client.post(RESET_URL, {"email": "pimpinan@example.org"})
    _reset_complete(client)
    user = User.objects.get(pk=pimpinan_email.pk)
    assert user.check_password(NEW)
    assert AuditPengguna.objects.filter(pengguna=user, oleh=user, atribut="password").exists()


def test_completing_a_reset_clears_a_forced_change(client, admin_user, pimpinan_email):
    pengguna_password_set(user=pimpinan_email, password="Dari-admin-2026", by=admin_user)
    client.post(RESET_URL, {"email": "pimpinan@example.org"})
    _reset_complete(client)
    assert not User.objects.get(pk=pimpinan_email.pk).wajib_ganti_password


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_completing_a_reset_lifts_a_lockout(pimpinan_email):
    locked = Client()
    for _ in range(3):
        response = locked.post("/accounts/login/", {"username": "pimpinan.uji", "password": "salah"})
    assert response.status_code == 429
    locked.post(RESET_URL, {"email": "pimpinan@example.org"})
    _reset_complete(locked)
    assert not AccessAttempt.objects.filter(username="pimpinan.uji").exists()
    response = locked.post("/accounts/login/", {"username": "pimpinan.uji", "password": NEW})
    assert response.status_code == 302


def _throttle_clear(*values) -> None:
    cache.delete_many([throttle_key(scope, v) for v in values for scope in ("reset-email", "reset-ip")])


@override_settings(RESET_BATAS_PER_EMAIL=2, RESET_BATAS_PER_IP=100)
def test_reset_mails_to_one_address_are_limited_and_the_answer_stays_the_same(client, pimpinan_email):
    _throttle_clear("pimpinan@example.org", "127.0.0.1")
    answers = [client.post(RESET_URL, {"email": "pimpinan@example.org"}, follow=True) for _ in range(4)]
    assert len(mail.outbox) == 2
    for response in answers:
        assert response.redirect_chain == [("/accounts/password_reset/done/", 302)]
        assert NEUTRAL in response.content.decode()
    _throttle_clear("pimpinan@example.org", "127.0.0.1")


@override_settings(RESET_BATAS_PER_EMAIL=100, RESET_BATAS_PER_IP=3)
def test_reset_requests_from_one_client_are_limited(pimpinan_email):
    _throttle_clear("pimpinan@example.org", "10.9.8.7")
    client = Client(REMOTE_ADDR="10.9.8.7")
    for n in range(5):
        client.post(RESET_URL, {"email": f"orang{n}@example.org" if n < 2 else "pimpinan@example.org"})
    assert len(mail.outbox) == 1
    assert Client(REMOTE_ADDR="10.9.8.6").post(RESET_URL, {"email": "pimpinan@example.org"}).status_code == 302
    assert len(mail.outbox) == 2
    _throttle_clear("pimpinan@example.org", "10.9.8.7", "10.9.8.6")
