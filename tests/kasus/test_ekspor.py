"""SIMFONI-PPA export: non-identifying fields only, safe to open in a spreadsheet."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kasus.exports import cell_safe
from kasus.models import AksesLog
from tests.kasus.factories import KasusFactory, KelurahanFactory, KorbanFactory, PelakuFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasus(petugas_kasus):
    kasus = KasusFactory(dibuat_oleh=petugas_kasus, kelurahan=KelurahanFactory(nama='=HYPERLINK("x")'))
    KorbanFactory(kasus=kasus, urutan=1, nama="Nama Rahasia Ekspor", nik="0000555566667777", umur=7)
    PelakuFactory(kasus=kasus, urutan=1, nama="Pelaku Rahasia Ekspor", hubungan="guru")
    return kasus


@pytest.mark.parametrize("value", ["=1+1", "+62 800", "-5", "@SUM(A1)", "\tx"])
def test_formula_like_text_is_quoted(value):
    assert cell_safe(value) == "'" + value


def test_plain_values_pass_unchanged():
    assert cell_safe("Fisik") == "Fisik" and cell_safe(7) == 7 and cell_safe(None) == ""


def test_csv_has_one_row_per_victim_without_identity(client, petugas_kasus, kasus):
    client.force_login(petugas_kasus)
    response = client.get("/kasus/ekspor/", {"format": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="simfoni-ppa-')
    text = response.content.decode("utf-8-sig")
    assert "Nama Rahasia" not in text and "0000555566667777" not in text and "Pelaku Rahasia" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Nomor registrasi" and len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Kelurahan"] == '\'=HYPERLINK("x")'
    assert (row["Umur korban"], row["Kelompok umur korban"], row["Hubungan pelaku"]) == ("7", "6–12", "Guru")
    assert row["Tanggal lapor"] == "2024-03-10"
    assert AksesLog.objects.get(aksi="ekspor").keterangan == "csv, 1 baris"


def test_xlsx_has_the_same_rows_stored_as_text(client, admin_user, kasus):
    client.force_login(admin_user)
    response = client.get("/kasus/ekspor/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(values) == 2
    flat = " ".join(str(v) for v in values[1])
    assert "Nama Rahasia" not in flat and "0000555566667777" not in flat
    kelurahan_cell = sheet.cell(row=2, column=values[0].index("Kelurahan") + 1)
    assert kelurahan_cell.value == '\'=HYPERLINK("x")' and kelurahan_cell.data_type == "s"


def test_export_follows_the_list_filters(client, petugas_kasus, kasus):
    client.force_login(petugas_kasus)
    text = client.get("/kasus/ekspor/", {"format": "csv", "status": "selesai"}).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == 1


def test_an_unknown_format_is_404(client, petugas_kasus):
    client.force_login(petugas_kasus)
    assert client.get("/kasus/ekspor/", {"format": "pdf"}).status_code == 404


def test_the_export_query_count_does_not_grow(client, petugas_kasus, kasus):
    client.force_login(petugas_kasus)
    client.get("/kasus/ekspor/", {"format": "csv"})
    with CaptureQueriesContext(connection) as small:
        client.get("/kasus/ekspor/", {"format": "csv"})
    for _ in range(12):
        more = KasusFactory(dibuat_oleh=petugas_kasus)
        KorbanFactory(kasus=more, urutan=1)
        KorbanFactory(kasus=more, urutan=2)
        PelakuFactory(kasus=more, urutan=1)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/kasus/ekspor/", {"format": "csv"})
    assert len(large) == len(small)
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == 1 + 1 + 24
