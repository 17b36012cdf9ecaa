"""Pages of the organisation: the Gugus Tugas, users, meetings and follow-ups."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.attachments import private_file_response
from core.guards import form_errors_add

from .filters import PenggunaFilter, RapatFilter, TindakLanjutFilter
from .forms import (
    AddendumForm,
    KeputusanForm,
    LampiranRapatForm,
    NotulenForm,
    RapatForm,
    TindakLanjutForm,
    TindakLanjutStatusForm,
    UndanganForm,
    kehadiran_formset,
)
from .ics import rapat_ics
from .models import BuktiTindakLanjut, LampiranRapat, Rapat, TindakLanjut
from .pdf import notulen_filename, notulen_pdf
from .selectors import (
    audit_pengguna_list,
    kecamatan_list,
    opd_list,
    pengguna_list,
    profil_daerah_get,
    rapat_get,
    rapat_list,
    rapat_riwayat_list,
    sk_gugus_tugas_berlaku_get,
    sk_gugus_tugas_list,
    tindak_lanjut_get,
    tindak_lanjut_list,
    tindak_lanjut_riwayat_list,
)
from .services import (
    addendum_create,
    daftar_hadir_set,
    keputusan_create,
    lampiran_rapat_create,
    notulen_update,
    rapat_close,
    rapat_submit,
    rapat_update,
    tindak_lanjut_create,
    tindak_lanjut_update,
    undangan_create,
)

PER_PAGE = 25


@permission_required("gugus_tugas.lihat_gugus_tugas", raise_exception=True)
def gugus_tugas_index(request):
    return render(
        request,
        "gugus_tugas/index.html",
        {
            "profil": profil_daerah_get(),
            "sk": sk_gugus_tugas_berlaku_get(),
            "sk_list": sk_gugus_tugas_list(),
            "opd_list": opd_list(),
            "kecamatan_list": kecamatan_list(),
        },
    )


@permission_required("gugus_tugas.kelola_pengguna", raise_exception=True)
def pengguna_index(request):
    penyaring = PenggunaFilter(request.GET, queryset=pengguna_list())
    page = Paginator(penyaring.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "gugus_tugas/pengguna_list.html", {"page": page, "penyaring": penyaring})


@permission_required("gugus_tugas.kelola_pengguna", raise_exception=True)
def pengguna_riwayat(request):
    page = Paginator(audit_pengguna_list(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "gugus_tugas/pengguna_riwayat.html", {"page": page})


def _get_rapat_for_user(request, pk: int) -> Rapat:
    """The meeting with everything its page shows; 404 if the user may not know it exists."""
    try:
        rapat = rapat_get(user=request.user, pk=pk)
    except Rapat.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("gugus_tugas.buka_rapat", rapat):
        raise Http404
    return rapat


def _rapat_url(rapat: Rapat, anchor: str = "") -> str:
    url = reverse("gugus_tugas:rapat_detail", args=[rapat.pk])
    return f"{url}#{anchor}" if anchor else url


def _detail_context(request, rapat: Rapat, **forms) -> dict:
    context = {
        "rapat": rapat,
        "can_manage": request.user.has_perm("gugus_tugas.kelola_rapat", rapat),
        "undangan_form": UndanganForm(),
        "kehadiran_formset": kehadiran_formset(rapat),
        "notulen_form": NotulenForm(initial={"notulen": rapat.notulen}),
        "keputusan_form": KeputusanForm(),
        "tindak_lanjut_form": TindakLanjutForm(),
        "addendum_form": AddendumForm(),
        "lampiran_form": LampiranRapatForm(),
    }
    context.update(forms)
    return context


def _detail_render(request, rapat: Rapat, **forms):
    context = _detail_context(request, rapat, **forms)
    context["riwayat"] = (
        rapat_riwayat_list(rapat=rapat) if request.user.has_perm("gugus_tugas.lihat_riwayat_rapat", rapat) else None
    )
    return render(request, "gugus_tugas/rapat_detail.html", context)


def _section_render(request, rapat: Rapat, section: str, **forms):
    """One section of the detail page for an htmx save: the others, and what is typed in them, stay as they are."""
    context = _detail_context(request, rapat, htmx=True, **forms)
    return render(request, f"gugus_tugas/includes/rapat_{section}.html", context)


def _rapat_saved(request, rapat: Rapat, section: str, anchor: str):
    """After a save: only the saved section, re-read, for htmx; the whole page (redirect) without JS."""
    if request.htmx:
        return _section_render(request, _get_rapat_for_user(request, rapat.pk), section)
    return redirect(_rapat_url(rapat, anchor))


def _rapat_refused(request, rapat: Rapat, section: str, **forms):
    if request.htmx:
        return _section_render(request, rapat, section, **forms)
    return _detail_render(request, rapat, **forms)


def _rapat_form_submit(request, rapat: Rapat, form, *, name: str, section: str, anchor: str, action, success: str):
    """Run one detail-page form through its service: show it saved on success, re-show it filled on refusal."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, success)
            return _rapat_saved(request, rapat, section, anchor)
    messages.error(request, _("Data belum tersimpan; periksa isian yang ditandai."))
    # A refusal that is not about one field (e.g. the meeting was just closed) must show even
    # when the form itself is no longer displayed.
    for message in form.non_field_errors():
        messages.error(request, message)
    return _rapat_refused(request, rapat, section, **{name: form})


