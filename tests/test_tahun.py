"""One year parser: every page that takes ?tahun= reads it the same way and never fails on a bad one."""

import pytest
from django.utils import timezone

from core.tahun import TAHUN_MAKS, TAHUN_MIN, tahun_parse

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025", 2025), (" 2026 ", 2026), (str(TAHUN_MIN), TAHUN_MIN), (str(TAHUN_MAKS), TAHUN_MAKS)],
)
def test_a_year_in_range_is_read(value, expected):
    assert tahun_parse(value) == expected


@pytest.mark.parametrize("value", ["", None, "dua ribu", "2025.5", "1999", "2101", "20\x0025", "-2025"])
def test_anything_else_falls_back_to_this_year_or_the_given_default(value):
    assert tahun_parse(value) == THIS_YEAR
    assert tahun_parse(value, default=2024) == 2024


@pytest.mark.parametrize("path", ["/", "/evaluasi/", "/klaster/", "/rad/", "/rad/rekap/"])
@pytest.mark.parametrize("tahun", ["abc", "1999", "99999999999999999999", "2025"])
def test_pages_that_take_a_year_answer_every_year_value(client, admin_user, path, tahun):
    client.force_login(admin_user)
    assert client.get(path, {"tahun": tahun}).status_code == 200
