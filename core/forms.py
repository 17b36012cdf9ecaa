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


PILIH = _("— pilih —")


class DaftarCentangWidget(forms.widgets.ChoiceWidget):
    """Several choices as a checkbox list under a filter box (static/js/formulir.js); without JS a plain list.

    Not a CheckboxSelectMultiple on purpose: crispy-forms renders those with its own template,
    which would drop the filter box.
    """

    allow_multiple_selected = True
    input_type = "checkbox"
    template_name = "core/widgets/daftar_centang.html"
    option_template_name = "django/forms/widgets/checkbox_option.html"
    use_fieldset = True

    def get_context(self, name, value, attrs):
        # crispy-forms adds `form-control`/`form-select`; on a checkbox it would stretch the box.
        attrs = {k: v for k, v in (attrs or {}).items() if k != "class"}
        context = super().get_context(name, value, attrs)
        context["widget"]["filter_id"] = f"{attrs.get('id') or 'id_' + name}_cari"
        return context

    # As CheckboxSelectMultiple: no box is required by itself, and none ticked is a value.
    def use_required_attribute(self, _initial):
        return False

    def value_omitted_from_data(self, _data, _files, _name):
        return False

    def id_for_label(self, id_, index=None):
        return f"{id_}_{index}" if index is not None and id_ else ""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["class"] = "form-check-input"
        return option


# Organisations and people are looked up by name; other lists (klaster, indikator) keep their own order.
URUTAN_NAMA = {"gugus_tugas.opd": ("nama",), "gugus_tugas.user": ("nama_lengkap", "username")}


def _urutan_nama(queryset):
    urutan = URUTAN_NAMA.get(queryset.model._meta.label_lower)
    return queryset.order_by(*urutan) if urutan else queryset


class PilihanMixin:
    """Choice fields a person can use on a phone: "— pilih —" instead of "---------", names in
    alphabetical order, and several choices as a filterable checkbox list instead of a Ctrl-click list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelMultipleChoiceField):
                if type(field.widget) is forms.SelectMultiple:
                    field.widget = DaftarCentangWidget()
                # Setting the queryset also hands the (re-ordered) choices to the widget.
                field.queryset = _urutan_nama(field.queryset)
            elif isinstance(field, forms.ModelChoiceField):
                field.queryset = _urutan_nama(field.queryset)
                if field.empty_label == "---------":
                    field.empty_label = PILIH
            elif isinstance(field, forms.ChoiceField):
                choices = list(field.choices)
                if choices and choices[0] == ("", "---------"):
                    field.choices = [("", PILIH), *choices[1:]]
