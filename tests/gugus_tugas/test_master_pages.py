"""The secretariat's master-data pages: OPD with other names, wilayah, the region profile with its logo."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from gugus_tugas.master_services import opd_create, profil_daerah_update, wilayah_create
from gugus_tugas.models import OPD, NamaLainOPD, ProfilDaerah, Wilayah
from gugus_tugas.selectors import opd_get_by_name, opd_list
from tests.gugus_tugas.factories import KecamatanFactory, OPDFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profil(db):
    return ProfilDaerah.objects.create(
        nama_daerah="Metro",
        jenis="kota",
        provinsi="Lampung",
        kode="18.72",
        tahun_rad_mulai=2024,
        tahun_rad_selesai=2030,
    )


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def kecamatan(db):
    pusat = KecamatanFactory(nama="Metro Pusat", kode="18.72.01")
    Wilayah.objects.create(nama="Yosomulyo", jenis=Wilayah.Jenis.KELURAHAN, induk=pusat)
    Wilayah.objects.create(nama="Imopuro", jenis=Wilayah.Jenis.KELURAHAN, induk=pusat)
    return pusat


def png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return buffer.getvalue()


PAGES = [
    ("gugus_tugas:master", []),
    ("gugus_tugas:master_opd", []),
    ("gugus_tugas:master_opd_tambah", []),
    ("gugus_tugas:master_wilayah", []),
    ("gugus_tugas:master_wilayah_tambah", []),
    ("gugus_tugas:master_profil", []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_it_refuses_operator_and_coordinator_and_sends_anonymous_to_login(
    client, operator_dinkes, koordinator_klaster3, name, args
):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for user in (operator_dinkes, koordinator_klaster3):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"nama": "X"}).status_code == 403


def test_it_refuses_writes_from_other_roles_in_the_service(operator_dinkes, pimpinan, profil):
    for user in (operator_dinkes, pimpinan):
        with pytest.raises(PermissionDenied):
            opd_create(by=user, nama="Dinas Baru", singkatan="DB", jenis=OPD.Jenis.DINAS)
        with pytest.raises(PermissionDenied):
            wilayah_create(by=user, nama="Metro Raya", jenis=Wilayah.Jenis.KECAMATAN)
        with pytest.raises(PermissionDenied):
            profil_daerah_update(
                by=user, data={"nama_daerah": "Bungo", "jenis": "kabupaten", "provinsi": "Jambi", "kode": "15.08"}
            )
    assert not OPD.objects.filter(singkatan="DB").exists()
    assert ProfilDaerah.objects.get().nama_daerah == "Metro"


def test_it_refuses_a_post_without_the_csrf_token(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("gugus_tugas:master_opd_tambah"), {"nama": "Dinas X", "singkatan": "DX", "jenis": "dinas"}
    )
    assert response.status_code == 403
    assert not OPD.objects.filter(singkatan="DX").exists()


def test_the_admin_menu_has_a_data_master_entry(admin_client, operator_dinkes):
    html = admin_client.get(reverse("beranda")).content.decode()
    assert f'href="{reverse("gugus_tugas:master")}" data-testid="menu-data-master"' in html
    client = Client()
    client.force_login(operator_dinkes)
    assert 'data-testid="menu-data-master"' not in client.get(reverse("beranda")).content.decode()


def test_it_creates_an_opd_with_its_other_names_that_the_import_then_recognises(admin_client):
    response = admin_client.post(
        reverse("gugus_tugas:master_opd_tambah"),
        {
            "nama": "Dinas  Sosial",
            "singkatan": "Dinsos",
            "jenis": "dinas",
            "nama_lain": "Dinas Sosial P3A\n\n  DINSOS lama \n",
        },
    )
    assert response.status_code == 302
    opd = OPD.objects.get(singkatan="Dinsos")
    assert opd.nama == "Dinas Sosial" and opd.aktif
    assert sorted(opd.nama_lain.values_list("nama", flat=True)) == ["DINSOS lama", "Dinas Sosial P3A"]
    assert opd_get_by_name(nama="dinsos LAMA") == opd


def test_it_replaces_the_other_names_when_editing(admin_client):
    opd = OPDFactory(nama="Dinas Kesehatan", singkatan="Dinkes")
    NamaLainOPD.objects.create(opd=opd, nama="Dinkes Kota")
    NamaLainOPD.objects.create(opd=opd, nama="DKK")
    response = admin_client.post(
        reverse("gugus_tugas:master_opd_ubah", args=[opd.pk]),
        {
            "nama": "Dinas Kesehatan",
            "singkatan": "Dinkes",
            "jenis": "dinas",
            "nama_lain": "DKK\nDinas Kesehatan Daerah",
        },
    )
    assert response.status_code == 302
    assert sorted(opd.nama_lain.values_list("nama", flat=True)) == ["DKK", "Dinas Kesehatan Daerah"]


def test_it_refuses_a_name_another_opd_already_goes_by(admin_client):
    lain = OPDFactory(nama="Dinas PPPAPPKB", singkatan="DP3AP2KB")
    NamaLainOPD.objects.create(opd=lain, nama="DP3APPKB")
    response = admin_client.post(
        reverse("gugus_tugas:master_opd_tambah"),
        {"nama": "Dinas Baru", "singkatan": "dp3ap2kb", "jenis": "dinas", "nama_lain": "DP3APPKB"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "sudah dipakai OPD lain" in html and "Sudah dipakai OPD lain: DP3APPKB." in html
    assert not OPD.objects.filter(nama="Dinas Baru").exists()


def test_it_deactivates_instead_of_deleting_and_can_reactivate(admin_client):
    opd = OPDFactory(nama="Kantor Lama", singkatan="KL")
    response = admin_client.post(reverse("gugus_tugas:master_opd_aktif", args=[opd.pk]), {"aktif": "0"})
    assert response.status_code == 302
    opd.refresh_from_db()
    assert not opd.aktif and opd not in opd_list() and opd_get_by_name(nama="KL") is None
    admin_client.post(reverse("gugus_tugas:master_opd_aktif", args=[opd.pk]), {"aktif": "1"})
    opd.refresh_from_db()
    assert opd.aktif


def test_the_opd_list_searches_names_and_other_names_and_filters_status(admin_client):
    OPDFactory(nama="Dinas Kesehatan", singkatan="Dinkes")
    sosial = OPDFactory(nama="Dinas Sosial", singkatan="Dinsos")
    NamaLainOPD.objects.create(opd=sosial, nama="Dinas Sosial P3A")
    OPDFactory(nama="Kantor Tutup", singkatan="KT", aktif=False)
    url = reverse("gugus_tugas:master_opd")
    html = admin_client.get(url, {"q": "p3a"}).content.decode()
    assert "Dinas Sosial" in html and "Dinas Kesehatan" not in html
    html = admin_client.get(url, {"aktif": "0"}).content.decode()
    assert "Kantor Tutup" in html and "Dinas Sosial" not in html


def test_the_opd_list_is_paginated_and_its_query_count_does_not_grow(admin_client):
    url = reverse("gugus_tugas:master_opd")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    opd = OPDFactory()
    NamaLainOPD.objects.create(opd=opd, nama="Nama lain pertama")
    before = count()
    for n in range(30):
        item = OPDFactory()
        NamaLainOPD.objects.create(opd=item, nama=f"Nama lain {n}")
    assert count() == before
    html = admin_client.get(url, {"page": 2}).content.decode()
    assert "Halaman 2 dari 2" in html


def test_names_are_escaped_on_the_opd_list(admin_client):
    OPDFactory(nama="<script>alert(1)</script>", singkatan="XSS")
    html = admin_client.get(reverse("gugus_tugas:master_opd")).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_wilayah_list_shows_each_kecamatan_with_its_parts_and_searches_them(admin_client, kecamatan):
    KecamatanFactory(nama="Metro Barat")
    url = reverse("gugus_tugas:master_wilayah")
    html = admin_client.get(url).content.decode()
    assert "Kecamatan Metro Pusat" in html and "Kelurahan Yosomulyo" in html and "Kecamatan Metro Barat" in html
    html = admin_client.get(url, {"q": "yoso"}).content.decode()
    assert "Kecamatan Metro Pusat" in html and "Kelurahan Yosomulyo" in html
    assert "Imopuro" not in html and "Metro Barat" not in html


def test_the_wilayah_list_query_count_does_not_grow(admin_client, kecamatan):
    url = reverse("gugus_tugas:master_wilayah")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        return len(queries)

    before = count()
    for n in range(5):
        induk = KecamatanFactory()
        for m in range(4):
            Wilayah.objects.create(nama=f"Desa {n}-{m}", jenis=Wilayah.Jenis.DESA, induk=induk)
    assert count() == before


def test_it_adds_a_desa_under_a_kecamatan_and_refuses_one_without(admin_client, kecamatan):
    url = reverse("gugus_tugas:master_wilayah_tambah")
    response = admin_client.post(url, {"jenis": "desa", "nama": "Rejosari", "induk": kecamatan.pk, "kode": ""})
    assert response.status_code == 302
    assert Wilayah.objects.get(nama="Rejosari").induk == kecamatan
    response = admin_client.post(url, {"jenis": "desa", "nama": "Tanpa Induk", "induk": "", "kode": ""})
    assert "Pilih kecamatan tempat desa/kelurahan ini berada." in response.content.decode()
    response = admin_client.post(url, {"jenis": "kelurahan", "nama": "yosomulyo", "induk": kecamatan.pk})
    assert "Kelurahan yosomulyo sudah ada di sini." in response.content.decode()
    assert Wilayah.objects.filter(nama__iexact="yosomulyo").count() == 1


def test_it_changes_a_kelurahan_into_a_desa_but_not_a_kecamatan_with_parts(admin_client, kecamatan):
    yoso = Wilayah.objects.get(nama="Yosomulyo")
    response = admin_client.post(
        reverse("gugus_tugas:master_wilayah_ubah", args=[yoso.pk]),
        {"jenis": "desa", "nama": "Yosomulyo", "induk": kecamatan.pk, "kode": "18.72.01.2001"},
    )
    assert response.status_code == 302
    yoso.refresh_from_db()
    assert yoso.jenis == Wilayah.Jenis.DESA and yoso.kode == "18.72.01.2001"
    lain = KecamatanFactory(nama="Metro Timur")
    response = admin_client.post(
        reverse("gugus_tugas:master_wilayah_ubah", args=[kecamatan.pk]),
        {"jenis": "kelurahan", "nama": "Metro Pusat", "induk": lain.pk},
    )
    assert "masih memiliki desa/kelurahan" in response.content.decode()
    kecamatan.refresh_from_db()
    assert kecamatan.jenis == Wilayah.Jenis.KECAMATAN


def test_it_edits_the_region_profile_and_records_who_changed_it(admin_client, admin_user, profil):
    url = reverse("gugus_tugas:master_profil")
    response = admin_client.post(
        url, {"jenis": "kabupaten", "nama_daerah": "Merangin", "provinsi": "Jambi", "kode": "15.02"}
    )
    assert response.status_code == 302
    profil.refresh_from_db()
    assert profil.nama_lengkap == "Kabupaten Merangin" and profil.kode == "15.02"
    assert profil.history.first().history_user == admin_user
    html = admin_client.get(url).content.decode()
    assert "Nama daerah: Metro → Merangin" in html
    assert "KLA Kabupaten Merangin" in html


def test_it_refuses_a_bad_kemendagri_code_and_a_doubled_kota(admin_client, profil):
    url = reverse("gugus_tugas:master_profil")
    html = admin_client.post(
        url, {"jenis": "kota", "nama_daerah": "Kota Metro", "provinsi": "Lampung", "kode": "1872"}
    ).content.decode()
    assert "dua angka, titik, dua angka" in html and "Tulis nama saja" in html
    profil.refresh_from_db()
    assert profil.kode == "18.72"


def test_it_keeps_a_png_logo_and_serves_it_to_logged_in_users(
    admin_client, operator_dinkes, profil, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("gugus_tugas:master_profil")
    data = {"jenis": "kota", "nama_daerah": "Metro", "provinsi": "Lampung", "kode": "18.72"}
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    assert admin_client.post(url, {**data, "logo": logo}).status_code == 302
    profil.refresh_from_db()
    assert profil.logo.name.startswith("logo-daerah/") and profil.logo.name.endswith(".png")
    logo_url = reverse("gugus_tugas:profil_logo", args=[profil.pk])
    client = Client()
    client.force_login(operator_dinkes)
    response = client.get(logo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()
    assert f'src="{logo_url}"' in client.get(reverse("beranda")).content.decode()
    assert admin_client.post(url, {**data, "logo_hapus": "on"}).status_code == 302
    profil.refresh_from_db()
    assert not profil.logo and client.get(logo_url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"<svg onload=alert(1)></svg>", "Logo harus berkas gambar PNG atau JPG."),
        ("logo.svg", b"<svg></svg>", "Logo harus berkas gambar PNG atau JPG."),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"bukan gambar" * 10, "tidak dapat dibaca sebagai gambar"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 1), "batasnya 1 MB"),
    ],
)
def test_it_refuses_a_logo_that_is_not_a_small_image(admin_client, profil, settings, tmp_path, name, content, message):
    settings.MEDIA_ROOT = tmp_path
    logo = SimpleUploadedFile(name, content, content_type="image/png")
    response = admin_client.post(
        reverse("gugus_tugas:master_profil"),
        {"jenis": "kota", "nama_daerah": "Metro", "provinsi": "Lampung", "kode": "18.72", "logo": logo},
    )
    assert response.status_code == 200 and message in response.content.decode()
    profil.refresh_from_db()
    assert not profil.logo


def test_without_a_profile_the_page_says_to_set_the_region_up(admin_client):
    response = admin_client.get(reverse("gugus_tugas:master_profil"))
    assert response.status_code == 200 and 'data-testid="profil-belum-ada"' in response.content.decode()


def test_an_unknown_import_name_opens_the_new_opd_form_filled_and_leads_back_only_within_the_site(admin_client):
    url = reverse("gugus_tugas:master_opd_tambah")
    page = admin_client.get(url, {"nama": "Disdikbud", "next": "/rad/impor/7/"})
    assert page.context["form"]["nama"].value() == "Disdikbud"
    data = {
        "nama": "Dinas Pendidikan dan Kebudayaan",
        "singkatan": "Disdikbud",
        "jenis": "dinas",
        "next": "/rad/impor/7/",
    }
    assert admin_client.post(url, data)["Location"] == "/rad/impor/7/"
    data = {"nama": "Dinas Sosial", "singkatan": "Dinsos", "jenis": "dinas", "next": "https://contoh.invalid/phish"}
    assert admin_client.post(url, data)["Location"] == reverse("gugus_tugas:master_opd")
    assert set(OPD.objects.filter(singkatan__in=["Disdikbud", "Dinsos"]).values_list("singkatan", flat=True)) == {
        "Disdikbud",
        "Dinsos",
    }
