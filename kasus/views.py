"""Pages of the case records: every case page view is logged, identities only behind a logged reason."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.guards import form_errors_add
from gugus_tugas.selectors import wilayah_label_get

from .exports import csv_render, xlsx_render
from .filters import AksesLogFilter, KasusFilter
from .forms import (
    AlasanForm,
    CatatanForm,
    KasusForm,
    KorbanFormSet,
    LayananForm,
    PelakuFormSet,
    PembukaanForm,
    StatistikForm,
    StatusForm,
    formset_rows,
)
from .models import AksesLog, Kasus
from .selectors import (
    akses_log_list,
    kasus_get,
    kasus_list,
    pembukaan_berlebih_list,
    simfoni_baris_list,
    statistik_kasus_get,
    tahun_kasus_list,
)
from .services import (
    akses_log_create,
    catatan_create,
    identitas_close,
    identitas_reveal,
    kasus_create,
    kasus_delete,
    kasus_status_set,
    kasus_update,
    layanan_create,
)

PER_PAGE = 25
# A reveal opens a case's identities for this long, for this user's session only.
GRANT_SECONDS = 15 * 60
GRANT_SESSION_KEY = "kasus_identitas"
TAMBAH_PREFIXES = ("korban", "pelaku")
# A form re-shown with more blocks than anyone types is a crafted request; it stops growing here.
TAMBAH_MAKS = 50
# Pages that can carry identities are marked never_cache: no browser or proxy keeps a copy.


def _get_kasus_for_user(request, pk: int) -> Kasus:
    """The case, if this user may read it; 404 otherwise (a case they may not know exists)."""
    try:
        return kasus_get(user=request.user, pk=pk)
    except Kasus.DoesNotExist:
        raise Http404(_("Kasus tidak ditemukan.")) from None


def _grant_set(request, kasus: Kasus, alasan: str) -> None:
    grants = request.session.get(GRANT_SESSION_KEY, {})
    now = time.time()
    grants = {k: v for k, v in grants.items() if v["sampai"] > now}
    grants[str(kasus.pk)] = {"sampai": now + GRANT_SECONDS, "alasan": alasan}
    request.session[GRANT_SESSION_KEY] = grants


def _grant_end(request, kasus: Kasus) -> bool:
    """Drop this case's reveal from the session; whether one was still open."""
    grants = request.session.get(GRANT_SESSION_KEY, {})
    grant = grants.pop(str(kasus.pk), None)
    request.session[GRANT_SESSION_KEY] = grants
    return bool(grant) and grant["sampai"] > time.time()


def _grant_reason(request, kasus: Kasus) -> str | None:
    """The logged reason of a still-valid reveal, or None: identities stay masked."""
    if not request.user.has_perm("kasus.tampilkan_identitas", kasus):
        return None
    grant = request.session.get(GRANT_SESSION_KEY, {}).get(str(kasus.pk))
    if not grant or grant["sampai"] <= time.time():
        return None
    return grant["alasan"]


