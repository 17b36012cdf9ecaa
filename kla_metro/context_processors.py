"""Template context every page needs: the region profile for the header."""

from gugus_tugas.selectors import profil_daerah_get


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"profil_daerah": profil_daerah_get()}
