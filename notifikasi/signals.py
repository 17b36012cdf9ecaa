"""Events of gugus_tugas, which sits below this app and cannot call it: a follow-up for an OPD to act on.

A follow-up is news for its OPD once its meeting is published (the operators cannot open a draft's).
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from gugus_tugas.models import Rapat, TindakLanjut

from .models import Notifikasi
from .selectors import operator_opd_list
from .services import notifikasi_create


def _tindak_lanjut_notify(item: TindakLanjut) -> None:
    if item.opd_id is None or item.status == TindakLanjut.Status.SELESAI:
        return
    notifikasi_create(
        penerima=operator_opd_list(opd=item.opd_id),
        jenis=Notifikasi.Jenis.TINDAK_LANJUT_BARU,
        judul=_("Tindak lanjut rapat untuk OPD Anda, batas %(batas)s: %(uraian)s")
        % {"batas": item.batas_waktu.strftime("%d-%m-%Y"), "uraian": item.uraian[:120]},
        tautan=reverse("gugus_tugas:tindak_lanjut_detail", args=[item.pk]),
        kunci=f"tindak_lanjut:{item.pk}",
        sekali=True,
    )


@receiver(post_save, sender=TindakLanjut, dispatch_uid="notifikasi_tindak_lanjut")
def _tindak_lanjut_disimpan(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and instance.rapat.status != Rapat.Status.DRAFT:
        _tindak_lanjut_notify(instance)


@receiver(pre_save, sender=Rapat, dispatch_uid="notifikasi_rapat_sebelum")
def _rapat_akan_disimpan(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        instance._status_tersimpan = Rapat.objects.filter(pk=instance.pk).values_list("status", flat=True).first()


@receiver(post_save, sender=Rapat, dispatch_uid="notifikasi_rapat")
def _rapat_disimpan(sender, instance, raw=False, **kwargs):
    # Only when a draft is published: its follow-ups become visible to their OPDs.
    if (
        raw
        or instance.status == Rapat.Status.DRAFT
        or getattr(instance, "_status_tersimpan", None) != Rapat.Status.DRAFT
    ):
        return
    for item in instance.tindak_lanjut.exclude(status=TindakLanjut.Status.SELESAI):
        _tindak_lanjut_notify(item)
