"""Forms of the KLA framework: the upload of a year's indicator weights."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.spreadsheet import xlsx_check
from core.uploads import XLSX, upload_validate


class BobotImporForm(forms.Form):
    tahun = forms.IntegerField(
        label=_("Tahun"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Isi tahun dengan angka, mis. 2025.")},
    )
    berkas = forms.FileField(
        label=_("Berkas Excel (.xlsx)"),
        help_text=_("Kolom “Kode” dan “Bobot” untuk setiap indikator yang berlaku pada tahun itu. Paling besar 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if upload_validate(berkas) != XLSX:
            raise ValidationError(_("Unggah berkas Excel berformat .xlsx."), code="bukan_xlsx")
        xlsx_check(berkas)
        return berkas
