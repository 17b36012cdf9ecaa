"""The Matriks RAD's cell, rendered in one call: a page holds hundreds of them."""

from django import template
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

WARNA = {"sesuai": "text-success", "perhatian": "text-warning-emphasis", "terlambat": "text-danger"}
KOSONG = mark_safe('<span class="text-muted">–</span>')


@register.filter
def sel_matriks(sel) -> str:
    """A matrix cell (rad_kla.selectors.SEL_*): the level (✓ when verified), capaian coloured by status, spending."""
    if sel is None:
        return KOSONG
    separators = str.maketrans({",": get_format("THOUSAND_SEPARATOR"), ".": get_format("DECIMAL_SEPARATOR")})
    nilai, anggaran, capaian_persen, status, terverifikasi = sel
    nilai = _angka(nilai, 2, separators, trim=True) if nilai is not None else "–"
    capaian = f"{_angka(capaian_persen, 1, separators)}%" if capaian_persen is not None else "–"
    verified = (
        format_html(' <span class="text-success" title="{0}" aria-label="{0}">✓</span>', _("Diverifikasi"))
        if terverifikasi
        else ""
    )
    return format_html(
        '<span class="fw-semibold">{}</span>{}<div class="small {}">{}</div>'
        '<div class="small text-muted text-nowrap">{}</div>',
        nilai,
        verified,
        WARNA.get(status, "text-muted"),
        capaian,
        f"Rp {_angka(anggaran, 0, separators)}",
    )


def _angka(value, places: int, separators: dict, *, trim: bool = False) -> str:
    """A number grouped and with `places` decimals in the active locale's separators; `trim` drops zero decimals."""
    text = f"{value:,.{places}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(separators)
