"""PDF rendering of meeting minutes with WeasyPrint, on the shared templates/pdf/base.html."""

from django.template.loader import render_to_string

from core.pdf import html_to_pdf

from .merek import merek_from_profil
from .models import Rapat
from .selectors import profil_daerah_get


def notulen_pdf(*, rapat: Rapat) -> bytes:
    """The minutes of a meeting loaded with rapat_get (agenda, attendance, decisions, follow-ups)."""
    profil = profil_daerah_get()
    html = render_to_string(
        "gugus_tugas/pdf/notulen.html", {"rapat": rapat, "profil": profil, "merek": merek_from_profil(profil)}
    )
    return html_to_pdf(html)


def notulen_filename(rapat: Rapat) -> str:
    return f"notulen-rapat-{rapat.pk}-{rapat.tanggal:%Y%m%d}.pdf"
