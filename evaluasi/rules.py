"""Who may read and fill the self-assessment, finalise a year, and request and download each report kind."""

import rules

from gugus_tugas.rules import (
    is_admin_sekretariat,
    is_koordinator_klaster,
    is_pelaksana_kla,
    is_petugas_kasus,
    is_pimpinan,
)


def _klaster_id(obj) -> int | None:
    """The cluster of an indicator, an indicator's assessment, or an evidence file of one."""
    if hasattr(obj, "penilaian_indikator"):
        obj = obj.penilaian_indikator
    if hasattr(obj, "indikator"):
        obj = obj.indikator
    return getattr(obj, "klaster_id", None)


@rules.predicate
def is_own_klaster(user, obj) -> bool:
    if obj is None:
        return False
    return user.klaster_id is not None and _klaster_id(obj) == user.klaster_id


@rules.predicate
def may_read_report_kind(user, jenis) -> bool:
    """Each report kind follows the permission of the data inside it; jobs pass their kind."""
    jenis = getattr(jenis, "jenis", jenis)
    needed = {
        "evaluasi": "evaluasi.lihat_evaluasi",
        "rad": "rad_kla.lihat_rad",
        "kasus": "kasus.lihat_statistik",
        "notulen": "gugus_tugas.lihat_rapat",
        "paket_bukti": "evaluasi.unduh_paket_bukti",
    }.get(jenis)
    return needed is not None and user.has_perm(needed)


# Chapters of a report kind whose data not every reader of the kind may read, with the permission
# each needs. A report rendered for a requester leaves out the chapters they may not read.
BAB_BERIZIN = {
    "evaluasi": {"kasus": "kasus.lihat_statistik"},
    "paket_bukti": {"kasus": "kasus.lihat_statistik"},
}


def bab_tertutup_list(*, user, jenis: str) -> list[str]:
    """The chapters of a report kind the user may not read, sorted; None (the scheduler) reads every chapter."""
    if user is None:
        return []
    return sorted(bab for bab, perm in BAB_BERIZIN.get(jenis, {}).items() if not user.has_perm(perm))


@rules.predicate
def may_read_report_chapters(user, job) -> bool:
    """A rendered job holds no chapter the user may not read; a kind alone (no job yet) has no chapters."""
    if job is None or not hasattr(job, "bab_tertutup"):
        return True
    return set(bab_tertutup_list(user=user, jenis=job.jenis)) <= set(job.bab_tertutup)


rules.add_perm("evaluasi.lihat_evaluasi", is_admin_sekretariat | is_pimpinan | is_koordinator_klaster)
rules.add_perm("evaluasi.isi_penilaian", is_admin_sekretariat | (is_koordinator_klaster & is_own_klaster))
rules.add_perm("evaluasi.finalisasi_penilaian", is_admin_sekretariat)
# /laporan/ is open to every role that may read at least one kind: an Operator OPD the RAD progress
# and minutes, a Petugas Kasus the aggregated case statistics (ARCHITECTURE.md roles).
rules.add_perm("evaluasi.lihat_laporan", is_pelaksana_kla | is_petugas_kasus)
rules.add_perm("evaluasi.minta_laporan", may_read_report_kind)
rules.add_perm("evaluasi.lihat_semua_laporan", is_admin_sekretariat)
# A kind's readers may download any finished report of that kind (reports hold no personal data), as
# long as it was rendered without the chapters they may not read.
rules.add_perm("evaluasi.unduh_laporan", may_read_report_kind & may_read_report_chapters)
# Evidence files of the self-assessment: the cluster's coordinator, the secretariat, and the Pimpinan
# (who has them all in the evidence pack anyway); not the coordinators of other clusters.
rules.add_perm(
    "evaluasi.unduh_bukti_penilaian", is_admin_sekretariat | is_pimpinan | (is_koordinator_klaster & is_own_klaster)
)
rules.add_perm("evaluasi.unduh_paket_bukti", is_admin_sekretariat | is_pimpinan)
