"""Forms of the RAD KLA: import upload, realisation entry, verification, periods, follow-up links."""

from dataclasses import replace

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import MultipleFileField, XlsxField
from core.tahun import TahunField
from gugus_tugas.models import OPD
from gugus_tugas.selectors import opd_list

from .excel.matriks_terbit import PERAN_KOLOM, PERAN_TAHUNAN, KolomPeta, Pemetaan
from .models import UANG_MAKS, PemetaanImpor, PeriodePelaporan
from .selectors import pemetaan_impor_list


class RencanaImporForm(forms.Form):
    berkas = XlsxField(
        help_text=_(
            "Templat impor, atau matriks RAD seperti diterbitkan daerah (lampiran Perwali/Perbup); kolom dikenali "
            "dari judulnya. Paling besar 10 MB."
        )
    )
    pemetaan = forms.ModelChoiceField(
        label=_("Pemetaan kolom tersimpan"),
        queryset=PemetaanImpor.objects.none(),
        required=False,
        empty_label=_("Kenali kolom dari judulnya"),
        help_text=_("Untuk matriks terbitan yang bentuknya sama dengan berkas yang pernah diimpor."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pemetaan"].queryset = pemetaan_impor_list()


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


class PemetaanForm(forms.Form):
    """The proposed role (and year) of every column of a published matrix, to correct; and a name to keep it under."""

    nama = forms.CharField(
        label=_("Simpan pemetaan ini sebagai"),
        max_length=100,
        required=False,
        help_text=_("Isi nama (mis. Perwali 2024) agar berkas berikutnya yang bentuknya sama memakai pemetaan ini."),
    )

    def __init__(self, *args, pemetaan: Pemetaan, **kwargs):
        super().__init__(*args, **kwargs)
        self.pemetaan = pemetaan
        choices = [(key, label) for key, label in PERAN_KOLOM.items()]
        for kolom in pemetaan.kolom:
            label = kolom.judul or _("Kolom %(nomor)s") % {"nomor": kolom.indeks + 1}
            self.fields[f"peran_{kolom.indeks}"] = forms.ChoiceField(
                label=label, choices=choices, initial=kolom.peran, widget=forms.Select(attrs={"class": "form-select"})
            )
            self.fields[f"tahun_{kolom.indeks}"] = forms.IntegerField(
                label=_("Tahun"), required=False, min_value=2000, max_value=2100, initial=kolom.tahun
            )

    def baris(self) -> list[tuple]:
        """(column, its role field, its year field) for the form's table."""
        return [(k, self[f"peran_{k.indeks}"], self[f"tahun_{k.indeks}"]) for k in self.pemetaan.kolom]

    def clean(self):
        data = super().clean()
        for kolom in self.pemetaan.kolom:
            if data.get(f"peran_{kolom.indeks}") in PERAN_TAHUNAN and not data.get(f"tahun_{kolom.indeks}"):
                self.add_error(f"tahun_{kolom.indeks}", _("Kolom target atau pagu perlu tahunnya."))
        return data

    def pemetaan_get(self) -> Pemetaan:
        kolom = [
            KolomPeta(
                indeks=k.indeks,
                judul=k.judul,
                peran=self.cleaned_data[f"peran_{k.indeks}"],
                tahun=self.cleaned_data.get(f"tahun_{k.indeks}") or None,
            )
            for k in self.pemetaan.kolom
        ]
        return replace(self.pemetaan, kolom=kolom)


class AliasOPDForm(forms.Form):
    """An unknown OPD name of an import, recorded as another spelling of an existing OPD.

    `opd_choices` (opd_choices_get) is read once for the many forms of a preview page.
    """

    nama = forms.CharField(max_length=200, widget=forms.HiddenInput)
    opd = forms.TypedChoiceField(
        label=_("OPD"), coerce=int, widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )

    def __init__(self, *args, opd_choices: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opd"].choices = [("", _("— pilih —")), *opd_choices]

    def opd_get(self) -> OPD:
        return opd_list().get(pk=self.cleaned_data["opd"])


def opd_choices_get() -> list[tuple[int, str]]:
    return [(opd.pk, f"{opd.singkatan} – {opd.nama}") for opd in opd_list().order_by("singkatan")]
