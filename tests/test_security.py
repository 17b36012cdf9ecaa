"""Login throttling, password rules, idle sessions, security headers, the cache serializer and the Server header."""

import os
import pickle
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

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


def test_sessions_expire_after_inactivity_and_are_renewed_by_use(client, pimpinan, monkeypatch):
    """Idle sessions end after at most an hour; use renews them, but a page view writes the session at most every
    SESSION_RENEW_SECONDS."""
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_RENEW_SECONDS <= settings.SESSION_COOKIE_AGE // 10
    client.force_login(pimpinan)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/klaster/")
    assert "sessionid" not in response.cookies
    assert not [q for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    later = time.time() + settings.SESSION_RENEW_SECONDS + 1
    monkeypatch.setattr("core.middleware.time.time", lambda: later)
    response = client.get("/klaster/")
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


def test_pages_switch_off_browser_features_the_app_never_uses(client, pimpinan):
    client.force_login(pimpinan)
    policy = client.get("/").headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


class _Planted:
    """A pickle that creates a file when it is loaded: what an attacker who reaches Redis would plant."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


@pytest.mark.skipif(not settings.REDIS_URL, reason="the production cache is Redis")
def test_the_cache_stores_json_and_never_unpickles_a_planted_value(tmp_path):
    cache.set("uji:beranda", "<p>Beranda</p>", timeout=30)
    raw = redis.Redis.from_url(settings.REDIS_URL).get(cache.make_key("uji:beranda"))
    assert raw == b'"<p>Beranda</p>"'
    assert cache.get("uji:beranda") == "<p>Beranda</p>"

    planted = tmp_path / "dijalankan"
    redis.Redis.from_url(settings.REDIS_URL).set(cache.make_key("uji:racun"), pickle.dumps(_Planted(planted)))
    with pytest.raises(ValueError):
        cache.get("uji:racun")
    assert not planted.exists()
    cache.delete_many(["uji:beranda", "uji:racun"])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(False)
def test_gunicorn_with_the_project_config_does_not_name_itself_in_the_server_header():
    root = Path(__file__).resolve().parent.parent
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kla_metro.settings_test",
        "DATABASE_URL": "sqlite:///:memory:",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kla_metro.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5) as response:
                    headers = response.headers
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=30)
    assert headers["Server"] == "kla-metro", err
    assert "gunicorn" not in str(headers).lower()
