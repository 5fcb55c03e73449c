"""How many items a mentee's list and a mentor's list share (the overlaps, covers and mentee
accepts tests), counted through each side's distinct lists.

Ticked boxes give few distinct lists over a short vocabulary: a 0/1 matrix of the distinct lists
and their products is all it takes. Free text does not: typos, stray case and one-off answers
make thousands of distinct lists over hundreds of items, most of which only a few people wrote.
So items are split by how many mentee-mentor pairs share them (people with the item on one side
× on the other). The *frequent* items, at most ``MOST_FREQUENT`` of them, are counted as a dense
0/1 matrix over the distinct lists; the pairs that share a *rare* item are listed outright, and
that list is short by construction. The split is chosen to keep both small: the distinct lists
restricted to the frequent items (how many rows a score table needs) and the rare pairs.

Counts are exact integers (float32 holds them exactly far beyond any list length).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import numpy.typing as npt

# Numbers of frequent items tried when splitting (the largest is MOST_FREQUENT).
SPLITS = (0, 1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24, 32, 40, 48, 56)
Counts = npt.NDArray[np.float32]  # shared items: whole numbers, exact in float32
Numbers = npt.NDArray[np.int64]   # list numbers, profile numbers


def _distinct_sets(lists: list[list[str]]) -> tuple[Numbers, list[frozenset[str]]]:
    """Which distinct set of items each list is, and the distinct sets in order of appearance.
    (Lists that are the same object, as equal cells give, are looked at once.)"""
    seen: dict[frozenset[str], int] = {}
    by_object: dict[int, int] = {}
    at = np.empty(len(lists), dtype=np.int64)
    for k, items in enumerate(lists):
        found = by_object.get(id(items))
        if found is None:
            found = by_object[id(items)] = seen.setdefault(frozenset(items), len(seen))
        at[k] = found
    return at, list(seen)


def _dense(lists: list[tuple[int, ...]], rank: np.ndarray, width: int) -> np.ndarray:
    """0/1 rows (float32) of the lists over the items ranked below ``width``."""
    matrix = np.zeros((len(lists), max(width, 1)), dtype=np.float32)
    row = np.repeat(np.arange(len(lists)), [len(items) for items in lists])
    col = rank[np.fromiter((t for items in lists for t in items), dtype=np.int64,
                           count=row.size)]
    keep = col < width
    matrix[row[keep], col[keep]] = 1.0
    return matrix


def _incidence(lists: list[tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray]:
    """(list number, item) of every item of every list."""
    row = np.repeat(np.arange(len(lists)), [len(items) for items in lists])
    item = np.fromiter((t for items in lists for t in items), dtype=np.int64, count=row.size)
    return row, item


def join_on_item(a_row: np.ndarray, a_item: np.ndarray, b_row: np.ndarray, b_item: np.ndarray
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Every (a row, b row) that share an item, once per item they share."""
    if not a_row.size or not b_row.size:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    items = int(max(a_item.max(), b_item.max())) + 1
    order_b = np.argsort(b_item, kind="stable")
    per_item = np.bincount(b_item, minlength=items)
    first_b = np.cumsum(per_item) - per_item
    times = per_item[a_item]
    rows = np.repeat(a_row, times)
    step = np.arange(times.sum()) - np.repeat(np.cumsum(times) - times, times)
    cols = b_row[order_b[np.repeat(first_b[a_item], times) + step]]
    return rows, cols


