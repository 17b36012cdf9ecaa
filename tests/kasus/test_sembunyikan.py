"""A revealed identity can be hidden again at once ("Sembunyikan"); the access log records it like the reveal."""

import pytest

from kasus.models import AksesLog
from tests.kasus.factories import KorbanFactory

pytestmark = pytest.mark.django_db

ALASAN = "Menyiapkan pendampingan ke RSUD."


def reveal(client, kasus):
    return client.post(f"/kasus/{kasus.pk}/identitas/", {"jenis_alasan": "pendampingan", "alasan": ALASAN})


def test_sembunyikan_ends_the_reveal_at_once_and_is_logged(client, petugas_kasus):
    kasus = KorbanFactory(nama="Rahasia Sembunyi").kasus
    client.force_login(petugas_kasus)
    reveal(client, kasus)
    html = client.get(f"/kasus/{kasus.pk}/").content.decode()
    assert "Rahasia Sembunyi" in html and 'data-testid="sembunyikan-identitas"' in html
    response = client.post(f"/kasus/{kasus.pk}/sembunyikan/", follow=True)
    html = response.content.decode()
    assert "Identitas disembunyikan kembali." in html
    assert "Rahasia Sembunyi" not in html and 'data-testid="tampilkan-identitas"' in html
    assert 'data-testid="sembunyikan-identitas"' not in html
    log = AksesLog.objects.filter(kasus=kasus).order_by("-urutan").values_list("aksi", flat=True)
    assert list(log[:2]) == ["lihat", "sembunyikan_identitas"]
    assert AksesLog.objects.get(aksi="sembunyikan_identitas").pengguna == petugas_kasus


def test_after_sembunyikan_editing_asks_for_a_reason_again(client, petugas_kasus):
    kasus = KorbanFactory().kasus
    client.force_login(petugas_kasus)
    reveal(client, kasus)
    assert 'data-testid="sembunyikan-identitas"' in client.get(f"/kasus/{kasus.pk}/ubah/").content.decode()
    client.post(f"/kasus/{kasus.pk}/sembunyikan/")
    assert client.get(f"/kasus/{kasus.pk}/ubah/")["Location"].startswith(f"/kasus/{kasus.pk}/identitas/")


def test_hiding_another_case_leaves_this_reveal_open(client, petugas_kasus):
    kasus = KorbanFactory(nama="Tetap Terbuka").kasus
    lain = KorbanFactory().kasus
    client.force_login(petugas_kasus)
    reveal(client, kasus)
    reveal(client, lain)
    client.post(f"/kasus/{lain.pk}/sembunyikan/")
    assert "Tetap Terbuka" in client.get(f"/kasus/{kasus.pk}/").content.decode()


def test_without_an_open_reveal_nothing_is_logged(client, petugas_kasus):
    kasus = KorbanFactory().kasus
    client.force_login(petugas_kasus)
    assert client.post(f"/kasus/{kasus.pk}/sembunyikan/").status_code == 302
    assert not AksesLog.objects.filter(aksi="sembunyikan_identitas").exists()


def test_it_rejects_get(client, petugas_kasus):
    kasus = KorbanFactory().kasus
    client.force_login(petugas_kasus)
    assert client.get(f"/kasus/{kasus.pk}/sembunyikan/").status_code == 405


def test_it_refuses_roles_without_identity_access(client, pimpinan, admin_user):
    kasus = KorbanFactory().kasus
    for user in (pimpinan, admin_user):
        client.force_login(user)
        assert client.post(f"/kasus/{kasus.pk}/sembunyikan/").status_code == 403
    assert not AksesLog.objects.filter(aksi="sembunyikan_identitas").exists()
