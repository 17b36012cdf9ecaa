"""The case form starts with one victim block; "Tambah Korban" adds one more, keeping what was typed."""

import pytest

from kasus.models import AksesLog, Kasus

pytestmark = pytest.mark.django_db


def test_a_new_case_starts_with_one_victim_block(client, petugas_kasus):
    client.force_login(petugas_kasus)
    html = client.get("/kasus/tambah/").content.decode()
    assert 'name="korban-0-nama"' in html and 'name="korban-1-nama"' not in html
    assert 'name="korban-TOTAL_FORMS" value="1"' in html
    assert 'name="tambah" value="korban"' in html


def test_tambah_korban_reshows_the_form_with_another_block_and_saves_nothing(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    data = kasus_post(
        **{"korban-TOTAL_FORMS": "1", "korban-1-pendidikan": None, "tanggal_lapor": "", "tambah": "korban"}
    )
    response = client.post("/kasus/tambah/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert not Kasus.objects.exists() and not AksesLog.objects.exists()
    assert 'name="korban-TOTAL_FORMS" value="2"' in html
    assert 'value="Melati Canary"' in html and 'value="Pelaku Canary"' in html
    assert 'name="korban-1-nama"' in html and 'name="korban-2-nama"' not in html
    # Not an attempt to save: the missing report date is not flagged yet.
    assert "is-invalid" not in html and "wajib diisi" not in html


def test_the_added_block_is_saved_with_the_form(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    data = kasus_post(
        **{
            "korban-1-nama": "Adik Canary",
            "korban-1-jenis_kelamin": "L",
            "korban-1-perkiraan_umur": "4",
            "korban-1-pendidikan": "paud",
        }
    )
    assert client.post("/kasus/tambah/", data).status_code == 302
    assert Kasus.objects.get().korban.count() == 2


def test_tambah_pelaku_adds_a_perpetrator_block(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    html = client.post("/kasus/tambah/", kasus_post(tambah="pelaku")).content.decode()
    assert 'name="pelaku-TOTAL_FORMS" value="2"' in html and 'name="korban-TOTAL_FORMS" value="2"' in html


def test_a_tampered_count_is_not_grown_and_nothing_breaks(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    response = client.post("/kasus/tambah/", kasus_post(**{"korban-TOTAL_FORMS": "x", "tambah": "korban"}))
    assert response.status_code == 200 and not Kasus.objects.exists()
    response = client.post("/kasus/tambah/", kasus_post(**{"korban-TOTAL_FORMS": "999", "tambah": "korban"}))
    assert 'name="korban-TOTAL_FORMS" value="50"' in response.content.decode()


def test_typed_text_is_escaped_when_the_form_comes_back(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    data = kasus_post(**{"korban-0-nama": '"><script>alert(1)</script>', "tambah": "korban"})
    html = client.post("/kasus/tambah/", data).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_form_is_refused_to_roles_that_do_not_record_cases(client, pimpinan, admin_user, kasus_post):
    for user in (pimpinan, admin_user):
        client.force_login(user)
        assert client.post("/kasus/tambah/", kasus_post(tambah="korban")).status_code == 403


def test_editing_a_case_shows_its_victims_without_a_blank_block(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    client.post("/kasus/tambah/", kasus_post())
    kasus = Kasus.objects.get()
    client.post(f"/kasus/{kasus.pk}/identitas/", {"jenis_alasan": "pemutakhiran", "alasan": "Memperbarui alamat."})
    html = client.get(f"/kasus/{kasus.pk}/ubah/").content.decode()
    assert 'value="Melati Canary"' in html and 'name="korban-1-nama"' not in html
