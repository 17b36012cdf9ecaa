"""Holds a user whose password someone else chose on the password change page until they pick their own."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

# Pages a user with a forced change may still open: the change itself, leaving, and the language switch.
ALLOWED_URL_NAMES = ("password_change", "password_change_done", "logout", "set_language")


class WajibGantiPasswordMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request.user, "wajib_ganti_password", False) and not self._is_allowed(request.path):
            return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def _is_allowed(path: str) -> bool:
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return True
        return path in {reverse(name) for name in ALLOWED_URL_NAMES}
