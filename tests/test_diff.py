"""What a sync counts as changed in an owned tab: cells compared as a sheet shows them."""

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sheets_sync.model import PAIRINGS, Table
from sheets_sync.outputs.diff import TabChange, _same_cells, diff
from sheets_sync.outputs.layout import HEADERS

HEADER = HEADERS[PAIRINGS]


def table(*rows: list) -> Table:
    return Table(PAIRINGS, list(HEADER), [list(r) for r in rows])


def test_equal_values_written_differently_are_unchanged() -> None:
    old = table(["P-1", 3, dt.datetime(2026, 12, 1), None, "x"])
    new = table(["P-1", 3.0, dt.date(2026, 12, 1), "", "x", None])
    assert diff(PAIRINGS, old, new) == TabChange()


def test_true_is_not_one() -> None:
    # TRUE and 1 are equal as Python values but not as cells.
    for truth in (True, np.bool_(True)):
        old, new = table(["P-1", 1]), table(["P-1", truth])
        assert diff(PAIRINGS, old, new) == TabChange(changed=1)
        assert diff(PAIRINGS, new, old) == TabChange(changed=1)


def test_rows_only_put_in_another_order_are_unchanged() -> None:
    # A coordinator who sorts a tab by hand keeps the order until something in it changes.
    old = table(["P-1", "a"], ["P-2", "b"])
    new = table(["P-2", "b"], ["P-1", "a"])
    assert diff(PAIRINGS, old, new) == TabChange()


def test_rows_added_changed_and_removed() -> None:
    old = table(["P-1", "a"], ["P-2", "b"])
    new = table(["P-1", "a"], ["P-2", "c"], ["P-3", "d"])
    assert diff(PAIRINGS, old, new) == TabChange(added=1, changed=1)
    assert diff(PAIRINGS, new, old) == TabChange(changed=1, removed=1)


CELLS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.0, 1.0, 2.5]),
                  st.sampled_from(["", "1", "TRUE", "a", " a"]),
                  st.sampled_from([dt.date(2026, 1, 1), dt.datetime(2026, 1, 1)]))
ROWS = st.lists(st.lists(CELLS, max_size=4), min_size=1, max_size=3)


@given(ROWS, ROWS)
def test_same_cells_exactly_when_every_cell_reads_the_same(old_rows: list, new_rows: list
                                                           ) -> None:
    old, new = table(*old_rows), table(*new_rows)
    assert _same_cells(old, new) == (old.keys() == new.keys())


@given(ROWS, ROWS)
def test_unchanged_when_every_row_reads_the_same_in_any_order(old_rows: list, new_rows: list
                                                               ) -> None:
    old, new = table(*old_rows), table(*new_rows)
    unchanged = diff(PAIRINGS, old, new) == TabChange()
    if old.keys() == new.keys():
        assert unchanged
    if unchanged:
        assert old.keys()[0] == new.keys()[0] and sorted(old.keys()) == sorted(new.keys())
