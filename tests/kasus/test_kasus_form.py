"""Registering and editing a case: numbering, victims, perpetrators, and refusals that keep the input."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from kasus.models import AksesLog, Kasus, Korban, NomorUrut
from kasus.services import kasus_create, kasus_nomor_next, layanan_create

pytestmark = pytest.mark.django_db

SEBELUM_1900 = "Tanggal sebelum 1 Januari 1900 tidak diterima; periksa tahunnya."


def test_a_case_worker_registers_a_case_with_a_generated_number(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    response = client.post("/kasus/tambah/", kasus_post())
    kasus = Kasus.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kasus/{kasus.pk}/"
    assert kasus.nomor_registrasi == "KASUS/2025/0001"
    assert sorted(kasus.jenis_kekerasan.values_list("jenis", flat=True)) == ["fisik", "psikis"]
    korban = kasus.korban.get()
    assert (korban.nama, korban.nik, korban.umur, korban.kelompok_umur) == (
        "Melati Canary",
        "0000123412341234",
        10,
        "6-12",
    )
    assert kasus.pelaku.get().hubungan == "tetangga"
    assert kasus.riwayat_status.get().status == "baru"
    assert AksesLog.objects.filter(kasus=kasus, aksi="buat", pengguna=petugas_kasus).exists()


def test_numbers_count_up_per_year(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    client.post("/kasus/tambah/", kasus_post())
    client.post("/kasus/tambah/", kasus_post())
    client.post("/kasus/tambah/", kasus_post(tanggal_lapor="2024-12-30", tanggal_kejadian="2024-12-01"))
    assert sorted(Kasus.objects.values_list("nomor_registrasi", flat=True)) == [
        "KASUS/2024/0001",
        "KASUS/2025/0001",
        "KASUS/2025/0002",
    ]


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_share_a_number():
    results, errors = [], []

    def take():
        try:
            results.append(kasus_nomor_next(tahun=2030))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == [f"KASUS/2030/{n:04d}" for n in range(1, 9)]
    assert NomorUrut.objects.get(tahun=2030).terakhir == 8


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"tanggal_kejadian": "2025-03-12"}, "Tanggal kejadian tidak boleh sesudah tanggal lapor."),
        ({"korban-0-tanggal_lahir": "2999-01-01"}, "Tanggal lahir tidak boleh di masa depan."),
        ({"korban-0-nik": "12345"}, "NIK harus terdiri dari tepat 16 angka."),
        ({"korban-0-nik": "00001234123412AB"}, "NIK harus terdiri dari tepat 16 angka."),
        ({"kelurahan": "999999"}, "Desa/kelurahan tidak dikenal"),
        ({"jenis_kekerasan": None}, "Pilih sekurang-kurangnya satu jenis kekerasan."),
        ({"korban-0-tanggal_lahir": ""}, "Isi tanggal lahir atau perkiraan umur korban."),
        ({"tanggal_lapor": "1899-12-31", "tanggal_kejadian": ""}, SEBELUM_1900),
        ({"tanggal_kejadian": "0225-03-08"}, SEBELUM_1900),
        ({"korban-0-tanggal_lahir": "1814-05-01"}, SEBELUM_1900),
    ],
)
def test_bad_input_is_refused_in_indonesian_and_the_form_keeps_everything(
    client, petugas_kasus, kasus_post, overrides, message
):
    client.force_login(petugas_kasus)
    response = client.post("/kasus/tambah/", kasus_post(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert not Kasus.objects.exists()
    # Everything else typed is still there to correct.
    assert 'value="Melati Canary"' in html
    assert "Kejadian di rumah, dilaporkan oleh guru." in html
    assert 'value="Pelaku Canary"' in html


def test_a_case_without_a_victim_is_refused(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    blank = {f"korban-0-{name}": "" for name in ("nama", "nik", "alamat", "telepon", "nama_orang_tua", "tanggal_lahir")}
    blank.update({"korban-0-jenis_kelamin": "", "korban-0-pendidikan": "tidak_diketahui"})
    response = client.post("/kasus/tambah/", kasus_post(**blank))
    html = response.content.decode()
    assert "Kasus harus memiliki sekurang-kurangnya satu korban." in html
    assert 'value="Pelaku Canary"' in html
    assert not Kasus.objects.exists()


def test_an_estimated_age_replaces_an_unknown_birth_date(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    client.post("/kasus/tambah/", kasus_post(**{"korban-0-tanggal_lahir": "", "korban-0-perkiraan_umur": "15"}))
    korban = Korban.objects.get()
    assert (korban.umur, korban.kelompok_umur, korban.tanggal_lahir) == (15, "13-17", None)


def test_two_victims_are_numbered(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    second = {
        "korban-1-nama": "Korban Kedua",
        "korban-1-jenis_kelamin": "L",
        "korban-1-perkiraan_umur": "4",
        "korban-1-pendidikan": "paud",
    }
    client.post("/kasus/tambah/", kasus_post(**second))
    assert list(Korban.objects.order_by("urutan").values_list("urutan", "kelompok_umur")) == [(1, "6-12"), (2, "0-5")]


def _reveal(client, kasus, alasan="Pendampingan ke Polres hari ini.", next_url=""):
    return client.post(
        f"/kasus/{kasus.pk}/identitas/", {"jenis_alasan": "pemutakhiran", "alasan": alasan, "next": next_url}
    )


def test_editing_first_asks_for_a_reason_then_saves_changes(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    client.post("/kasus/tambah/", kasus_post())
    kasus = Kasus.objects.get()
    response = client.get(f"/kasus/{kasus.pk}/ubah/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/kasus/{kasus.pk}/identitas/?next=/kasus/{kasus.pk}/ubah/")
    assert _reveal(client, kasus, next_url=f"/kasus/{kasus.pk}/ubah/")["Location"] == f"/kasus/{kasus.pk}/ubah/"
    html = client.get(f"/kasus/{kasus.pk}/ubah/").content.decode()
    assert 'value="Melati Canary"' in html
    korban = kasus.korban.get()
    pelaku = kasus.pelaku.get()
    data = kasus_post(
        **{
            "tanggal_lapor": "2025-03-10",
            "korban-INITIAL_FORMS": "1",
            "korban-0-id": str(korban.pk),
            "korban-0-kasus": str(kasus.pk),
            "korban-0-nama": "Melati Canary Baru",
            "pelaku-INITIAL_FORMS": "1",
            "pelaku-0-id": str(pelaku.pk),
            "pelaku-0-kasus": str(kasus.pk),
            "pelaku-0-DELETE": "on",
            "jenis_kekerasan": ["seksual"],
        }
    )
    response = client.post(f"/kasus/{kasus.pk}/ubah/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    kasus.refresh_from_db()
    assert kasus.nomor_registrasi == "KASUS/2025/0001"
    assert kasus.korban.get().nama == "Melati Canary Baru"
    assert not kasus.pelaku.exists()
    assert list(kasus.jenis_kekerasan.values_list("jenis", flat=True)) == ["seksual"]
    assert list(AksesLog.objects.filter(kasus=kasus).values_list("aksi", flat=True).order_by("id")) == [
        "buat",
        "tampilkan_identitas",
        "lihat_identitas",
        "ubah",
    ]


def test_a_reveal_reason_must_be_meaningful(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    client.post("/kasus/tambah/", kasus_post())
    kasus = Kasus.objects.get()
    response = _reveal(client, kasus, alasan="cek")
    assert response.status_code == 200
    assert "sekurang-kurangnya 10 karakter" in response.content.decode()
    assert not AksesLog.objects.filter(aksi="tampilkan_identitas").exists()


def test_a_reveal_expires(client, petugas_kasus, kasus_post, monkeypatch):
    client.force_login(petugas_kasus)
    client.post("/kasus/tambah/", kasus_post())
    kasus = Kasus.objects.get()
    _reveal(client, kasus)
    assert "Melati Canary" in client.get(f"/kasus/{kasus.pk}/").content.decode()
    session = client.session
    session["kasus_identitas"][str(kasus.pk)]["sampai"] = 0
    session.save()
    assert "Melati Canary" not in client.get(f"/kasus/{kasus.pk}/").content.decode()


def test_registration_date_cannot_be_in_the_future(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    besok = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = client.post("/kasus/tambah/", kasus_post(tanggal_lapor=besok))
    assert "Tanggal lapor tidak boleh di masa depan." in response.content.decode()


def test_bad_input_on_edit_is_refused_and_nothing_is_saved_or_lost(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    client.post("/kasus/tambah/", kasus_post())
    kasus = Kasus.objects.get()
    _reveal(client, kasus)
    korban = kasus.korban.get()
    data = kasus_post(
        **{
            "korban-INITIAL_FORMS": "1",
            "korban-0-id": str(korban.pk),
            "korban-0-kasus": str(kasus.pk),
            "korban-0-nama": "Nama Baru Belum Tersimpan",
            "korban-0-nik": "123",
            "pelaku-TOTAL_FORMS": "0",
        }
    )
    response = client.post(f"/kasus/{kasus.pk}/ubah/", data)
    html = response.content.decode()
    assert "NIK harus terdiri dari tepat 16 angka." in html
    assert 'value="Nama Baru Belum Tersimpan"' in html
    assert kasus.korban.get().nama == "Melati Canary"


def test_dates_before_1900_are_refused_by_the_services_too(petugas_kasus, kelurahan):
    data = {
        "tanggal_lapor": datetime.date(1899, 12, 31),
        "saluran": "sapa_129",
        "kelurahan": kelurahan,
        "tempat_kejadian": "rumah_tangga",
    }
    korban = [{"nama": "Anak", "jenis_kelamin": "P", "umur": 10}]
    with pytest.raises(ValidationError) as exc:
        kasus_create(data=data, jenis_kekerasan=["fisik"], korban=korban, pelaku=[], by=petugas_kasus)
    assert exc.value.message_dict["tanggal_lapor"] == [SEBELUM_1900]
    kasus = kasus_create(
        data={**data, "tanggal_lapor": datetime.date(2025, 3, 10)},
        jenis_kekerasan=["fisik"],
        korban=korban,
        pelaku=[],
        by=petugas_kasus,
    )
    with pytest.raises(ValidationError) as exc:
        layanan_create(
            kasus=kasus, jenis="pengaduan", tanggal=datetime.date(1899, 1, 1), penyedia_lain="LPA", by=petugas_kasus
        )
    assert SEBELUM_1900 in exc.value.message_dict["tanggal"]


def test_a_service_dated_before_1900_is_refused_on_the_case_page(client, petugas_kasus, kasus_post):
    client.force_login(petugas_kasus)
    client.post("/kasus/tambah/", kasus_post())
    kasus = Kasus.objects.get()
    response = client.post(
        f"/kasus/{kasus.pk}/layanan/", {"jenis": "pengaduan", "tanggal": "1899-03-11", "penyedia_lain": "LPA"}
    )
    assert SEBELUM_1900 in response.content.decode()
    assert not kasus.layanan.exists()
