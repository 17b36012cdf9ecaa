"""Forms of the self-assessment and the report requests; messages in Indonesian."""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.forms import MultipleFileField
from klaster.models import Klaster

from .models import LaporanJob


class SkorField(forms.DecimalField):
    """A score typed the Indonesian way (32,5) or with a point (32.5); scores have no thousands."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        return str(value).replace(".", ",") if value is not None else value


class RealisasiChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        rencana = obj.rencana_aksi
        return f"{rencana.kode} · {obj.periode.label} · {rencana.opd.singkatan} – {rencana.indikator_keluaran}"


class RapatChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.tanggal:%d-%m-%Y} · {obj.judul}"


class PenilaianIndikatorForm(forms.Form):
    skor = SkorField(
        label=_("Skor penilaian mandiri"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
        error_messages={
            "min_value": _("Skor tidak boleh negatif."),
            "invalid": _("Isi skor dengan angka, misalnya 32,5."),
            "max_decimal_places": _("Skor paling banyak dua angka di belakang koma."),
        },
    )
    narasi = forms.CharField(
        label=_("Narasi dan penjelasan capaian"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    realisasi = RealisasiChoiceField(
        label=_("Realisasi RAD terverifikasi sebagai bukti"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rapat = RapatChoiceField(
        label=_("Rapat Gugus Tugas sebagai bukti"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Rapat yang sudah selesai; notulennya ikut dalam paket bukti dukung."),
    )
    statistik_kasus = forms.BooleanField(
        label=_("Lampirkan statistik kasus kekerasan terhadap anak tahun ini (teragregasi)"), required=False
    )
    berkas = MultipleFileField(
        label=_("Tambah berkas bukti dukung (PDF, JPG, PNG, DOCX, XLSX; maks. 10 MB per berkas)"), required=False
    )
    keterangan_berkas = forms.CharField(label=_("Keterangan berkas"), max_length=300, required=False)

    def __init__(self, *args, indikator, realisasi_qs, rapat_qs, statistik_relevan: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.indikator = indikator
        self.fields["realisasi"].queryset = realisasi_qs
        self.fields["rapat"].queryset = rapat_qs
        if not statistik_relevan:
            del self.fields["statistik_kasus"]
        self.fields["skor"].max_value = indikator.bobot
        self.fields["skor"].help_text = _("Antara 0 dan %(bobot)s (bobot indikator). Kosongkan bila belum dinilai.") % {
            "bobot": number_format(indikator.bobot, decimal_pos=2)
        }

    def clean_skor(self):
        skor = self.cleaned_data.get("skor")
        if skor is not None and skor > self.indikator.bobot:
            raise forms.ValidationError(
                _("Skor tidak boleh melebihi bobot indikator (%(bobot)s).")
                % {"bobot": number_format(self.indikator.bobot, decimal_pos=2)}
            )
        return skor


class HasilResmiForm(forms.Form):
    skor_resmi = SkorField(
        label=_("Skor resmi"),
        required=False,
        min_value=0,
        max_value=1000,
        max_digits=7,
        decimal_places=2,
        error_messages={
            "min_value": _("Skor tidak boleh negatif."),
            "max_value": _("Skor paling tinggi 1000."),
            "invalid": _("Isi skor dengan angka, misalnya 588,40."),
        },
    )


class LaporanForm(forms.Form):
    jenis = forms.ChoiceField(choices=LaporanJob.Jenis.choices, widget=forms.HiddenInput)
    tahun = forms.IntegerField(
        label=_("Tahun"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Isi tahun dengan angka, misalnya 2025.")},
    )
    klaster = forms.ModelChoiceField(
        label=_("Klaster"), queryset=Klaster.objects.order_by("urutan"), required=False, empty_label=_("Semua klaster")
    )
    opd = forms.ModelChoiceField(label=_("OPD"), queryset=None, required=False, empty_label=_("Semua OPD"))
    periode = forms.ModelChoiceField(
        label=_("Periode pelaporan"),
        queryset=None,
        required=False,
        empty_label=_("Sepanjang tahun"),
        help_text=_("Pilih periode untuk laporan realisasi dan kelengkapan pelaporan periode itu."),
    )
    rapat = forms.ModelChoiceField(label=_("Rapat"), queryset=None, required=False, empty_label=_("Pilih rapat"))

    def __init__(self, *args, opd_qs, rapat_qs, periode_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].queryset = opd_qs
        self.fields["periode"].queryset = periode_qs
        self.fields["rapat"].queryset = rapat_qs
        self.fields["rapat"].label_from_instance = lambda r: f"{r.tanggal:%d-%m-%Y} · {r.judul}"

    def parameter(self) -> dict:
        data = self.cleaned_data
        return {
            "tahun": data.get("tahun"),
            "klaster": data["klaster"].pk if data.get("klaster") else None,
            "opd": data["opd"].pk if data.get("opd") else None,
            "rapat": data["rapat"].pk if data.get("rapat") else None,
            "periode": data["periode"].pk if data.get("periode") else None,
        }
