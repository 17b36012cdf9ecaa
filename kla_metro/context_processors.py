"""Template context every page needs: the region profile and the app's name from it, the unread notifications."""

from django.utils.functional import SimpleLazyObject

from gugus_tugas.merek import PROFIL_REQUEST_ATTR, merek_from_profil, profil_daerah_request_set
from gugus_tugas.selectors import profil_daerah_get
from notifikasi.selectors import notifikasi_unread_count


def _profil_daerah(request):
    # Read at most once per request, and only when a page shows it (the title and footer do), unless the
    # view has read it already (profil_daerah_request_set).
    if not hasattr(request, PROFIL_REQUEST_ATTR):
        profil_daerah_request_set(request, profil_daerah_get())
    return getattr(request, PROFIL_REQUEST_ATTR)


def navigation(request) -> dict:
    context = {"merek": SimpleLazyObject(lambda: merek_from_profil(_profil_daerah(request)))}
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return context
    user = request.user
    return context | {
        "profil_daerah": SimpleLazyObject(lambda: _profil_daerah(request)),
        # Counted only when a page shows it (the menu does).
        "notifikasi_belum_dibaca": SimpleLazyObject(lambda: notifikasi_unread_count(user=user)),
    }
