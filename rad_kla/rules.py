"""Who may read the RAD, write an OPD's realisations and follow-up links, verify a cluster's, and manage the plan."""

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


rules.add_perm("rad_kla.lihat_rad", is_pelaksana_kla)
rules.add_perm("rad_kla.kelola_rad", is_admin_sekretariat)
rules.add_perm("rad_kla.isi_realisasi", is_admin_sekretariat | (is_operator_opd & is_own_opd))
rules.add_perm("rad_kla.tautkan_tindak_lanjut", is_admin_sekretariat | (is_operator_opd & is_own_opd))
rules.add_perm("rad_kla.verifikasi_realisasi", is_admin_sekretariat | (is_koordinator_klaster & is_own_klaster))
