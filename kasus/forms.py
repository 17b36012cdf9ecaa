"""Forms of the case records; every message in Indonesian, every bad value kept for correction."""

import re

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import PilihanMixin
from gugus_tugas.models import OPD
from gugus_tugas.selectors import wilayah_label_get

from .models import (
    AksesLog,
    JenisKekerasan,
    Kasus,
    Korban,
    Layanan,
    Pelaku,
    StatusKasus,
)
from .selectors import kelurahan_pilihan_list
from .services import ALASAN_MINIMUM

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Browsers must not remember a child's identity in autofill.
PRIVATE = {"autocomplete": "off"}


def _columns(*names: str) -> Row:
    """Side by side from a tablet up, stacked on a phone."""
    width = 12 // len(names)
    return Row(*[Column(name, css_class=f"col-12 col-md-{width}") for name in names])


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    # Hidden formset fields (id, parent, delete flag) are not named in the layout.
    helper.render_unmentioned_fields = True
    helper.layout = Layout(*layout)
    return helper


class KelurahanField(forms.ModelChoiceField):
    default_error_messages = {"invalid_choice": _("Desa/kelurahan tidak dikenal; pilih salah satu dari daftar.")}

    # Set where the region has both desa and kelurahan: each choice then says which it is.
    dengan_jenis = False

    def label_from_instance(self, obj) -> str:
        nama = obj.label if self.dengan_jenis else obj.nama
        return f"{nama} ({obj.induk.nama})" if obj.induk_id else nama


