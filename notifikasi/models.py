"""In-app notifications with their e-mail: a short text and a link, never a victim identity or a case narrative."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notifikasi(models.Model):
    class Jenis(models.TextChoices):
        REALISASI_DIAJUKAN = "realisasi_diajukan", _("Realisasi diajukan")
        REALISASI_DIKEMBALIKAN = "realisasi_dikembalikan", _("Realisasi dikembalikan")
        REALISASI_DIVERIFIKASI = "realisasi_diverifikasi", _("Realisasi diverifikasi")
        TINDAK_LANJUT_BARU = "tindak_lanjut_baru", _("Tindak lanjut baru")
        LAPORAN_SIAP = "laporan_siap", _("Laporan siap")
        PERIODE_DIBUKA = "periode_dibuka", _("Periode pelaporan dibuka")
        BATAS_LAPOR = "batas_lapor", _("Batas pelaporan mendekat")
        TINDAK_LANJUT_JATUH_TEMPO = "tindak_lanjut_jatuh_tempo", _("Tindak lanjut jatuh tempo")
        TINDAK_LANJUT_TERLAMBAT = "tindak_lanjut_terlambat", _("Tindak lanjut terlambat")
        LAPORAN_RAD_BULANAN = "laporan_rad_bulanan", _("Laporan RAD bulanan siap")
        UNDANGAN_RAPAT = "undangan_rapat", _("Undangan rapat")

    class StatusEmail(models.TextChoices):
        TIDAK = "tidak", _("Tidak dikirim")
        ANTRI = "antri", _("Dalam antrean")
        RINGKASAN = "ringkasan", _("Menunggu ringkasan harian")
        TERKIRIM = "terkirim", _("Terkirim")
        GAGAL = "gagal", _("Gagal")

    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi", verbose_name=_("penerima")
    )
    jenis = models.CharField(_("jenis"), max_length=30, choices=Jenis.choices)
    judul = models.CharField(_("judul"), max_length=200)
    tautan = models.CharField(_("tautan"), max_length=300)
    # What it is about ("realisasi:12"): one notification per recipient, kind, object and day.
    kunci = models.CharField(_("kunci objek"), max_length=100)
    hari = models.DateField(_("hari"))
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    dibaca_pada = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    # The e-mail's log: decided when the notification is made (preferences), then each attempt.
    email_status = models.CharField(
        _("status e-mail"), max_length=10, choices=StatusEmail.choices, default=StatusEmail.TIDAK
    )
    email_percobaan = models.PositiveSmallIntegerField(_("percobaan kirim e-mail"), default=0)
    email_galat = models.CharField(_("galat e-mail terakhir"), max_length=300, blank=True)
    email_terkirim_pada = models.DateTimeField(_("e-mail terkirim pada"), null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        constraints = [
            models.UniqueConstraint(fields=["penerima", "jenis", "kunci", "hari"], name="notifikasi_satu_per_hari")
        ]
        indexes = [
            models.Index(fields=["penerima", "dibaca_pada"], name="notifikasi_belum_dibaca"),
            models.Index(
                fields=["penerima", "hari"],
                condition=models.Q(email_status="ringkasan"),
                name="notifikasi_ringkasan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.penerima_id}: {self.judul}"


class PengaturanNotifikasi(models.Model):
    """A user's e-mail choices: one daily summary instead of one e-mail each. No row: the defaults."""

    pengguna = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pengaturan_notifikasi",
        verbose_name=_("pengguna"),
    )
    ringkasan_harian = models.BooleanField(
        _("ringkasan harian"),
        default=False,
        help_text=_("Satu e-mail setiap pagi pukul 07.00 berisi notifikasi hari sebelumnya."),
    )

    class Meta:
        verbose_name = _("pengaturan notifikasi")
        verbose_name_plural = _("pengaturan notifikasi")

    def __str__(self) -> str:
        return str(self.pengguna)


class PreferensiNotifikasi(models.Model):
    """Whether a user gets the e-mail of one kind; in the app every notification is always shown. No row: e-mail on."""

    pengguna = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preferensi_notifikasi",
        verbose_name=_("pengguna"),
    )
    jenis = models.CharField(_("jenis"), max_length=30, choices=Notifikasi.Jenis.choices)
    email = models.BooleanField(_("kirim e-mail"), default=True)

    class Meta:
        ordering = ["pengguna", "jenis"]
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")
        constraints = [models.UniqueConstraint(fields=["pengguna", "jenis"], name="preferensi_satu_per_jenis")]

    def __str__(self) -> str:
        return f"{self.pengguna_id}: {self.jenis}"
