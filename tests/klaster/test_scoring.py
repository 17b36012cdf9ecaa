"""predikat_for and gap_to on every published boundary and on bad input."""

from decimal import Decimal

import pytest

from klaster.scoring import gap_to, predikat_for
from klaster.selectors import predikat_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def tingkat():
    return predikat_list()


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, None),
        (499, None),
        ("499.99", None),
        (500, "Pratama"),
        (600, "Pratama"),
        ("600.5", "Pratama"),
        (601, "Madya"),
        (700, "Madya"),
        (701, "Nindya"),
        (800, "Nindya"),
        (801, "Utama"),
        (900, "Utama"),
        (901, "KLA"),
        (1000, "KLA"),
        ("588,40", "Pratama"),
    ],
)
def test_it_gives_the_published_predikat(tingkat, score, expected):
    predikat = predikat_for(score, tingkat=tingkat)
    assert (predikat.nama if predikat else None) == expected


@pytest.mark.parametrize("score", [-1, "-0.01", "1000.01", 1001, "abc", "", None, "nan", "inf", True])
def test_it_rejects_scores_outside_the_scale(tingkat, score):
    with pytest.raises(ValueError, match="Skor"):
        predikat_for(score, tingkat=tingkat)


def test_it_follows_thresholds_changed_as_data(tingkat):
    utama = next(p for p in tingkat if p.nama == "Utama")
    utama.skor_minimum = Decimal("790")
    assert predikat_for(795, tingkat=tingkat).nama == "Utama"


@pytest.mark.parametrize(
    ("score", "target", "gap"),
    [
        (721, "Utama", Decimal("80")),
        ("800.5", "Utama", Decimal("0.5")),
        (801, "Utama", Decimal("0")),
        (950, "Utama", Decimal("0")),
        (0, "KLA", Decimal("901")),
    ],
)
def test_gap_to_counts_missing_points(tingkat, score, target, gap):
    predikat = next(p for p in tingkat if p.nama == target)
    assert gap_to(score, predikat) == gap


def test_gap_to_rejects_bad_scores(tingkat):
    with pytest.raises(ValueError):
        gap_to(-5, tingkat[0])
    with pytest.raises(ValueError):
        gap_to(1200, tingkat[0])
