"""Klaster, Indikator and Predikat: the KLA evaluation framework as editable reference data."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SKOR_MAKSIMUM = 1000


class Klaster(models.Model):
    kode = models.CharField(_("kode"), max_length=10, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    urutan = models.PositiveSmallIntegerField(_("urutan"), unique=True)
    deskripsi = models.TextField(_("deskripsi"), blank=True)

    class Meta:
        ordering = ["urutan"]
        verbose_name = _("klaster")
        verbose_name_plural = _("klaster")

    def __str__(self) -> str:
        return self.nama


class Indikator(models.Model):
    class Arah(models.TextChoices):
        NAIK = "naik", _("Naik lebih baik")
        TURUN = "turun", _("Turun lebih baik")

    kode = models.CharField(_("kode"), max_length=10)
    nama = models.CharField(_("nama"), max_length=300)
    klaster = models.ForeignKey(Klaster, on_delete=models.PROTECT, related_name="indikator", verbose_name=_("klaster"))
    urutan = models.PositiveSmallIntegerField(_("urutan"))
    bobot = models.DecimalField(
        _("bobot (poin maksimum)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(SKOR_MAKSIMUM)],
    )
    berlaku_mulai = models.PositiveSmallIntegerField(_("berlaku mulai tahun"))
    berlaku_sampai = models.PositiveSmallIntegerField(
        _("berlaku sampai tahun"), null=True, blank=True, help_text=_("Kosong bila masih berlaku.")
    )
    arah = models.CharField(_("arah"), max_length=5, choices=Arah.choices, default=Arah.NAIK)
    deskripsi = models.TextField(_("deskripsi"), blank=True)

    class Meta:
        ordering = ["urutan"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        constraints = [
            models.UniqueConstraint(fields=["kode", "berlaku_mulai"], name="indikator_kode_per_versi"),
            models.CheckConstraint(
                condition=models.Q(bobot__gte=0) & models.Q(bobot__lte=SKOR_MAKSIMUM),
                name="indikator_bobot_0_1000",
            ),
            models.CheckConstraint(
                condition=models.Q(berlaku_sampai__isnull=True)
                | models.Q(berlaku_sampai__gte=models.F("berlaku_mulai")),
                name="indikator_masa_berlaku_urut",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode}. {self.nama}"


class VersiKerangka(models.Model):
    """The legal basis of the evaluation over a span of years; the indicators in force then are its set."""

    nama = models.CharField(_("nama"), max_length=200)
    berlaku_mulai = models.PositiveSmallIntegerField(_("berlaku mulai tahun"), unique=True)
    berlaku_sampai = models.PositiveSmallIntegerField(
        _("berlaku sampai tahun"), null=True, blank=True, help_text=_("Kosong bila masih berlaku.")
    )
    dasar_hukum = models.TextField(
        _("dasar hukum instrumen"),
        blank=True,
        help_text=_("Peraturan yang menetapkan instrumen evaluasi; kosong bila belum diketahui."),
    )
    catatan = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["berlaku_mulai"]
        verbose_name = _("versi kerangka")
        verbose_name_plural = _("versi kerangka")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(berlaku_sampai__isnull=True)
                | models.Q(berlaku_sampai__gte=models.F("berlaku_mulai")),
                name="versi_kerangka_masa_berlaku_urut",
            ),
        ]

    def __str__(self) -> str:
        if self.berlaku_sampai:
            return f"{self.nama} ({self.berlaku_mulai}–{self.berlaku_sampai})"
        return f"{self.nama} ({self.berlaku_mulai}–)"


class Predikat(models.Model):
    """A predikat with the lowest score that earns it; the next one up bounds it from above."""

    nama = models.CharField(_("nama"), max_length=50, unique=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), unique=True)
    skor_minimum = models.DecimalField(
        _("skor minimum"),
        max_digits=7,
        decimal_places=2,
        unique=True,
        validators=[MinValueValidator(0), MaxValueValidator(SKOR_MAKSIMUM)],
    )

    class Meta:
        ordering = ["skor_minimum"]
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")

    def __str__(self) -> str:
        return self.nama


# The cluster whose coordinator also reads case statistics (special protection).
KODE_KLASTER_PERLINDUNGAN_KHUSUS = "V"
