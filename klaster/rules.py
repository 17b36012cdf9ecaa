"""Who may read the KLA framework (every account that has a role) and who loads its weights (the secretariat)."""

import rules


@rules.predicate
def has_peran(user) -> bool:
    return bool(getattr(user, "peran", ""))


rules.add_perm("klaster.lihat_kerangka", has_peran)

# The organisation's value for the secretariat role (gugus_tugas.models.Peran.ADMIN_SEKRETARIAT),
# written out because this app sits below the one that defines roles.
PERAN_SEKRETARIAT = "admin_sekretariat"


@rules.predicate
def is_sekretariat(user) -> bool:
    return getattr(user, "peran", "") == PERAN_SEKRETARIAT


rules.add_perm("klaster.kelola_bobot", is_sekretariat)
