"""How an action's progress reads: the rule behind each badge and the level expected by its latest period."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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