def _pair_codes(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dense numbers of the distinct (a, b) pairs, for each pair."""
    if not a.size:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((b, a))
    new = np.r_[True, (a[order][1:] != a[order][:-1]) | (b[order][1:] != b[order][:-1])]
    codes = np.empty(a.size, dtype=np.int64)
    codes[order] = np.cumsum(new) - 1
    return codes


class SharedItems:
    """Shared item counts of mentee lists (left) and mentor lists (right)."""

    TABLE_LIMIT = 20_000_000  # distinct left × right lists up to which a full table is kept
    MOST_FREQUENT = 56        # frequent items at most (a list's frequent part is a bit mask)
    RARE_COST = 16            # a listed rare pair weighs as much as this many table cells

    def __init__(self, left: list[list[str]], right: list[list[str]]) -> None:
        # A list is its set of items: equal sets are one distinct list.
        at_a, sets_a = _distinct_sets(left)
        at_b, sets_b = _distinct_sets(right)
        vocabulary: dict[str, int] = {}
        self.lists_a = [tuple(sorted(vocabulary.setdefault(x, len(vocabulary)) for x in items))
                        for items in sets_a]
        self.lists_b = [tuple(sorted(vocabulary.setdefault(x, len(vocabulary)) for x in items))
                        for items in sets_b]
        self.at_a, self.at_b = at_a, at_b
        self.items = len(vocabulary)
        # Pairs of people sharing each item: people with it on the left × on the right.
        weight = self._people(self.at_a, self.lists_a) * self._people(self.at_b, self.lists_b)
        order = np.argsort(-weight, kind="stable")
        self.rank = np.empty(self.items, dtype=np.int64)
        self.rank[order] = np.arange(self.items)
        rare_after = np.append(np.cumsum(weight[order][::-1])[::-1], 0.0)
        self.frequent = self._split(rare_after)
        self.fa = _dense(self.lists_a, self.rank, self.frequent)
        self.fb = _dense(self.lists_b, self.rank, self.frequent)
        self.table: Counts | None = None
        if len(self.lists_a) * len(self.lists_b) <= self.TABLE_LIMIT and left and right:
            self.table = self._counts(np.arange(len(self.lists_a)))

    def _people(self, at: np.ndarray, lists: list[tuple[int, ...]]) -> np.ndarray:
        """How many people's lists hold each item."""
        row, item = _incidence(lists)
        times = np.bincount(at, minlength=len(lists))
        return np.bincount(item, weights=times[row], minlength=self.items)

    def _split(self, rare_after: np.ndarray) -> int:
        """How many items to count as frequent: few distinct frequent parts (rows of a score
        table) and few rare pairs (listed), weighed roughly by the memory they take."""
        if not self.lists_a or not self.lists_b:
            return self.items
        most = min(self.items, self.MOST_FREQUENT)
        tried = [c for c in SPLITS if c < most] + [most]
        if self.items > most:
            tried.append(self.items)  # every item dense: no rare pairs at all
        width = len(self.at_b)
        cost = {c: self._parts(c) * width + self.RARE_COST * float(rare_after[c])
                for c in tried}
        return min(tried, key=lambda c: (cost[c], -c))

    def _parts(self, count: int) -> int:
        """Distinct (frequent part, length) of the left lists with ``count`` frequent items."""
        if count > self.MOST_FREQUENT:
            return len(self.lists_a)
        return int(_pair_codes(*self._left_keys(count)).max(initial=-1)) + 1

    def _left_keys(self, count: int) -> tuple[np.ndarray, np.ndarray]:
        """Per distinct left list: its frequent items as bits, and its length."""
        return self._left_bits & ((1 << count) - 1), self._left_lengths

    @cached_property
    def _left_bits(self) -> np.ndarray:
        row, item = _incidence(self.lists_a)
        rank = self.rank[item]
        keep = rank < self.MOST_FREQUENT
        bits = np.zeros(len(self.lists_a), dtype=np.int64)
        np.bitwise_or.at(bits, row[keep], np.left_shift(1, rank[keep]))
        return bits

    @cached_property
    def _left_lengths(self) -> np.ndarray:
        return np.fromiter((len(items) for items in self.lists_a), dtype=np.int64,
                           count=len(self.lists_a))

    # -- exact counts ------------------------------------------------------------------------
    @cached_property
    def rare(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(left list, right list, rare items shared) of the distinct lists that share a rare
        item, sorted; every other pair of lists shares frequent items only."""
        if self.frequent >= self.items:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        sides = []
        for lists in (self.lists_a, self.lists_b):
            row, item = _incidence(lists)
            keep = self.rank[item] >= self.frequent
            sides.append((row[keep], item[keep]))
        a, b = join_on_item(*sides[0], *sides[1])
        keys, count = np.unique(a * len(self.lists_b) + b, return_counts=True)
        return keys // len(self.lists_b), keys % len(self.lists_b), count.astype(np.int64)

    def _counts(self, distinct_rows: np.ndarray) -> Counts:
        """Shared counts of these distinct left lists × every distinct right list."""
        counts: Counts = self.fa[distinct_rows] @ self.fb.T
        lefts, rights, shared = self.rare
        if lefts.size:
            where = np.full(len(self.lists_a), -1, dtype=np.int64)
            where[distinct_rows] = np.arange(distinct_rows.size)
            hit = where[lefts] >= 0
            # Each (left, right) comes once in ``rare`` and distinct_rows are distinct, so
            # a plain indexed add is exact (np.add.at, for repeated indexes, is far slower).
            counts[where[lefts[hit]], rights[hit]] += shared[hit]
        return counts

    def cross(self, rows: np.ndarray | slice) -> Counts:
        """Shared counts of these mentees × every mentor (float32)."""
        counts: Counts
        if self.table is not None:
            counts = self.table[self.at_a[rows]][:, self.at_b]
        else:
            kinds, inverse = np.unique(self.at_a[rows], return_inverse=True)
            counts = self._counts(kinds)[inverse.ravel()][:, self.at_b]
        return counts

    def block(self, rows: np.ndarray, cols: np.ndarray, frequent_only: bool = False
              ) -> Counts:
        """Shared counts of these mentees × these mentors (over the frequent items only, if
        asked)."""
        a, b = self.at_a[rows], self.at_b[cols]
        counts: Counts
        if self.table is not None and not frequent_only:
            counts = self.table[a][:, b]
        elif frequent_only:
            counts = self.fa[a] @ self.fb[b].T
        else:
            kinds, inverse = np.unique(a, return_inverse=True)
            counts = self._counts(kinds)[inverse.ravel()][:, b]
        return counts

    def pairs(self, i: np.ndarray, j: np.ndarray) -> Counts:
        """Shared counts of each pair (i[k], j[k])."""
        a, b = self.at_a[i], self.at_b[j]
        if self.table is not None:
            counts: Counts = self.table[a, b]
            return counts
        return self.frequent_pairs(i, j) + self._rare_pairs(a, b)

    def frequent_pairs(self, i: np.ndarray, j: np.ndarray) -> Counts:
        """Shared counts of each pair, over the frequent items only."""
        counts: Counts = np.einsum("kv,kv->k", self.fa[self.at_a[i]], self.fb[self.at_b[j]])
        return counts

    def _rare_pairs(self, a: np.ndarray, b: np.ndarray) -> Counts:
        lefts, rights, shared = self.rare
        out = np.zeros(np.shape(a), dtype=np.float32)
        if not lefts.size or not out.size:
            return out
        keys = lefts * len(self.lists_b) + rights
        wanted = np.asarray(a) * len(self.lists_b) + np.asarray(b)
        at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
        found = keys[at] == wanted
        out[found] = shared[at[found]]
        return out

    # -- profiles --------------------------------------------------------------------------
    @property
    def left_profiles(self) -> np.ndarray:
        """Which distinct list each left list is."""
        return self.at_a

    @property
    def right_profiles(self) -> np.ndarray:
        return self.at_b

    @cached_property
    def left_frequent(self) -> Numbers:
        """Per left list, a number for (its frequent items, its length): equal numbers share
        as many frequent items with every right list, and want as many items."""
        if self.frequent >= self.items:
            return self.at_a
        codes: Numbers = _pair_codes(*self._left_keys(self.frequent))[self.at_a]
        return codes

    @cached_property
    def right_frequent(self) -> Numbers:
        """Per right list, a number for its frequent items."""
        if self.frequent >= self.items:
            return self.at_b
        rows = np.ascontiguousarray(np.packbits(self.fb > 0, axis=1))
        keys = rows.view(np.dtype((np.void, rows.shape[1]))).ravel()
        codes: Numbers = np.unique(keys, return_inverse=True)[1].ravel()[self.at_b]
        return codes

    @cached_property
    def rare_frequent(self) -> np.ndarray:
        """Per listed pair of lists (see ``rare``), the frequent items they share too."""
        lefts, rights, _shared = self.rare
        out = np.zeros(lefts.size, dtype=np.float32)
        step = 1 << 16
        for start in range(0, lefts.size, step):
            part = slice(start, start + step)
            out[part] = np.einsum("kv,kv->k", self.fa[lefts[part]], self.fb[rights[part]])
        return out

    def rare_people(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(mentee, mentor, listed pair) of every pair of people who share a rare item, sorted
        by mentee then mentor; the listed pair is their lists' place in ``rare``."""
        lefts, rights, _shared = self.rare
        if not lefts.size:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        # A listed pair of lists stands for its left people × its right people.
        pair = np.arange(lefts.size)
        mentees, pair_of = join_on_item(np.arange(self.at_a.size), self.at_a, pair, lefts)
        entry, mentors = join_on_item(np.arange(mentees.size), rights[pair_of],
                                      np.arange(self.at_b.size), self.at_b)
        i, j, which = mentees[entry], mentors, pair_of[entry]
        order = np.lexsort((j, i))
        return i[order], j[order], which[order]
