"""The secretariat's account pages: open, edit, deactivate, invite, upload a sheet; each OPD's petugas data."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import permission_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.client_ip import client_ip_get
from core.guards import form_errors_add
from core.throttle import throttle_hit

from .forms import AkunForm, KataSandiBaruForm, LembarPenggunaForm, PetugasDataForm
from .impor_pengguna import lembar_pengguna_import
from .merek import merek_get
from .models import OPD, User
from .selectors import audit_pengguna_list, opd_get, opd_petugas_data_list, pengguna_get
from .services import (
    opd_petugas_data_set,
    pengguna_account_create,
    pengguna_account_update,
    pengguna_aktif_set,
    pengguna_import,
    pengguna_undangan_notify,
)
from .tokens import KEDALUWARSA, undangan_token_generator

logger = logging.getLogger(__name__)

IMPOR_SALT = "gugus_tugas.impor_pengguna"
IMPOR_MAX_AGE = 60 * 60
KELOLA = "gugus_tugas.kelola_pengguna"


def _tautan_dasar(request) -> str:
    return request.build_absolute_uri("/")


def _get_pengguna(pk: int) -> User:
    try:
        return pengguna_get(pk=pk)
    except User.DoesNotExist as exc:
        raise Http404 from exc


@permission_required(KELOLA, raise_exception=True)
def pengguna_create_view(request):
    """Open one account; the person gets the invitation e-mail at once."""
    form = AkunForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = pengguna_account_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            pengguna_undangan_notify(users=[user], by=request.user, tautan_dasar=_tautan_dasar(request))
            messages.success(
                request, _("Akun %(nama)s dibuat; undangan dikirim ke %(email)s.") % {"nama": user, "email": user.email}
            )
            return redirect("gugus_tugas:pengguna_ubah", pk=user.pk)
    return render(request, "gugus_tugas/pengguna_form.html", {"form": form})


@permission_required(KELOLA, raise_exception=True)
def pengguna_update_view(request, pk: int):
    user = _get_pengguna(pk)
    initial = {name: getattr(user, name) for name in AkunForm.base_fields}
    form = AkunForm(request.POST or None, initial=initial, by=request.user, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            pengguna_account_update(user=user, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Perubahan akun %(nama)s disimpan.") % {"nama": user})
            return redirect("gugus_tugas:pengguna_ubah", pk=user.pk)
    riwayat = audit_pengguna_list(pengguna=user)[:20]
    return render(request, "gugus_tugas/pengguna_form.html", {"form": form, "akun": user, "riwayat": riwayat})


@require_POST
@permission_required(KELOLA, raise_exception=True)
def pengguna_aktif_view(request, pk: int):
    user = _get_pengguna(pk)
    aktif = request.POST.get("aktif") == "1"
    try:
        pengguna_aktif_set(user=user, aktif=aktif, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        pesan = _("Akun %(nama)s diaktifkan kembali.") if aktif else _("Akun %(nama)s dinonaktifkan.")
        messages.success(request, pesan % {"nama": user})
    return redirect("gugus_tugas:pengguna_ubah", pk=user.pk)


@require_POST
@permission_required(KELOLA, raise_exception=True)
def pengguna_undangan_view(request, pk: int):
    """Send the invitation again (a new 72-hour link)."""
    user = _get_pengguna(pk)
    if pengguna_undangan_notify(users=[user], by=request.user, tautan_dasar=_tautan_dasar(request)):
        messages.success(request, _("Undangan dikirim ulang ke %(email)s.") % {"email": user.email})
    else:
        messages.error(
            request,
            _(
                "Undangan tidak dikirim: akun nonaktif, tanpa email, atau sudah membuat kata sandi "
                "(pakai “Lupa kata sandi?”)."
            ),
        )
    return redirect("gugus_tugas:pengguna_ubah", pk=user.pk)


@permission_required(KELOLA, raise_exception=True)
def pengguna_import_view(request):
    """Upload a user sheet; every row is checked and shown before any account is opened."""
    form = LembarPenggunaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        hasil = lembar_pengguna_import(berkas=form.cleaned_data["berkas"], by=request.user)
        token = ""
        if hasil.sah:
            token = signing.dumps([b.data() for b in hasil.baris], salt=IMPOR_SALT, compress=True)
        return render(request, "gugus_tugas/pengguna_pratinjau.html", {"hasil": hasil, "token": token})
    return render(request, "gugus_tugas/pengguna_impor.html", {"form": form})


@require_POST
@permission_required(KELOLA, raise_exception=True)
def pengguna_import_submit(request):
    """Open every account of a checked sheet and invite them, or none."""
    try:
        baris = signing.loads(request.POST.get("token", ""), salt=IMPOR_SALT, max_age=IMPOR_MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("Hasil pemeriksaan sudah kedaluwarsa atau tidak sah; unggah berkasnya lagi."))
        return redirect("gugus_tugas:pengguna_impor")
    try:
        users = pengguna_import(baris=baris, by=request.user)
    except ValidationError as error:
        messages.error(request, _("Tidak ada akun yang dibuat. %(pesan)s") % {"pesan": " ".join(error.messages)})
        return redirect("gugus_tugas:pengguna_impor")
    terkirim = pengguna_undangan_notify(users=users, by=request.user, tautan_dasar=_tautan_dasar(request))
    messages.success(
        request,
        _("%(jumlah)s akun dibuat; %(terkirim)s undangan dikirim.") % {"jumlah": len(users), "terkirim": terkirim},
    )
    return redirect("gugus_tugas:pengguna")


@permission_required(KELOLA, raise_exception=True)
def opd_index(request):
    return render(request, "gugus_tugas/opd_list.html", {"opd_list": opd_petugas_data_list()})


@permission_required(KELOLA, raise_exception=True)
def opd_petugas_data_view(request, pk: int):
    try:
        opd = opd_get(pk=pk)
    except OPD.DoesNotExist as exc:
        raise Http404 from exc
    initial = {"petugas_data": opd.petugas_data_id, "wakil_petugas_data": opd.wakil_petugas_data_id}
    form = PetugasDataForm(request.POST or None, initial=initial, opd=opd)
    if request.method == "POST" and form.is_valid():
        try:
            opd_petugas_data_set(
                opd=opd,
                petugas=form.cleaned_data["petugas_data"],
                wakil=form.cleaned_data["wakil_petugas_data"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Petugas data %(opd)s disimpan.") % {"opd": opd})
            return redirect("gugus_tugas:opd")
    return render(request, "gugus_tugas/opd_petugas_form.html", {"form": form, "opd": opd})


class PasswordResetTerbatasView(auth_views.PasswordResetView):
    """The forgotten-password form, limited per address and per client; over the limit it answers the same."""

    def form_valid(self, form):
        merek = merek_get()
        self.extra_email_context = {"merek": merek}
        self.from_email = merek.pengirim()
        email = form.cleaned_data["email"]
        per_email = throttle_hit("reset-email", email, limit=settings.RESET_BATAS_PER_EMAIL, seconds=3600)
        per_ip = throttle_hit(
            "reset-ip", client_ip_get(self.request) or "", limit=settings.RESET_BATAS_PER_IP, seconds=3600
        )
        if per_email or per_ip:
            logger.warning("Permintaan reset kata sandi dibatasi (%s).", "alamat" if per_email else "klien")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


password_reset = PasswordResetTerbatasView.as_view()


class UndanganTerimaView(auth_views.PasswordResetConfirmView):
    """The invitation link: the person chooses a password once; an old or used link says so in plain words."""

    token_generator = undangan_token_generator
    form_class = KataSandiBaruForm
    template_name = "registration/undangan_confirm.html"
    reset_url_token = "atur-kata-sandi"  # noqa: S105 (a URL segment, not a secret)
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Kata sandi tersimpan. Silakan masuk dengan email dan kata sandi Anda."))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context.get("validlink"):
            token = self.kwargs.get("token", "")
            if token == self.reset_url_token:
                token = self.request.session.get(auth_views.INTERNAL_RESET_SESSION_TOKEN, "")
            status = undangan_token_generator.token_status(self.user, token) if self.user else None
            context["kedaluwarsa"] = status == KEDALUWARSA
        return context


undangan_terima = UndanganTerimaView.as_view()