@permission_required("kasus.lihat_kasus", raise_exception=True)
def kasus_index(request):
    penyaring = KasusFilter(request.GET, queryset=kasus_list(user=request.user))
    page = Paginator(penyaring.qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": penyaring.form, "page": page, "label_wilayah": wilayah_label_get()}
    return render(request, "kasus/index.html", context)


def _kasus_forms(request, kasus: Kasus):
    """The case form and its victim and perpetrator formsets, and which of these a "Tambah" press grows.

    Without JS, "Tambah Korban"/"Tambah Pelaku" submits the form: it comes back with what was typed and
    one more blank block, saving nothing and showing no errors yet.
    """
    data = request.POST if request.method == "POST" else None
    tambah = data.get("tambah") if data else None
    if tambah in TAMBAH_PREFIXES:
        data = data.copy()
        key = f"{tambah}-TOTAL_FORMS"
        try:
            data[key] = str(min(int(data.get(key, "")) + 1, TAMBAH_MAKS))
        except ValueError:
            tambah = None
    else:
        tambah = None
    forms = (
        KasusForm(data, instance=kasus),
        KorbanFormSet(data, instance=kasus, prefix="korban"),
        PelakuFormSet(data, instance=kasus, prefix="pelaku"),
    )
    if tambah:
        for form in (forms[0], *forms[1].forms, *forms[2].forms):
            form._errors = ErrorDict()
        for formset in forms[1:]:
            formset._errors, formset._non_form_errors = [], formset.error_class()
    return (*forms, tambah)


def _form_context(form, korban_fs, pelaku_fs, *, kasus: Kasus | None = None) -> dict:
    return {
        "kasus": kasus,
        "form": form,
        "formsets": [(korban_fs, _("Korban"), _("Korban")), (pelaku_fs, _("Pelaku"), _("Pelaku"))],
    }


def _kasus_data(form: KasusForm) -> dict:
    return {name: form.cleaned_data[name] for name in KasusForm.Meta.fields}


@never_cache
@permission_required("kasus.kelola_kasus", raise_exception=True)
def kasus_create_view(request):
    form, korban_fs, pelaku_fs, tambah = _kasus_forms(request, Kasus())
    if request.method == "POST" and not tambah and all([form.is_valid(), korban_fs.is_valid(), pelaku_fs.is_valid()]):
        try:
            kasus = kasus_create(
                data=_kasus_data(form),
                jenis_kekerasan=form.cleaned_data["jenis_kekerasan"],
                korban=formset_rows(korban_fs),
                pelaku=formset_rows(pelaku_fs),
                by=request.user,
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Kasus %(nomor)s tercatat.") % {"nomor": kasus.nomor_registrasi})
            return redirect("kasus:detail", pk=kasus.pk)
    return render(request, "kasus/kasus_form.html", _form_context(form, korban_fs, pelaku_fs))


@never_cache
@permission_required("kasus.kelola_kasus", raise_exception=True)
def kasus_update_view(request, pk: int):
    kasus = _get_kasus_for_user(request, pk)
    alasan = _grant_reason(request, kasus)
    if alasan is None:
        # Editing shows the identities, so it sits behind the same logged reveal.
        return redirect(f"{reverse('kasus:identitas', args=[kasus.pk])}?next={reverse('kasus:ubah', args=[kasus.pk])}")
    # A long form must not outlive its reveal mid-typing: editing keeps the reveal open.
    _grant_set(request, kasus, alasan)
    form, korban_fs, pelaku_fs, tambah = _kasus_forms(request, kasus)
    if request.method == "POST" and not tambah and all([form.is_valid(), korban_fs.is_valid(), pelaku_fs.is_valid()]):
        try:
            kasus_update(
                kasus=kasus,
                data=_kasus_data(form),
                jenis_kekerasan=form.cleaned_data["jenis_kekerasan"],
                korban=formset_rows(korban_fs),
                pelaku=formset_rows(pelaku_fs),
                by=request.user,
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Perubahan kasus %(nomor)s tersimpan.") % {"nomor": kasus.nomor_registrasi})
            return redirect("kasus:detail", pk=kasus.pk)
    akses_log_create(pengguna=request.user, kasus=kasus, aksi=AksesLog.Aksi.LIHAT_IDENTITAS, alasan=alasan)
    return render(request, "kasus/kasus_form.html", _form_context(form, korban_fs, pelaku_fs, kasus=kasus))


def _detail_render(request, kasus: Kasus, **forms):
    alasan = _grant_reason(request, kasus)
    if alasan is None:
        akses_log_create(pengguna=request.user, kasus=kasus, aksi=AksesLog.Aksi.LIHAT)
    else:
        akses_log_create(pengguna=request.user, kasus=kasus, aksi=AksesLog.Aksi.LIHAT_IDENTITAS, alasan=alasan)
    context = {
        "kasus": kasus,
        "identitas_terbuka": alasan is not None,
        "status_form": forms.get("status_form") or StatusForm(initial={"status": kasus.status}),
        "layanan_form": forms.get("layanan_form")
        or LayananForm(kasus=kasus, initial={"tanggal": timezone.localdate()}),
        "catatan_form": forms.get("catatan_form") or CatatanForm(),
    }
    return render(request, "kasus/detail.html", context)


@never_cache
@permission_required("kasus.lihat_kasus", raise_exception=True)
def kasus_detail(request, pk: int):
    return _detail_render(request, _get_kasus_for_user(request, pk))


@never_cache
@permission_required("kasus.tampilkan_identitas", raise_exception=True)
def kasus_identitas(request, pk: int):
    kasus = _get_kasus_for_user(request, pk)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    form = PembukaanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            log = identitas_reveal(kasus=kasus, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            _grant_set(request, kasus, log.alasan)
            return redirect(next_url or reverse("kasus:detail", args=[kasus.pk]))
    return render(request, "kasus/identitas_form.html", {"kasus": kasus, "form": form, "next": next_url})


@never_cache
@require_POST
@permission_required("kasus.tampilkan_identitas", raise_exception=True)
def kasus_identitas_tutup(request, pk: int):
    """End a reveal before its time: the identities are masked again at once, and the access log says so."""
    kasus = _get_kasus_for_user(request, pk)
    if _grant_end(request, kasus):
        identitas_close(kasus=kasus, by=request.user)
        messages.success(request, _("Identitas disembunyikan kembali."))
    return redirect("kasus:detail", pk=kasus.pk)


@never_cache
@require_POST
@permission_required("kasus.kelola_kasus", raise_exception=True)
def kasus_status(request, pk: int):
    kasus = _get_kasus_for_user(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            kasus_status_set(kasus=kasus, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Status kasus diperbarui."))
            return redirect("kasus:detail", pk=kasus.pk)
    return _detail_render(request, kasus, status_form=form)


@never_cache
@require_POST
@permission_required("kasus.kelola_kasus", raise_exception=True)
def kasus_layanan(request, pk: int):
    kasus = _get_kasus_for_user(request, pk)
    form = LayananForm(request.POST, kasus=kasus)
    if form.is_valid():
        try:
            layanan_create(kasus=kasus, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Layanan tercatat."))
            return redirect("kasus:detail", pk=kasus.pk)
    return _detail_render(request, kasus, layanan_form=form)


@never_cache
@require_POST
@permission_required("kasus.kelola_kasus", raise_exception=True)
def kasus_catatan(request, pk: int):
    kasus = _get_kasus_for_user(request, pk)
    form = CatatanForm(request.POST)
    if form.is_valid():
        catatan_create(kasus=kasus, isi=form.cleaned_data["isi"], by=request.user)
        messages.success(request, _("Catatan ditambahkan."))
        return redirect("kasus:detail", pk=kasus.pk)
    return _detail_render(request, kasus, catatan_form=form)


@permission_required("kasus.hapus_kasus", raise_exception=True)
def kasus_delete_view(request, pk: int):
    kasus = _get_kasus_for_user(request, pk)
    form = AlasanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kasus_delete(kasus=kasus, alasan=form.cleaned_data["alasan"], by=request.user)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Kasus %(nomor)s dihapus.") % {"nomor": kasus.nomor_registrasi})
            return redirect("kasus:index")
    return render(request, "kasus/hapus_form.html", {"kasus": kasus, "form": form})


@permission_required("kasus.lihat_statistik", raise_exception=True)
def kasus_statistik(request):
    tahun_list = tahun_kasus_list()
    form = StatistikForm(request.GET or None, tahun_list=tahun_list)
    tahun = (form.is_valid() and form.cleaned_data.get("tahun")) or (tahun_list[0] if tahun_list else None)
    tahun = tahun or timezone.localdate().year
    statistik = statistik_kasus_get(tahun=tahun, rinci=request.user.has_perm("kasus.lihat_statistik_rinci"))
    return render(request, "kasus/statistik.html", {"form": form, "statistik": statistik, "tahun_list": tahun_list})


@never_cache
@permission_required("kasus.ekspor_kasus", raise_exception=True)
def kasus_export_view(request):
    fmt = request.GET.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Format ekspor tidak dikenal."))
    penyaring = KasusFilter(request.GET, queryset=kasus_list(user=request.user))
    header, rows = simfoni_baris_list(user=request.user, kasus=penyaring.qs)
    akses_log_create(pengguna=request.user, aksi=AksesLog.Aksi.EKSPOR, keterangan=f"{fmt}, {len(rows)} baris")
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        content = xlsx_render(header, rows, title="SIMFONI-PPA")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = csv_render(header, rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="simfoni-ppa-{stamp}.{fmt}"'
    return response


@permission_required("kasus.lihat_log_akses", raise_exception=True)
def log_akses(request):
    penyaring = AksesLogFilter(request.GET, queryset=akses_log_list())
    page = Paginator(penyaring.qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": penyaring.form,
        "page": page,
        "berlebih": pembukaan_berlebih_list(),
        "batas": settings.KASUS_BATAS_BUKA_PER_JAM,
    }
    return render(request, "kasus/log_akses.html", context)
