"""Issue 10 item 3: behind the TLS proxy one attacker cannot lock a user out for everyone."""

import pytest
from django.test import Client, RequestFactory, override_settings

from core.client_ip import client_ip_get
from tests.test_settings import manage

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.5"
VICTIM = "198.51.100.7"
WRONG = {"username": "pimpinan.uji", "password": "salah"}
RIGHT = {"username": "pimpinan.uji", "password": "rahasia-uji-123"}
behind_proxy = override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5, TRUSTED_PROXIES=[PROXY])


def _via_proxy(client, data, *, client_ip: str, forwarded_prefix: str = ""):
    forwarded = f"{forwarded_prefix}, {client_ip}" if forwarded_prefix else client_ip
    return client.post("/accounts/login/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def _ip(remote: str, forwarded: str | None = None) -> str | None:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip_get(RequestFactory().get("/", **meta))


@behind_proxy
def test_five_failures_from_one_address_behind_the_proxy_do_not_lock_out_the_victim(pimpinan):
    attacker = Client()
    for _ in range(5):
        response = _via_proxy(attacker, WRONG, client_ip=ATTACKER)
    assert response.status_code == 429
    assert _via_proxy(attacker, RIGHT, client_ip=ATTACKER).status_code == 429

    victim = Client()
    response = _via_proxy(victim, RIGHT, client_ip=VICTIM)
    assert response.status_code == 302
    assert victim.session["_auth_user_id"] == str(pimpinan.pk)


@behind_proxy
def test_a_forged_forwarded_for_from_an_untrusted_peer_is_ignored(pimpinan):
    attacker = Client()
    for n in range(5):
        response = attacker.post(
            "/accounts/login/", WRONG, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n + 1}"
        )
    assert response.status_code == 429
    victim = Client()
    assert _via_proxy(victim, RIGHT, client_ip=VICTIM).status_code == 302


@behind_proxy
def test_a_forged_entry_before_the_proxys_own_does_not_let_an_attacker_dodge_the_lock(pimpinan):
    attacker = Client()
    for n in range(5):
        response = _via_proxy(attacker, WRONG, client_ip=ATTACKER, forwarded_prefix=f"192.0.2.{n + 1}")
    assert response.status_code == 429


@behind_proxy
def test_the_lockout_page_offers_a_password_reset_link(pimpinan):
    attacker = Client()
    for _ in range(5):
        response = _via_proxy(attacker, WRONG, client_ip=ATTACKER)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Lupa kata sandi?" in html
    assert 'href="/accounts/password_reset/"' in html


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_peer_address_is_the_client():
    assert _ip(ATTACKER, "192.0.2.1") == ATTACKER


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_it_takes_the_rightmost_address_that_is_not_a_trusted_proxy():
    assert _ip(PROXY, f"192.0.2.1, {VICTIM}, 10.0.0.7") == VICTIM
    assert _ip(PROXY, VICTIM) == VICTIM
    assert _ip(ATTACKER, VICTIM) == ATTACKER


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_it_stops_at_a_malformed_hop_or_a_missing_header():
    assert _ip(PROXY, "bukan-alamat, 10.0.0.7") == "10.0.0.7"
    assert _ip(PROXY) == PROXY
    assert _ip(PROXY, "") == PROXY


@override_settings(TRUSTED_PROXIES=["2001:db8::/32"])
def test_it_reads_ipv6_proxies():
    assert _ip("2001:db8::1", f"{VICTIM}, 2001:db8::2") == VICTIM


def test_it_refuses_to_start_with_a_malformed_trusted_proxy():
    result = manage("check", DEBUG="True", TRUSTED_PROXIES="10.0.0.2,proxy.local")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr
    assert manage("check", DEBUG="True", TRUSTED_PROXIES="10.0.0.2,172.16.0.0/12").returncode == 0
