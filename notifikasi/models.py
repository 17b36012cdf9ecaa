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
    email_terkirim_pada = models.DateTimeField(_("e-mail terkirim pada"), null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        constraints = [
            models.UniqueConstraint(fields=["penerima", "jenis", "kunci", "hari"], name="notifikasi_satu_per_hari")
        ]
        indexes = [models.Index(fields=["penerima", "dibaca_pada"], name="notifikasi_belum_dibaca")]

    def __str__(self) -> str:
        return f"{self.penerima_id}: {self.judul}"
