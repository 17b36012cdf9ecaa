"""Figures read the same through the fast formatters (kla_format) as through Django's, in both languages."""

import random
from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.formats import number_format

from core.templatetags.kla_format import desimal, rupiah, skor


def _numbers() -> list:
    rng = random.Random(11)  # noqa: S311 - test figures, not secrets
    values = [0, 0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.25, 12.25, 99.95, 999.95, 1234.5, -1234.56, 1e15, 123456789.987]
    values += [Decimal("0"), Decimal("-0.001"), Decimal("0.005"), Decimal("1234567.891"), Decimal("-98765.4321")]
    values += [Decimal("1E+3"), Decimal("12.5"), 7, -7, 1250000, -1250000, 10**18]
    values += [rng.uniform(-1e7, 1e7) for _ in range(300)] + [rng.uniform(0, 200) for _ in range(300)]
    values += [Decimal(rng.randrange(-(10**12), 10**12)) / 100 for _ in range(300)]
    values += [rng.randrange(0, 10**12) for _ in range(100)]
    return values


@pytest.mark.parametrize("language", ["id", "en"])
def test_figures_read_as_djangos_formatting(language):
    with translation.override(language):
        for value in _numbers():
            for places in (1, 2):
                assert desimal(value, places) == floatformat(value, places), (value, places)
            number = Decimal(value)
            for places in (0, 2):
                assert skor(value, places) == number_format(
                    number, decimal_pos=places, use_l10n=True, force_grouping=True
                ), (value, places)
            django_rupiah = number_format(abs(number), decimal_pos=0, use_l10n=True, force_grouping=True)
            assert rupiah(value) == f"{'-' if number < 0 else ''}Rp {django_rupiah}", value


def test_indonesian_figures_group_with_dots_and_keep_a_decimal_comma():
    with translation.override("id"):
        assert (desimal(1234.56, 1), skor(Decimal("1250000.5")), rupiah(1250000)) == (
            "1.234,6",
            "1.250.000,50",
            "Rp 1.250.000",
        )
    with translation.override("en"):
        assert (desimal(1234.56, 1), skor(Decimal("1250000.5")), rupiah(1250000)) == (
            "1,234.6",
            "1,250,000.50",
            "Rp 1,250,000",
        )
