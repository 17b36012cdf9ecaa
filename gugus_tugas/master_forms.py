"""Forms of the master-data pages: OPD with its other names, wilayah, the region profile; messages in Indonesian."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PencarianField, PilihanMixin

from .models import OPD, ProfilDaerah, Wilayah


class PencarianForm(forms.Form):
    q = PencarianField()


class OPDPencarianForm(PencarianForm):
    aktif = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Aktif dan nonaktif")), ("1", _("Aktif")), ("0", _("Nonaktif"))],
    )

    def aktif_value(self) -> bool | None:
        value = self.cleaned_data.get("aktif", "") if self.is_valid() else ""
        return None if value == "" else value == "1"


class OPDForm(forms.Form):
    nama = forms.CharField(label=_("Nama OPD / lembaga"), max_length=200)
    singkatan = forms.CharField(label=_("Singkatan"), max_length=50)
    jenis = forms.ChoiceField(label=_("Jenis"), choices=OPD.Jenis.choices)
    nama_lain = forms.CharField(
        label=_("Nama lain"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Satu nama per baris: ejaan lain atau nomenklatur lama yang dipakai dokumen (misalnya DP3APPKB). "
            "Impor RAD mengenali OPD lewat nama-nama ini."
        ),
    )

    @classmethod
    def initial_for(cls, opd: OPD) -> dict:
        return {
            "nama": opd.nama,
            "singkatan": opd.singkatan,
            "jenis": opd.jenis,
            "nama_lain": "\n".join(n.nama for n in opd.nama_lain.all()),
        }

    def cleaned_nama_lain(self) -> list[str]:
        baris = (" ".join(b.split()) for b in self.cleaned_data.get("nama_lain", "").splitlines())
        return [b for b in baris if b]

    def clean_nama_lain(self):
        value = self.cleaned_data["nama_lain"]
        if any(len(" ".join(b.split())) > 200 for b in value.splitlines()):
            raise forms.ValidationError(_("Setiap nama lain paling banyak 200 karakter."))
        return value


class WilayahForm(PilihanMixin, forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis"), choices=Wilayah.Jenis.choices)
    nama = forms.CharField(label=_("Nama"), max_length=100)
    induk = forms.ModelChoiceField(
        label=_("Kecamatan induk"),
        queryset=Wilayah.objects.filter(jenis=Wilayah.Jenis.KECAMATAN).order_by("nama"),
        required=False,
        help_text=_("Wajib untuk desa dan kelurahan; kosongkan untuk kecamatan."),
    )
    kode = forms.RegexField(
        label=_("Kode Kemendagri"),
        max_length=20,
        required=False,
        regex=r"^[0-9]+(\.[0-9]+)*$",
        error_messages={"invalid": _("Kode hanya berisi angka yang dipisah titik, misalnya 18.72.01.1001.")},
    )

    def __init__(self, *args, wilayah: Wilayah | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if wilayah is not None:
            self.fields["induk"].queryset = self.fields["induk"].queryset.exclude(pk=wilayah.pk)

    def clean(self):
        data = super().clean()
        if data.get("jenis") and data["jenis"] != Wilayah.Jenis.KECAMATAN and not data.get("induk"):
            self.add_error("induk", _("Pilih kecamatan tempat desa/kelurahan ini berada."))
        return data


class ProfilDaerahForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Kabupaten/Kota"), choices=ProfilDaerah.Jenis.choices)
    nama_daerah = forms.CharField(
        label=_("Nama daerah"), max_length=100, help_text=_("Tanpa kata Kabupaten/Kota, misalnya Metro atau Merangin.")
    )
    provinsi = forms.CharField(label=_("Provinsi"), max_length=100)
    kode = forms.RegexField(
        label=_("Kode Kemendagri"),
        max_length=10,
        regex=r"^[0-9]{2}\.[0-9]{2}$",
        error_messages={"invalid": _("Kode kabupaten/kota Kemendagri berbentuk dua angka, titik, dua angka (18.72).")},
    )
    logo = forms.FileField(
        label=_("Logo daerah"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("PNG atau JPG, paling besar 1 MB."),
    )
    logo_hapus = forms.BooleanField(label=_("Hapus logo yang tersimpan"), required=False)

    def clean(self):
        data = super().clean()
        nama = " ".join(data.get("nama_daerah", "").split())
        awalan = nama.split(" ", 1)[0].casefold().rstrip(".")
        # "Kabupaten Kota Baru" is a real name; "Kota Kota Metro" is a slip.
        if awalan in ({data.get("jenis")} | {"kab"}) - {None}:
            self.add_error("nama_daerah", _("Tulis nama saja; Kabupaten/Kota dipilih di atas."))
        return data
