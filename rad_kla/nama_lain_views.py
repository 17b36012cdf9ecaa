"""The region's other names that a published RAD matrix uses: funding sources ("BOK" counts as DAK) and places
("5 Kecamatan" is the whole region). Kept by the secretariat beside the master data."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.forms import PilihanMixin
from core.guards import form_errors_add
from gugus_tugas.selectors import wilayah_list

from .models import NamaLainLokasi, NamaLainSumberDana, SumberDana
from .services import (
    nama_lain_lokasi_create,
    nama_lain_lokasi_delete,
    nama_lain_sumber_dana_create,
    nama_lain_sumber_dana_delete,
)

KELOLA = "rad_kla.kelola_rad"


class NamaLainSumberDanaForm(forms.Form):
    nama = forms.CharField(label=gettext_lazy("Nama di dokumen"), max_length=100)
    sumber_dana = forms.ChoiceField(label=gettext_lazy("Dihitung sebagai"), choices=SumberDana.choices)


class NamaLainLokasiForm(PilihanMixin, forms.Form):
    nama = forms.CharField(label=gettext_lazy("Nama di dokumen"), max_length=100)
    wilayah = forms.ModelChoiceField(
        label=gettext_lazy("Wilayah"),
        queryset=wilayah_list(),
        required=False,
        help_text=gettext_lazy("Kosongkan untuk seluruh daerah."),
    )


@permission_required(KELOLA, raise_exception=True)
def nama_lain_index(request):
    sumber_form = NamaLainSumberDanaForm(request.POST if request.POST.get("jenis") == "sumber" else None)
    lokasi_form = NamaLainLokasiForm(request.POST if request.POST.get("jenis") == "lokasi" else None)
    if request.method == "POST":
        form, create = (
            (sumber_form, nama_lain_sumber_dana_create)
            if request.POST.get("jenis") == "sumber"
            else (lokasi_form, nama_lain_lokasi_create)
        )
        if form.is_valid():
            try:
                item = create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _("Nama lain %(nama)s disimpan.") % {"nama": item.nama})
                return redirect("rad_kla:nama_lain")
    return render(
        request,
        "rad_kla/nama_lain.html",
        {
            "sumber_form": sumber_form,
            "lokasi_form": lokasi_form,
            "sumber_list": NamaLainSumberDana.objects.order_by("sumber_dana", "nama"),
            "lokasi_list": NamaLainLokasi.objects.select_related("wilayah").order_by("nama"),
        },
    )


@require_POST
@permission_required(KELOLA, raise_exception=True)
def nama_lain_sumber_dana_delete_view(request, pk: int):
    item = get_object_or_404(NamaLainSumberDana, pk=pk)
    nama_lain_sumber_dana_delete(item=item, by=request.user)
    messages.success(request, _("Nama lain %(nama)s dihapus.") % {"nama": item.nama})
    return redirect("rad_kla:nama_lain")


@require_POST
@permission_required(KELOLA, raise_exception=True)
def nama_lain_lokasi_delete_view(request, pk: int):
    item = get_object_or_404(NamaLainLokasi, pk=pk)
    nama_lain_lokasi_delete(item=item, by=request.user)
    messages.success(request, _("Nama lain %(nama)s dihapus.") % {"nama": item.nama})
    return redirect("rad_kla:nama_lain")
