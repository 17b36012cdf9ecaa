"""Case reports aligned with SIMFONI-PPA: victims, perpetrators, services, status, notes and the access log."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gugus_tugas.models import OPD, Wilayah

from .fields import EncryptedCharField, EncryptedTextField

nik_validator = RegexValidator(r"^\d{16}$", _("NIK harus terdiri dari tepat 16 angka."))
TANGGAL_MINIMUM = datetime.date(1900, 1, 1)


def tanggal_minimum_validator(value: datetime.date) -> None:
    """A year before 1900 is a typing slip (0225 for 2025), and would count a victim as 1,800 years old."""
    if value < TANGGAL_MINIMUM:
        raise ValidationError(
            _("Tanggal sebelum 1 Januari 1900 tidak diterima; periksa tahunnya."), code="tanggal_minimum"
        )


class JenisKekerasan(models.TextChoices):
    FISIK = "fisik", _("Fisik")
    PSIKIS = "psikis", _("Psikis")
    SEKSUAL = "seksual", _("Seksual")
    EKSPLOITASI = "eksploitasi", _("Eksploitasi")
    TRAFFICKING = "trafficking", _("Trafficking (TPPO)")
    PENELANTARAN = "penelantaran", _("Penelantaran")
    LAINNYA = "lainnya", _("Lainnya")


class TempatKejadian(models.TextChoices):
    RUMAH_TANGGA = "rumah_tangga", _("Rumah tangga")
    TEMPAT_KERJA = "tempat_kerja", _("Tempat kerja")
    SEKOLAH = "sekolah", _("Sekolah/lembaga pendidikan")
    PENDIDIKAN_KILAT = "pendidikan_kilat", _("Lembaga pendidikan kilat")
    FASILITAS_UMUM = "fasilitas_umum", _("Fasilitas umum")
    LAINNYA = "lainnya", _("Lainnya")


class Saluran(models.TextChoices):
    DATANG_LANGSUNG = "datang_langsung", _("Datang langsung")
    SAPA_129 = "sapa_129", _("SAPA 129 (telepon/WhatsApp)")
    RUJUKAN_POLRES = "rujukan_polres", _("Rujukan Polres")
    RUJUKAN_KEJARI = "rujukan_kejari", _("Rujukan Kejari")
    RUJUKAN_SEKOLAH = "rujukan_sekolah", _("Rujukan sekolah")
    RUJUKAN_PUSKESMAS = "rujukan_puskesmas", _("Rujukan puskesmas")
    MASYARAKAT = "masyarakat", _("Masyarakat")


class KelompokUmur(models.TextChoices):
    BALITA = "0-5", "0–5"
    ANAK = "6-12", "6–12"
    REMAJA = "13-17", "13–17"
    DEWASA_MUDA = "18-24", "18–24"
    DEWASA = "25-44", "25–44"
    PARUH_BAYA = "45-59", "45–59"
    LANSIA = "60+", "60+"


# Upper age (inclusive) of each group, in order; the last group has no upper bound.
BATAS_KELOMPOK_UMUR = [(5, "0-5"), (12, "6-12"), (17, "13-17"), (24, "18-24"), (44, "25-44"), (59, "45-59")]
KELOMPOK_UMUR_ANAK = ["0-5", "6-12", "13-17"]


def kelompok_umur_for(umur: int) -> str:
    for batas, kode in BATAS_KELOMPOK_UMUR:
        if umur <= batas:
            return kode
    return KelompokUmur.LANSIA


def umur_pada(tanggal_lahir: datetime.date, tanggal: datetime.date) -> int:
    return tanggal.year - tanggal_lahir.year - ((tanggal.month, tanggal.day) < (tanggal_lahir.month, tanggal_lahir.day))


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


class Pendidikan(models.TextChoices):
    BELUM_SEKOLAH = "belum_sekolah", _("Belum/tidak sekolah")
    PAUD = "paud", _("PAUD/TK")
    SD = "sd", _("SD/sederajat")
    SMP = "smp", _("SMP/sederajat")
    SMA = "sma", _("SMA/sederajat")
    PERGURUAN_TINGGI = "pt", _("Perguruan tinggi")
    TIDAK_DIKETAHUI = "tidak_diketahui", _("Tidak diketahui")


class HubunganPelaku(models.TextChoices):
    ORANG_TUA = "orang_tua", _("Orang tua")
    KELUARGA = "keluarga", _("Keluarga/saudara")
    SUAMI_ISTRI = "suami_istri", _("Suami/istri")
    TETANGGA = "tetangga", _("Tetangga")
    PACAR_TEMAN = "pacar_teman", _("Pacar/teman")
    GURU = "guru", _("Guru")
    MAJIKAN = "majikan", _("Majikan")
    REKAN_KERJA = "rekan_kerja", _("Rekan kerja")
    LAINNYA = "lainnya", _("Lainnya")


class JenisLayanan(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    KESEHATAN = "kesehatan", _("Kesehatan")
    BANTUAN_HUKUM = "bantuan_hukum", _("Bantuan hukum")
    PENEGAKAN_HUKUM = "penegakan_hukum", _("Penegakan hukum")
    REHABILITASI_SOSIAL = "rehabilitasi_sosial", _("Rehabilitasi sosial")
    REINTEGRASI_SOSIAL = "reintegrasi_sosial", _("Reintegrasi sosial")
    PEMULANGAN = "pemulangan", _("Pemulangan")
    PENDAMPINGAN_TOKOH_AGAMA = "pendampingan_tokoh_agama", _("Pendampingan tokoh agama")
    # Older SIMFONI-PPA data and Kota Metro's own reports record cases settled by mediation.
    MEDIASI = "mediasi", _("Mediasi")
    LAINNYA = "lainnya", _("Lainnya")


class StatusKasus(models.TextChoices):
    BARU = "baru", _("Baru")
    DALAM_PENANGANAN = "dalam_penanganan", _("Dalam penanganan")
    DIRUJUK = "dirujuk", _("Dirujuk")
    SELESAI = "selesai", _("Selesai")


# The free text of a case, per model: treated like identities (encrypted, kept out of history,
# shown only after a logged reveal), because a chronology or a note easily names the child.
# The deletion reason is not here: it is an audit reason, read by the Admin in the access log.
TEKS_BEBAS = {
    "kasus": ["kronologi"],
    "layanan": ["penyedia_lain", "keterangan"],
    "riwayatstatus": ["catatan"],
    "catatankasus": ["isi"],
}


class KasusQuerySet(models.QuerySet):
    def aktif(self):
        return self.filter(dihapus_pada__isnull=True)


class Kasus(models.Model):
    """One report. Free text is encrypted too: a chronology easily names the child."""

    nomor_registrasi = models.CharField(_("nomor registrasi"), max_length=30, unique=True, editable=False)
    tanggal_lapor = models.DateField(_("tanggal lapor"), validators=[tanggal_minimum_validator])
    tanggal_kejadian = models.DateField(
        _("tanggal kejadian"), null=True, blank=True, validators=[tanggal_minimum_validator]
    )
    saluran = models.CharField(_("saluran pengaduan"), max_length=20, choices=Saluran.choices)
    kelurahan = models.ForeignKey(
        Wilayah,
        on_delete=models.PROTECT,
        related_name="kasus",
        verbose_name=_("desa/kelurahan"),
        limit_choices_to={"jenis__in": [Wilayah.Jenis.KELURAHAN, Wilayah.Jenis.DESA]},
    )
    tempat_kejadian = models.CharField(_("tempat kejadian"), max_length=20, choices=TempatKejadian.choices)
    kronologi = EncryptedTextField(_("kronologi"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=StatusKasus.choices, default=StatusKasus.BARU)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )
    dibuat_pada = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    dihapus_pada = models.DateTimeField(_("dihapus pada"), null=True, blank=True, editable=False)
    dihapus_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("dihapus oleh"),
    )
    alasan_hapus = models.TextField(_("alasan penghapusan"), blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=TEKS_BEBAS["kasus"])

    objects = KasusQuerySet.as_manager()

    class Meta:
        ordering = ["-tanggal_lapor", "-nomor_registrasi"]
        verbose_name = _("kasus")
        verbose_name_plural = _("kasus")
        indexes = [models.Index(fields=["tanggal_lapor"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.nomor_registrasi

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.tanggal_lapor and self.tanggal_lapor > today:
            errors["tanggal_lapor"] = _("Tanggal lapor tidak boleh di masa depan.")
        if self.tanggal_kejadian and self.tanggal_lapor and self.tanggal_kejadian > self.tanggal_lapor:
            errors["tanggal_kejadian"] = _("Tanggal kejadian tidak boleh sesudah tanggal lapor.")
        if self.kelurahan_id and self.kelurahan.jenis == Wilayah.Jenis.KECAMATAN:
            errors["kelurahan"] = _("Pilih kelurahan atau desa, bukan kecamatan.")
        if errors:
            raise ValidationError(errors)

    @property
    def tanggal_acuan(self) -> datetime.date:
        """Ages are counted at the incident, or at the report when the incident date is unknown."""
        return self.tanggal_kejadian or self.tanggal_lapor


class NomorUrut(models.Model):
    """The last registration number given per year; locked while the next one is taken."""

    tahun = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    terakhir = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("nomor urut kasus")
        verbose_name_plural = _("nomor urut kasus")

    def __str__(self) -> str:
        return f"{self.tahun}: {self.terakhir}"


class KasusJenisKekerasan(models.Model):
    kasus = models.ForeignKey(Kasus, on_delete=models.CASCADE, related_name="jenis_kekerasan", verbose_name=_("kasus"))
    jenis = models.CharField(_("jenis kekerasan"), max_length=20, choices=JenisKekerasan.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kasus", "jenis"]
        verbose_name = _("jenis kekerasan kasus")
        verbose_name_plural = _("jenis kekerasan kasus")
        constraints = [models.UniqueConstraint(fields=["kasus", "jenis"], name="jenis_kekerasan_unik_per_kasus")]

    def __str__(self) -> str:
        return self.get_jenis_display()


IDENTITAS_KORBAN = ["nama", "nik", "alamat", "telepon", "nama_orang_tua"]
IDENTITAS_PELAKU = ["nama", "nik", "alamat"]


class Korban(models.Model):
    kasus = models.ForeignKey(Kasus, on_delete=models.CASCADE, related_name="korban", verbose_name=_("kasus"))
    urutan = models.PositiveSmallIntegerField(_("urutan"))
    nama = EncryptedCharField(_("nama"), max_length=150)
    nik = EncryptedCharField(_("NIK"), max_length=16, blank=True, validators=[nik_validator])
    alamat = EncryptedTextField(_("alamat"), blank=True)
    telepon = EncryptedCharField(_("telepon"), max_length=30, blank=True)
    nama_orang_tua = EncryptedCharField(_("nama orang tua/wali"), max_length=150, blank=True)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    tanggal_lahir = models.DateField(_("tanggal lahir"), null=True, blank=True, validators=[tanggal_minimum_validator])
    umur = models.PositiveSmallIntegerField(_("umur (tahun)"))
    kelompok_umur = models.CharField(_("kelompok umur"), max_length=5, choices=KelompokUmur.choices)
    pendidikan = models.CharField(
        _("pendidikan"), max_length=20, choices=Pendidikan.choices, default=Pendidikan.TIDAK_DIKETAHUI
    )
    disabilitas = models.BooleanField(_("penyandang disabilitas"), default=False)
    history = HistoricalRecords(excluded_fields=IDENTITAS_KORBAN)

    class Meta:
        ordering = ["kasus", "urutan"]
        verbose_name = _("korban")
        verbose_name_plural = _("korban")
        constraints = [models.UniqueConstraint(fields=["kasus", "urutan"], name="korban_urutan_unik")]
        indexes = [models.Index(fields=["kelompok_umur"])]

    def __str__(self) -> str:
        # Never the name: this string reaches logs, admin pages and error reports.
        return _("Korban %(n)s") % {"n": self.urutan}

    def clean(self) -> None:
        if self.tanggal_lahir and self.tanggal_lahir > timezone.localdate():
            raise ValidationError({"tanggal_lahir": _("Tanggal lahir tidak boleh di masa depan.")})


class Pelaku(models.Model):
    kasus = models.ForeignKey(Kasus, on_delete=models.CASCADE, related_name="pelaku", verbose_name=_("kasus"))
    urutan = models.PositiveSmallIntegerField(_("urutan"))
    nama = EncryptedCharField(_("nama"), max_length=150, blank=True)
    nik = EncryptedCharField(_("NIK"), max_length=16, blank=True, validators=[nik_validator])
    alamat = EncryptedTextField(_("alamat"), blank=True)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices)
    kelompok_umur = models.CharField(_("kelompok umur"), max_length=5, choices=KelompokUmur.choices)
    hubungan = models.CharField(_("hubungan dengan korban"), max_length=20, choices=HubunganPelaku.choices)
    history = HistoricalRecords(excluded_fields=IDENTITAS_PELAKU)

    class Meta:
        ordering = ["kasus", "urutan"]
        verbose_name = _("pelaku")
        verbose_name_plural = _("pelaku")
        constraints = [models.UniqueConstraint(fields=["kasus", "urutan"], name="pelaku_urutan_unik")]

    def __str__(self) -> str:
        return _("Pelaku %(n)s") % {"n": self.urutan}


class Layanan(models.Model):
    """A service given to the victims of a case; indicator 21 counts victims of served cases."""

    kasus = models.ForeignKey(Kasus, on_delete=models.CASCADE, related_name="layanan", verbose_name=_("kasus"))
    jenis = models.CharField(_("layanan"), max_length=30, choices=JenisLayanan.choices)
    tanggal = models.DateField(_("tanggal"), validators=[tanggal_minimum_validator])
    penyedia_opd = models.ForeignKey(
        OPD, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("OPD pemberi layanan")
    )
    penyedia_lain = EncryptedCharField(_("lembaga lain"), max_length=200, blank=True)
    keterangan = EncryptedTextField(_("keterangan"), blank=True)
    dicatat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dicatat oleh")
    )
    history = HistoricalRecords(excluded_fields=TEKS_BEBAS["layanan"])

    class Meta:
        ordering = ["kasus", "tanggal", "id"]
        verbose_name = _("layanan")
        verbose_name_plural = _("layanan")

    def __str__(self) -> str:
        return self.get_jenis_display()

    def clean(self) -> None:
        errors = {}
        if not self.penyedia_opd_id and not self.penyedia_lain.strip():
            errors["penyedia_opd"] = _("Pilih OPD pemberi layanan atau isi nama lembaga lain.")
        if self.tanggal and self.tanggal > timezone.localdate():
            errors["tanggal"] = _("Tanggal layanan tidak boleh di masa depan.")
        elif self.tanggal and self.kasus_id and self.tanggal < self.kasus.tanggal_lapor:
            errors["tanggal"] = _("Tanggal layanan tidak boleh sebelum tanggal lapor.")
        if errors:
            raise ValidationError(errors)

    @property
    def penyedia(self) -> str:
        return str(self.penyedia_opd) if self.penyedia_opd_id else self.penyedia_lain


class RiwayatStatus(models.Model):
    kasus = models.ForeignKey(Kasus, on_delete=models.CASCADE, related_name="riwayat_status", verbose_name=_("kasus"))
    status = models.CharField(_("status"), max_length=20, choices=StatusKasus.choices)
    waktu = models.DateTimeField(_("waktu"), default=timezone.now)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("oleh")
    )
    catatan = EncryptedTextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["kasus", "waktu", "id"]
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")

    def __str__(self) -> str:
        return f"{self.kasus} → {self.get_status_display()}"


class CatatanKasus(models.Model):
    kasus = models.ForeignKey(Kasus, on_delete=models.CASCADE, related_name="catatan", verbose_name=_("kasus"))
    isi = EncryptedTextField(_("catatan"))
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("oleh")
    )
    waktu = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["kasus", "-waktu", "-id"]
        verbose_name = _("catatan kasus")
        verbose_name_plural = _("catatan kasus")

    def __str__(self) -> str:
        return _("Catatan %(kasus)s") % {"kasus": self.kasus}


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Log akses tidak dapat diubah."))

    def delete(self):
        raise ValidationError(_("Log akses tidak dapat dihapus."))


class AksesLog(models.Model):
    """Who did what to which case, when and why. Append-only: written once, never changed."""

    class Aksi(models.TextChoices):
        LIHAT = "lihat", _("Melihat kasus")
        TAMPILKAN_IDENTITAS = "tampilkan_identitas", _("Menampilkan identitas")
        SEMBUNYIKAN_IDENTITAS = "sembunyikan_identitas", _("Menyembunyikan identitas")
        LIHAT_IDENTITAS = "lihat_identitas", _("Melihat kasus dengan identitas")
        BUAT = "buat", _("Mencatat kasus")
        UBAH = "ubah", _("Mengubah kasus")
        UBAH_STATUS = "ubah_status", _("Mengubah status")
        TAMBAH_LAYANAN = "tambah_layanan", _("Mencatat layanan")
        TAMBAH_CATATAN = "tambah_catatan", _("Menambah catatan")
        HAPUS = "hapus", _("Menghapus kasus")
        EKSPOR = "ekspor", _("Mengekspor data SIMFONI-PPA")

    class JenisAlasan(models.TextChoices):
        PENDAMPINGAN = "pendampingan", _("Pendampingan korban (visum, konseling, sidang)")
        RUJUKAN = "rujukan", _("Rujukan ke lembaga lain")
        PEMUTAKHIRAN = "pemutakhiran", _("Memeriksa atau memperbarui data kasus")
        PERMINTAAN_RESMI = "permintaan_resmi", _("Permintaan resmi aparat penegak hukum")
        LAINNYA = "lainnya", _("Lainnya")

    waktu = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("pengguna")
    )
    kasus = models.ForeignKey(
        Kasus, on_delete=models.PROTECT, null=True, blank=True, related_name="log_akses", verbose_name=_("kasus")
    )
    aksi = models.CharField(_("aksi"), max_length=25, choices=Aksi.choices)
    jenis_alasan = models.CharField(_("jenis alasan"), max_length=20, choices=JenisAlasan.choices, blank=True)
    alasan = models.TextField(_("alasan"), blank=True)
    keterangan = models.CharField(_("keterangan"), max_length=200, blank=True)
    # The keyed hash chain (kasus/chain.py): a gap in urutan or a broken link shows a removed row.
    urutan = models.PositiveBigIntegerField(_("urutan"), unique=True, editable=False)
    hash_sebelum = models.CharField(_("hash baris sebelumnya"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-waktu", "-id"]
        verbose_name = _("log akses kasus")
        verbose_name_plural = _("log akses kasus")
        indexes = [models.Index(fields=["aksi", "waktu"])]

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.pengguna_id} {self.aksi}"

    def save(self, *args, **kwargs):
        # Integrity, not behaviour: an audit row that could be rewritten would prove nothing.
        if self.pk is not None:
            raise ValidationError(_("Log akses tidak dapat diubah."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Log akses tidak dapat dihapus."))


class KubusStatistik(models.Model):
    """The raw counts every statistics page, card and report is released from (kasus.kubus), one row.

    Triggers on the case tables raise `versi_data` with every write that can change a count, in the
    writer's own transaction; the counts are valid only while `versi_isi` (the version they were
    counted at) equals it, and are recounted otherwise. They are unsuppressed: suppression is
    applied for each reader when a table is built.
    """

    versi_data = models.BigIntegerField(_("versi data"), default=0)
    versi_isi = models.BigIntegerField(_("versi hitungan"), null=True)
    isi = models.JSONField(_("hitungan"), default=dict)

    class Meta:
        verbose_name = _("kubus statistik kasus")
        verbose_name_plural = _("kubus statistik kasus")

    def __str__(self) -> str:
        return f"{self.versi_isi}/{self.versi_data}"
