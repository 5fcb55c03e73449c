"""Which rules of a score table set get a table (merged how), and the exceptions a coarse
table carries (see :mod:`.tables`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sheets_sync.scoring.evaluators import Evaluator
from sheets_sync.scoring.items import join_on_item


@dataclass(frozen=True)
class TableLimits:
    """When a rule gets a table and when rules share one.

    A rule keeps the per-block evaluation when it has more profiles than ``profile_share`` of
    the mentees (a table would save little) or its table would not fit in what is left of
    ``budget_bytes``. Rules of one kind are merged while their combined profiles stay within
    ``merge_profiles`` (and ``merge_share`` of the mentees): one gather instead of several.
    Below ``floor`` profiles a table is always worth it.
    """

    budget_bytes: int = 256 * 2**20
    profile_share: float = 0.5
    merge_profiles: int = 4096
    merge_share: float = 0.25
    floor: int = 64
    merge: bool = True
    full: bool = True  # False: every table compact (tests)

    def most_profiles(self, mentees: int) -> int:
        return max(self.floor, int(self.profile_share * mentees))

    def most_merged(self, mentees: int) -> int:
        return max(self.floor, min(self.merge_profiles, int(self.merge_share * mentees)))


@dataclass
class Group:
    """Rules of one kind scored through one table: profile of each mentee, one row each."""

    must: bool
    members: list[int]             # evaluator indexes
    profiles: np.ndarray           # per mentee, its row of the table
    count: int                     # rows of the table
    table: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int32))  # once built
    spread: np.ndarray | None = None  # compact: a column per mentor profile; mentor -> column
    fix: Fixes | None = None       # exceptions to a coarse Must table


@dataclass
class Fixes:
    """Values at some pairs of a table's block, by mentee: ``start[i]:start[i + 1]`` of
    ``col`` (positions among the table's mentors) and ``value``."""

    start: np.ndarray
    col: np.ndarray
    value: np.ndarray

    @classmethod
    def of(cls, i: np.ndarray, j: np.ndarray, value: np.ndarray, mentees: int, mentors: int,
           cols: np.ndarray | None) -> Fixes:
        if cols is not None:  # a mentor may stand at several positions, or at none
            entry, col = join_on_item(np.arange(j.size), j, np.arange(cols.size), cols)
            i, value = i[entry], value[entry]
        else:
            col = j
        width = max(mentors if cols is None else cols.size, 1)
        # Summed per place: Prefer rules add up; a Must rule has one entry per pair.
        keys, where = np.unique(i * width + col, return_inverse=True)
        value = np.bincount(where.ravel(), weights=value, minlength=keys.size).astype(np.int32)
        i, col = np.divmod(keys, width)
        return cls(np.searchsorted(i, np.arange(mentees + 1)), col, value)

    def _at(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row within the block, entry) of every entry of these mentees."""
        first, last = self.start[rows], self.start[rows + 1]
        count = last - first
        local = np.repeat(np.arange(rows.size), count)
        entry = np.repeat(first - (np.cumsum(count) - count), count) + np.arange(count.sum())
        return local, entry

    def add(self, rows: np.ndarray, block: np.ndarray) -> None:
        local, entry = self._at(rows)
        block[local, self.col[entry]] += self.value[entry]

    def set(self, rows: np.ndarray, block: np.ndarray) -> None:
        local, entry = self._at(rows)
        block[local, self.col[entry]] = self.value[entry].astype(block.dtype)


def combine_profiles(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, int]:
    """Profiles of the pair (a, b), renumbered densely, and how many there are."""
    if a.size == 0:
        return a, 0
    keys = a.astype(np.int64) * (int(b.max()) + 1) + b
    _distinct, ids = np.unique(keys, return_inverse=True)
    return ids.ravel().astype(np.int64), int(ids.max()) + 1


def plan(evaluators: list[Evaluator], profiles: list[np.ndarray], kinds: dict[int, int],
         scored: list[int], mentees: int, width: int, limits: TableLimits
         ) -> tuple[list[Group], list[int]]:
    """Which rules get a table, merged how, and which are evaluated per block.

    Rules are taken fewest profiles first; each joins the first table of its kind it can
    share within the limits, else starts its own if it fits the budget, else a compact one
    (a column per distinct mentor profile, ``kinds``: one more gather per block) if that
    fits, else stays per block.
    """
    counts = {k: int(profiles[k].max()) + 1 if profiles[k].size else 0 for k in scored}
    groups: list[Group] = []
    fallback: list[int] = []
    left = limits.budget_bytes
    most, most_merged = limits.most_profiles(mentees), limits.most_merged(mentees)
    for k in sorted(scored, key=lambda k: (counts[k], k)):
        must = evaluators[k].rule.is_must
        cell_bytes = 1 if must else 4
        if counts[k] > most:
            fallback.append(k)
            continue
        # A coarse Must table takes its exceptions alone (an AND can't be undone).
        alone = not limits.merge or (must and evaluators[k].coarse)
        for group in [] if alone else groups:
            if group.spread is not None or group.must != must or counts[k] > most_merged:
                continue
            if group.must and any(evaluators[g].coarse for g in group.members):
                continue
            merged, count = combine_profiles(group.profiles, profiles[k])
            if count <= most_merged and (count - group.count) * width * cell_bytes <= left:
                left -= (count - group.count) * width * cell_bytes
                group.members.append(k)
                group.profiles, group.count = merged, count
                break
        else:
            if limits.full and counts[k] * width * cell_bytes <= left:
                left -= counts[k] * width * cell_bytes
                groups.append(Group(must, [k], profiles[k], counts[k]))
            elif (kinds[k] < width or not limits.full) and (
                    counts[k] * kinds[k] * cell_bytes <= left):
                left -= counts[k] * kinds[k] * cell_bytes
                groups.append(Group(must, [k], profiles[k], counts[k],
                                    spread=np.zeros(0, dtype=np.int64)))
            else:
                fallback.append(k)
    fallback.sort()
    return groups, fallback
