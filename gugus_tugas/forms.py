"""Forms of the meeting pages and of a user's own password; every message the user sees is Indonesian."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DaftarCentangWidget, PilihanMixin, XlsxField
from core.uploads import JPG, PNG, upload_validate
from klaster.models import Indikator, Klaster

from .models import OPD, PERAN_IDENTITAS, Kehadiran, Keputusan, Peran, ProfilDaerah, Rapat, TindakLanjut, User
from .services import pengguna_password_set

DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class KataSandiBaruForm(SetPasswordForm):
    """The new password from a reset link, saved through user_password_set (audit, flag, lockout)."""

    def save(self, *args, **kwargs):  # always saved, through the service, whatever commit says
        return pengguna_password_set(user=self.user, password=self.cleaned_data["new_password1"], by=self.user)


class KataSandiGantiForm(KataSandiBaruForm, PasswordChangeForm):
    """A logged-in user's own new password; it ends a forced change."""


class AkunForm(PilihanMixin, forms.Form):
    """One account as the secretariat enters it; roles the editor may not grant are not offered."""

    nama_lengkap = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(
        label=_("Email"), max_length=254, error_messages={"invalid": _("Alamat email tidak valid.")}
    )
    telepon = forms.RegexField(
        label=_("Nomor telepon"),
        max_length=30,
        required=False,
        regex=r"^\+?[0-9 ()-]{6,30}$",
        error_messages={"invalid": _("Nomor telepon hanya berisi angka, spasi, tanda +, - atau kurung.")},
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    jabatan = forms.CharField(label=_("Jabatan"), max_length=150, required=False)
    opd = forms.ModelChoiceField(label=_("OPD"), queryset=OPD.objects.filter(aktif=True), required=False)
    peran = forms.ChoiceField(label=_("Peran"))
    klaster = forms.ModelChoiceField(
        label=_("Klaster"),
        queryset=Klaster.objects.all(),
        required=False,
        help_text=_("Hanya untuk Koordinator Klaster."),
    )

    def __init__(self, *args, by: User, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        pilihan = [(value, label) for value, label in Peran.choices]
        if not by.is_superuser:
            # Keep a protected account's own role selectable, so editing its name does not drop it.
            tetap = user.peran if user is not None else None
            pilihan = [(v, lbl) for v, lbl in pilihan if v not in PERAN_IDENTITAS or v == tetap]
        self.fields["peran"].choices = pilihan
        if user is not None and user.akun_terlindungi and not by.is_superuser:
            for name in ("email", "peran"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Hanya superuser yang dapat mengubah isian ini.")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class PetugasDataForm(PilihanMixin, forms.Form):
    petugas_data = forms.ModelChoiceField(label=_("Petugas data"), queryset=User.objects.none(), required=False)
    wakil_petugas_data = forms.ModelChoiceField(
        label=_("Wakil petugas data"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, opd: OPD, **kwargs):
        super().__init__(*args, **kwargs)
        orang = User.objects.filter(opd=opd, is_active=True).order_by("nama_lengkap", "username")
        self.fields["petugas_data"].queryset = orang
        self.fields["wakil_petugas_data"].queryset = orang


class LembarPenggunaForm(forms.Form):
    berkas = XlsxField(
        help_text=_("Kolom: Nama, Email, Telepon, OPD, Peran, Klaster (opsional Jabatan). Satu akun per baris.")
    )


class PenyiapanForm(forms.Form):
    """The first-run page: the region's profile and its first Admin Sekretariat."""

    nama_daerah = forms.CharField(
        label=_("Nama daerah"), max_length=100, help_text=_("Tanpa “Kota”/“Kabupaten”, mis. Metro.")
    )
    jenis = forms.ChoiceField(label=_("Kabupaten/kota"), choices=ProfilDaerah.Jenis.choices)
    provinsi = forms.CharField(label=_("Provinsi"), max_length=100)
    kode = forms.RegexField(
        label=_("Kode Kemendagri"),
        regex=r"^\s*\d{2}\.\d{2}\s*$",
        max_length=10,
        help_text=_("Kode kabupaten/kota, mis. 18.72."),
        error_messages={"invalid": _("Kode Kemendagri kabupaten/kota ditulis seperti 18.72.")},
    )
    tahun_rad_mulai = forms.IntegerField(label=_("Tahun RAD mulai"), min_value=2000, max_value=2100)
    tahun_rad_selesai = forms.IntegerField(label=_("Tahun RAD selesai"), min_value=2000, max_value=2100)
    logo = forms.ImageField(
        label=_("Logo daerah"),
        required=False,
        help_text=_("PNG atau JPG, paling besar 10 MB (boleh diisi nanti)."),
        error_messages={"invalid_image": _("Logo harus berupa gambar PNG atau JPG yang utuh.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg"}),
    )
    admin_nama_lengkap = forms.CharField(label=_("Nama lengkap admin"), max_length=150)
    admin_username = forms.CharField(label=_("Username admin"), max_length=150)
    admin_email = forms.EmailField(label=_("Email admin"), error_messages={"invalid": _("Alamat email tidak valid.")})
    admin_password = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    admin_password2 = forms.CharField(
        label=_("Ulangi kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and upload_validate(logo) not in (JPG, PNG):
            raise forms.ValidationError(_("Logo harus berupa gambar PNG atau JPG."))
        return logo

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("admin_password") and cleaned.get("admin_password") != cleaned.get("admin_password2"):
            self.add_error("admin_password2", _("Kedua kata sandi tidak sama."))
        mulai, selesai = cleaned.get("tahun_rad_mulai"), cleaned.get("tahun_rad_selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("tahun_rad_selesai", _("Tahun RAD selesai tidak boleh sebelum tahun mulainya."))
        return cleaned

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("admin_password2")
        return data


class LembarDaerahForm(forms.Form):
    berkas = XlsxField()


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT)


class RapatForm(PilihanMixin, forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis rapat"), choices=Rapat.Jenis.choices)
    judul = forms.CharField(label=_("Judul"), max_length=300)
    mulai = forms.DateTimeField(
        label=_("Mulai"),
        widget=_datetime_widget(),
        input_formats=[DATETIME_INPUT],
        error_messages={"required": _("Isi tanggal dan jam mulai rapat."), "invalid": _("Tanggal/jam tidak valid.")},
    )
    selesai = forms.DateTimeField(
        label=_("Selesai"),
        required=False,
        widget=_datetime_widget(),
        input_formats=[DATETIME_INPUT],
        error_messages={"invalid": _("Tanggal/jam tidak valid.")},
    )
    tempat = forms.CharField(label=_("Tempat"), max_length=300)
    penyelenggara = forms.ModelChoiceField(label=_("Penyelenggara"), queryset=OPD.objects.filter(aktif=True))
    pimpinan_rapat = forms.CharField(label=_("Pimpinan rapat"), max_length=200, required=False)
    klaster = forms.ModelChoiceField(
        label=_("Klaster"), queryset=Klaster.objects.all(), required=False, help_text=_("Untuk rapat klaster.")
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Satu butir agenda per baris, sesuai urutan."),
    )
    opd_diundang = forms.ModelMultipleChoiceField(
        label=_("OPD dan lembaga yang diundang"),
        queryset=OPD.objects.filter(aktif=True),
        required=False,
        widget=DaftarCentangWidget,
        help_text=_("Centang setiap OPD atau lembaga yang diundang; ketik di kotak saring untuk mencarinya."),
    )

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("mulai"), data.get("selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("selesai", _("Waktu selesai tidak boleh sebelum waktu mulai rapat."))
        return data

    def cleaned_agenda(self) -> list[str]:
        return self.cleaned_data["agenda"].splitlines()

    @classmethod
    def initial_for(cls, rapat: Rapat) -> dict:
        return {
            "jenis": rapat.jenis,
            "judul": rapat.judul,
            "mulai": timezone.localtime(rapat.mulai),
            "selesai": timezone.localtime(rapat.selesai) if rapat.selesai else None,
            "tempat": rapat.tempat,
            "penyelenggara": rapat.penyelenggara_id,
            "pimpinan_rapat": rapat.pimpinan_rapat,
            "klaster": rapat.klaster_id,
            "agenda": "\n".join(item.uraian for item in rapat.agenda.all()),
            "opd_diundang": list(rapat.undangan.filter(nama="").values_list("opd_id", flat=True)),
        }


class UndanganForm(PilihanMixin, forms.Form):
    opd = forms.ModelChoiceField(
        label=_("OPD / lembaga"),
        queryset=OPD.objects.filter(aktif=True),
        error_messages={"required": _("Pilih OPD atau lembaga asal undangan.")},
    )
    nama = forms.CharField(label=_("Nama (kosongkan untuk mengundang lembaganya)"), max_length=200, required=False)
    jabatan = forms.CharField(label=_("Jabatan"), max_length=200, required=False)


class KehadiranBarisForm(forms.Form):
    """One invitee's row of the attendance table; only invitations of this meeting are accepted."""

    undangan = forms.TypedChoiceField(
        coerce=int,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Baris kehadiran tanpa peserta."),
            "invalid_choice": _(
                "Peserta tersebut tidak ada dalam daftar undangan rapat ini. Tambahkan undangannya terlebih dahulu."
            ),
        },
    )
    status = forms.ChoiceField(
        label=_("Kehadiran"), choices=[("", _("belum dicatat")), *Kehadiran.Status.choices], required=False
    )
    nama_hadir = forms.CharField(label=_("Nama yang hadir / wakil"), max_length=200, required=False)
    keterangan = forms.CharField(label=_("Keterangan"), max_length=300, required=False)

    def __init__(self, *args, undangan_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["undangan"].choices = [(pk, pk) for pk in undangan_ids]

    def clean(self):
        data = super().clean()
        if data.get("status") == Kehadiran.Status.DIWAKILI and not data.get("nama_hadir", "").strip():
            self.add_error("nama_hadir", _("Tuliskan nama wakil yang hadir."))
        return data


class BaseKehadiranFormSet(forms.BaseFormSet):
    def __init__(self, *args, undangan_ids: list[int], **kwargs):
        self.undangan_ids = undangan_ids
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, _index):
        return {"undangan_ids": self.undangan_ids}


KehadiranFormSet = forms.formset_factory(KehadiranBarisForm, formset=BaseKehadiranFormSet, extra=0, max_num=500)


def kehadiran_formset(rapat: Rapat, data=None) -> BaseKehadiranFormSet:
    """The attendance table of a meeting, one row per invitation, each row labelled with its invitee."""
    undangan = {u.pk: u for u in rapat.undangan.all()}
    initial = []
    for u in undangan.values():
        kehadiran = getattr(u, "kehadiran", None)
        initial.append(
            {
                "undangan": u.pk,
                "status": kehadiran.status if kehadiran else "",
                "nama_hadir": kehadiran.nama_hadir if kehadiran else "",
                "keterangan": kehadiran.keterangan if kehadiran else "",
            }
        )
    formset = KehadiranFormSet(data, initial=initial, prefix="hadir", undangan_ids=list(undangan))
    for form in formset:
        raw = form["undangan"].value()
        form.peserta = undangan.get(int(raw)) if str(raw).isdigit() else None
    return formset


class NotulenForm(forms.Form):
    notulen = forms.CharField(
        label=_("Isi notulen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Dapat disimpan berulang kali; terkunci setelah rapat ditutup."),
    )


class KeputusanForm(PilihanMixin, forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis"), choices=Keputusan.Jenis.choices)
    uraian = forms.CharField(
        label=_("Uraian"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tuliskan isi keputusan atau rekomendasi.")},
    )


class TindakLanjutForm(PilihanMixin, forms.Form):
    uraian = forms.CharField(
        label=_("Uraian tindak lanjut"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tuliskan apa yang harus ditindaklanjuti.")},
    )
    opd = forms.ModelChoiceField(
        label=_("OPD penanggung jawab"),
        queryset=OPD.objects.filter(aktif=True),
        error_messages={"required": _("Pilih OPD penanggung jawab tindak lanjut.")},
    )
    batas_waktu = forms.DateField(
        label=_("Batas waktu"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Isi batas waktu tindak lanjut."), "invalid": _("Tanggal tidak valid.")},
    )
    klaster = forms.ModelChoiceField(label=_("Klaster (opsional)"), queryset=Klaster.objects.all(), required=False)
    indikator = forms.ModelChoiceField(
        label=_("Indikator (opsional)"), queryset=Indikator.objects.select_related("klaster"), required=False
    )


class TindakLanjutStatusForm(PilihanMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TindakLanjut.Status.choices)
    catatan = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    berkas = forms.FileField(
        label=_("Bukti (PDF, JPG, PNG, DOCX atau XLSX, maks. 10 MB)"),
        required=False,
        help_text=_("Opsional. Berkas yang sudah diunggah tetap tersimpan."),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data.get("berkas")
        if berkas:
            upload_validate(berkas)
        return berkas


class AddendumForm(forms.Form):
    isi = forms.CharField(
        label=_("Isi addendum"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan isi koreksi notulen.")},
    )


class LampiranRapatForm(forms.Form):
    keterangan = forms.CharField(
        label=_("Keterangan"),
        max_length=200,
        error_messages={"required": _("Tuliskan keterangan lampiran, misalnya Daftar hadir bertanda tangan.")},
    )
    berkas = forms.FileField(
        label=_("Berkas (PDF, JPG, PNG, DOCX atau XLSX, maks. 10 MB)"),
        error_messages={"required": _("Pilih berkas yang akan diunggah.")},
    )

    def clean_berkas(self):
        berkas = self.cleaned_data.get("berkas")
        if berkas:
            upload_validate(berkas)
        return berkas
