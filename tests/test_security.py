"""Login throttling, password rules, idle session expiry and the Content Security Policy header."""

import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_wrong_passwords_lock_the_account_with_an_indonesian_message(client, pimpinan):
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": pimpinan.username, "password": "salah"})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    response = client.post("/accounts/login/", {"username": pimpinan.username, "password": "rahasia-uji-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_a_correct_password_before_the_limit_still_logs_in(client, pimpinan):
    client.post("/accounts/login/", {"username": pimpinan.username, "password": "salah"})
    response = client.post("/accounts/login/", {"username": pimpinan.username, "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(pimpinan.pk)


def test_sessions_expire_after_inactivity_and_are_renewed_by_use(client, pimpinan):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    client.force_login(pimpinan)
    response = client.get("/")
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_pages_carry_a_strict_content_security_policy(client, pimpinan):
    client.force_login(pimpinan)
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_are_not_framed_and_not_sniffed(client, pimpinan):
    client.force_login(pimpinan)
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_weak_new_password_is_refused_in_indonesian(client, pimpinan):
    client.force_login(pimpinan)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": "rahasia-uji-123", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "terlalu umum" in html or "seluruhnya berupa angka" in html
    pimpinan.refresh_from_db()
    assert pimpinan.check_password("rahasia-uji-123")


def test_a_request_body_over_the_cap_is_refused_before_it_is_read(client, settings):
    settings.REQUEST_MAX_BYTES = 1024
    response = client.generic("POST", "/accounts/login/", b"x" * 2048, content_type="application/octet-stream")
    assert response.status_code == 413
    assert "Kiriman terlalu besar" in response.content.decode()
    # A body under the cap goes on to the view as usual.
    assert client.post("/accounts/login/", {"username": "a", "password": "b"}).status_code != 413