@permission_required("gugus_tugas.lihat_rapat", raise_exception=True)
def rapat_index(request):
    penyaring = RapatFilter(request.GET, queryset=rapat_list(user=request.user))
    search, jenis, status = penyaring.nilai("q"), penyaring.nilai("jenis"), penyaring.nilai("status")
    page = Paginator(penyaring.qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "gugus_tugas/rapat_index.html",
        {
            "page": page,
            "q": search,
            "jenis": jenis,
            "status": status,
            "jenis_choices": Rapat.Jenis.choices,
            "status_choices": Rapat.Status.choices,
            "can_manage": request.user.has_perm("gugus_tugas.kelola_rapat"),
        },
    )


@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_create_view(request):
    form = RapatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rapat = rapat_update(
                by=request.user,
                agenda=form.cleaned_agenda(),
                **{k: v for k, v in data.items() if k != "agenda"},
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Rapat disimpan sebagai draf. Jadwalkan bila undangan sudah lengkap."))
            return redirect(_rapat_url(rapat))
    return render(request, "gugus_tugas/rapat_form.html", {"form": form, "rapat": None})


@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_update_view(request, pk: int):
    rapat = _get_rapat_for_user(request, pk)
    if rapat.ditutup:
        messages.error(request, _("Rapat yang sudah ditutup tidak dapat diubah; tambahkan addendum untuk koreksi."))
        return redirect(_rapat_url(rapat))
    form = RapatForm(request.POST or None, initial=RapatForm.initial_for(rapat))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rapat_update(
                by=request.user,
                rapat=rapat,
                agenda=form.cleaned_agenda(),
                **{k: v for k, v in data.items() if k != "agenda"},
            )
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Perubahan rapat disimpan."))
            return redirect(_rapat_url(rapat))
    return render(request, "gugus_tugas/rapat_form.html", {"form": form, "rapat": rapat})


@permission_required("gugus_tugas.lihat_rapat", raise_exception=True)
def rapat_detail_view(request, pk: int):
    return _detail_render(request, _get_rapat_for_user(request, pk))


@require_POST
@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_undangan_create_view(request, pk: int):
    rapat = _get_rapat_for_user(request, pk)
    return _rapat_form_submit(
        request,
        rapat,
        UndanganForm(request.POST),
        name="undangan_form",
        section="kehadiran",
        anchor="kehadiran",
        action=lambda data: undangan_create(rapat=rapat, by=request.user, **data),
        success=_("Undangan ditambahkan."),
    )


@require_POST
@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_kehadiran(request, pk: int):
    rapat = _get_rapat_for_user(request, pk)
    formset = kehadiran_formset(rapat, request.POST)
    if formset.is_valid():
        undangan = {u.pk: u for u in rapat.undangan.all()}
        entries = [{**row, "undangan": undangan[row["undangan"]]} for row in formset.cleaned_data if row]
        try:
            jumlah = daftar_hadir_set(rapat=rapat, entries=entries, by=request.user)
        except ValidationError as exc:
            # The service names the invitee in each message, so they read well above the table.
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Kehadiran %(jumlah)s peserta dicatat.") % {"jumlah": jumlah})
            return _rapat_saved(request, rapat, "kehadiran", "kehadiran")
    messages.error(request, _("Kehadiran belum tersimpan; periksa baris yang ditandai."))
    for message in formset.non_form_errors():
        messages.error(request, message)
    return _rapat_refused(request, rapat, "kehadiran", kehadiran_formset=formset)


@require_POST
@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_notulen(request, pk: int):
    rapat = _get_rapat_for_user(request, pk)
    if rapat.ditutup:
        # Keep what was typed: it becomes the draft of a dated addendum instead of being lost.
        messages.error(
            request, _("Rapat sudah ditutup; notulen terkunci. Teks Anda dipindahkan ke formulir addendum di bawah.")
        )
        return _rapat_refused(
            request, rapat, "notulen", addendum_form=AddendumForm(initial={"isi": request.POST.get("notulen", "")})
        )
    return _rapat_form_submit(
        request,
        rapat,
        NotulenForm(request.POST),
        name="notulen_form",
        section="notulen",
        anchor="notulen",
        action=lambda data: notulen_update(rapat=rapat, by=request.user, **data),
        success=_("Notulen disimpan."),
    )


@require_POST
@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_keputusan_create_view(request, pk: int):
    rapat = _get_rapat_for_user(request, pk)
    return _rapat_form_submit(
        request,
        rapat,
        KeputusanForm(request.POST),
        name="keputusan_form",
        section="keputusan",
        anchor="keputusan",
        action=lambda data: keputusan_create(rapat=rapat, by=request.user, **data),
        success=_("Keputusan ditambahkan."),
    )


@require_POST
@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_tindak_lanjut_create_view(request, pk: int):
    rapat = _get_rapat_for_user(request, pk)
    return _rapat_form_submit(
        request,
        rapat,
        TindakLanjutForm(request.POST),
        name="tindak_lanjut_form",
        section="tindak_lanjut",
        anchor="tindak-lanjut",
        action=lambda data: tindak_lanjut_create(rapat=rapat, by=request.user, **data),
        success=_("Tindak lanjut ditambahkan."),
    )


@require_POST
@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_addendum(request, pk: int):
    rapat = _get_rapat_for_user(request, pk)
    return _rapat_form_submit(
        request,
        rapat,
        AddendumForm(request.POST),
        name="addendum_form",
        section="notulen",
        anchor="addendum",
        action=lambda data: addendum_create(rapat=rapat, by=request.user, **data),
        success=_("Addendum notulen ditambahkan."),
    )


@require_POST
@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_lampiran_create_view(request, pk: int):
    rapat = _get_rapat_for_user(request, pk)
    return _rapat_form_submit(
        request,
        rapat,
        LampiranRapatForm(request.POST, request.FILES),
        name="lampiran_form",
        section="lampiran",
        anchor="lampiran",
        action=lambda data: lampiran_rapat_create(rapat=rapat, by=request.user, **data),
        success=_("Lampiran diunggah."),
    )


@permission_required("gugus_tugas.lihat_rapat", raise_exception=True)
def lampiran_rapat_download(request, pk: int):
    lampiran = get_object_or_404(LampiranRapat, pk=pk)
    # Same visibility as the meeting itself: a draft's documents are the secretariat's alone.
    _get_rapat_for_user(request, lampiran.rapat_id)
    return private_file_response(lampiran.berkas, filename=lampiran.nama_asli, content_type=lampiran.jenis_konten)


def _status_change(request, pk: int, action, success: str):
    rapat = _get_rapat_for_user(request, pk)
    try:
        action(rapat=rapat, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(_rapat_url(rapat))


@require_POST
@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_submit_view(request, pk: int):
    return _status_change(request, pk, rapat_submit, _("Rapat dijadwalkan dan tampil bagi anggota."))


@require_POST
@permission_required("gugus_tugas.kelola_rapat", raise_exception=True)
def rapat_close_view(request, pk: int):
    return _status_change(request, pk, rapat_close, _("Rapat ditutup; notulen kini terkunci."))


@permission_required("gugus_tugas.lihat_rapat", raise_exception=True)
def rapat_ics_view(request, pk: int):
    rapat = _get_rapat_for_user(request, pk)
    response = HttpResponse(
        rapat_ics(rapat=rapat, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="undangan-rapat-{rapat.pk}.ics"'
    return response


@permission_required("gugus_tugas.lihat_rapat", raise_exception=True)
def rapat_daftar_hadir(request, pk: int):
    return render(
        request,
        "gugus_tugas/rapat_daftar_hadir.html",
        {"rapat": _get_rapat_for_user(request, pk), "profil": profil_daerah_get()},
    )


@permission_required("gugus_tugas.lihat_rapat", raise_exception=True)
def rapat_notulen_pdf(request, pk: int):
    rapat = _get_rapat_for_user(request, pk)
    response = HttpResponse(notulen_pdf(rapat=rapat), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{notulen_filename(rapat)}"'
    return response


def _tindak_lanjut_render(request, *, template_title: str, saya: bool):
    qs = tindak_lanjut_list(user=request.user)
    if saya:
        qs = qs.filter(opd=request.user.opd)
    penyaring = TindakLanjutFilter(request.GET, queryset=qs)
    page = Paginator(penyaring.qs, PER_PAGE).get_page(request.GET.get("page"))
    filters = {name: penyaring.nilai(name) for name in ("q", "status", "opd", "terlambat")}
    return render(
        request,
        "gugus_tugas/tindak_lanjut_index.html",
        {
            "page": page,
            "judul": template_title,
            "saya": saya,
            "show_opd": not saya,
            "filters": filters,
            "status_choices": TindakLanjut.Status.choices,
            "opd_choices": [] if saya else opd_list().filter(tindak_lanjut__isnull=False).distinct(),
        },
    )


@permission_required("gugus_tugas.lihat_tindak_lanjut", raise_exception=True)
def tindak_lanjut_index(request):
    return _tindak_lanjut_render(request, template_title=_("Tindak Lanjut Rapat"), saya=False)


@permission_required("gugus_tugas.tindak_lanjut_saya", raise_exception=True)
def tindak_lanjut_saya(request):
    return _tindak_lanjut_render(request, template_title=_("Tindak lanjut saya"), saya=True)


@permission_required("gugus_tugas.lihat_tindak_lanjut", raise_exception=True)
def tindak_lanjut_detail_view(request, pk: int):
    try:
        tindak_lanjut = tindak_lanjut_get(user=request.user, pk=pk)
    except TindakLanjut.DoesNotExist:
        raise Http404 from None
    can_update = request.user.has_perm("gugus_tugas.perbarui_tindak_lanjut", tindak_lanjut)
    form = None
    if can_update:
        initial = {"status": tindak_lanjut.status, "catatan": tindak_lanjut.catatan}
        form = TindakLanjutStatusForm(request.POST or None, request.FILES or None, initial=initial)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            tindak_lanjut_update(tindak_lanjut=tindak_lanjut, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_add(form, exc)
        else:
            messages.success(request, _("Status tindak lanjut diperbarui."))
            return redirect("gugus_tugas:tindak_lanjut_detail", pk=tindak_lanjut.pk)
    return render(
        request,
        "gugus_tugas/tindak_lanjut_detail.html",
        {
            "tindak_lanjut": tindak_lanjut,
            "form": form,
            "riwayat": tindak_lanjut_riwayat_list(tindak_lanjut=tindak_lanjut),
        },
    )


@permission_required("gugus_tugas.lihat_tindak_lanjut", raise_exception=True)
def bukti_tindak_lanjut_download(request, pk: int):
    bukti = get_object_or_404(BuktiTindakLanjut.objects.select_related("tindak_lanjut"), pk=pk)
    try:
        tindak_lanjut_get(user=request.user, pk=bukti.tindak_lanjut_id)
    except TindakLanjut.DoesNotExist:
        raise Http404 from None
    return private_file_response(bukti.berkas, filename=bukti.nama_asli, content_type=bukti.jenis_konten)
