"""PDF rendering of meeting minutes with WeasyPrint, on the shared templates/pdf/base.html."""

from django.conf import settings
from django.template.loader import render_to_string

from .models import Rapat
from .selectors import profil_daerah_get


def notulen_pdf(*, rapat: Rapat) -> bytes:
    """The minutes of a meeting loaded with rapat_detail (agenda, attendance, decisions, follow-ups)."""
    # Imported here: loading WeasyPrint parses its stylesheets, which every manage.py command would pay for.
    from weasyprint import HTML

    html = render_to_string("gugus_tugas/pdf/notulen.html", {"rapat": rapat, "profil": profil_daerah_get()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def notulen_filename(rapat: Rapat) -> str:
    return f"notulen-rapat-{rapat.pk}-{rapat.tanggal:%Y%m%d}.pdf"
