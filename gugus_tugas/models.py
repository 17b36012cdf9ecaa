"""Users with their role, OPDs, wilayah, the region profile, the decreed Gugus Tugas and its meetings."""

import datetime
from collections import Counter

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from core.models import Lampiran
from core.storage import RandomName, private_storage


class OPD(models.Model):
    class Jenis(models.TextChoices):
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        KECAMATAN = "kecamatan", _("Kecamatan")
        PERANGKAT_LAIN = "perangkat_lain", _("Perangkat daerah lain")
        INSTANSI_VERTIKAL = "instansi_vertikal", _("Instansi vertikal")
        NON_PEMERINTAH = "non_pemerintah", _("Non-pemerintah")

    nama = models.CharField(_("nama"), max_length=200, unique=True)
    singkatan = models.CharField(_("singkatan"), max_length=50, unique=True)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    aktif = models.BooleanField(_("aktif"), default=True)
    # The officer answering for the OPD's child data and reports, and who stands in for them.
    petugas_data = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("petugas data")
    )
    wakil_petugas_data = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wakil petugas data"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["nama"]
        verbose_name = _("OPD / lembaga")
        verbose_name_plural = _("OPD / lembaga")

    def __str__(self) -> str:
        return self.singkatan


class NamaLainOPD(models.Model):
    """Another way real documents spell an OPD (DP3APPKB, an older nomenclature); matched like its own name."""

    opd = models.ForeignKey(OPD, on_delete=models.CASCADE, related_name="nama_lain", verbose_name=_("OPD"))
    nama = models.CharField(_("nama lain"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["nama"]
        verbose_name = _("nama lain OPD")
        verbose_name_plural = _("nama lain OPD")
        constraints = [models.UniqueConstraint(Lower("nama"), name="nama_lain_opd_unik")]

    def __str__(self) -> str:
        return self.nama

    def clean(self):
        super().clean()
        self.nama = " ".join(self.nama.split())
        nama = Q(nama__iexact=self.nama) | Q(singkatan__iexact=self.nama)
        if OPD.objects.filter(nama).exclude(pk=self.opd_id).exists():
            raise ValidationError({"nama": _("Nama ini sudah dipakai sebagai nama atau singkatan OPD lain.")})


class Wilayah(models.Model):
    class Jenis(models.TextChoices):
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Desa")

    nama = models.CharField(_("nama"), max_length=100)
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    induk = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bagian",
        verbose_name=_("kecamatan induk"),
    )
    kode = models.CharField(_("kode Kemendagri"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["jenis", "nama"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        constraints = [
            models.UniqueConstraint(fields=["jenis", "nama", "induk"], name="wilayah_unik_per_induk"),
            # A re-uploaded sheet updates a wilayah through its Kemendagri code, so one code is one place.
            models.UniqueConstraint(
                fields=["kode"],
                condition=~models.Q(kode=""),
                name="wilayah_kode_unik",
                violation_error_message=_("Kode Kemendagri ini sudah dipakai wilayah lain."),
            ),
            models.CheckConstraint(
                condition=models.Q(jenis="kecamatan", induk__isnull=True)
                | (~models.Q(jenis="kecamatan") & models.Q(induk__isnull=False)),
                name="wilayah_kelurahan_punya_kecamatan",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def label(self) -> str:
        """The name under its own jenis: "Kelurahan Yosomulyo", "Desa Pelangki", "Kecamatan Metro Pusat"."""
        return f"{self.get_jenis_display()} {self.nama}"

    def rincian_bagian(self) -> str:
        """A kecamatan's parts counted by their own jenis: "5 kelurahan", "9 desa, 1 kelurahan".

        Reads self.bagian.all(), so a list of kecamatan prefetches it (kecamatan_list does).
        """
        jumlah = Counter(bagian.jenis for bagian in self.bagian.all())
        parts = []
        if jumlah[self.Jenis.DESA]:
            n = jumlah[self.Jenis.DESA]
            parts.append(ngettext("%(n)s desa", "%(n)s desa", n) % {"n": n})
        if jumlah[self.Jenis.KELURAHAN]:
            n = jumlah[self.Jenis.KELURAHAN]
            parts.append(ngettext("%(n)s kelurahan", "%(n)s kelurahan", n) % {"n": n})
        return ", ".join(parts)

    def daftar_bagian(self) -> str:
        """The parts' names; each under its jenis when a kecamatan has both desa and kelurahan."""
        bagian = list(self.bagian.all())
        campuran = len({b.jenis for b in bagian}) > 1
        return ", ".join(b.label if campuran else b.nama for b in bagian)


class ProfilDaerah(models.Model):
    """The one region this installation serves; everything region-specific is read from here."""

    class Jenis(models.TextChoices):
        KOTA = "kota", _("Kota")
        KABUPATEN = "kabupaten", _("Kabupaten")

    nama_daerah = models.CharField(_("nama daerah"), max_length=100)
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    provinsi = models.CharField(_("provinsi"), max_length=100)
    kode = models.CharField(_("kode Kemendagri"), max_length=10)
    predikat_saat_ini = models.ForeignKey(
        "klaster.Predikat",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("predikat saat ini"),
    )
    tahun_predikat = models.PositiveSmallIntegerField(_("tahun predikat"), null=True, blank=True)
    predikat_target = models.ForeignKey(
        "klaster.Predikat",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("predikat target"),
    )
    tahun_rad_mulai = models.PositiveSmallIntegerField(_("tahun RAD mulai"))
    tahun_rad_selesai = models.PositiveSmallIntegerField(_("tahun RAD selesai"))
    logo = models.ImageField(
        _("logo daerah"), upload_to=RandomName("logo-daerah"), storage=private_storage, max_length=200, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("profil daerah")
        verbose_name_plural = _("profil daerah")
        constraints = [
            # One installation serves one region: two first-run forms sent at once cannot both create one.
            models.UniqueConstraint(
                models.Value(1),
                name="profil_daerah_satu",
                violation_error_message=_("Profil daerah sudah ada: satu instalasi melayani satu daerah."),
            ),
            models.CheckConstraint(
                condition=models.Q(tahun_rad_selesai__gte=models.F("tahun_rad_mulai")),
                name="profil_tahun_rad_urut",
            ),
        ]

    def __str__(self) -> str:
        return self.nama_lengkap

    @property
    def nama_lengkap(self) -> str:
        # A proper name: "Kota Metro" stays Indonesian in every interface language.
        return f"{self.jenis.capitalize()} {self.nama_daerah}"

    @property
    def tahun_rad(self) -> range:
        return range(self.tahun_rad_mulai, self.tahun_rad_selesai + 1)


class Peran(models.TextChoices):
    ADMIN_SEKRETARIAT = "admin_sekretariat", _("Admin Sekretariat")
    PIMPINAN = "pimpinan", _("Pimpinan")
    KOORDINATOR_KLASTER = "koordinator_klaster", _("Koordinator Klaster")
    OPERATOR_OPD = "operator_opd", _("Operator OPD")
    PETUGAS_KASUS = "petugas_kasus", _("Petugas Kasus")


# Roles that read victims' identities: only a superuser grants them or touches such an account's
# login (username, email, password), so the secretariat cannot make itself a case worker.
PERAN_IDENTITAS = frozenset({Peran.PETUGAS_KASUS})
PERAN_WAJIB_2FA = frozenset({Peran.PETUGAS_KASUS, Peran.ADMIN_SEKRETARIAT})


class User(AbstractUser):
    nama_lengkap = models.CharField(_("nama lengkap"), max_length=150, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=150, blank=True)
    opd = models.ForeignKey(
        OPD, on_delete=models.PROTECT, null=True, blank=True, related_name="pengguna", verbose_name=_("OPD")
    )
    peran = models.CharField(_("peran"), max_length=30, choices=Peran.choices, blank=True)
    klaster = models.ForeignKey(
        "klaster.Klaster",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="koordinator",
        verbose_name=_("klaster yang dikoordinasi"),
    )
    # Set when someone else chose the password; the user must pick their own before anything else.
    wajib_ganti_password = models.BooleanField(_("wajib ganti kata sandi"), default=False)
    telepon = models.CharField(_("nomor telepon"), max_length=30, blank=True)
    # Only the demo seeder sets this: outside scripts log the demo accounts in with a password alone.
    wajib_2fa_dikecualikan = models.BooleanField(_("dikecualikan dari verifikasi dua langkah"), default=False)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(peran="koordinator_klaster") | models.Q(klaster__isnull=False),
                name="koordinator_punya_klaster",
            ),
            models.CheckConstraint(
                condition=~models.Q(peran="operator_opd") | models.Q(opd__isnull=False),
                name="operator_punya_opd",
            ),
        ]

    def __str__(self) -> str:
        return self.nama_lengkap or self.username

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.peran == Peran.KOORDINATOR_KLASTER and not self.klaster_id:
            errors["klaster"] = _("Koordinator Klaster harus dikaitkan dengan satu klaster.")
        if self.peran == Peran.OPERATOR_OPD and not self.opd_id:
            errors["opd"] = _("Operator OPD harus dikaitkan dengan OPD-nya.")
        if errors:
            raise ValidationError(errors)

    @property
    def wajib_2fa(self) -> bool:
        """The roles that read case identities or run the secretariat log in with a second factor."""
        return self.peran in PERAN_WAJIB_2FA and not self.wajib_2fa_dikecualikan

    @property
    def akun_terlindungi(self) -> bool:
        """Only a superuser may change this account's role or login."""
        return self.is_superuser or self.peran in PERAN_IDENTITAS


class AuditPengguna(models.Model):
    """One change to an account's role, rights or password; written only by the user services, never edited.

    Names are kept as text beside the links so the trail still reads after an account is deleted.
    """

    class Atribut(models.TextChoices):
        USERNAME = "username", _("Username")
        EMAIL = "email", _("Email")
        PERAN = "peran", _("Peran")
        OPD = "opd", _("OPD")
        KLASTER = "klaster", _("Klaster")
        IS_STAFF = "is_staff", _("Akses admin")
        IS_SUPERUSER = "is_superuser", _("Superuser")
        IS_ACTIVE = "is_active", _("Aktif")
        GROUPS = "groups", _("Grup")
        PASSWORD = "password", _("Kata sandi")
        NAMA_LENGKAP = "nama_lengkap", _("Nama lengkap")
        TELEPON = "telepon", _("Telepon")
        UNDANGAN = "undangan", _("Undangan")
        DUA_LANGKAH = "dua_langkah", _("Verifikasi dua langkah")
        PETUGAS_DATA = "petugas_data", _("Petugas data OPD")

    pengguna = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, related_name="audit", verbose_name=_("pengguna")
    )
    pengguna_username = models.CharField(_("username pengguna"), max_length=150)
    oleh = models.ForeignKey(
        "User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("oleh")
    )
    # Empty: the system (seeding, a management command), not a person.
    oleh_username = models.CharField(_("username pengubah"), max_length=150, blank=True)
    atribut = models.CharField(_("atribut"), max_length=20, choices=Atribut.choices)
    nilai_lama = models.CharField(_("nilai lama"), max_length=500, blank=True)
    nilai_baru = models.CharField(_("nilai baru"), max_length=500, blank=True)
    dicatat_pada = models.DateTimeField(_("dicatat pada"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-dicatat_pada", "-id"]
        verbose_name = _("riwayat peran")
        verbose_name_plural = _("riwayat peran")

    BOOLEAN = frozenset({Atribut.IS_STAFF, Atribut.IS_SUPERUSER, Atribut.IS_ACTIVE})
    # Values of the password row: the hash itself is never written here.
    NILAI_DITETAPKAN = "ditetapkan"
    NILAI_DINONAKTIFKAN = "dinonaktifkan"
    NILAI_DIKIRIM = "dikirim"
    NILAI_DIKECUALIKAN = "dikecualikan"
    NILAI_TERDAFTAR = "terdaftar"
    NILAI_DIHAPUS = "dihapus"

    def __str__(self) -> str:
        return f"{self.pengguna_username}: {self.get_atribut_display()}"

    @property
    def nilai_lama_tampil(self) -> str:
        return self._tampil(self.nilai_lama)

    @property
    def nilai_baru_tampil(self) -> str:
        return self._tampil(self.nilai_baru)

    def _tampil(self, nilai: str) -> str:
        if not nilai:
            return ""
        if self.atribut == self.Atribut.PERAN and nilai in Peran.values:
            return Peran(nilai).label
        if self.atribut in self.BOOLEAN:
            return _("ya") if nilai == "True" else _("tidak")
        if self.atribut == self.Atribut.PASSWORD:
            return {
                self.NILAI_DITETAPKAN: _("ditetapkan"),
                self.NILAI_DINONAKTIFKAN: _("login dengan kata sandi dinonaktifkan"),
            }.get(nilai, nilai)
        if self.atribut == self.Atribut.UNDANGAN:
            return _("dikirim") if nilai == self.NILAI_DIKIRIM else nilai
        if self.atribut == self.Atribut.DUA_LANGKAH:
            return {
                self.NILAI_DIKECUALIKAN: _("dikecualikan (akun demo)"),
                self.NILAI_TERDAFTAR: _("terdaftar"),
                self.NILAI_DIHAPUS: _("dihapus, wajib daftar ulang"),
            }.get(nilai, nilai)
        return nilai


class SKGugusTugas(models.Model):
    """A Wali Kota / Bupati decree forming the Gugus Tugas; the newest in force replaces older ones."""

    nomor = models.CharField(_("nomor SK"), max_length=100, unique=True)
    tanggal = models.DateField(_("tanggal SK"))
    tentang = models.CharField(_("tentang"), max_length=300)
    berlaku_mulai = models.DateField(_("berlaku mulai"))
    berlaku_sampai = models.DateField(_("berlaku sampai"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-berlaku_mulai"]
        verbose_name = _("SK Gugus Tugas")
        verbose_name_plural = _("SK Gugus Tugas")

    def __str__(self) -> str:
        return self.nomor


class AnggotaGugusTugas(models.Model):
    class Kedudukan(models.TextChoices):
        KETUA = "ketua", _("Ketua")
        WAKIL = "wakil", _("Wakil Ketua")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        KOORDINATOR = "koordinator", _("Koordinator Klaster")
        ANGGOTA = "anggota", _("Anggota")

    sk = models.ForeignKey(SKGugusTugas, on_delete=models.CASCADE, related_name="anggota", verbose_name=_("SK"))
    jabatan = models.CharField(_("jabatan"), max_length=200)
    opd = models.ForeignKey(OPD, on_delete=models.PROTECT, related_name="keanggotaan", verbose_name=_("OPD / lembaga"))
    kedudukan = models.CharField(_("kedudukan"), max_length=20, choices=Kedudukan.choices)
    klaster = models.ForeignKey(
        "klaster.Klaster",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anggota_gugus_tugas",
        verbose_name=_("klaster"),
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["sk", "urutan", "id"]
        verbose_name = _("anggota Gugus Tugas")
        verbose_name_plural = _("anggota Gugus Tugas")
        constraints = [
            models.UniqueConstraint(fields=["sk", "opd", "kedudukan", "klaster"], name="anggota_unik_per_sk"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kedudukan_display()} – {self.jabatan}"


class Rapat(models.Model):
    """A Gugus Tugas meeting; once closed (selesai) its minutes only grow through addenda."""

    class Jenis(models.TextChoices):
        RAKOR = "rakor", _("Rakor Gugus Tugas")
        FGD = "fgd", _("FGD")
        KLASTER = "klaster", _("Rapat Klaster")
        SOSIALISASI = "sosialisasi", _("Sosialisasi")
        PERSIAPAN_VERIFIKASI = "persiapan_verifikasi", _("Persiapan Verifikasi")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        TERJADWAL = "terjadwal", _("Terjadwal")
        SELESAI = "selesai", _("Selesai")

    jenis = models.CharField(_("jenis rapat"), max_length=25, choices=Jenis.choices)
    judul = models.CharField(_("judul"), max_length=300)
    mulai = models.DateTimeField(_("mulai"))
    selesai = models.DateTimeField(_("selesai"), null=True, blank=True)
    tempat = models.CharField(_("tempat"), max_length=300)
    penyelenggara = models.ForeignKey(
        OPD, on_delete=models.PROTECT, related_name="rapat_diselenggarakan", verbose_name=_("penyelenggara")
    )
    pimpinan_rapat = models.CharField(_("pimpinan rapat"), max_length=200, blank=True)
    klaster = models.ForeignKey(
        "klaster.Klaster",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rapat",
        verbose_name=_("klaster"),
    )
    notulen = models.TextField(_("notulen"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditutup oleh"),
    )
    ditutup_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-mulai"]
        verbose_name = _("rapat")
        verbose_name_plural = _("rapat")
        indexes = [models.Index(fields=["status", "mulai"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(selesai__isnull=True) | models.Q(selesai__gte=models.F("mulai")),
                name="rapat_selesai_setelah_mulai",
            ),
        ]

    def __str__(self) -> str:
        return self.judul

    def clean(self) -> None:
        super().clean()
        if self.mulai and self.selesai and self.selesai < self.mulai:
            raise ValidationError({"selesai": _("Waktu selesai tidak boleh sebelum waktu mulai rapat.")})

    @property
    def ditutup(self) -> bool:
        return self.status == self.Status.SELESAI

    @property
    def tanggal(self) -> datetime.date:
        return timezone.localtime(self.mulai).date()

    @property
    def sudah_tiba(self) -> bool:
        """Whether the meeting's day has come: attendance and closing are recorded from then on."""
        return timezone.localdate() >= self.tanggal


class AgendaRapat(models.Model):
    rapat = models.ForeignKey(Rapat, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("rapat"))
    urutan = models.PositiveSmallIntegerField(_("urutan"))
    uraian = models.CharField(_("uraian"), max_length=300)

    class Meta:
        ordering = ["rapat", "urutan"]
        verbose_name = _("agenda rapat")
        verbose_name_plural = _("agenda rapat")
        constraints = [models.UniqueConstraint(fields=["rapat", "urutan"], name="agenda_urutan_unik")]

    def __str__(self) -> str:
        return f"{self.urutan}. {self.uraian}"


class Undangan(models.Model):
    """An invited organisation (nama empty) or a named person from it."""

    rapat = models.ForeignKey(Rapat, on_delete=models.CASCADE, related_name="undangan", verbose_name=_("rapat"))
    opd = models.ForeignKey(
        OPD, on_delete=models.PROTECT, related_name="undangan_rapat", verbose_name=_("OPD / lembaga")
    )
    nama = models.CharField(_("nama"), max_length=200, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rapat", "opd__nama", "nama"]
        verbose_name = _("undangan")
        verbose_name_plural = _("undangan")
        constraints = [models.UniqueConstraint(fields=["rapat", "opd", "nama"], name="undangan_unik")]

    def __str__(self) -> str:
        if self.nama:
            return f"{self.nama} ({self.opd.singkatan})"
        return self.opd.nama


class Kehadiran(models.Model):
    class Status(models.TextChoices):
        HADIR = "hadir", _("Hadir")
        DIWAKILI = "diwakili", _("Diwakili")
        TIDAK_HADIR = "tidak_hadir", _("Tidak hadir")

    undangan = models.OneToOneField(
        Undangan, on_delete=models.CASCADE, related_name="kehadiran", verbose_name=_("undangan")
    )
    status = models.CharField(_("kehadiran"), max_length=15, choices=Status.choices)
    nama_hadir = models.CharField(_("nama yang hadir"), max_length=200, blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")

    def __str__(self) -> str:
        return f"{self.undangan} – {self.get_status_display()}"


class Keputusan(models.Model):
    class Jenis(models.TextChoices):
        KEPUTUSAN = "keputusan", _("Keputusan")
        REKOMENDASI = "rekomendasi", _("Rekomendasi")

    rapat = models.ForeignKey(Rapat, on_delete=models.CASCADE, related_name="keputusan", verbose_name=_("rapat"))
    urutan = models.PositiveSmallIntegerField(_("urutan"))
    jenis = models.CharField(_("jenis"), max_length=15, choices=Jenis.choices, default=Jenis.KEPUTUSAN)
    uraian = models.TextField(_("uraian"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["rapat", "urutan"]
        verbose_name = _("keputusan rapat")
        verbose_name_plural = _("keputusan rapat")
        constraints = [models.UniqueConstraint(fields=["rapat", "urutan"], name="keputusan_urutan_unik")]

    def __str__(self) -> str:
        return f"{self.urutan}. {self.uraian[:60]}"


class AddendumNotulen(models.Model):
    """A dated correction to the minutes of a closed meeting; the minutes themselves stay as closed."""

    rapat = models.ForeignKey(Rapat, on_delete=models.CASCADE, related_name="addendum", verbose_name=_("rapat"))
    isi = models.TextField(_("isi addendum"))
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        ordering = ["rapat", "dibuat_pada"]
        verbose_name = _("addendum notulen")
        verbose_name_plural = _("addendum notulen")

    def __str__(self) -> str:
        return f"{self.rapat} · {self.dibuat_pada:%Y-%m-%d}"


class LampiranRapat(Lampiran):
    """A meeting document (materials, signed attendance scan, photos); added even after closing."""

    upload_folder = "lampiran-rapat"
    owner_field = "rapat"

    rapat = models.ForeignKey(Rapat, on_delete=models.CASCADE, related_name="lampiran", verbose_name=_("rapat"))
    keterangan = models.CharField(_("keterangan"), max_length=200)

    class Meta:
        ordering = ["rapat", "diunggah_pada"]
        verbose_name = _("lampiran rapat")
        verbose_name_plural = _("lampiran rapat")

    def __str__(self) -> str:
        return self.keterangan


class TindakLanjut(models.Model):
    class Status(models.TextChoices):
        BELUM = "belum", _("Belum")
        PROSES = "proses", _("Proses")
        SELESAI = "selesai", _("Selesai")

    rapat = models.ForeignKey(Rapat, on_delete=models.CASCADE, related_name="tindak_lanjut", verbose_name=_("rapat"))
    uraian = models.TextField(_("uraian tindak lanjut"))
    opd = models.ForeignKey(
        OPD,
        on_delete=models.PROTECT,
        related_name="tindak_lanjut",
        verbose_name=_("OPD penanggung jawab"),
        error_messages={
            "null": _("Pilih OPD penanggung jawab tindak lanjut."),
            "blank": _("Pilih OPD penanggung jawab tindak lanjut."),
        },
    )
    batas_waktu = models.DateField(_("batas waktu"))
    klaster = models.ForeignKey(
        "klaster.Klaster",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tindak_lanjut",
        verbose_name=_("klaster"),
    )
    indikator = models.ForeignKey(
        "klaster.Indikator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tindak_lanjut",
        verbose_name=_("indikator"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.BELUM)
    catatan = models.TextField(_("catatan"), blank=True)
    diperbarui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diperbarui oleh"),
    )
    diperbarui_pada = models.DateTimeField(_("diperbarui pada"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["batas_waktu", "id"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        indexes = [
            models.Index(fields=["opd", "status", "batas_waktu"]),
            models.Index(fields=["status", "batas_waktu"]),
        ]

    def __str__(self) -> str:
        return self.uraian[:80]

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.batas_waktu and self.rapat_id and self.batas_waktu < self.rapat.tanggal:
            errors["batas_waktu"] = _("Batas waktu %(batas)s tidak boleh sebelum tanggal rapat %(rapat)s.") % {
                "batas": date_format(self.batas_waktu, "DATE_FORMAT"),
                "rapat": date_format(self.rapat.tanggal, "DATE_FORMAT"),
            }
        if self.indikator_id and self.klaster_id and self.indikator.klaster_id != self.klaster_id:
            errors["indikator"] = _("Indikator %(indikator)s tidak termasuk klaster yang dipilih.") % {
                "indikator": self.indikator.kode
            }
        if errors:
            raise ValidationError(errors)

    @property
    def terlambat(self) -> bool:
        return self.status != self.Status.SELESAI and self.batas_waktu < timezone.localdate()

    @property
    def hari_terlambat(self) -> int:
        return (timezone.localdate() - self.batas_waktu).days if self.terlambat else 0


class BuktiTindakLanjut(Lampiran):
    upload_folder = "bukti-tindak-lanjut"
    owner_field = "tindak_lanjut"

    tindak_lanjut = models.ForeignKey(
        TindakLanjut, on_delete=models.CASCADE, related_name="bukti", verbose_name=_("tindak lanjut")
    )

    class Meta:
        ordering = ["diunggah_pada"]
        verbose_name = _("bukti tindak lanjut")
        verbose_name_plural = _("bukti tindak lanjut")


class PengingatTindakLanjut(models.Model):
    """One reminder email per OPD per day: the row is the proof it went out, and the guard against twice."""

    opd = models.ForeignKey(
        OPD, on_delete=models.CASCADE, related_name="pengingat_tindak_lanjut", verbose_name=_("OPD")
    )
    tanggal = models.DateField(_("tanggal"))
    jumlah_tindak_lanjut = models.PositiveIntegerField(_("jumlah tindak lanjut"))
    penerima = models.TextField(_("penerima"))
    dikirim_pada = models.DateTimeField(_("dikirim pada"), auto_now_add=True)

    class Meta:
        ordering = ["-tanggal", "opd"]
        verbose_name = _("pengingat tindak lanjut")
        verbose_name_plural = _("pengingat tindak lanjut")
        constraints = [models.UniqueConstraint(fields=["opd", "tanggal"], name="pengingat_sekali_sehari")]

    def __str__(self) -> str:
        return f"{self.opd} · {self.tanggal}"
