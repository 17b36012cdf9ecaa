"""The secretariat's master-data pages: OPDs with their other names, wilayah, the region profile and its logo."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.guards import form_errors_add

from .master_forms import OPDForm, OPDPencarianForm, PencarianForm, ProfilDaerahForm, WilayahForm
from .master_services import (
    KELOLA,
    opd_aktif_set,
    opd_create,
    opd_update,
    profil_daerah_update,
    wilayah_create,
    wilayah_update,
)
from .models import OPD, Wilayah
from .selectors import (
    kecamatan_master_list,
    opd_master_get,
    opd_master_list,
    profil_daerah_get,
    profil_daerah_riwayat_list,
    wilayah_get,
)

PER_PAGE = 25
KECAMATAN_PER_PAGE = 10


def _search(form) -> str:
    return form.cleaned_data["q"] if form.is_valid() else ""


@permission_required(KELOLA, raise_exception=True)
def master_index(request):
    return render(request, "gugus_tugas/master/index.html", {"profil": profil_daerah_get()})


@permission_required(KELOLA, raise_exception=True)
def opd_master_index(request):
    form = OPDPencarianForm(request.GET)
    qs = opd_master_list(q=_search(form), aktif=form.aktif_value())
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "gugus_tugas/master/opd_list.html", {"form": form, "page": page})


def _opd_get(pk: int) -> OPD:
    try:
        return opd_master_get(pk=pk)
    except OPD.DoesNotExist as exc:
        raise Http404 from exc


@permission_required(KELOLA, raise_exception=True)
def opd_create_view(request):
    """Add an OPD; ?nama= fills the name (an unknown name of a RAD import) and a local ?next= leads back to it."""
    form = OPDForm(request.POST or None, initial={"nama": request.GET.get("nama", "")[:200]})
    kembali = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        kembali, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        kembali = ""
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "nama_lain"}
        try:
            opd = opd_create(by=request.user, nama_lain=form.cleaned_nama_lain(), **data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("OPD %(opd)s ditambahkan.") % {"opd": opd.nama})
            return redirect(kembali or "gugus_tugas:master_opd")
    return render(request, "gugus_tugas/master/opd_form.html", {"form": form, "kembali": kembali})


@permission_required(KELOLA, raise_exception=True)
def opd_update_view(request, pk: int):
    opd = _opd_get(pk)
    form = OPDForm(request.POST or None, initial=OPDForm.initial_for(opd))
    if request.method == "POST" and form.is_valid():
        try:
            opd = opd_update(opd=opd, by=request.user, data=form.cleaned_data, nama_lain=form.cleaned_nama_lain())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Perubahan OPD %(opd)s disimpan.") % {"opd": opd.nama})
            return redirect("gugus_tugas:master_opd")
    return render(request, "gugus_tugas/master/opd_form.html", {"form": form, "opd": opd})


@require_POST
@permission_required(KELOLA, raise_exception=True)
def opd_aktif_view(request, pk: int):
    aktif = request.POST.get("aktif") == "1"
    opd = opd_aktif_set(opd=_opd_get(pk), aktif=aktif, by=request.user)
    if aktif:
        messages.success(request, _("OPD %(opd)s diaktifkan kembali.") % {"opd": opd.nama})
    else:
        messages.success(
            request,
            _("OPD %(opd)s dinonaktifkan; datanya tetap tersimpan dan tidak lagi muncul sebagai pilihan.")
            % {"opd": opd.nama},
        )
    return redirect("gugus_tugas:master_opd_ubah", pk=opd.pk)


@permission_required(KELOLA, raise_exception=True)
def wilayah_master_index(request):
    form = PencarianForm(request.GET)
    page = Paginator(kecamatan_master_list(q=_search(form)), KECAMATAN_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "gugus_tugas/master/wilayah_list.html", {"form": form, "page": page})


@permission_required(KELOLA, raise_exception=True)
def wilayah_create_view(request):
    initial = {}
    induk = request.GET.get("induk", "")
    if induk.isdigit():
        initial = {"induk": int(induk), "jenis": Wilayah.Jenis.KELURAHAN}
    form = WilayahForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            wilayah = wilayah_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("%(wilayah)s ditambahkan.") % {"wilayah": wilayah.label})
            return redirect("gugus_tugas:master_wilayah")
    return render(request, "gugus_tugas/master/wilayah_form.html", {"form": form})


@permission_required(KELOLA, raise_exception=True)
def wilayah_update_view(request, pk: int):
    try:
        wilayah = wilayah_get(pk=pk)
    except Wilayah.DoesNotExist as exc:
        raise Http404 from exc
    initial = {"jenis": wilayah.jenis, "nama": wilayah.nama, "induk": wilayah.induk_id, "kode": wilayah.kode}
    form = WilayahForm(request.POST or None, initial=initial, wilayah=wilayah)
    if request.method == "POST" and form.is_valid():
        try:
            wilayah = wilayah_update(wilayah=wilayah, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Perubahan %(wilayah)s disimpan.") % {"wilayah": wilayah.label})
            return redirect("gugus_tugas:master_wilayah")
    return render(request, "gugus_tugas/master/wilayah_form.html", {"form": form, "wilayah": wilayah})


@permission_required(KELOLA, raise_exception=True)
def profil_daerah_update_view(request):
    profil = profil_daerah_get()
    if profil is None:
        return render(request, "gugus_tugas/master/profil_form.html", {"profil": None})
    initial = {name: getattr(profil, name) for name in ("jenis", "nama_daerah", "provinsi", "kode")}
    form = ProfilDaerahForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profil = profil_daerah_update(
                by=request.user, data=data, logo=data["logo"] or None, logo_hapus=data["logo_hapus"]
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Profil %(daerah)s disimpan.") % {"daerah": profil.nama_lengkap})
            return redirect("gugus_tugas:master_profil")
    riwayat = profil_daerah_riwayat_list()
    return render(request, "gugus_tugas/master/profil_form.html", {"form": form, "profil": profil, "riwayat": riwayat})


def profil_daerah_logo(_request, pk: int):
    """The region's logo for every logged-in page (shown in the menu bar); 404 when there is none."""
    profil = profil_daerah_get()
    if profil is None or profil.pk != pk or not profil.logo:
        raise Http404
    jenis = "image/png" if profil.logo.name.lower().endswith(".png") else "image/jpeg"
    response = FileResponse(profil.logo.open("rb"), content_type=jenis)
    response["Cache-Control"] = "private, max-age=300"
    return response
