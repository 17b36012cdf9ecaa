"""core.spreadsheet: the formula guard of every export and the .xlsx check before any upload is opened."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from core.spreadsheet import looks_like_formula, text_neutralise, xlsx_check
from kasus.exports import csv_render
from tests.rad_kla.excel_utils import BASE, xlsx, xlsx_bomb


@pytest.mark.parametrize(
    "value", ["=1+1", " =1+1", "\t=1+1", "\r=1", "\n+62", "x;=cmd|' /C calc'!A0", "a; @SUM(A1)", "-5", "\tx"]
)
def test_text_that_would_start_a_formula_is_recognised(value):
    assert looks_like_formula(value)


@pytest.mark.parametrize("value", ["Fisik", "Dinsos; Dinkes", "a-b", "1.250.000", "e-mail: a@b.c", ""])
def test_plain_text_is_left_alone(value):
    assert not looks_like_formula(value)
    assert text_neutralise(value) == value


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1"),
        ("x;=cmd|' /C calc'!A0", "x;'=cmd|' /C calc'!A0"),
        ("=a; +b", "'=a;' +b"),
    ],
)
def test_every_part_that_would_start_a_formula_gets_a_quote(value, safe):
    assert text_neutralise(value) == safe
    for part in text_neutralise(value).split(";"):
        assert not part.lstrip().startswith(("=", "+", "-", "@"))


def test_a_normal_workbook_passes():
    xlsx_check(xlsx(BASE, [["A-1"]]))


def test_a_file_that_is_not_a_zip_is_refused():
    with pytest.raises(ValidationError, match="tidak dapat dibaca sebagai workbook Excel"):
        xlsx_check(io.BytesIO(b"PK\x03\x04 bukan zip"))


def test_a_workbook_too_large_once_inflated_is_refused(settings):
    settings.XLSX_MAX_UNCOMPRESSED_MB = 5
    with pytest.raises(ValidationError, match=r"terlalu besar setelah dibuka \(6 MB; batasnya 5 MB\)"):
        xlsx_check(xlsx_bomb(6))


def test_a_member_compressed_more_than_the_ratio_is_refused():
    with pytest.raises(ValidationError, match="memuai lebih dari 100 kali"):
        xlsx_check(xlsx_bomb(3))


def test_a_workbook_with_too_many_parts_is_refused(settings):
    settings.XLSX_MAX_MEMBERS = 20
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(21):
            archive.writestr(f"xl/bagian{n}.xml", b"<x/>")
    with pytest.raises(ValidationError, match="terlalu banyak bagian"):
        xlsx_check(buffer)


def test_the_check_leaves_the_file_at_its_start():
    upload = xlsx(BASE, [])
    upload.read(10)
    xlsx_check(upload)
    assert upload.tell() == 0


def test_the_csv_export_quotes_every_field_and_every_formula_part():
    text = csv_render(["Nama", "Umur"], [["x;=cmd|' /C calc'!A0", 7], [" =1+1", "Fisik"]]).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == '"Nama","Umur"'
    assert lines[1] == '"x;\'=cmd|\' /C calc\'!A0","7"'
    assert lines[2] == '"\' =1+1","Fisik"'
    # Read with ";" as the list separator, as a spreadsheet in an Indonesian locale does, no cell starts a formula.
    cells = [cell for line in lines for cell in line.replace('"', "").split(";")]
    assert not [cell for cell in cells if cell.lstrip().startswith(("=", "+", "-", "@"))]
