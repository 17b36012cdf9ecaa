"""Wilayah and OPD sheets: checked and shown before anything is saved, then all rows or none, updated by code."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gugus_tugas.models import OPD, NamaLainOPD, ProfilDaerah, Wilayah
from gugus_tugas.selectors import opd_get_by_name
from tests.gugus_tugas.factories import OPDFactory
from tests.gugus_tugas.lembar_daerah import OPD_HEADER, WILAYAH_HEADER, merangin_rows, opd_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

WILAYAH = "/gugus-tugas/wilayah/unggah/"
OPD_URL = "/gugus-tugas/opd/unggah/"


@pytest.fixture
def merangin(db):
    return ProfilDaerah.objects.create(
        nama_daerah="Merangin",
        jenis="kabupaten",
        provinsi="Jambi",
        kode="15.02",
        tahun_rad_mulai=2025,
        tahun_rad_selesai=2029,
    )


def _sheet(rows, header=WILAYAH_HEADER, name="wilayah.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows, header))


def _upload(client, url, sheet):
    response = client.post(url, {"berkas": sheet})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])


def test_a_merangin_sheet_is_previewed_then_saved_with_each_jenis_and_parent(client, admin_user, merangin):
    client.force_login(admin_user)
    response = _upload(client, WILAYAH, _sheet(merangin_rows()))
    page = response.content.decode()
    assert "Berkas valid: 239 baris, 239 baru" in page
    assert "Halaman 1 dari 5" in page
    assert not Wilayah.objects.exists()
    response = client.post(WILAYAH + "simpan/")
    assert response.status_code == 302
    assert Wilayah.objects.filter(jenis="kecamatan").count() == 24
    assert Wilayah.objects.filter(jenis="desa").count() == 205
    assert Wilayah.objects.filter(jenis="kelurahan").count() == 10
    kelurahan = Wilayah.objects.get(kode="15.02.02.1003")
    assert (kelurahan.jenis, kelurahan.induk.kode) == ("kelurahan", "15.02.02")
    desa = Wilayah.objects.get(kode="15.02.24.2008")
    assert desa.jenis == "desa" and desa.induk.nama == "Kecamatan Uji 24"
    assert not Wilayah.objects.filter(induk__isnull=True).exclude(jenis="kecamatan").exists()
    history = Wilayah.history.filter(kode="15.02.02.1003").get()
    assert history.history_type == "+" and history.history_user == admin_user


def test_a_second_upload_updates_by_code_instead_of_doubling(client, admin_user, merangin):
    client.force_login(admin_user)
    _upload(client, WILAYAH, _sheet(merangin_rows()))
    client.post(WILAYAH + "simpan/")
    rows = merangin_rows()
    rows[1][1] = "Pasar Bangko"  # 15.02.01.1001 renamed
    response = _upload(client, WILAYAH, _sheet(rows))
    assert "239 baris, 0 baru" in response.content.decode()
    response = client.post(WILAYAH + "simpan/", follow=True)
    assert "0 baru, 1 diperbarui" in response.content.decode()
    assert Wilayah.objects.count() == 239
    assert Wilayah.objects.get(kode="15.02.01.1001").nama == "Pasar Bangko"


def test_a_region_entered_by_hand_gets_its_codes_from_the_sheet(client, admin_user, merangin):
    kecamatan = Wilayah.objects.create(nama="Kecamatan Uji 1", jenis="kecamatan")
    Wilayah.objects.create(nama="Kelurahan 1-1", jenis="kelurahan", induk=kecamatan)
    client.force_login(admin_user)
    _upload(client, WILAYAH, _sheet(merangin_rows()[:3]))
    client.post(WILAYAH + "simpan/")
    assert Wilayah.objects.count() == 3
    assert Wilayah.objects.get(nama="Kelurahan 1-1").kode == "15.02.01.1001"


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ([["15.02.01", "Bangko", "Kecamatan", ""]], ["Wilayah", "Keterangan"], "Judul kolom tidak ditemukan"),
        (
            [["15.02.01", "Bangko", "Kecamatan", ""], ["15.02.01", "Bangko Barat", "Kecamatan", ""]],
            WILAYAH_HEADER,
            "Kode 15.02.01 ganda: sudah ada di baris 13.",
        ),
        (
            [["15.02.01", "Bangko", "Kecamatan", ""], ["15.02.07.2001", "Pelangki", "Desa", ""]],
            WILAYAH_HEADER,
            "Kecamatan berkode 15.02.07 tidak ada di lembar ini maupun di data wilayah.",
        ),
        ([["15.2.1", "Bangko", "Kecamatan", ""]], WILAYAH_HEADER, "Kode “15.2.1” tidak sah"),
        ([["18.72.01", "Metro Pusat", "Kecamatan", ""]], WILAYAH_HEADER, "bukan kode wilayah daerah ini (15.02)"),
        ([["15.02.01", "Bangko", "Dusun", ""]], WILAYAH_HEADER, "Jenis tidak dikenal: “Dusun”"),
    ],
)
def test_a_bad_wilayah_sheet_says_why_in_indonesian_and_saves_nothing(
    client, admin_user, merangin, rows, header, message
):
    client.force_login(admin_user)
    response = _upload(client, WILAYAH, _sheet([*merangin_rows()[10:20], *rows], header=header))
    page = response.content.decode()
    assert message in page
    assert "tidak ada yang disimpan" in page
    assert "Simpan semua" not in page
    response = client.post(WILAYAH + "simpan/", follow=True)
    assert "Tidak ada yang disimpan" in response.content.decode()
    assert not Wilayah.objects.exists()


def test_many_bad_rows_are_grouped_by_kind_and_paged(client, admin_user, merangin):
    rows = [["15.02.01", "Bangko", "Kecamatan", ""]] + [
        [f"15.02.09.{2000 + n}", f"Desa {n}", "Desa", ""] for n in range(1, 61)
    ]
    client.force_login(admin_user)
    page = _upload(client, WILAYAH, _sheet(rows)).content.decode()
    assert "60 dari 61 baris salah" in page
    assert "Kecamatan induk tidak dikenal</span>: 60 baris (4, 5, 6" in page
    assert "Halaman 1 dari 2" in page


def test_a_photo_renamed_xlsx_is_refused_in_one_sentence(client, admin_user, merangin):
    client.force_login(admin_user)
    foto = SimpleUploadedFile("wilayah.xlsx", b"\xff\xd8\xff\xe0" + b"0" * 200)
    response = client.post(WILAYAH, {"berkas": foto})
    assert response.status_code == 200
    assert "tidak sesuai dengan jenisnya" in response.content.decode()
    assert not Wilayah.objects.exists()


def test_the_template_lists_what_is_stored_for_editing(client, admin_user, merangin):
    client.force_login(admin_user)
    _upload(client, WILAYAH, _sheet(merangin_rows()[:4]))
    client.post(WILAYAH + "simpan/")
    response = client.get("/gugus-tugas/wilayah/templat.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="templat-wilayah.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Kode", "Nama", "Jenis", "Kode Kecamatan")
    assert rows[2] == ("15.02.01.1001", "Kelurahan 1-1", "Kelurahan", "15.02.01")
    assert "Petunjuk" in wb.sheetnames


def test_an_opd_sheet_saves_jenis_and_other_names_and_updates_by_singkatan(client, admin_user, merangin):
    client.force_login(admin_user)
    page = _upload(client, OPD_URL, _sheet(opd_rows(), header=OPD_HEADER, name="opd.xlsx")).content.decode()
    assert "Berkas valid: 6 baris" in page
    client.post(OPD_URL + "simpan/")
    jenis = dict(OPD.history.filter(history_user=admin_user).values_list("singkatan", "jenis"))
    assert jenis == {
        "DPPPAPPKB": "dinas",
        "Bappeda": "badan",
        "Dinkes": "dinas",
        "Polres": "instansi_vertikal",
        "FAM": "non_pemerintah",
        "Kadin": "non_pemerintah",
    }
    assert opd_get_by_name(nama="DP3AP2KB").singkatan == "DPPPAPPKB"
    rows = opd_rows()
    rows[2] = ["Dinas Kesehatan Kabupaten Merangin", "Dinkes", "Dinas", "Diskes; Dinkes Merangin"]
    _upload(client, OPD_URL, _sheet(rows, header=OPD_HEADER, name="opd.xlsx"))
    client.post(OPD_URL + "simpan/")
    dinkes = OPD.objects.get(singkatan="Dinkes")
    assert dinkes.nama == "Dinas Kesehatan Kabupaten Merangin"
    assert sorted(dinkes.nama_lain.values_list("nama", flat=True)) == ["Dinkes Merangin", "Diskes"]
    assert OPD.history.filter(singkatan="Dinkes", history_type="~").count() == 1


def test_a_bad_opd_sheet_saves_nothing(client, admin_user, merangin):
    lain = OPDFactory(nama="Dinas Sosial", singkatan="Dinsos")
    NamaLainOPD.objects.create(opd=lain, nama="Disos")
    rows = [
        *opd_rows(),
        ["Dinas Sosial Baru", "Dinsos2", "Dinas", "Disos"],
        ["Badan Perencanaan Pembangunan Daerah", "Bapeda", "Badan", ""],
        ["Lembaga Perlindungan Anak", "LPA", "Paguyuban", ""],
        ["", "Kosong", "", ""],
    ]
    client.force_login(admin_user)
    sebelum = set(OPD.objects.values_list("singkatan", flat=True))
    page = _upload(client, OPD_URL, _sheet(rows, header=OPD_HEADER, name="opd.xlsx")).content.decode()
    assert "“Disos” sudah dipakai sebagai nama, singkatan atau nama lain OPD lain." in page
    assert "“Badan Perencanaan Pembangunan Daerah” ganda: sudah dipakai di baris 4." in page
    assert "Jenis tidak dikenal: “Paguyuban”" in page
    assert "Nama kosong." in page
    client.post(OPD_URL + "simpan/")
    assert set(OPD.objects.values_list("singkatan", flat=True)) == sebelum
    assert NamaLainOPD.objects.count() == 1


@pytest.mark.parametrize("fixture", ["pimpinan", "operator_dinkes", "koordinator_klaster3", "petugas_kasus"])
def test_only_the_secretariat_loads_the_region_sheets(client, request, merangin, fixture):
    client.force_login(request.getfixturevalue(fixture))
    for url in (WILAYAH, OPD_URL, "/penyiapan/wilayah/", "/gugus-tugas/wilayah/templat.xlsx"):
        assert client.get(url).status_code == 403
    assert client.post(WILAYAH, {"berkas": _sheet(merangin_rows())}).status_code == 403
    assert client.post(WILAYAH + "simpan/").status_code == 403
    assert not Wilayah.objects.exists()


def test_the_admin_sees_the_upload_links_on_the_gugus_tugas_page(client, admin_user, pimpinan, merangin):
    client.force_login(admin_user)
    assert WILAYAH in client.get("/gugus-tugas/").content.decode()
    client.force_login(pimpinan)
    assert WILAYAH not in client.get("/gugus-tugas/").content.decode()


def test_the_preview_costs_the_same_queries_for_ten_rows_or_two_hundred(client, admin_user, merangin):
    client.force_login(admin_user)
    counts = []
    for rows in (merangin_rows()[:10], merangin_rows()):
        client.post(WILAYAH, {"berkas": _sheet(rows)})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(WILAYAH + "pratinjau/?page=1").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_save_costs_the_same_queries_for_ten_rows_or_two_hundred(admin_user, merangin):
    from gugus_tugas.impor_daerah import lembar_wilayah_import
    from gugus_tugas.penyiapan import wilayah_import

    counts = []
    for rows in (merangin_rows()[:10], merangin_rows()[10:]):
        hasil = lembar_wilayah_import(berkas=io.BytesIO(xlsx_bytes(rows, WILAYAH_HEADER)), kode_daerah="15.02")
        with CaptureQueriesContext(connection) as queries:
            wilayah_import(baris=hasil.baris, by=admin_user)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert Wilayah.objects.count() == 239


def test_a_template_downloaded_in_english_uploads_back_unchanged(client, admin_user, merangin):
    client.force_login(admin_user)
    _upload(client, WILAYAH, _sheet(merangin_rows()[:10]))
    client.post(WILAYAH + "simpan/")
    _upload(client, OPD_URL, _sheet(opd_rows(), header=OPD_HEADER, name="opd.xlsx"))
    client.post(OPD_URL + "simpan/")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for url, name in ((WILAYAH, "wilayah"), (OPD_URL, "opd")):
        templat = client.get(f"/gugus-tugas/{name}/templat.xlsx").content
        page = _upload(client, url, SimpleUploadedFile(f"{name}.xlsx", templat)).content.decode()
        assert 'data-testid="impor-sah"' in page, page
