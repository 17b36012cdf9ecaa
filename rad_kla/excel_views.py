"""Pages for Excel in and out of the RAD KLA: export of the filtered list, the import template, and the import."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kla_metro.storage import private_storage

from .excel import rencana_export, rencana_import, rencana_template
from .forms import RencanaImporForm, rencana_filters_from_request
from .selectors import rencana_list
from .services import IMPOR_TERTUNDA_FOLDER

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The session holds the name of the uploaded sheet between preview and confirmation.
SESSION_KEY = "rad_impor"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def rencana_ekspor(request):
    tahun, filters = rencana_filters_from_request(request)
    content = rencana_export(rencana_list(user=request.user, tahun=tahun, filters=filters))
    return _xlsx_response(content, f"rad-kla-{tahun}.xlsx")


@permission_required("rad_kla.lihat_rad", raise_exception=True)
def rencana_templat(request):
    return _xlsx_response(rencana_template(), "templat-impor-rad-kla.xlsx")


def _pending_discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        private_storage().delete(pending["berkas"])


def _pending_store(request, upload) -> dict:
    _pending_discard(request)
    storage = private_storage()
    name = storage.save(f"{IMPOR_TERTUNDA_FOLDER}/{secrets.token_hex(16)}.xlsx", upload)
    pending = {"token": secrets.token_urlsafe(16), "berkas": name, "nama": upload.name[:120]}
    request.session[SESSION_KEY] = pending
    return pending


@permission_required("rad_kla.kelola_rad", raise_exception=True)
def rencana_impor(request):
    """Upload → preview with every row error → confirm; the file stays private between the steps."""
    if request.method == "POST" and "token" in request.POST:
        return _impor_konfirmasi(request)
    form = RencanaImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pending = _pending_store(request, form.cleaned_data["berkas"])
        with private_storage().open(pending["berkas"], "rb") as upload:
            result = rencana_import(upload, filename=pending["nama"], by=request.user, dry_run=True)
        if not result.ok:
            _pending_discard(request)
        return render(
            request, "rad_kla/impor_pratinjau.html", {"result": result, "pending": pending, "nama": pending["nama"]}
        )
    return render(request, "rad_kla/impor.html", {"form": form})


def _impor_konfirmasi(request):
    pending = request.session.get(SESSION_KEY)
    if not pending or not secrets.compare_digest(pending["token"], request.POST["token"]):
        messages.error(request, _("Sesi impor tidak ditemukan atau sudah kedaluwarsa. Unggah berkasnya lagi."))
        return redirect("rad_kla:impor")
    with private_storage().open(pending["berkas"], "rb") as upload:
        result = rencana_import(upload, filename=pending["nama"], by=request.user)
    _pending_discard(request)
    if not result.ok:
        return render(
            request, "rad_kla/impor_pratinjau.html", {"result": result, "pending": None, "nama": pending["nama"]}
        )
    messages.success(
        request,
        _("Impor %(nama)s selesai: %(baru)s rencana aksi baru, %(ubah)s diperbarui, %(tetap)s tidak berubah.")
        % {"nama": pending["nama"], "baru": result.created, "ubah": result.updated, "tetap": result.unchanged},
    )
    return redirect("rad_kla:index")
