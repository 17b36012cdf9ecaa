"""Yearly self-assessment per indicator with its evidence, and the report jobs rendered in the background."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import Lampiran
from core.storage import RandomName, private_storage
from gugus_tugas.models import Rapat
from klaster.models import SKOR_MAKSIMUM, Indikator, Predikat
from rad_kla.models import Realisasi


class PenilaianTahun(models.Model):
    """One year's self-assessment; final locks every indicator of the year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        FINAL = "final", _("Final")

    tahun = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    difinalkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    difinalkan_pada = models.DateTimeField(_("difinalkan pada"), null=True, blank=True)
    skor_resmi = models.DecimalField(
        _("skor hasil evaluasi resmi"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Skor yang diumumkan Kementerian PPPA setelah verifikasi."),
    )
    predikat_resmi = models.ForeignKey(
        Predikat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("predikat resmi"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-tahun"]
        verbose_name = _("penilaian mandiri tahunan")
        verbose_name_plural = _("penilaian mandiri tahunan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(skor_resmi__isnull=True)
                | (models.Q(skor_resmi__gte=0) & models.Q(skor_resmi__lte=SKOR_MAKSIMUM)),
                name="skor_resmi_0_1000",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Penilaian mandiri')} {self.tahun}"

    @property
    def final(self) -> bool:
        return self.status == self.Status.FINAL


class PenilaianIndikator(models.Model):
    """The claimed score of one indicator in one year, with the narrative and evidence behind it."""

    penilaian = models.ForeignKey(
        PenilaianTahun, on_delete=models.CASCADE, related_name="indikator", verbose_name=_("penilaian")
    )
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="+", verbose_name=_("indikator"))
    skor = models.DecimalField(
        _("skor"), max_digits=7, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    narasi = models.TextField(_("narasi"), blank=True)
    realisasi = models.ManyToManyField(
        Realisasi,
        blank=True,
        related_name="+",
        limit_choices_to={"status": Realisasi.Status.DIVERIFIKASI},
        verbose_name=_("realisasi RAD terverifikasi"),
    )
    rapat = models.ManyToManyField(
        Rapat, blank=True, related_name="+", verbose_name=_("rapat Gugus Tugas sebagai bukti")
    )
    statistik_kasus = models.BooleanField(
        _("sertakan statistik kasus teragregasi"),
        default=False,
        help_text=_("Statistik kasus kekerasan terhadap anak tahun ini (tersamarkan) dilampirkan sebagai bukti."),
    )
    diperbarui_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diperbarui_pada = models.DateTimeField(_("diperbarui pada"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["realisasi", "rapat"])

    class Meta:
        ordering = ["penilaian", "indikator__klaster__urutan", "indikator__urutan"]
        verbose_name = _("penilaian indikator")
        verbose_name_plural = _("penilaian indikator")
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "indikator"], name="penilaian_indikator_unik"),
            models.CheckConstraint(
                condition=models.Q(skor__isnull=True) | models.Q(skor__gte=0), name="skor_penilaian_tidak_negatif"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.penilaian.tahun} · {self.indikator.kode}"

    @property
    def skor_atau_nol(self) -> Decimal:
        return self.skor or Decimal(0)


class BuktiPenilaian(Lampiran):
    """An uploaded supporting document ("data dukung") of an indicator's self-assessment."""

    upload_folder = "bukti-evaluasi"
    owner_field = "penilaian_indikator"

    penilaian_indikator = models.ForeignKey(
        PenilaianIndikator, on_delete=models.CASCADE, related_name="bukti", verbose_name=_("penilaian indikator")
    )
    keterangan = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        ordering = ["diunggah_pada", "id"]
        verbose_name = _("bukti penilaian")
        verbose_name_plural = _("bukti penilaian")


class LaporanJob(models.Model):
    """One requested report: queued, rendered by a worker, kept as a file for download."""

    class Jenis(models.TextChoices):
        EVALUASI = "evaluasi", _("Laporan Evaluasi KLA")
        RAD = "rad", _("Laporan Kemajuan RAD")
        KASUS = "kasus", _("Laporan Statistik Kasus")
        NOTULEN = "notulen", _("Notulen Rapat")
        PAKET_BUKTI = "paket_bukti", _("Paket Bukti Dukung")

    class Status(models.TextChoices):
        ANTRI = "antri", _("Dalam antrean")
        DIPROSES = "diproses", _("Sedang diproses")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")
        KEDALUWARSA = "kedaluwarsa", _("Kedaluwarsa")

    AKTIF = (Status.ANTRI, Status.DIPROSES)

    jenis = models.CharField(_("jenis laporan"), max_length=15, choices=Jenis.choices)
    parameter = models.JSONField(_("parameter"), default=dict)
    kunci = models.CharField(_("kunci permintaan"), max_length=200, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ANTRI)
    bab_tertutup = models.JSONField(
        _("bab yang tidak disertakan"),
        default=list,
        blank=True,
        help_text=_("Bab yang datanya tidak boleh dibaca peminta; laporan dibuat tanpa bab ini."),
    )
    pesan_galat = models.TextField(_("pesan galat"), blank=True)
    diminta_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diminta oleh"),
        help_text=_("Kosong bila dibuat oleh jadwal otomatis."),
    )
    pengikut = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("pengikut"),
        help_text=_("Pengguna lain yang meminta laporan yang sama selagi laporan ini dibuat."),
    )
    diminta_pada = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    mulai_pada = models.DateTimeField(_("mulai diproses"), null=True, blank=True)
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    percobaan = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    dikirim_pada = models.DateTimeField(_("terakhir dikirim ke antrean"), null=True, blank=True)
    antrean_gagal = models.BooleanField(
        _("gagal masuk antrean"), default=False, help_text=_("Antrean tidak tersedia saat laporan diminta.")
    )
    pekerja = models.CharField(
        _("pekerja"), max_length=200, blank=True, help_text=_("Nama node Celery yang terakhir memproses laporan ini.")
    )
    berkas = models.FileField(
        _("berkas"), upload_to=RandomName("laporan"), storage=private_storage, max_length=200, blank=True
    )
    nama_berkas = models.CharField(_("nama berkas"), max_length=200, blank=True)
    ukuran = models.PositiveIntegerField(_("ukuran (byte)"), default=0)

    class Meta:
        ordering = ["-diminta_pada", "-id"]
        verbose_name = _("permintaan laporan")
        verbose_name_plural = _("permintaan laporan")
        indexes = [models.Index(fields=["status", "mulai_pada"]), models.Index(fields=["diminta_oleh", "diminta_pada"])]
        constraints = [
            # The database, not only the service, guarantees one render per identical pending request.
            models.UniqueConstraint(
                fields=["kunci"],
                condition=models.Q(status__in=["antri", "diproses"]),
                name="laporan_satu_aktif_per_permintaan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} #{self.pk}"

    @property
    def aktif(self) -> bool:
        return self.status in self.AKTIF
