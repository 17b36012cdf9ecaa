"""Language choice, the request size cap, the Permissions-Policy header and the throttled session renewal."""

import time

from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Ignores the browser's Accept-Language: government PCs often run English browsers."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language


class RequestSizeLimitMiddleware:
    """Refuses a request body over REQUEST_MAX_MB from its Content-Length, before any of it is read.

    The per-file limit of 10 MB is checked only once a file has been received; without this cap a
    huge upload would first be written to the server's disk.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.REQUEST_MAX_BYTES
        if length > limit:
            return HttpResponse(
                render_to_string("413.html", {"batas_mb": limit // (1024 * 1024)}, request=None),
                status=413,
            )
        return self.get_response(request)


# Browser features the app never uses, switched off for its pages and anything they might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class SessionRenewalMiddleware:
    """Keeps the idle timeout without writing the session on every request.

    The session's expiry is pushed forward at most once per SESSION_RENEW_SECONDS, so a page view
    costs no session write; the idle timeout then holds to within that interval.
    """

    KEY = "_diperbarui"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.modified and session.get("_auth_user_id"):
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= settings.SESSION_RENEW_SECONDS:
                session[self.KEY] = now
                # Saved by SessionMiddleware, which runs after this on the way out.
        return response
