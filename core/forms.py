"""Form fields shared by every app: the free-text search of list pages and the several-files evidence input."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .spreadsheet import xlsx_check
from .uploads import XLSX, upload_validate

# Control characters never belong in a search; NUL cannot even be sent to PostgreSQL.
_LINE_CONTROLS = re.compile(r"[\t\n\r\v\f]+")
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
PENCARIAN_MAX_LENGTH = 100


class PencarianField(forms.CharField):
    """Free-text filter of a list: control characters removed, blanks trimmed, cut to `max_length`.

    It never makes the filter form invalid, so a pasted or hostile value searches for what is
    left of it instead of dropping the other filters or failing the page.
    """

    def __init__(self, *, max_length: int = PENCARIAN_MAX_LENGTH, **kwargs):
        kwargs.setdefault("label", _("Cari"))
        kwargs.setdefault("required", False)
        super().__init__(max_length=max_length, strip=True, **kwargs)
        # The checks are done by cleaning, not by refusing.
        self.validators = []

    def to_python(self, value) -> str:
        text = "" if value in self.empty_values else str(value)
        text = _OTHER_CONTROLS.sub("", _LINE_CONTROLS.sub(" ", text))
        return " ".join(text.split())[: self.max_length]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input; each is checked by core.uploads and every refusal is reported.

    Cleans to a list of files, empty when none was chosen.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        errors = []
        for upload in cleaned:
            try:
                upload_validate(upload)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class XlsxField(forms.FileField):
    """One uploaded Excel workbook: an allowed .xlsx by content (core.uploads) and no zip bomb (core.spreadsheet)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Berkas Excel (.xlsx)"))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        berkas = super().clean(data, initial)
        if berkas and upload_validate(berkas) != XLSX:
            raise forms.ValidationError(_("Unggah berkas Excel berformat .xlsx."), code="bukan_xlsx")
        if berkas:
            xlsx_check(berkas)
        return berkas
