"""Forms of the KLA framework: the upload of a year's indicator weights."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import XlsxField
from core.tahun import TahunField


class BobotImporForm(forms.Form):
    tahun = TahunField(error_messages={"invalid": _("Isi tahun dengan angka, mis. 2025.")})
    berkas = XlsxField(
        help_text=_("Kolom “Kode” dan “Bobot” untuk setiap indikator yang berlaku pada tahun itu. Paling besar 10 MB.")
    )
