"""Who may read the KLA framework: every account that has a role."""

import rules


@rules.predicate
def has_peran(user) -> bool:
    return bool(getattr(user, "peran", ""))


rules.add_perm("klaster.lihat_kerangka", has_peran)
