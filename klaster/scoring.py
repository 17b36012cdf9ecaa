"""Pure scoring functions: which predikat a score earns and how far a score is from one."""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Protocol

from django.utils.translation import gettext as _

from .models import SKOR_MAKSIMUM


class Ambang(Protocol):
    nama: str
    skor_minimum: Decimal


def score_parse(score: object) -> Decimal:
    """A score as Decimal in 0..1000, or ValueError with a message a user can read."""
    if isinstance(score, bool):
        raise ValueError(_("Skor harus berupa angka."))
    try:
        value = Decimal(str(score).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(_("Skor harus berupa angka.")) from exc
    if not value.is_finite():
        raise ValueError(_("Skor harus berupa angka."))
    if value < 0 or value > SKOR_MAKSIMUM:
        raise ValueError(
            _("Skor harus antara 0 dan %(maks)s, bukan %(skor)s.") % {"maks": SKOR_MAKSIMUM, "skor": value}
        )
    return value


def predikat_for(score: object, *, tingkat: Sequence[Ambang]) -> Ambang | None:
    """The highest predikat whose minimum the score reaches; None below the lowest one.

    A fractional score between two published ranges (600.5) keeps the lower predikat: the
    next one starts at its published minimum (601).
    """
    value = score_parse(score)
    earned = None
    for ambang in sorted(tingkat, key=lambda a: a.skor_minimum):
        if value >= ambang.skor_minimum:
            earned = ambang
    return earned


def gap_to(score: object, predikat: Ambang) -> Decimal:
    """Points still missing to reach the predikat; zero when it is already reached."""
    value = score_parse(score)
    return max(Decimal(0), Decimal(predikat.skor_minimum) - value)
