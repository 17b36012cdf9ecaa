"""The abstract attachment every uploaded evidence file or document inherits: stored file and what is known of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .storage import RandomName, private_storage


def attachment_upload_to(instance: "Lampiran", filename: str) -> str:
    """A random name in the folder the concrete attachment class names (`upload_folder`)."""
    return RandomName(instance.upload_folder)(instance, filename)


class Lampiran(models.Model):
    """A file under a random name in the private storage, with its original name, type, size, uploader and time.

    A concrete class adds the foreign key to what it belongs to and names it in `owner_field`, and
    names its storage folder in `upload_folder`; `core.attachments.attachment_add` fills the rest.
    """

    upload_folder: str
    owner_field: str

    berkas = models.FileField(_("berkas"), upload_to=attachment_upload_to, storage=private_storage, max_length=200)
    nama_asli = models.CharField(_("nama berkas"), max_length=255)
    jenis_konten = models.CharField(_("jenis konten"), max_length=100)
    ukuran = models.PositiveIntegerField(_("ukuran (byte)"))
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("diunggah oleh")
    )
    diunggah_pada = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.nama_asli
