"""Who may see, record and reveal case records, read the access log and the aggregated statistics.

The Admin Sekretariat reads case pages with identities masked, deletes with a reason, exports the
non-identifying SIMFONI-PPA fields and reads the access log, but never reveals a victim's
identity: only case workers have a lawful need to know it (UU 27/2022), so only they may.
"""

import rules

from gugus_tugas.rules import is_admin_sekretariat, is_koordinator_klaster, is_petugas_kasus, is_pimpinan
from klaster.models import KODE_KLASTER_PERLINDUNGAN_KHUSUS


@rules.predicate
def coordinates_perlindungan_khusus(user) -> bool:
    klaster = getattr(user, "klaster", None)
    return klaster is not None and klaster.kode == KODE_KLASTER_PERLINDUNGAN_KHUSUS


rules.add_perm("kasus.lihat_kasus", is_petugas_kasus | is_admin_sekretariat)
rules.add_perm("kasus.kelola_kasus", is_petugas_kasus)
rules.add_perm("kasus.tampilkan_identitas", is_petugas_kasus)
rules.add_perm("kasus.hapus_kasus", is_petugas_kasus | is_admin_sekretariat)
rules.add_perm("kasus.ekspor_kasus", is_petugas_kasus | is_admin_sekretariat)
rules.add_perm("kasus.lihat_log_akses", is_admin_sekretariat)
rules.add_perm(
    "kasus.lihat_statistik",
    is_petugas_kasus | is_admin_sekretariat | is_pimpinan | (is_koordinator_klaster & coordinates_perlindungan_khusus),
)
# Case workers already see every case, so small cells tell them nothing new; everyone else
# gets suppressed figures.
rules.add_perm("kasus.lihat_statistik_rinci", is_petugas_kasus)
