"""Who may read the RAD and its realisations, write an OPD's realisations and follow-up links, verify a cluster's,
and manage the plan."""

import rules

from gugus_tugas.rules import is_admin_sekretariat, is_koordinator_klaster, is_operator_opd, is_pelaksana_kla

from .models import BuktiDukung, Realisasi, RencanaAksi


def _rencana(obj) -> RencanaAksi:
    """The action behind an action, a realisation or an evidence file."""
    if isinstance(obj, BuktiDukung):
        obj = obj.realisasi
    if isinstance(obj, Realisasi):
        obj = obj.rencana_aksi
    return obj


@rules.predicate
def is_own_opd(user, obj) -> bool:
    if obj is None:
        return False
    return user.opd_id is not None and _rencana(obj).opd_id == user.opd_id


@rules.predicate
def is_own_klaster(user, obj) -> bool:
    if obj is None:
        return False
    return user.klaster_id is not None and _rencana(obj).indikator.klaster_id == user.klaster_id


@rules.predicate
def is_dilaporkan(user, obj) -> bool:
    """Submitted and verified realisations are the RAD's record; drafts and returned ones are the OPD's work."""
    if isinstance(obj, BuktiDukung):
        obj = obj.realisasi
    return obj is not None and obj.status in (Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI)


# The owner OPD, the coordinator who verifies the cluster, and the secretariat work on a realisation.
is_pengolah = is_admin_sekretariat | is_own_opd | (is_koordinator_klaster & is_own_klaster)

rules.add_perm("rad_kla.lihat_rad", is_pelaksana_kla)
# The plan is open to every reader of the RAD; a draft or returned realisation only to those who work on it.
rules.add_perm("rad_kla.lihat_realisasi", is_pelaksana_kla & (is_pengolah | is_dilaporkan))
# Evidence files may hold names and photos: only those who work on the realisation, whatever its status.
rules.add_perm("rad_kla.unduh_bukti", is_pelaksana_kla & is_pengolah)
rules.add_perm("rad_kla.kelola_rad", is_admin_sekretariat)
rules.add_perm("rad_kla.isi_realisasi", is_admin_sekretariat | (is_operator_opd & is_own_opd))
rules.add_perm("rad_kla.tautkan_tindak_lanjut", is_admin_sekretariat | (is_operator_opd & is_own_opd))
rules.add_perm("rad_kla.verifikasi_realisasi", is_admin_sekretariat | (is_koordinator_klaster & is_own_klaster))
