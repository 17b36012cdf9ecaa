"""Matriks RAD: every action × every reporting period of a year range, on screen and as .xlsx."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tahun import tahun_parse
from gugus_tugas.selectors import profil_daerah_get

from . import selectors
from .excel import matriks_export
from .excel_views import _xlsx_response

PER_PAGE = 20
TAHUN_MAKS = 10  # years in one matrix
XLSX_MAKS = 5000  # actions in one downloaded matrix


def _matriks_tahun(request) -> tuple[int, int]:
    """`?dari=` and `?sampai=` (the RAD period by default), in order, at most TAHUN_MAKS years."""
    profil = profil_daerah_get()
    this_year = timezone.localdate().year
    dari = tahun_parse(request.GET.get("dari"), default=profil.tahun_rad_mulai if profil else this_year)
    sampai = tahun_parse(request.GET.get("sampai"), default=profil.tahun_rad_selesai if profil else this_year)
    dari, sampai = min(dari, sampai), max(dari, sampai)
    return dari, min(sampai, dari + TAHUN_MAKS - 1)


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def matriks_index(request):
    dari, sampai = _matriks_tahun(request)
    penyaring = selectors.matriks_filter_get(user=request.user, filters=request.GET)
    periode_list = selectors.matriks_periode_list(tahun_mulai=dari, tahun_selesai=sampai)
    page = Paginator(penyaring.qs, PER_PAGE).get_page(request.GET.get("page"))
    rencana = selectors.matriks_rencana_list(page.object_list)
    selectors.matriks_isi(rencana=rencana, periode_list=periode_list)
    for periode in periode_list:
        periode.judul = periode.label  # read once: a page shows each label on every card
    years = sorted({p.tahun for p in periode_list})
    per_year = [(tahun, [p for p in periode_list if p.tahun == tahun]) for tahun in years]
    rows = [
        (item, [(tahun, item.tahunan.get(tahun), [(p, item.sel.get(p.pk)) for p in ps]) for tahun, ps in per_year])
        for item in rencana
    ]
    return render(
        request,
        "rad_kla/matriks.html",
        {
            "form": penyaring.form,
            "page": page,
            "rows": rows,
            "per_year": per_year,
            "dari": dari,
            "sampai": sampai,
            "tahun_maks": TAHUN_MAKS,
        },
    )


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def matriks_download(request):
    dari, sampai = _matriks_tahun(request)
    rencana_qs = selectors.matriks_filter_get(user=request.user, filters=request.GET).qs
    rencana = selectors.matriks_rencana_list(rencana_qs[: XLSX_MAKS + 1])
    if len(rencana) > XLSX_MAKS:
        messages.warning(
            request,
            _("Matriks terlalu besar untuk diunduh sekaligus (lebih dari %(n)s aksi). Saring per klaster atau OPD.")
            % {"n": f"{XLSX_MAKS:,}".replace(",", ".")},
        )
        return redirect(f"{reverse('rad_kla:matriks')}?{request.GET.urlencode()}")
    periode_list = selectors.matriks_periode_list(tahun_mulai=dari, tahun_selesai=sampai)
    selectors.matriks_isi(rencana=rencana, periode_list=periode_list)
    return _xlsx_response(
        matriks_export(rencana=rencana, periode_list=periode_list), f"matriks-rad-{dari}-{sampai}.xlsx"
    )
