"""core.spreadsheet: the formula guard of every export, the .xlsx check before any upload is opened, typed numbers."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.spreadsheet import angka_parse, looks_like_formula, text_neutralise, xlsx_check
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


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("45.000.000", Decimal("45000000")),
        ("Rp. 20.000.000,-", Decimal("20000000")),
        ("Rp 1.250.000,50", Decimal("1250000.50")),
        ("rp750.000", Decimal("750000")),
        ("20.000,00", Decimal("20000")),
        ("1.000", Decimal("1000")),
        ("12,5", Decimal("12.5")),
        ("0,75", Decimal("0.75")),
        ("12.5", Decimal("12.5")),
        ("1234.5", Decimal("1234.5")),
        ("96%", Decimal("96")),
        ("12,5 %", Decimal("12.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1,234,567", Decimal("1234567")),
        ("1,234,567.89", Decimal("1234567.89")),
        ("1 250 000", Decimal("1250000")),
        ("\u00a01.250.000\u00a0", Decimal("1250000")),
        ("-1.000", Decimal("-1000")),
        ("+5", Decimal("5")),
        ("0", Decimal("0")),
        (7, Decimal("7")),
        (1250000.0, Decimal("1250000.0")),
        (33.333333, Decimal("33.333333")),
        (Decimal("41.67"), Decimal("41.67")),
        (None, None),
        ("", None),
        ("   ", None),
        ("-", None),
        (" – ", None),
    ],
)
def test_a_number_is_read_as_indonesians_type_it(value, expected):
    assert angka_parse(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12.345", Decimal("12.345")), ("41.67", Decimal("41.67")), ("1.234.567", Decimal("1234567"))],
)
def test_a_lone_dot_may_be_read_as_the_decimal_point(value, expected):
    assert angka_parse(value, lone_dot_decimal=True) == expected


@pytest.mark.parametrize(
    "value",
    [
        "sepuluh",
        "Rp satu juta",
        "12a",
        "1.2.3",
        "1.25,5",
        "1,2,3",
        "1.234,5.6",
        "--5",
        "1e5",
        "NaN",
        "Infinity",
        "12-5",
        True,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        datetime.date(2025, 1, 1),
    ],
)
def test_text_that_is_not_a_number_is_refused_in_indonesian(value):
    with pytest.raises(ValidationError) as error:
        angka_parse(value)
    assert error.value.code == "bukan_angka"
    assert error.value.messages[0].endswith("bukan angka.")
