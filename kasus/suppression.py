"""Small-cell suppression for published case counts, so no small count is recoverable from a table.

Cells of 1 or 2 are primary suppressed and shown as "<3". A reader who knows the table total can
subtract the visible cells and learn the sum of the hidden ones, so more cells are hidden
(complementary suppression, smallest first, shown as "*") until every primary cell could still
be 1 or 2 given that sum. The check assumes the reader knows the rule: a primary cell lies in
1..2, a complementary one in 3..(smallest visible non-zero cell). When even hiding every non-zero cell is
not enough, the whole breakdown is withheld ("–" in every cell, zeros included), because the
same total is printed in other tables of the page and hiding it here alone would not help.
Zeros otherwise stay visible: they describe nobody.
"""

from dataclasses import dataclass
from math import inf

AMBANG = 3
TANDA_KECIL = "<3"
TANDA_DISAMARKAN = "*"
TANDA_DITAHAN = "–"


@dataclass(frozen=True)
class Baris:
    label: str
    tampil: str


@dataclass(frozen=True)
class Tabel:
    judul: str
    baris: list[Baris]
    total: Baris | None
    disamarkan: bool
    catatan: str = ""


def _bounds(i: int, primary: set[int], upper: float) -> tuple[float, float]:
    return (1, AMBANG - 1) if i in primary else (AMBANG, upper)


def _safe(values: list[int], primary: set[int], hidden: set[int]) -> bool:
    hidden_sum = sum(values[i] for i in hidden)
    visible = [v for i, v in enumerate(values) if i not in hidden and v > 0]
    upper = min(visible) if visible else inf
    for i in primary:
        others = [_bounds(j, primary, upper) for j in hidden if j != i]
        low = sum(lo for lo, _ in others)
        high = sum(hi for _, hi in others)
        for candidate in range(1, AMBANG):
            if not low <= hidden_sum - candidate <= high:
                return False
    return True


def _safe_at_least(values: list[int], primary: set[int], hidden: set[int], minimum: int) -> bool:
    """For a table whose cells may overlap (a case with several types) but sum to at least `minimum`.

    The published minimum (the number of cases) gives a lower bound on the hidden cells' sum;
    every primary cell must still be able to be 1 as well as 2 under that bound.
    """
    visible = [v for i, v in enumerate(values) if i not in hidden and v > 0]
    upper = min([*visible, minimum]) if visible else minimum
    shown = sum(v for i, v in enumerate(values) if i not in hidden)
    for i in primary:
        others = sum(AMBANG - 1 if j in primary else upper for j in hidden if j != i)
        if shown + 1 + others < minimum:
            return False
    return True


def suppress(
    values: list[int],
    *,
    with_total: bool,
    protect: frozenset[int] = frozenset(),
    minimum: int | None = None,
) -> tuple[set[int], bool]:
    """Indexes of the cells to hide, and whether the whole breakdown must be withheld.

    `protect`: cells that are printed elsewhere as a total, chosen as complementary cells only
    when nothing else is left. `minimum`: for a table without a total whose cells may overlap,
    a published lower bound on their sum.
    """
    primary = {i for i, v in enumerate(values) if 0 < v < AMBANG}
    hidden = set(primary)

    def safe() -> bool:
        if with_total:
            return _safe(values, primary, hidden)
        if minimum is not None:
            return _safe_at_least(values, primary, hidden, minimum)
        return True

    if with_total and 0 < sum(values) < AMBANG:
        return set(range(len(values))), True
    while primary and not safe():
        candidates = [i for i, v in enumerate(values) if v >= AMBANG and i not in hidden]
        if not candidates:
            return set(range(len(values))), True
        hidden.add(min(candidates, key=lambda i: (i in protect, values[i], i)))
    return hidden, False


def tampil(n: int, *, hidden: bool, withheld: bool) -> str:
    """How one released cell reads."""
    if withheld:
        return TANDA_DITAHAN
    if not hidden:
        return str(n)
    return TANDA_KECIL if n < AMBANG else TANDA_DISAMARKAN


def tabel_build(
    judul: str,
    rows: list[tuple[str, int]],
    *,
    with_total: bool,
    suppressed: bool,
    catatan: str = "",
    withhold: bool = False,
    minimum: int | None = None,
) -> Tabel:
    """A display table holding only what may be shown; unsuppressed for case workers.

    `withhold` hides every cell and the total: the table's total is hidden elsewhere.
    """
    values = [n for _, n in rows]
    if not suppressed:
        hidden, withheld = set(), False
    elif withhold:
        hidden, withheld = set(range(len(values))), True
    else:
        hidden, withheld = suppress(values, with_total=with_total, minimum=minimum)
    baris = [
        Baris(label=label, tampil=tampil(n, hidden=i in hidden, withheld=withheld)) for i, (label, n) in enumerate(rows)
    ]
    total = None
    if with_total:
        n = sum(values)
        if withhold and suppressed:
            total = Baris(label="", tampil=TANDA_DITAHAN)
        else:
            total = Baris(label="", tampil=TANDA_KECIL if suppressed and 0 < n < AMBANG else str(n))
    return Tabel(judul=judul, baris=baris, total=total, disamarkan=bool(hidden), catatan=catatan)
