"""The second login factor: an authenticator app (TOTP) with one-time recovery codes, enrolled, checked and reset."""

import base64

import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.guards import require

from .models import AuditPengguna, User

JUMLAH_KODE_PEMULIHAN = 10
NAMA_PERANGKAT = "Aplikasi autentikator"
NAMA_KODE_PEMULIHAN = "Kode pemulihan"


def _audit(*, user: User, by: User | None, nilai: str) -> None:
    AuditPengguna.objects.create(
        pengguna=user,
        pengguna_username=user.username,
        oleh=by,
        oleh_username=by.username if by is not None else "",
        atribut=AuditPengguna.Atribut.DUA_LANGKAH,
        nilai_baru=nilai,
    )


def dua_langkah_aktif_get(*, user: User) -> bool:
    """The account has a confirmed authenticator."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def dua_langkah_draft_get(*, user: User) -> TOTPDevice:
    """The authenticator being enrolled: the same secret on every reload until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=NAMA_PERANGKAT, confirmed=False)


def qr_svg_render(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (drawn here; nothing is fetched from elsewhere)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, title=_("Kode QR autentikator"))


def rahasia_render(device: TOTPDevice) -> str:
    """The secret in groups of four, to type into an app that cannot read the QR code."""
    rahasia = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(rahasia[i : i + 4] for i in range(0, len(rahasia), 4))


def _token_clean(token: str) -> str:
    return "".join(str(token).split()).lower()


@transaction.atomic
def dua_langkah_create(*, user: User, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator being enrolled with a code from it; returns it and new recovery codes.

    An earlier authenticator and earlier recovery codes stop working.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or not device.verify_token(_token_clean(token)):
        raise ValidationError({"token": _("Kode tidak cocok. Periksa jam ponsel Anda dan masukkan kode yang baru.")})
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    kode = kode_pemulihan_create(user=user)
    _audit(user=user, by=user, nilai=AuditPengguna.NILAI_TERDAFTAR)
    return device, kode


@transaction.atomic
def kode_pemulihan_create(*, user: User) -> list[str]:
    """A fresh set of one-time recovery codes; the earlier set stops working. Shown once, stored as given."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=NAMA_KODE_PEMULIHAN, confirmed=True)
    kode = [StaticToken.random_token() for _ in range(JUMLAH_KODE_PEMULIHAN)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=k) for k in kode)
    return kode


def dua_langkah_verify(*, user: User, token: str):
    """The device that accepts this code (authenticator or a recovery code, used up), or None.

    Each device counts failures and makes the next try wait longer, so codes cannot be guessed.
    """
    return match_token(user, _token_clean(token))


def kode_pemulihan_sisa_get(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def dua_langkah_delete(*, user: User, by: User) -> None:
    """Remove an account's authenticator and recovery codes (a lost phone); it enrols again at the next login.

    The second factor of an identity-reading or superuser account is reset only by a superuser.
    """
    require(by, "gugus_tugas.kelola_pengguna")
    if user.akun_terlindungi and not by.is_superuser:
        raise PermissionDenied(_("Verifikasi dua langkah akun ini hanya dapat diatur ulang oleh superuser."))
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    _audit(user=user, by=by, nilai=AuditPengguna.NILAI_DIHAPUS)
