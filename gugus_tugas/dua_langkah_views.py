"""The second-factor pages: enrolment with a QR code, the check after the password, recovery codes, the admin reset."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from core.guards import form_errors_add

from .akun_views import _get_pengguna
from .dua_langkah import (
    dua_langkah_aktif_get,
    dua_langkah_create,
    dua_langkah_delete,
    dua_langkah_draft_get,
    dua_langkah_verify,
    kode_pemulihan_create,
    kode_pemulihan_sisa_get,
    qr_svg_render,
    rahasia_render,
)
from .middleware import SESSION_PERLU


class KodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def dua_langkah_verify_view(request):
    """After the password: a code from the authenticator app or one recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = KodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = dua_langkah_verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                sisa = kode_pemulihan_sisa_get(user=request.user)
                messages.warning(
                    request,
                    _("Anda masuk dengan kode pemulihan; sisa %(sisa)s kode. Buat kode baru di Verifikasi dua langkah.")
                    % {"sisa": sisa},
                )
            return redirect(_next_url(request))
        form.add_error("token", _("Kode salah atau sudah dipakai. Tunggu sebentar bila sudah beberapa kali salah."))
    context = {"form": form, "next": _next_url(request), "aktif": dua_langkah_aktif_get(user=request.user)}
    return render(request, "registration/dua_langkah_verifikasi.html", context)


def dua_langkah_create_view(request):
    """Enrol an authenticator app: scan the QR code (or type the secret), confirm with one code."""
    if dua_langkah_aktif_get(user=request.user) and not request.user.is_verified():
        return redirect(_with_next("dua_langkah", request))
    device = dua_langkah_draft_get(user=request.user)
    form = KodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, kode = dua_langkah_create(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            otp_login(request, device)
            request.session[SESSION_PERLU] = True
            return render(request, "registration/kode_pemulihan.html", {"kode": kode, "next": _next_url(request)})
    return render(
        request,
        "registration/dua_langkah_daftar.html",
        {"form": form, "qr": qr_svg_render(device), "rahasia": rahasia_render(device), "next": _next_url(request)},
    )


def dua_langkah_index(request):
    """One's own second factor: enrolled or not, recovery codes left, new codes."""
    context = {
        "aktif": dua_langkah_aktif_get(user=request.user),
        "sisa": kode_pemulihan_sisa_get(user=request.user),
    }
    return render(request, "registration/dua_langkah.html", context)


@require_POST
def kode_pemulihan_create_view(request):
    if not request.user.is_verified():
        return redirect("dua_langkah")
    kode = kode_pemulihan_create(user=request.user)
    return render(
        request, "registration/kode_pemulihan.html", {"kode": kode, "next": reverse("dua_langkah_pengaturan")}
    )


@require_POST
@permission_required("gugus_tugas.kelola_pengguna", raise_exception=True)
def dua_langkah_delete_view(request, pk: int):
    """The secretariat resets a lost authenticator; the person enrols again at the next login."""
    user = _get_pengguna(pk)
    dua_langkah_delete(user=user, by=request.user)
    messages.success(request, _("Verifikasi dua langkah %(nama)s diatur ulang.") % {"nama": user})
    return redirect("gugus_tugas:pengguna_ubah", pk=user.pk)
