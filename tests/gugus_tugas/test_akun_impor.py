"""A user sheet: every bad row shown with its reason before anything is saved, then all accounts or none."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gugus_tugas.models import AuditPengguna, NamaLainOPD, Peran, User
from gugus_tugas.services import pengguna_import
from tests.gugus_tugas.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/gugus-tugas/pengguna/unggah/"
HEADER = ["No", "Nama", "Email", "Telepon", "OPD", "Peran", "Klaster"]


def _sheet(rows, header=HEADER) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(["Daftar akun Gugus Tugas KLA"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("akun.xlsx", buffer.getvalue())


def _good_rows(opd):
    return [
        [1, "Siti Aminah", "siti@example.org", "0812 3456 7890", opd.singkatan, "Operator OPD", ""],
        [2, "Budi Santoso", "Budi@Example.org", "", opd.nama, "Koordinator Klaster", "III"],
        [3, "Rina Wati", "rina@example.org", "", "", "Pimpinan", ""],
    ]


def _preview(client, sheet):
    response = client.post(URL, {"berkas": sheet})
    assert response.status_code == 200
    return response


def test_a_valid_sheet_is_previewed_then_saved_and_invited(client, admin_user, opd_dinkes):
    client.force_login(admin_user)
    response = _preview(client, _sheet(_good_rows(opd_dinkes)))
    assert "Berkas valid: 3 akun" in response.content.decode()
    assert not User.objects.filter(email="siti@example.org").exists()
    response = client.post("/gugus-tugas/pengguna/unggah/simpan/", {"token": response.context["token"]})
    assert response.status_code == 302
    budi = User.objects.get(email="budi@example.org")
    assert budi.peran == Peran.KOORDINATOR_KLASTER and budi.klaster.kode == "III" and budi.opd == opd_dinkes
    assert User.objects.get(email="siti@example.org").telepon == "0812 3456 7890"
    assert sorted(m.to[0] for m in mail.outbox) == ["budi@example.org", "rina@example.org", "siti@example.org"]
    assert AuditPengguna.objects.filter(oleh=admin_user, atribut="undangan").count() == 3


def test_an_opd_is_also_matched_by_its_other_name(client, admin_user, opd_dinkes):
    NamaLainOPD.objects.create(opd=opd_dinkes, nama="Dinas Kesehatan Kota")
    client.force_login(admin_user)
    response = _preview(client, _sheet([[1, "Siti", "siti@example.org", "", "dinas  kesehatan kota", "Operator OPD"]]))
    assert response.context["hasil"].baris[0].opd == opd_dinkes


def test_every_bad_row_is_reported_and_nothing_is_saved(client, admin_user, opd_dinkes):
    UserFactory(username="lama", email="lama@example.org")
    rows = [
        [1, "Siti Aminah", "siti@example.org", "", "Dinas Tidak Ada", "Operator OPD", ""],
        [2, "Budi", "bukan-email", "", opd_dinkes.singkatan, "Operator OPD", ""],
        [3, "Rina", "rina@example.org", "", opd_dinkes.singkatan, "Tukang Sapu", ""],
        [4, "Rina Lagi", "RINA@example.org", "", opd_dinkes.singkatan, "Pimpinan", ""],
        [5, "Lama", "lama@example.org", "", opd_dinkes.singkatan, "Pimpinan", ""],
        [6, "Petugas", "petugas@example.org", "", opd_dinkes.singkatan, "Petugas Kasus", ""],
        [7, "Benar", "benar@example.org", "", opd_dinkes.singkatan, "Pimpinan", ""],
    ]
    client.force_login(admin_user)
    response = _preview(client, _sheet(rows))
    html = response.content.decode()
    assert response.context["token"] == ""
    errors = {b.nomor: " ".join(b.errors) for b in response.context["hasil"].baris_salah}
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "OPD tidak dikenal: “Dinas Tidak Ada”" in errors[3]
    assert "Email tidak valid" in errors[4]
    assert "Peran tidak dikenal: “Tukang Sapu”" in errors[5]
    assert "ganda: sudah ada di baris 5" in errors[6]
    assert "sudah dipakai akun lain" in errors[7]
    assert "hanya dapat diberikan oleh superuser" in errors[8]
    assert "6 dari 7 baris salah" in html
    assert not User.objects.filter(email__in=["siti@example.org", "benar@example.org"]).exists()


def test_a_sheet_without_the_columns_or_not_a_workbook_gets_one_sentence(client, admin_user):
    client.force_login(admin_user)
    response = _preview(client, _sheet([["x", "y"]], header=["Foo", "Bar"]))
    assert "Judul kolom tidak ditemukan" in response.content.decode()
    response = client.post(URL, {"berkas": SimpleUploadedFile("foto.xlsx", b"\xff\xd8\xff\xe0" + b"0" * 100)})
    assert response.status_code == 200
    assert "tidak sesuai dengan jenisnya" in response.content.decode()
    assert not User.objects.exclude(pk=admin_user.pk).exists()


def test_the_save_is_all_or_nothing(admin_user, opd_dinkes):
    baris = [
        ["Siti", "siti@example.org", "", "", opd_dinkes.pk, Peran.OPERATOR_OPD, None],
        ["Budi", "budi@example.org", "", "", opd_dinkes.pk, Peran.OPERATOR_OPD, None],
    ]
    UserFactory(username="budi.baru", email="budi@example.org")  # opened after the preview
    with pytest.raises(Exception, match="Email ini sudah dipakai"):
        pengguna_import(baris=baris, by=admin_user)
    assert not User.objects.filter(email="siti@example.org").exists()


def test_a_forged_token_saves_nothing(client, admin_user):
    client.force_login(admin_user)
    response = client.post("/gugus-tugas/pengguna/unggah/simpan/", {"token": "palsu"}, follow=True)
    assert "kedaluwarsa atau tidak sah" in response.content.decode()


def test_an_operator_cannot_upload_a_sheet(client, operator_dinkes, opd_dinkes):
    client.force_login(operator_dinkes)
    assert client.post(URL, {"berkas": _sheet(_good_rows(opd_dinkes))}).status_code == 403
    assert client.post("/gugus-tugas/pengguna/unggah/simpan/", {"token": "x"}).status_code == 403


def test_names_in_the_preview_are_escaped(client, admin_user, opd_dinkes):
    client.force_login(admin_user)
    rows = [[1, "<img src=x onerror=alert(1)>", "a@example.org", "", opd_dinkes.singkatan, "Pimpinan", ""]]
    html = _preview(client, _sheet(rows)).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html
