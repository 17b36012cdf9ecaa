"""Display filters shared by every app: Rupiah amounts, scores, choice labels and a select's options."""

import html
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# The active language's separators and grouping, read once per language: number_format reads them with
# three get_format calls for every number, which is most of its cost on a page of figures.
_PEMISAH: dict[str | None, tuple[str, str, object]] = {}


@receiver(setting_changed)
def _pemisah_reset(**kwargs) -> None:
    _PEMISAH.clear()


def _pemisah() -> tuple[str, str, object]:
    lang = get_language()
    if lang not in _PEMISAH:
        _PEMISAH[lang] = (
            get_format("DECIMAL_SEPARATOR", lang),
            get_format("THOUSAND_SEPARATOR", lang),
            get_format("NUMBER_GROUPING", lang),
        )
    return _PEMISAH[lang]


def _angka(number: Decimal, places: int) -> str | None:
    """number_format(number, places, grouped) in the active locale, as Django's numberformat.format writes it.

    None when the locale does not group by threes or the number is not finite: the caller then asks Django.
    """
    decimal_sep, thousand_sep, grouping = _pemisah()
    if grouping != 3 or not number.is_finite() or len(number.as_tuple().digits) + abs(number.as_tuple().exponent) > 200:
        return None
    # As numberformat: a number too small for the decimals shown is zero, extra decimals are cut off.
    if abs(number) < Decimal(1).scaleb(-max(places, 1)):
        number = Decimal(0)
    text = f"{number:f}"
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    int_part, _, dec_part = text.partition(".")
    dec_part = dec_part[:places].ljust(places, "0")
    return f"{sign}{int(int_part):,}".replace(",", thousand_sep) + (decimal_sep + dec_part if dec_part else "")


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
    text = _angka(abs(amount), 0) or number_format(abs(amount), decimal_pos=0, use_l10n=True, force_grouping=True)
    return f"{sign}Rp {text}"


@register.filter
def skor(value, decimal_pos: int = 2) -> str:
    """A score with fixed decimals: 588.4 -> '588,40'."""
    if value in (None, ""):
        return "–"
    number = Decimal(value)
    return _angka(number, decimal_pos) or number_format(
        number, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True
    )


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


@register.filter
def desimal(value, places: int = 1) -> str:
    """What {{ value|floatformat:places }} shows for a number (half up, grouped as the locale says), in one pass.

    floatformat takes about a hundred calls for one number; a list page shows a few per row.
    """
    if not isinstance(value, (float, int, Decimal)) or places < 1 or not settings.USE_THOUSAND_SEPARATOR:
        return floatformat(value, places)
    try:
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    except InvalidOperation:
        return floatformat(value, places)
    return _angka(rounded, places) or floatformat(value, places)


def _teks(value) -> str:
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


@register.filter
def pilihan(field) -> SafeString:
    """The <option>s of a bound choice field, the submitted (or initial) value selected, built in one call.

    A template loop costs a lookup of the field's value and two conversions per option, and a model
    choice field's loop counts its queryset (one more query) before reading it; a filter form of a
    list page holds three such fields of dozens of options each.
    """
    current = f"{field.value()}"
    options = []
    for value, label in field.field.choices:
        value = f"{value}"
        selected = " selected" if value == current else ""
        options.append(f'<option value="{html.escape(value)}"{selected}>{_teks(label)}</option>')
    return mark_safe("".join(options))  # noqa: S308 - every value and label is escaped above
