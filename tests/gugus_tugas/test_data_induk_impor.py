"""The secretariat loads a region's OPDs and wilayah from one spreadsheet in the admin, not one form each."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from gugus_tugas.models import OPD, Wilayah
from gugus_tugas.resources import OPDResource, WilayahResource
from tests.rad_kla.excel_utils import xlsx_bomb

pytestmark = pytest.mark.django_db


def dataset(rows):
    data = tablib.Dataset(headers=rows[0])
    for row in rows[1:]:
        data.append(row)
    return data


def test_a_regency_with_desa_and_kelurahan_comes_in_from_one_sheet():
    rows = [
        ["jenis", "nama", "kecamatan", "kode"],
        ["kecamatan", "Bangko", "", "15.02.01"],
        ["kecamatan", "Tabir", "", "15.02.02"],
        ["kelurahan", "Pasar Bangko", "Bangko", ""],
        ["desa", "Kungkai", "Bangko", ""],
        ["desa", "Kungkai", "Tabir", ""],
    ]
    result = WilayahResource().import_data(dataset(rows), dry_run=False, raise_errors=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Wilayah.objects.filter(jenis="kecamatan", nama__in=["Bangko", "Tabir"]).count() == 2
    assert Wilayah.objects.get(nama="Pasar Bangko").induk.nama == "Bangko"
    assert Wilayah.objects.filter(nama="Kungkai", jenis="desa").count() == 2
    # The same sheet again changes nothing.
    again = WilayahResource().import_data(dataset(rows), dry_run=False, raise_errors=True)
    assert again.totals["new"] == 0 and Wilayah.objects.filter(nama="Kungkai").count() == 2


def test_an_opd_row_with_a_known_abbreviation_updates_it():
    OPD.objects.create(nama="Dinas Kesehatan", singkatan="Dinkes", jenis="opd")
    rows = [["singkatan", "nama", "jenis", "aktif"], ["Dinkes", "Dinas Kesehatan Kabupaten", "opd", "1"]]
    rows.append(["Disdik", "Dinas Pendidikan", "opd", "1"])
    result = OPDResource().import_data(dataset(rows), dry_run=False, raise_errors=True)
    assert result.totals["new"] == 1 and result.totals["update"] == 1
    assert OPD.objects.get(singkatan="Dinkes").nama == "Dinas Kesehatan Kabupaten"


def test_the_admin_import_page_is_the_secretariats_only(client, admin_user, operator_dinkes):
    client.force_login(admin_user)
    assert client.get("/admin/gugus_tugas/wilayah/import/").status_code == 200
    assert client.get("/admin/gugus_tugas/opd/import/").status_code == 200
    client.force_login(operator_dinkes)
    assert client.get("/admin/gugus_tugas/wilayah/import/").status_code in (302, 403)


def test_a_zip_bomb_is_refused_before_it_is_opened(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/gugus_tugas/wilayah/import/",
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("wilayah.xlsx", xlsx_bomb(150).getvalue())},
    )
    assert response.status_code == 200
    assert not Wilayah.objects.filter(nama__startswith="bom").exists()
    assert "memuai" in response.content.decode() or "terlalu besar" in response.content.decode()
