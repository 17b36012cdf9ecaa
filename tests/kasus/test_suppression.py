"""Small-cell suppression: hand-counted tables where the hidden cells must stay unrecoverable."""

import itertools

import pytest

from kasus.suppression import AMBANG, suppress, tabel_build


def recoverable(values: list[int], hidden: set[int], withheld: bool) -> bool:
    """Brute force, as a reader would: every assignment consistent with what is shown.

    A primary cell (1..2) is recoverable when all consistent assignments give it one value.
    Complementary cells range from 3 to the smallest visible non-zero cell.
    """
    if not hidden or withheld:
        return False
    visible = [v for i, v in enumerate(values) if i not in hidden and v > 0]
    upper = min(visible) if visible else 30
    hidden_sum = sum(values[i] for i in hidden)
    order = sorted(hidden)
    ranges = [range(1, AMBANG) if 0 < values[i] < AMBANG else range(AMBANG, upper + 1) for i in order]
    seen = {i: set() for i in order if 0 < values[i] < AMBANG}
    for combo in itertools.product(*ranges):
        if sum(combo) == hidden_sum:
            for i, v in zip(order, combo, strict=True):
                if i in seen:
                    seen[i].add(v)
    return any(len(options) < 2 for options in seen.values())


@pytest.mark.parametrize(
    ("values", "expected_hidden", "expected_withheld"),
    [
        ([10, 7, 5], set(), False),  # nothing small
        ([0, 7, 5], set(), False),  # zeros describe nobody
        ([2, 7, 5], {0, 2}, False),  # one small cell: the smallest other cell joins it
        ([1, 2, 9], {0, 1}, False),  # hidden sum 3 splits as (1,2) or (2,1)
        ([1, 3], {0, 1}, True),  # 1+3=4 only splits as (1,3): the breakdown is withheld
        # 2+4 with a visible 4 bounds the partner at 4: only (2,4) fits, so the next 4 joins.
        ([2, 4, 4, 9], {0, 1, 2}, False),
        ([1, 1, 8, 8], {0, 1, 2}, False),  # (1,1) sums to 2 = only one split
        # With any 6 visible the hidden 6s are bounded and 2+2 is recoverable.
        ([2, 2, 6, 6, 6], {0, 1, 2, 3, 4}, False),
        ([1, 0], {0, 1}, True),  # a total of 1 is itself a small cell
        ([2, 0, 5], {0, 2}, False),  # zeros are never complementary cells, so they bound nothing
    ],
)
def test_hand_counted_tables(values, expected_hidden, expected_withheld):
    hidden, withheld = suppress(values, with_total=True)
    assert hidden == expected_hidden
    assert withheld == expected_withheld
    assert not recoverable(values, hidden, withheld)


def test_every_small_table_is_safe_by_brute_force():
    for size in (2, 3, 4):
        for values in itertools.product(range(0, 7), repeat=size):
            hidden, withheld = suppress(list(values), with_total=True)
            assert {i for i, v in enumerate(values) if 0 < v < AMBANG} <= hidden
            assert not recoverable(list(values), hidden, withheld), values


def test_without_a_total_only_small_cells_are_hidden():
    hidden, withheld = suppress([2, 7, 5], with_total=False)
    assert (hidden, withheld) == ({0}, False)


def test_display_marks_small_and_complementary_cells_differently():
    tabel = tabel_build("Uji", [("A", 2), ("B", 7), ("C", 5)], with_total=True, suppressed=True)
    assert [b.tampil for b in tabel.baris] == ["<3", "7", "*"]
    assert tabel.total.tampil == "14"
    assert tabel.disamarkan


def test_case_workers_see_exact_counts():
    tabel = tabel_build("Uji", [("A", 2), ("B", 7), ("C", 5)], with_total=True, suppressed=False)
    assert [b.tampil for b in tabel.baris] == ["2", "7", "5"]
    assert not tabel.disamarkan


def test_a_breakdown_that_cannot_be_protected_is_withheld_entirely():
    tabel = tabel_build("Uji", [("A", 1), ("B", 3), ("C", 0)], with_total=True, suppressed=True)
    assert [b.tampil for b in tabel.baris] == ["–", "–", "–"]
    assert tabel.total.tampil == "4"


def recoverable_at_least(values: list[int], hidden: set[int], minimum: int) -> bool:
    """Brute force for overlapping cells (cases per type): each at most `minimum`, together at least it."""
    visible = [v for i, v in enumerate(values) if i not in hidden and v > 0]
    upper = min([*visible, minimum])
    shown = sum(v for i, v in enumerate(values) if i not in hidden)
    order = sorted(hidden)
    ranges = [range(1, AMBANG) if 0 < values[i] < AMBANG else range(AMBANG, upper + 1) for i in order]
    seen = {i: set() for i in order if 0 < values[i] < AMBANG}
    for combo in itertools.product(*ranges):
        if shown + sum(combo) >= minimum:
            for i, v in zip(order, combo, strict=True):
                if i in seen:
                    seen[i].add(v)
    return any(len(options) < 2 for options in seen.values())


def test_overlapping_cells_stay_ambiguous_under_the_published_number_of_cases():
    for minimum in range(3, 7):
        for values in itertools.product(range(0, minimum + 1), repeat=3):
            if sum(values) < minimum:
                continue
            hidden, withheld = suppress(list(values), with_total=False, minimum=minimum)
            assert withheld or not recoverable_at_least(list(values), hidden, minimum), (values, minimum)


def test_a_lone_small_type_beside_the_number_of_cases_takes_a_partner():
    # 5 cases, fisik 3 and seksual 2: "seksual >= 5 - 3" alone would give 2 away.
    hidden, withheld = suppress([3, 2, 0], with_total=False, minimum=5)
    assert (hidden, withheld) == ({0, 1}, False)


def test_a_protected_cell_is_the_last_complementary_choice():
    hidden, _ = suppress([5, 1, 3, 4], with_total=True, protect=frozenset({0}))
    assert 0 not in hidden and 1 in hidden
