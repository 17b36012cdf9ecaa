"""Template context every page needs: the region profile for the header, the unread notifications."""

from django.utils.functional import SimpleLazyObject

from gugus_tugas.selectors import profil_daerah_get
from notifikasi.selectors import notifikasi_unread_count


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    user = request.user
    return {
        # Read when the page is drawn, unless the view already read it and passes its own (the dashboard).
        "profil_daerah": SimpleLazyObject(profil_daerah_get),
        # Counted only when a page shows it (the menu does).
        "notifikasi_belum_dibaca": SimpleLazyObject(lambda: notifikasi_unread_count(user=user)),
    }
