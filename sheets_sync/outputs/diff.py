"""Owned tabs as rows, coordinator columns carried along, and the diff against what is there."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sheets_sync.model import (
    DASHBOARD,
    FOLLOW_UPS,
    OUTBOX,
    PAIRINGS,
    PROBLEMS,
    REPORTS,
    SCHEDULE,
    SYNC_LOG,
    UNMATCHED,
    Cell,
    Sheet,
    Table,
    compare_key,
    normalise_header,
    row_keys,
)
from sheets_sync.outputs.layout import HEADERS, owned_sheet

# How rows of each owned tab are told apart, by position in the standard header.
ROW_KEYS: dict[str, tuple[int, ...]] = {
    PAIRINGS: (0,),
    SCHEDULE: (0, 1),
    FOLLOW_UPS: (0,),
    UNMATCHED: (0,),
    PROBLEMS: (0, 1, 2),
    DASHBOARD: (0,),
    REPORTS: (0,),
    SYNC_LOG: (0,),
    OUTBOX: (0,),
}


@dataclass(frozen=True)
class TabChange:
    added: int = 0
    changed: int = 0
    removed: int = 0
    new_tab: bool = False

    @property
    def any(self) -> bool:
        return self.new_tab or bool(self.added or self.changed or self.removed)

    def describe(self) -> str:
        parts = [f"{n} {word}" for n, word in ((self.added, "added"), (self.changed, "changed"),
                                               (self.removed, "removed")) if n]
        text = ", ".join(parts) or "unchanged"
        return f"new tab, {text}" if self.new_tab else text


def with_coordinator_columns(name: str, rows: list[list[Cell]], old: Table | None) -> Sheet:
    """The tab's standard columns, plus any column the coordinator added, kept with its row."""
    standard = HEADERS[name]
    if old is None:
        return owned_sheet(name, rows)
    known = {normalise_header(h) for h in standard}
    extra = [(i, h) for i, h in enumerate(old.header) if h and normalise_header(h) not in known]
    if not extra:
        return owned_sheet(name, rows)
    key_of = _key_function(name, old)
    carried = {key_of(row): [row[i] for i, _h in extra] for row in old.rows}
    new_key = _key_function(name, Table(name, standard))
    merged = [row + carried.get(new_key(row), [None] * len(extra)) for row in rows]
    return owned_sheet(name, merged, standard + [h for _i, h in extra])


def _key_function(name: str, table: Table) -> Callable[[list[Cell]], tuple[str, ...]]:
    positions = [table.column(HEADERS[name][k]) for k in ROW_KEYS[name]]

    def key(row: list[Cell]) -> tuple[str, ...]:
        return tuple(compare_key(row[p]) if p is not None and p < len(row) else ""
                     for p in positions)

    return key


def diff(name: str, old: Table | None, new: Table) -> TabChange:
    """Rows added, changed and removed, matching rows by the tab's key columns."""
    if old is None:
        return TabChange(added=len(new.rows), new_tab=True)
    if _same_cells(old, new):
        return TabChange()
    old_keys, new_keys = old.keys(), new.keys()
    old_rows, new_rows = _keyed(name, old, old_keys), _keyed(name, new, new_keys)
    added = sum(1 for k in new_rows if k not in old_rows)
    removed = sum(1 for k in old_rows if k not in new_rows)
    changed = sum(1 for k, row in new_rows.items() if k in old_rows and old_rows[k] != row)
    header_changed = old_keys[:1] != new_keys[:1]
    return TabChange(added, changed + (1 if header_changed and not changed else 0), removed)


_TRUTHS = frozenset({bool, np.bool_})


def _same_cells(old: Table, new: Table) -> bool:
    """``old.keys() == new.keys()``, without the canonical form of every cell of an unchanged
    tab: two rows equal as values are the same cells, unless either holds TRUE or FALSE
    (equal to 1 and 0 as values, not as cells)."""
    if len(old.rows) != len(new.rows):
        return False
    old_width, new_width = len(old.header), len(new.header)
    for was, now in zip((old.header, *old.rows), (new.header, *new.rows), strict=True):
        if was == now and _TRUTHS.isdisjoint(map(type, was)) and _TRUTHS.isdisjoint(
                map(type, now)):
            continue
        if row_keys(was, old_width) != row_keys(now, new_width):
            return False
    return True


def _keyed(name: str, table: Table, keys: list[list[str]]
           ) -> dict[tuple[str | int, ...], list[str]]:
    """Each data row's canonical cells by its key columns (and how many times that key came).
    The rows are canonical already, and canonical text keys as itself."""
    key_of = _key_function(name, table)
    seen: Counter[tuple[str, ...]] = Counter()
    keyed: dict[tuple[str | int, ...], list[str]] = {}
    for row in keys[1:]:
        key = key_of(row)
        seen[key] += 1
        keyed[(*key, seen[key])] = row
    return keyed
