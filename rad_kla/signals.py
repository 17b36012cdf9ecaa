"""Keep ProgresTahunan current: every save or delete of what an action's progress derives from refreshes it.

The receivers run in the transaction of the write. Bulk writes (the RAD import, the demo seeder) send no
signals and call rad_kla.progres.progres_refresh themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import PeriodePelaporan, Realisasi, RencanaAksi, TargetTahunan
from .progres import progres_refresh, rekap_refresh

# A period's change matters to progress only through these fields.
PERIODE_BERPENGARUH = {"tahun", "jenis", "nomor", "selesai"}
# And to the completeness of its reports through these (which actions are due, what is on time).
PERIODE_KELENGKAPAN = {"tahun", "batas_lapor"}


def _dari_aksi(origin) -> bool:
    """Whether a delete cascades from deleting actions (whose progress rows go with them)."""
    model = getattr(origin, "model", None) or type(origin)
    return model is RencanaAksi


@receiver(post_save, sender=Realisasi, dispatch_uid="progres_realisasi_save")
@receiver(post_save, sender=TargetTahunan, dispatch_uid="progres_target_save")
def _baris_disimpan(sender, instance, raw=False, **kwargs):
    if not raw:
        progres_refresh([instance.rencana_aksi_id])


@receiver(post_delete, sender=Realisasi, dispatch_uid="progres_realisasi_delete")
@receiver(post_delete, sender=TargetTahunan, dispatch_uid="progres_target_delete")
def _baris_dihapus(sender, instance, origin=None, **kwargs):
    if not _dari_aksi(origin):
        progres_refresh([instance.rencana_aksi_id])


@receiver(post_save, sender=RencanaAksi, dispatch_uid="progres_aksi_save")
def _aksi_disimpan(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    # A new action has no target or report yet; a saved one may have changed direction.
    if raw or created:
        return
    if update_fields is None or {"arah", "aktif", "indikator", "opd"} & set(update_fields):
        progres_refresh([instance.pk])
    # Moved to another indicator or OPD: the roll-ups it left no longer count it.
    indikator_id, opd_id = getattr(instance, "_rekap_asal", (None, None))
    lama_indikator = {indikator_id} - {instance.indikator_id, None}
    lama_opd = {opd_id} - {instance.opd_id, None}
    if lama_indikator or lama_opd:
        rekap_refresh(indikator_ids=lama_indikator, opd_ids=lama_opd)
    instance._rekap_asal = (instance.indikator_id, instance.opd_id)


@receiver(post_delete, sender=RencanaAksi, dispatch_uid="progres_aksi_delete")
def _aksi_dihapus(sender, instance, **kwargs):
    # Its progress rows went with it (cascade); the roll-ups that counted it are summed again.
    rekap_refresh(indikator_ids=[instance.indikator_id], opd_ids=[instance.opd_id])


@receiver(post_save, sender=PeriodePelaporan, dispatch_uid="progres_periode_save")
def _periode_disimpan(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created or update_fields is None or PERIODE_KELENGKAPAN & set(update_fields):
        # A new period is due from every OPD with targets that year; the deadline decides what is on time.
        rekap_refresh(indikator_ids=(), opd_ids=None)
    if created or (update_fields is not None and not PERIODE_BERPENGARUH & set(update_fields)):
        return
    progres_refresh(Realisasi.objects.filter(periode=instance).values_list("rencana_aksi_id", flat=True))
