"""Pages for Excel in and out of the RAD KLA: export of the filtered list, the import template, and the import."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.attachments import private_file_response
from gugus_tugas.services import opd_nama_lain_create

from .ekspor import ekspor_rad_besar, ekspor_rad_get, ekspor_rad_list, ekspor_rad_request
from .excel import ImportResult, rencana_export, rencana_template
from .excel.matriks_terbit import BarisPeran, KelompokGalat, Pemetaan
from .filters import rencana_filter_get
from .forms import AliasOPDForm, PemetaanForm, RencanaImporForm, opd_choices_get
from .impor import impor_rad_get, impor_rad_pemetaan_set, impor_rad_request, impor_rad_submit
from .models import EksporRad, ImporRad
from .selectors import rencana_list

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def rencana_export_view(request):
    """The filtered list as .xlsx; past RAD_EKSPOR_MAKS_BARIS actions a worker builds it (see ekspor_detail)."""
    tahun, filters = rencana_filter_get(request)
    rencana = rencana_list(user=request.user, tahun=tahun, filters=filters)
    jumlah = rencana.count()
    if ekspor_rad_besar(jumlah=jumlah):
        ekspor = ekspor_rad_request(tahun=tahun, filters=filters, jumlah=jumlah, by=request.user)
        return redirect("rad_kla:ekspor_detail", pk=ekspor.pk)
    return _xlsx_response(rencana_export(rencana), f"rad-kla-{tahun}.xlsx")


def _get_ekspor_for_user(request, pk: int) -> EksporRad:
    try:
        return ekspor_rad_get(user=request.user, pk=pk)
    except EksporRad.DoesNotExist:
        raise Http404 from None


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def ekspor_detail(request, pk: int):
    """A large export while the worker builds it, then its download link; with the reader's other recent exports."""
    ekspor = _get_ekspor_for_user(request, pk)
    return render(request, "rad_kla/ekspor.html", {"ekspor": ekspor, "ekspor_list": ekspor_rad_list(user=request.user)})


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def ekspor_status(request, pk: int):
    """The part of the export page that htmx polls until the file is ready."""
    return render(request, "rad_kla/_ekspor_status.html", {"ekspor": _get_ekspor_for_user(request, pk)})


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def ekspor_download(request, pk: int):
    ekspor = _get_ekspor_for_user(request, pk)
    if ekspor.status != EksporRad.Status.SELESAI or not ekspor.berkas:
        raise Http404
    return private_file_response(ekspor.berkas, filename=ekspor.nama_berkas, content_type=XLSX_CONTENT_TYPE)


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def rencana_templat(_request):
    return _xlsx_response(rencana_template(), "templat-impor-rad-kla.xlsx")


def _get_impor_for_user(request, pk: int) -> ImporRad:
    try:
        return impor_rad_get(user=request.user, pk=pk)
    except ImporRad.DoesNotExist:
        raise Http404 from None


@permission_required("rad_kla.kelola_rad", raise_exception=True)
def rencana_import_view(request):
    """Upload; the check, the preview and the save then run in the worker (see impor_detail)."""
    form = RencanaImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        impor = impor_rad_request(
            berkas=form.cleaned_data["berkas"], by=request.user, pemetaan=form.cleaned_data["pemetaan"]
        )
        return redirect("rad_kla:impor_detail", pk=impor.pk)
    return render(request, "rad_kla/impor.html", {"form": form})


# Unknown names offered a [Jadikan alias] form each, per page of the preview.
ALIAS_PER_PAGE = 20


