"""Who reaches which page: anonymous redirect, role navigation, 403 per app (CONTRACT.md URLs)."""

import pytest
from django.urls import reverse

from gugus_tugas.models import Peran

pytestmark = pytest.mark.django_db

CONTRACT_PATHS = ["/", "/klaster/", "/rad/", "/rapat/", "/tindak-lanjut/", "/kasus/", "/evaluasi/", "/laporan/"]

ADMIN = Peran.ADMIN_SEKRETARIAT
PIMPINAN = Peran.PIMPINAN
KOORDINATOR = Peran.KOORDINATOR_KLASTER
OPERATOR = Peran.OPERATOR_OPD
PETUGAS = Peran.PETUGAS_KASUS
NONE = ""

# path -> roles allowed; every other role gets 403.
ACCESS = {
    "/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR, PETUGAS, NONE},
    "/klaster/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR, PETUGAS},
    "/gugus-tugas/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR, PETUGAS},
    "/gugus-tugas/pengguna/": {ADMIN},
    "/rad/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR},
    "/rad/saya/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR},
    "/rad/rekap/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR},
    "/rad/verifikasi/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR},
    "/rad/periode/": {ADMIN},
    "/rad/ekspor/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR},
    "/rad/impor/": {ADMIN},
    "/rad/impor/templat/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR},
    "/rapat/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR},
    "/tindak-lanjut/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR},
    "/tindak-lanjut/saya/": {OPERATOR},
    "/kasus/": {ADMIN, PETUGAS},
    "/kasus/tambah/": {PETUGAS},
    "/kasus/statistik/": {ADMIN, PIMPINAN, PETUGAS},
    "/kasus/ekspor/": {ADMIN, PETUGAS},
    "/kasus/log-akses/": {ADMIN},
    "/evaluasi/": {ADMIN, PIMPINAN, KOORDINATOR},
    "/laporan/": {ADMIN, PIMPINAN, KOORDINATOR, OPERATOR, PETUGAS},
}


@pytest.mark.parametrize("path", [*CONTRACT_PATHS, "/gugus-tugas/", "/admin/"])
def test_anonymous_is_sent_to_login(client, admin_user, path):
    # admin_user: an installed region (an empty install sends / to the first-run page instead).
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/") or response["Location"].startswith("/admin/login/")


def test_login_page_is_open_and_indonesian(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert "Masuk" in html


@pytest.mark.parametrize("path", list(ACCESS))
def test_each_role_is_allowed_or_refused(client, users_by_role, path):
    for peran, user in users_by_role.items():
        client.force_login(user)
        response = client.get(path)
        expected = 200 if peran in ACCESS[path] else 403
        assert response.status_code == expected, f"{path} sebagai {peran or 'tanpa peran'}"
        if expected == 403:
            assert "Akses ditolak" in response.content.decode()


def test_coordinator_of_cluster_v_may_read_case_statistics_but_not_cases(koordinator_klaster5, koordinator_klaster3):
    assert koordinator_klaster5.has_perm("kasus.lihat_statistik")
    assert not koordinator_klaster3.has_perm("kasus.lihat_statistik")
    assert not koordinator_klaster5.has_perm("kasus.lihat_kasus")


NAV_LINKS = {
    "/klaster/": "Klaster",
    "/rad/": "RAD KLA",
    "/rapat/": "Rapat",
    "/tindak-lanjut/": "Tindak Lanjut",
    "/tindak-lanjut/saya/": "Tindak lanjut saya",
    "/kasus/": "Kasus",
    "/kasus/statistik/": "Statistik Kasus",
    "/evaluasi/": "Evaluasi",
    "/laporan/": "Laporan",
}


@pytest.mark.parametrize("peran", [ADMIN, PIMPINAN, KOORDINATOR, OPERATOR, PETUGAS, NONE])
def test_navigation_shows_only_what_the_role_may_use(client, users_by_role, peran):
    client.force_login(users_by_role[peran])
    html = client.get(reverse("beranda")).content.decode()
    nav = html[html.index('data-testid="nav-utama"') : html.index("</ul>", html.index('data-testid="nav-utama"'))]
    for path in NAV_LINKS:
        shown = f'href="{path}"' in nav
        assert shown == (peran in ACCESS[path]), f"{path} di navigasi {peran or 'tanpa peran'}"
    # The secretariat's Data Master page links on to the Django admin for what has no page of its own.
    assert ('href="/data-master/"' in nav) == (peran == ADMIN)


def test_account_without_role_is_told_to_ask_the_secretariat(client, tanpa_peran):
    client.force_login(tanpa_peran)
    assert "belum memiliki peran" in client.get("/").content.decode()


def test_unknown_page_gets_the_indonesian_404(client, pimpinan):
    client.force_login(pimpinan)
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_logout_requires_post_and_ends_the_session(client, pimpinan):
    client.force_login(pimpinan)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_password_change_works(client, pimpinan):
    client.force_login(pimpinan)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "rahasia-uji-123",
            "new_password1": "Kata-Sandi-Baru-2026",
            "new_password2": "Kata-Sandi-Baru-2026",
        },
    )
    assert response.status_code == 302
    pimpinan.refresh_from_db()
    assert pimpinan.check_password("Kata-Sandi-Baru-2026")


def test_login_with_wrong_password_is_refused_in_indonesian(client, pimpinan):
    response = client.post("/accounts/login/", {"username": pimpinan.username, "password": "salah"})
    assert response.status_code == 200
    assert (
        "Masukkan nama pengguna dan sandi yang benar" in response.content.decode()
        or "benar" in response.content.decode()
    )
