"""Read-only pages of the KLA framework."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import SKOR_MAKSIMUM, Indikator
from .selectors import bobot_total, klaster_list, predikat_list


def _tahun(request) -> int:
    try:
        return int(request.GET.get("tahun", ""))
    except ValueError:
        return timezone.localdate().year


@permission_required("klaster.lihat_kerangka", raise_exception=True)
def klaster_index(request):
    tahun = _tahun(request)
    return render(
        request,
        "klaster/index.html",
        {
            "tahun": tahun,
            "klaster_list": klaster_list(tahun=tahun),
            "bobot_total": bobot_total(tahun=tahun),
            "skor_maksimum": SKOR_MAKSIMUM,
            "predikat_list": predikat_list(),
        },
    )


@permission_required("klaster.lihat_kerangka", raise_exception=True)
def indikator_detail(request, pk: int):
    indikator = get_object_or_404(Indikator.objects.select_related("klaster"), pk=pk)
    return render(request, "klaster/indikator_detail.html", {"indikator": indikator})