def _impor_context(impor: ImporRad, pemetaan_form: PemetaanForm | None = None, page_number=None) -> dict:
    result = ImportResult.from_dict(impor.hasil) if impor.hasil else None
    context = {"impor": impor, "result": result}
    terbit = result.terbit if result else {}
    # A file that could not be read at all has no mapping: its one sentence shows as a plain error.
    if terbit.get("pemetaan"):
        groups = [KelompokGalat(**group) for group in terbit.get("galat", [])]
        context["terbit"] = terbit
        context["galat"] = groups
        context["dilewati"] = [(BarisPeran.LABEL.get(role, role), n) for role, n in terbit["dilewati"].items()]
        context["peringatan"] = [KelompokGalat(**group) for group in terbit.get("peringatan", [])]
        unknown = [
            item["nilai"]
            for group in groups
            if group.jenis in ("opd_tidak_dikenal", "opd_pendukung_tidak_dikenal")
            for item in group.nilai
        ]
        page = Paginator(list(enumerate(unknown)), ALIAS_PER_PAGE).get_page(page_number)
        choices = opd_choices_get() if unknown else []
        context["page"] = page
        context["opd_tak_dikenal"] = [
            (n, nama, AliasOPDForm(initial={"nama": nama}, prefix=f"alias{n}", opd_choices=choices))
            for n, nama in page.object_list
        ]
        if terbit.get("pemetaan", {}).get("kolom") and impor.berkas:
            context["pemetaan_form"] = pemetaan_form or PemetaanForm(pemetaan=Pemetaan.from_dict(terbit["pemetaan"]))
    return context


@permission_required("rad_kla.kelola_rad", raise_exception=True)
def impor_detail(request, pk: int):
    """Progress of an import while the worker runs it, then its preview with the confirm button, or its result."""
    impor = _get_impor_for_user(request, pk)
    return render(request, "rad_kla/impor_pratinjau.html", _impor_context(impor, page_number=request.GET.get("page")))


@permission_required("rad_kla.kelola_rad", raise_exception=True)
def impor_status(request, pk: int):
    """The part of the import page that htmx polls until the job is done."""
    return render(request, "rad_kla/_impor_status.html", _impor_context(_get_impor_for_user(request, pk)))


@require_POST
@permission_required("rad_kla.kelola_rad", raise_exception=True)
def impor_submit(request, pk: int):
    impor = _get_impor_for_user(request, pk)
    try:
        impor_rad_submit(impor=impor, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("rad_kla:impor_detail", pk=impor.pk)


def _recheck(request, impor: ImporRad, pemetaan: Pemetaan | None = None, nama: str = "") -> None:
    try:
        impor_rad_pemetaan_set(impor=impor, pemetaan=pemetaan, nama=nama, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)


@require_POST
@permission_required("rad_kla.kelola_rad", raise_exception=True)
def impor_pemetaan(request, pk: int):
    """A published matrix checked again with the column roles the user corrected (and saved under a name)."""
    impor = _get_impor_for_user(request, pk)
    result = ImportResult.from_dict(impor.hasil) if impor.hasil else None
    if not result or not result.terbit.get("pemetaan", {}).get("kolom"):
        raise Http404
    form = PemetaanForm(request.POST, pemetaan=Pemetaan.from_dict(result.terbit["pemetaan"]))
    if not form.is_valid():
        return render(request, "rad_kla/impor_pratinjau.html", _impor_context(impor, form), status=400)
    _recheck(request, impor, form.pemetaan_get(), form.cleaned_data["nama"])
    return redirect("rad_kla:impor_detail", pk=impor.pk)


@require_POST
@permission_required("rad_kla.kelola_rad", raise_exception=True)
def impor_periksa_ulang(request, pk: int):
    """The same file checked again with the mapping in use, e.g. after an OPD was created in the master data."""
    impor = _get_impor_for_user(request, pk)
    _recheck(request, impor)
    return redirect("rad_kla:impor_detail", pk=impor.pk)


@require_POST
@permission_required("rad_kla.kelola_rad", raise_exception=True)
def impor_alias_opd(request, pk: int, nomor: int):
    """[Jadikan alias]: an unknown OPD name of the preview becomes another spelling of an OPD; checked again."""
    impor = _get_impor_for_user(request, pk)
    form = AliasOPDForm(request.POST, prefix=f"alias{nomor}", opd_choices=opd_choices_get())
    if form.is_valid():
        opd = form.opd_get()
        try:
            opd_nama_lain_create(opd=opd, nama=form.cleaned_data["nama"], by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("rad_kla:impor_detail", pk=impor.pk)
        messages.success(
            request, _("“%(nama)s” kini dikenali sebagai %(opd)s.") % {"nama": form.cleaned_data["nama"], "opd": opd}
        )
        _recheck(request, impor)
    else:
        messages.error(request, _("Pilih OPD yang dimaksud."))
    return redirect("rad_kla:impor_detail", pk=impor.pk)
