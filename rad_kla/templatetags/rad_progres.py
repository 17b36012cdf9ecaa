"""How the RAD's progress reads: the rule behind each badge, the level expected by the latest period, status badges."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.templatetags.kla_format import desimal
from rad_kla.progres import BATAS_PERHATIAN, BATAS_SESUAI, StatusProgres

register = template.Library()


def _persen(fraction: float) -> str:
    return f"{number_format(fraction * 100, decimal_pos=0)}%"


@register.simple_tag
def progres_aturan(status: str) -> str:
    """The rule that gives this progress badge, in words, with the thresholds the engine uses."""
    batas = {"atas": _persen(BATAS_SESUAI), "bawah": _persen(BATAS_PERHATIAN)}
    if status == StatusProgres.SESUAI:
        return (
            _(
                "Sesuai target: capaian sekurang-kurangnya %(atas)s dari tingkat yang diharapkan "
                "pada periode terakhir yang dilaporkan."
            )
            % batas
        )
    if status == StatusProgres.PERHATIAN:
        return (
            _(
                "Perlu perhatian: capaian antara %(bawah)s dan %(atas)s dari tingkat yang diharapkan "
                "pada periode terakhir yang dilaporkan."
            )
            % batas
        )
    if status == StatusProgres.TERLAMBAT:
        return (
            _(
                "Tertinggal: capaian di bawah %(bawah)s dari tingkat yang diharapkan "
                "pada periode terakhir yang dilaporkan."
            )
            % batas
        )
    if status == StatusProgres.BELUM_LAPOR:
        return _("Belum ada laporan: ada target tahun ini, tetapi belum ada realisasi yang diajukan atau diverifikasi.")
    return _("Tanpa target: aksi ini belum memiliki target untuk tahun ini.")


@register.filter
def porsi_persen(porsi: float | None) -> str:
    """The share of the year a period covers as the expected level: 0.5 -> '50%'."""
    return "" if porsi is None else _persen(porsi)


# A badge's HTML depends only on its status and the language: built once per process for each pair.
_LENCANA: dict[tuple[str, str], SafeString] = {}
_LENCANA_JENIS = {
    StatusProgres.SESUAI: ("text-bg-success", gettext_lazy("Sesuai target")),
    StatusProgres.PERHATIAN: ("text-bg-warning", gettext_lazy("Perlu perhatian")),
    StatusProgres.TERLAMBAT: ("text-bg-danger", gettext_lazy("Tertinggal")),
    StatusProgres.BELUM_LAPOR: ("text-bg-secondary", gettext_lazy("Belum ada laporan")),
}
_LENCANA_LAIN = ("text-bg-light border", gettext_lazy("Tanpa target"))


@register.filter
def progres_badge(status: str) -> SafeString:
    """The progress badge with its rule folded under it (what rad_kla/_progres_badge.html shows)."""
    if status not in _LENCANA_JENIS:
        status = StatusProgres.TANPA_TARGET
    key = (status, get_language())
    if key not in _LENCANA:
        kelas, label = _LENCANA_JENIS.get(status, _LENCANA_LAIN)
        aturan = progres_aturan(status)
        _LENCANA[key] = format_html(
            '<details class="progres-aturan" data-testid="progres-aturan"><summary title="{}">'
            '<span class="badge {}">{}</span><span class="visually-hidden"> · {}</span></summary>'
            '<div class="small text-muted mt-1">{}</div></details>',
            aturan,
            kelas,
            label,
            _("aturan"),
            aturan,
        )
    return _LENCANA[key]


@register.simple_tag
def capaian_sel(capaian: float | None, porsi: float | None, target) -> SafeString:
    """Capaian against the year's target and the level expected by the latest reported period (_capaian.html).

    A value a template does not have reads as none, as in the {% if %} the include had.
    """
    capaian, porsi, target = (None if value == "" else value for value in (capaian, porsi, target))
    nilai = format_html('<span data-testid="capaian">{}%</span>', desimal(capaian, 1)) if capaian is not None else "–"
    if porsi is None or target is None:
        return mark_safe(nilai)  # noqa: S308 - built by format_html or a constant
    return format_html(
        '{}<div class="small text-muted text-nowrap" data-testid="diharapkan">{}</div>',
        nilai,
        _("diharapkan %(persen)s") % {"persen": porsi_persen(porsi)},
    )


_STATUS_KELAS = {"diverifikasi": "text-bg-success", "diajukan": "text-bg-primary", "dikembalikan": "text-bg-warning"}


@register.simple_tag
def status_badge(status: str, label: str) -> SafeString:
    """A realisation's status badge (what rad_kla/_status_badge.html shows)."""
    return format_html('<span class="badge {}">{}</span>', _STATUS_KELAS.get(status, "text-bg-secondary"), label)
