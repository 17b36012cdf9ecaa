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


def suppress(values: list[int], *, with_total: bool) -> tuple[set[int], bool]:
    """Indexes of the cells to hide, and whether the whole breakdown must be withheld."""
    primary = {i for i, v in enumerate(values) if 0 < v < AMBANG}
    hidden = set(primary)
    if not with_total:
        return hidden, False
    if 0 < sum(values) < AMBANG:
        return set(range(len(values))), True
    while primary and not _safe(values, primary, hidden):
        candidates = [i for i, v in enumerate(values) if v >= AMBANG and i not in hidden]
        if not candidates:
            return set(range(len(values))), True
        hidden.add(min(candidates, key=lambda i: (values[i], i)))
    return hidden, False


def tabel_build(
    judul: str, rows: list[tuple[str, int]], *, with_total: bool, suppressed: bool, catatan: str = ""
) -> Tabel:
    """A display table holding only what may be shown; unsuppressed for case workers."""
    values = [n for _, n in rows]
    hidden, withheld = suppress(values, with_total=with_total) if suppressed else (set(), False)
    baris = []
    for i, (label, n) in enumerate(rows):
        if withheld:
            tampil = TANDA_DITAHAN
        elif i not in hidden:
            tampil = str(n)
        elif n < AMBANG:
            tampil = TANDA_KECIL
        else:
            tampil = TANDA_DISAMARKAN
        baris.append(Baris(label=label, tampil=tampil))
    total = None
    if with_total:
        n = sum(values)
        total = Baris(label="", tampil=TANDA_KECIL if suppressed and 0 < n < AMBANG else str(n))
    return Tabel(judul=judul, baris=baris, total=total, disamarkan=bool(hidden), catatan=catatan)
