"""Events of gugus_tugas, which sits below this app and cannot call it: a follow-up for an OPD to act on,
and a meeting invitation.

Both are news once the meeting is published (nobody outside the secretariat can open a draft).
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gugus_tugas.models import Rapat, TindakLanjut, Undangan

from .models import Notifikasi
from .selectors import operator_opd_list, pengguna_opd_list
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
    _undangan_notify(instance, opd_ids=instance.undangan.values_list("opd_id", flat=True))


def _undangan_notify(rapat: Rapat, *, opd_ids) -> None:
    """The invited organisations' accounts are told; the e-mail carries the calendar entry (.ics)."""
    # A meeting already under way or past is no invitation any more (seeded history, late entries).
    if rapat.status != Rapat.Status.TERJADWAL or rapat.mulai <= timezone.now():
        return
    notifikasi_create(
        penerima=pengguna_opd_list(opd_ids=set(opd_ids)),
        jenis=Notifikasi.Jenis.UNDANGAN_RAPAT,
        judul=_("Undangan rapat: %(judul)s, %(waktu)s, %(tempat)s")
        % {
            "judul": rapat.judul[:100],
            "waktu": date_format(timezone.localtime(rapat.mulai), "DATETIME_FORMAT"),
            "tempat": rapat.tempat[:60],
        },
        tautan=reverse("gugus_tugas:rapat_detail", args=[rapat.pk]),
        kunci=f"rapat:{rapat.pk}",
        sekali=True,
    )


@receiver(post_save, sender=Undangan, dispatch_uid="notifikasi_undangan")
def _undangan_disimpan(sender, instance, created=False, raw=False, **kwargs):
    # An organisation invited to a meeting already published; those of a draft hear when it is published.
    if created and not raw:
        # Read again: the caller's copy of the meeting may predate its publication.
        _undangan_notify(Rapat.objects.get(pk=instance.rapat_id), opd_ids=[instance.opd_id])
