"""Role predicates shared by every app above this one, and the organisation's and meetings' permissions."""

import rules

from klaster.rules import has_peran

from .models import Peran, Rapat


def _peran_is(peran: str):
    @rules.predicate(name=f"is_{peran}")
    def predicate(user) -> bool:
        return getattr(user, "peran", "") == peran

    return predicate


is_admin_sekretariat = _peran_is(Peran.ADMIN_SEKRETARIAT)
is_pimpinan = _peran_is(Peran.PIMPINAN)
is_koordinator_klaster = _peran_is(Peran.KOORDINATOR_KLASTER)
is_operator_opd = _peran_is(Peran.OPERATOR_OPD)
is_petugas_kasus = _peran_is(Peran.PETUGAS_KASUS)

# Everyone who works on the plan and the meetings; case workers work only on cases.
is_pelaksana_kla = is_admin_sekretariat | is_pimpinan | is_koordinator_klaster | is_operator_opd

rules.add_perm("gugus_tugas.lihat_gugus_tugas", has_peran)
rules.add_perm("gugus_tugas.kelola_pengguna", is_admin_sekretariat)
# OPDs with their other names, wilayah (pages and sheets) and the region profile: the secretariat keeps the
# master data.
rules.add_perm("gugus_tugas.kelola_data_master", is_admin_sekretariat)
rules.add_perm("gugus_tugas.lihat_rapat", is_pelaksana_kla)
rules.add_perm("gugus_tugas.lihat_tindak_lanjut", is_pelaksana_kla)


@rules.predicate
def is_opd_pemilik(user, tindak_lanjut) -> bool:
    """The follow-up belongs to the user's own OPD."""
    if tindak_lanjut is None:
        return False
    return user.opd_id is not None and tindak_lanjut.opd_id == user.opd_id


@rules.predicate
def is_rapat_terbit(user, rapat) -> bool:
    """Drafts are the secretariat's working copies; everyone else sees scheduled and closed meetings."""
    return rapat is not None and rapat.status != Rapat.Status.DRAFT


rules.add_perm("gugus_tugas.kelola_rapat", is_admin_sekretariat)
# The audit trail of a meeting names who changed what; the secretariat answers for the record.
rules.add_perm("gugus_tugas.lihat_riwayat_rapat", is_admin_sekretariat)
rules.add_perm("gugus_tugas.buka_rapat", is_admin_sekretariat | (is_pelaksana_kla & is_rapat_terbit))
rules.add_perm("gugus_tugas.tindak_lanjut_saya", is_operator_opd)
rules.add_perm("gugus_tugas.perbarui_tindak_lanjut", is_admin_sekretariat | (is_operator_opd & is_opd_pemilik))
