"""One year parser with one range for every `?tahun=` and every year field."""

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TAHUN_MIN = 2000
TAHUN_MAKS = 2100


def tahun_parse(value, *, default: int | None = None) -> int:
    """A year from user input; anything unreadable or outside TAHUN_MIN..TAHUN_MAKS gives the default (this year)."""
    fallback = default if default is not None else timezone.localdate().year
    try:
        tahun = int(str(value).strip())
    except (TypeError, ValueError):
        return fallback
    return tahun if TAHUN_MIN <= tahun <= TAHUN_MAKS else fallback


def tahun_get(request, *, default: int | None = None) -> int:
    """The `?tahun=` of a request, read by tahun_parse."""
    return tahun_parse(request.GET.get("tahun"), default=default)


def tahun_url_check(tahun: int) -> int:
    """A year taken from the URL path; one outside the range is a page that does not exist."""
    if not TAHUN_MIN <= tahun <= TAHUN_MAKS:
        raise Http404
    return tahun


class TahunField(forms.IntegerField):
    """A year in TAHUN_MIN..TAHUN_MAKS, with the range in the message."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Tahun"))
        kwargs.setdefault("min_value", TAHUN_MIN)
        kwargs.setdefault("max_value", TAHUN_MAKS)
        super().__init__(**kwargs)
