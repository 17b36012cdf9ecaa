"""Pages of the KLA framework: the framework read by every role, the weight upload by the secretariat."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.tahun import tahun_get

from .excel import bobot_export, bobot_import
from .forms import BobotImporForm
from .models import SKOR_MAKSIMUM, Indikator
from .selectors import bobot_total_get, klaster_list, predikat_list, versi_kerangka_get
from .services import indikator_bobot_set

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The checked weights travel from the preview to the save signed, so the file is read only once.
BOBOT_SALT = "klaster.bobot_impor"
BOBOT_MAX_AGE = 60 * 60


@permission_required("klaster.lihat_kerangka", raise_exception=True)
def klaster_index(request):
    tahun = tahun_get(request)
    return render(
        request,
        "klaster/index.html",
        {
            "tahun": tahun,
            "versi": versi_kerangka_get(tahun=tahun),
            "klaster_list": klaster_list(tahun=tahun),
            "bobot_total": bobot_total_get(tahun=tahun),
            "skor_maksimum": SKOR_MAKSIMUM,
            "predikat_list": predikat_list(),
            "boleh_impor_bobot": request.user.has_perm("klaster.kelola_bobot"),
        },
    )


@permission_required("klaster.lihat_kerangka", raise_exception=True)
def indikator_detail(request, pk: int):
    indikator = get_object_or_404(Indikator.objects.select_related("klaster"), pk=pk)
    return render(request, "klaster/indikator_detail.html", {"indikator": indikator})


@permission_required("klaster.kelola_bobot", raise_exception=True)
def bobot_export_view(request):
    """The year's indicators and current weights as .xlsx, to fill in and upload."""
    tahun = tahun_get(request)
    response = HttpResponse(bobot_export(tahun=tahun), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="bobot-indikator-{tahun}.xlsx"'
    return response


@permission_required("klaster.kelola_bobot", raise_exception=True)
def bobot_import_view(request):
    """Upload a year's weights; the check is shown with old and new weights before anything is saved."""
    form = BobotImporForm(request.POST or None, request.FILES or None, initial={"tahun": tahun_get(request)})
    if request.method == "POST" and form.is_valid():
        tahun = form.cleaned_data["tahun"]
        hasil = bobot_import(berkas=form.cleaned_data["berkas"], tahun=tahun)
        token = ""
        if not hasil.errors:
            bobot = {str(pk): str(value) for pk, value in hasil.bobot.items()}
            token = signing.dumps({"tahun": tahun, "bobot": bobot}, salt=BOBOT_SALT)
        return render(
            request, "klaster/bobot_pratinjau.html", {"hasil": hasil, "token": token, "skor_maksimum": SKOR_MAKSIMUM}
        )
    return render(request, "klaster/bobot_impor.html", {"form": form})


@require_POST
@permission_required("klaster.kelola_bobot", raise_exception=True)
def bobot_submit(request):
    """Save the weights of a checked sheet, all together or not at all."""
    try:
        data = signing.loads(request.POST.get("token", ""), salt=BOBOT_SALT, max_age=BOBOT_MAX_AGE)
        tahun = int(data["tahun"])
        bobot = {int(pk): value for pk, value in data["bobot"].items()}
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        messages.error(request, _("Hasil pemeriksaan sudah kedaluwarsa atau tidak sah; unggah berkasnya lagi."))
        return redirect("klaster:bobot_impor")
    try:
        indikator_bobot_set(bobot=bobot, tahun=tahun)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("klaster:bobot_impor")
    messages.success(
        request,
        _("Bobot %(jumlah)s indikator tahun %(tahun)s disimpan.") % {"jumlah": len(bobot), "tahun": tahun},
    )
    return redirect(f"{reverse('klaster:index')}?tahun={tahun}")
