"""A demo user logs in on a phone, sees the menu of their role, and logs out."""

import pytest

from gugus_tugas.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("username", "visible", "hidden"),
    [
        ("opd.dinkes", ["RAD KLA", "Rapat"], ["Kasus", "Evaluasi"]),
        ("petugas.uptdppa", ["Kasus"], ["RAD KLA", "Evaluasi"]),
        ("pimpinan.bappeda", ["Evaluasi", "Laporan", "RAD KLA"], ["Kasus"]),
    ],
)
def test_a_demo_user_logs_in_on_a_phone_and_sees_their_menu(demo, live_server, login, phone, username, visible, hidden):
    login(phone, username)
    assert phone.locator("h1").inner_text().startswith("Selamat datang")
    # On a phone the menu is collapsed behind the toggler.
    phone.click("button.navbar-toggler")
    nav = phone.locator("[data-testid=nav-utama]")
    nav.wait_for(state="visible")
    links = nav.locator("a.nav-link").all_inner_texts()
    for label in visible:
        assert label in links
    for label in hidden:
        assert label not in links
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_refused_page_shows_the_indonesian_403(demo, live_server, login, phone):
    login(phone, "opd.dinkes")
    response = phone.goto(f"{live_server.url}/kasus/")
    assert response.status == 403
    assert "Akses ditolak" in phone.content()


def test_the_klaster_page_fits_a_phone(demo, live_server, login, phone):
    login(phone, "koordinator.klaster3")
    phone.goto(f"{live_server.url}/klaster/")
    assert "Klaster V – Perlindungan Khusus" in phone.content()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_logout_returns_to_login(demo, live_server, login, phone):
    login(phone, "admin.dp3ap2kb")
    phone.click("button.navbar-toggler")
    phone.click("button.dropdown-toggle")
    phone.click("text=Keluar")
    phone.wait_for_url(f"{live_server.url}/accounts/login/")
    phone.goto(f"{live_server.url}/")
    assert "/accounts/login/" in phone.url
    assert User.objects.filter(username="admin.dp3ap2kb").exists()
