"""Forms of the RAD KLA: import upload, realisation entry, verification, periods, follow-up links."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import MultipleFileField, XlsxField
from core.tahun import TahunField

from .models import UANG_MAKS, PeriodePelaporan


class RencanaImporForm(forms.Form):
    berkas = XlsxField(help_text=_("Gunakan templat impor; kolom dikenali dari judulnya. Paling besar 10 MB."))


class RealisasiForm(forms.Form):
    nilai_capaian = forms.DecimalField(
        label=_("Nilai capaian s.d. periode ini"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
        help_text=_("Kumulatif sejak awal tahun, dalam satuan indikator keluaran."),
        error_messages={"min_value": _("Nilai capaian tidak boleh negatif.")},
    )
    realisasi_anggaran = forms.IntegerField(
        label=_("Anggaran yang dibelanjakan pada periode ini (Rp)"),
        min_value=0,
        max_value=UANG_MAKS,
        initial=0,
        error_messages={
            "min_value": _("Realisasi anggaran tidak boleh negatif."),
            "max_value": _("Realisasi anggaran paling besar Rp 1.000.000.000.000.000."),
            "invalid": _("Isi dengan angka bulat tanpa titik, misalnya 1250000."),
        },
    )
    narasi = forms.CharField(label=_("Narasi kegiatan"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    kendala = forms.CharField(label=_("Kendala"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    anggaran_lebih_dikonfirmasi = forms.BooleanField(
        label=_("Saya konfirmasi realisasi anggaran melebihi pagu memang benar"), required=False
    )
    berkas = MultipleFileField(
        label=_("Bukti dukung (PDF, JPG, PNG, DOCX, XLSX; maks. 10 MB per berkas)"), required=False
    )


class PemeriksaanForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan untuk OPD"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Wajib diisi bila realisasi dikembalikan."),
    )


class PeriodeGenerateForm(forms.Form):
    tahun = TahunField()
    jenis = forms.ChoiceField(label=_("Jenis periode"), choices=PeriodePelaporan.Jenis.choices)


class PeriodeForm(forms.Form):
    mulai = forms.DateField(label=_("Mulai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    selesai = forms.DateField(label=_("Selesai"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    batas_lapor = forms.DateField(
        label=_("Batas pelaporan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Hari terakhir OPD mengisi realisasi periode ini."),
    )


def tindak_lanjut_label(tl) -> str:
    """How a follow-up reads in the list of those that may be linked: deadline, task, meeting."""
    return tindak_lanjut_baris_label(
        {"batas_waktu": tl.batas_waktu, "uraian": tl.uraian, "rapat__judul": tl.rapat.judul}
    )


def tindak_lanjut_baris_label(tl: dict) -> str:
    """tindak_lanjut_label of a follow-up read as values (selectors.TINDAK_LANJUT_BARIS)."""
    return f"{tl['batas_waktu']:%d/%m/%Y} · {tl['uraian'][:90]} ({tl['rapat__judul'][:40]})"


class TautanTindakLanjutForm(forms.Form):
    tindak_lanjut = forms.ModelChoiceField(
        label=_("Tindak lanjut rapat"),
        queryset=None,
        empty_label=_("Pilih tindak lanjut OPD ini"),
        error_messages={"invalid_choice": _("Tindak lanjut itu tidak tersedia untuk rencana aksi ini.")},
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, tindak_lanjut, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tindak_lanjut"].queryset = tindak_lanjut
        self.fields["tindak_lanjut"].label_from_instance = tindak_lanjut_label
