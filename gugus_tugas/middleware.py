"""Holds a user at the second login step until it is passed, and on the password change page while a change is due."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .dua_langkah import dua_langkah_aktif_get
from .penyiapan import instalasi_kosong_get

# Pages a user with a forced change may still open: the change itself, leaving, the language switch,
# and the second login step, which comes first.
ALLOWED_URL_NAMES = (
    "password_change",
    "password_change_done",
    "logout",
    "set_language",
    "dua_langkah",
    "dua_langkah_daftar",
)
# Pages open before the second step is passed.
DUA_LANGKAH_URL_NAMES = ("dua_langkah", "dua_langkah_daftar", "logout", "set_language")
# Set at login: this session must pass the second step (the account has an authenticator or its role needs one).
SESSION_PERLU = "dua_langkah_perlu"


def _static_path(path: str) -> bool:
    return path.startswith("/" + settings.STATIC_URL.lstrip("/"))


def dua_langkah_session_set(*, request, user, **kwargs) -> None:
    """On every login: remember whether the second step is due, so later requests need no query for it."""
    if request is None or not hasattr(request, "session"):
        return
    perlu = user.wajib_2fa or dua_langkah_aktif_get(user=user)
    request.session[SESSION_PERLU] = perlu


class DuaLangkahMiddleware:
    """A logged-in session that has not passed the second step goes to it (or to enrolment) first.

    Required for the roles in PERAN_WAJIB_2FA unless the account is a demo account; optional
    accounts that enrolled pass it too. Static files, logout and the language switch stay open;
    the health check answers before this runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and (user.wajib_2fa or request.session.get(SESSION_PERLU, False))
            and not user.is_verified()
            and not _static_path(request.path)
            and request.path not in {reverse(name) for name in DUA_LANGKAH_URL_NAMES}
        ):
            name = "dua_langkah" if dua_langkah_aktif_get(user=user) else "dua_langkah_daftar"
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class WajibGantiPasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request.user, "wajib_ganti_password", False) and not self._is_allowed(request.path):
            return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _is_allowed(path: str) -> bool:
        return _static_path(path) or path in {reverse(name) for name in ALLOWED_URL_NAMES}


class PenyiapanAwalMiddleware:
    """On a fresh, empty install the home page leads to the first-run page instead of the login.

    Only anonymous GETs of / ask the database (two short queries), and only until a region or an
    account exists.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and not request.user.is_authenticated
            and request.path == "/"
            and instalasi_kosong_get()
        ):
            return redirect("gugus_tugas:penyiapan")
        return self.get_response(request)
