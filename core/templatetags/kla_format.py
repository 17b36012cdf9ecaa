"""Display filters shared by every app: Rupiah amounts, scores and choice labels."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """1250000 -> 'Rp 1.250.000' (in the active locale's grouping)."""
    if value in (None, ""):
        return "–"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return "–"
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {number_format(abs(amount), decimal_pos=0, use_l10n=True, force_grouping=True)}"


@register.filter
def skor(value, decimal_pos: int = 2) -> str:
    """A score with fixed decimals: 588.4 -> '588,40'."""
    if value in (None, ""):
        return "–"
    return number_format(Decimal(value), decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


@register.filter
def label(value, choices):
    """The label of a choice value from (value, label) pairs: {{ rapat.jenis|label:jenis_choices }}.

    What get_<field>_display shows, for a list page that already has the choices: that method
    rebuilds the field's whole choice mapping on every call, once per row and column.
    """
    for key, text in choices:
        if key == value:
            return text
    return value