class KasusForm(PilihanMixin, forms.ModelForm):
    jenis_kekerasan = forms.MultipleChoiceField(
        label=_("Jenis kekerasan"),
        choices=JenisKekerasan.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih sekurang-kurangnya satu jenis kekerasan.")},
    )

    class Meta:
        model = Kasus
        fields = ["tanggal_lapor", "tanggal_kejadian", "saluran", "kelurahan", "tempat_kejadian", "kronologi"]
        field_classes = {"kelurahan": KelurahanField}
        widgets = {
            "tanggal_lapor": DATE,
            "tanggal_kejadian": DATE,
            "kronologi": forms.Textarea(attrs={"rows": 4, **PRIVATE}),
        }
        help_texts = {
            "kronologi": _("Tersimpan terenkripsi. Tulis inisial, bukan nama lengkap korban atau keluarganya."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].queryset = kelurahan_pilihan_list()
        self.fields["kelurahan"].label = wilayah_label_get()
        self.fields["kelurahan"].dengan_jenis = self.fields["kelurahan"].label == _("Desa/Kelurahan")
        self.helper = _helper(
            _columns("tanggal_lapor", "tanggal_kejadian", "saluran"),
            _columns("kelurahan", "tempat_kejadian"),
            InlineCheckboxes("jenis_kekerasan"),
            "kronologi",
        )
        if self.instance.pk:
            self.initial["jenis_kekerasan"] = [j.jenis for j in self.instance.jenis_kekerasan.all()]


class KorbanForm(PilihanMixin, forms.ModelForm):
    nik = forms.CharField(
        label=_("NIK"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric", **PRIVATE})
    )
    perkiraan_umur = forms.IntegerField(
        label=_("Perkiraan umur (tahun)"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Isi bila tanggal lahir tidak diketahui."),
    )

    class Meta:
        model = Korban
        fields = [
            "nama",
            "nik",
            "alamat",
            "telepon",
            "nama_orang_tua",
            "jenis_kelamin",
            "tanggal_lahir",
            "pendidikan",
            "disabilitas",
        ]
        widgets = {
            "nama": forms.TextInput(attrs=PRIVATE),
            "alamat": forms.Textarea(attrs={"rows": 2, **PRIVATE}),
            "telepon": forms.TextInput(attrs=PRIVATE),
            "nama_orang_tua": forms.TextInput(attrs=PRIVATE),
            "tanggal_lahir": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.instance.tanggal_lahir:
            self.initial["perkiraan_umur"] = self.instance.umur
        self.helper = _helper(
            _columns("nama", "nik"),
            _columns("nama_orang_tua", "telepon"),
            "alamat",
            _columns("jenis_kelamin", "tanggal_lahir", "perkiraan_umur", "pendidikan"),
            "disabilitas",
        )

    def clean_nik(self) -> str:
        nik = re.sub(r"\s", "", self.cleaned_data.get("nik") or "")
        if nik and not re.fullmatch(r"\d{16}", nik):
            raise forms.ValidationError(_("NIK harus terdiri dari tepat 16 angka."))
        return nik

    def clean(self):
        data = super().clean()
        if not data.get("tanggal_lahir") and data.get("perkiraan_umur") is None and "tanggal_lahir" not in self.errors:
            self.add_error("tanggal_lahir", _("Isi tanggal lahir atau perkiraan umur korban."))
        return data


class PelakuForm(PilihanMixin, forms.ModelForm):
    nik = forms.CharField(
        label=_("NIK"), required=False, widget=forms.TextInput(attrs={"inputmode": "numeric", **PRIVATE})
    )

    class Meta:
        model = Pelaku
        fields = ["nama", "nik", "alamat", "jenis_kelamin", "kelompok_umur", "hubungan"]
        widgets = {"nama": forms.TextInput(attrs=PRIVATE), "alamat": forms.Textarea(attrs={"rows": 2, **PRIVATE})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(_columns("nama", "nik"), "alamat", _columns("jenis_kelamin", "kelompok_umur", "hubungan"))

    clean_nik = KorbanForm.clean_nik


class BaseKorbanFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A recorded case shows its victims only; a blank block is added on request.
        if self.instance.pk and self.get_queryset().exists():
            self.extra = 0

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(_("Kasus harus memiliki sekurang-kurangnya satu korban."))


# One blank victim block; "Tambah Korban" adds more (in place with JS, by re-showing the form without).
KorbanFormSet = inlineformset_factory(
    Kasus, Korban, form=KorbanForm, formset=BaseKorbanFormSet, extra=1, can_delete=True, can_delete_extra=False
)
PelakuFormSet = inlineformset_factory(Kasus, Pelaku, form=PelakuForm, extra=1, can_delete=True, can_delete_extra=False)


def formset_rows(formset) -> list[dict]:
    """What the services expect: field values, the existing row (or None) and a delete flag."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or (not form.instance.pk and not form.has_changed()):
            continue
        row = {name: data.get(name) for name in form._meta.fields}
        row["id"] = data.get("id")
        row["hapus"] = bool(data.get("DELETE"))
        if "perkiraan_umur" in data:
            row["umur"] = data.get("perkiraan_umur")
        rows.append(row)
    return rows


class AlasanForm(forms.Form):
    """A deletion reason: free text, read by the Admin in the access log."""

    alasan = forms.CharField(
        label=_("Alasan"),
        min_length=ALASAN_MINIMUM,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Alasan dicatat di log akses dan dapat dibaca Admin Sekretariat. Jangan menulis identitas."),
        error_messages={
            "required": _("Alasan wajib diisi."),
            "min_length": _("Tuliskan alasan yang jelas, sekurang-kurangnya %(limit_value)d karakter."),
        },
    )


class PembukaanForm(AlasanForm):
    """A reveal reason: a kind from the list, so the Admin can sort the log, plus the particulars."""

    jenis_alasan = forms.ChoiceField(
        label=_("Jenis alasan"),
        choices=[("", "—"), *AksesLog.JenisAlasan.choices],
        error_messages={
            "required": _("Pilih jenis alasan dari daftar."),
            "invalid_choice": _("Pilih jenis alasan dari daftar."),
        },
    )
    field_order = ["jenis_alasan", "alasan"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=StatusKasus.choices)
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LayananForm(PilihanMixin, forms.ModelForm):
    class Meta:
        model = Layanan
        fields = ["jenis", "tanggal", "penyedia_opd", "penyedia_lain", "keterangan"]
        widgets = {"tanggal": DATE, "keterangan": forms.Textarea(attrs={"rows": 2, **PRIVATE})}

    def __init__(self, *args, kasus: Kasus, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kasus = kasus
        self.fields["penyedia_opd"].queryset = OPD.objects.filter(aktif=True).order_by("nama")


class CatatanForm(forms.Form):
    isi = forms.CharField(
        label=_("Catatan"),
        widget=forms.Textarea(attrs={"rows": 3, **PRIVATE}),
        error_messages={"required": _("Catatan tidak boleh kosong.")},
    )


class CompactForm(forms.Form):
    """A one-line filter bar: small Bootstrap inputs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} {css}-sm"


class StatistikForm(forms.Form):
    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int, required=False)

    def __init__(self, *args, tahun_list: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(t, str(t)) for t in tahun_list]
