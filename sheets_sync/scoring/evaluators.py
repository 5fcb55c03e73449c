"""One evaluator per Rules test: the test over arrays of the two columns it reads.

Each evaluator holds its columns as arrays (codes, item matrices, numbers, weekly grids) and
answers for a block of mentees against every mentor (``cross``) or for a list of (mentee,
mentor) pairs (``pairs``), as (passed, similarity); fractions are taken in float64. Both
answers come from the same element-wise code, so a pair gets the same similarity either way.

``profiles()`` numbers the distinct mentee-side inputs of the test: two mentees with the same
profile get the same answer against every mentor, which is what lets
:mod:`sheets_sync.scoring.tables` score one row per profile instead of one per mentee.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sheets_sync.inputs import values
from sheets_sync.inputs.rules import Rule
from sheets_sync.scoring.columns import ColumnReader
from sheets_sync.scoring.items import SharedItems
from sheets_sync.scoring.overlap import Overlap
from sheets_sync.scoring.profiles import Rows, codes, first_rows


class Evaluator:
    """A rule's test over arrays: ``cross`` for a block, ``pairs`` element by element."""

    rule: Rule
    mentee_items: list[list[str]] | None = None  # for the Why text of list tests
    mentor_items: list[list[str]] | None = None

    def cross(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        """(passed, similarity) of these mentees × every mentor (may be broadcast views)."""
        raise NotImplementedError

    def pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(passed, similarity) of each pair (i[k], j[k])."""
        raise NotImplementedError

    def profiles(self) -> np.ndarray:
        """Per mentee, a number 0..P-1 of its mentee-side input: equal numbers, equal answers."""
        raise NotImplementedError

    def mentor_profiles(self) -> np.ndarray:
        """The same per mentor, for the mentor-side input."""
        raise NotImplementedError

    # A score table may read a coarser answer than the exact one, plus a list of the pairs
    # whose exact answer differs (see ``Sets``): by default the answer is exact.
    def table_profiles(self) -> np.ndarray:
        """Per mentee, which row of a score table holds its (table) answers."""
        return self.profiles()

    def mentor_table_profiles(self) -> np.ndarray:
        return self.mentor_profiles()

    def table_pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(passed, similarity) of each pair as a score table holds it."""
        return self.pairs(i, j)

    def table_block(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``table_pairs`` of these mentees × these mentors, as two matrices."""
        passed, similarity = self.table_pairs(np.repeat(rows, cols.size),
                                              np.tile(cols, rows.size))
        shape = (rows.size, cols.size)
        return passed.reshape(shape), np.broadcast_to(similarity, passed.shape).reshape(shape)

    coarse = False  # whether a table reads a coarser answer, and exceptions() the rest

    def exceptions(self) -> Exceptions | None:
        """The pairs whose exact answer differs from the table's, or None when none can."""
        return None


@dataclass
class Exceptions:
    """Pairs (mentee i, mentor j, sorted) whose exact answer is not the table's answer."""

    i: np.ndarray
    j: np.ndarray
    passed: np.ndarray
    similarity: np.ndarray
    table_passed: np.ndarray
    table_similarity: np.ndarray


class Equality(Evaluator):
    def __init__(self, rule: Rule, left: list[str], right: list[str]) -> None:
        self.rule = rule
        codes: dict[str, int] = {"": -1}
        self.a = np.array([codes.setdefault(t, len(codes)) for t in left], dtype=np.int64)
        self.b = np.array([codes.setdefault(t, len(codes)) for t in right], dtype=np.int64)
        self.mentee_items = [[t] if t else [] for t in left]
        self.mentor_items = [[t] if t else [] for t in right]

    def _test(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        equal = a == b
        passed = (a >= 0) & (b >= 0) & (equal if self.rule.test == "same" else ~equal)
        return passed, passed.astype(np.float32)

    def cross(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.a[rows][:, None], self.b[None, :])

    def pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.a[i], self.b[j])

    def profiles(self) -> np.ndarray:
        return codes(self.a)

    def mentor_profiles(self) -> np.ndarray:
        return codes(self.b)


class Sets(Evaluator):
    """overlaps, covers and mentee accepts: shared items of the two lists (:mod:`.items`).

    Free-text lists have too many distinct answers for a table row each, so a table reads
    their answer over the frequent items only (per frequent part, length and "any" of the
    mentee's list), and the pairs who also share a rare item are exceptions."""

    def __init__(self, rule: Rule, left: list[list[str]], right: list[list[str]]) -> None:
        self.rule = rule
        self.mentee_items, self.mentor_items = left, right
        self.shared = SharedItems(left, right)
        self.wanted = np.array([len(items) for items in left], dtype=np.float64)
        accepts: dict[str, bool] = {}  # few distinct items: is_any once each
        self.anyone = np.array([not items or any(
            accepts[x] if x in accepts else accepts.setdefault(x, values.is_any(x))
            for x in items) for items in left], dtype=bool)

    def _test(self, shared: np.ndarray, wanted: np.ndarray, anyone: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
        if self.rule.test == "mentee accepts":
            passed = anyone | (shared > 0)
            return passed, passed.astype(np.float32)
        # Counts are exact integers in float32; the fraction is taken in float64.
        fraction = np.zeros(np.broadcast_shapes(shared.shape, wanted.shape))
        np.divide(shared, wanted, out=fraction, where=wanted > 0, dtype=np.float64)
        if self.rule.test == "overlaps":
            passed = shared > 0
        else:
            passed = (wanted > 0) & (shared >= wanted)
        return passed, fraction

    def cross(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.shared.cross(rows), self.wanted[rows][:, None],
                          self.anyone[rows][:, None])

    def pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.shared.pairs(i, j), self.wanted[i], self.anyone[i])

    def profiles(self) -> np.ndarray:
        # Equal lists have equal ``wanted`` and ``anyone`` too.
        return self.shared.left_profiles

    def mentor_profiles(self) -> np.ndarray:
        return self.shared.right_profiles

    @property
    def coarse(self) -> bool:  # type: ignore[override]
        return self.shared.frequent < self.shared.items

    def table_profiles(self) -> np.ndarray:
        if not self.coarse:
            return self.profiles()
        coarse = self.shared.left_frequent * 2 + self.anyone
        return codes(coarse)

    def mentor_table_profiles(self) -> np.ndarray:
        return self.shared.right_frequent if self.coarse else self.mentor_profiles()

    def table_pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not self.coarse:
            return self.pairs(i, j)
        return self._test(self.shared.frequent_pairs(i, j), self.wanted[i], self.anyone[i])

    def table_block(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        shared = self.shared.block(rows, cols, frequent_only=self.coarse)
        return self._test(shared, self.wanted[rows][:, None], self.anyone[rows][:, None])

    def exceptions(self) -> Exceptions | None:
        if not self.coarse:
            return None
        i, j, which = self.shared.rare_people()
        # Answers per listed pair of lists (the people of a list want alike), then per person.
        lefts, _rights, rare = self.shared.rare
        frequent = self.shared.rare_frequent
        person = first_rows(self.shared.at_a, len(self.shared.lists_a))[lefts]
        wanted, anyone = self.wanted[person], self.anyone[person]
        passed, similarity = self._test(frequent + rare, wanted, anyone)
        table_passed, table_similarity = self._test(frequent, wanted, anyone)
        return Exceptions(i, j, passed[which], similarity[which], table_passed[which],
                          table_similarity[which])


class MentorIs(Evaluator):
    def __init__(self, rule: Rule, right: list[list[str]], mentees: int) -> None:
        self.rule = rule
        wanted = set(rule.options)
        self.ok = np.array([bool(wanted.intersection(items)) for items in right], dtype=bool)
        self.mentees = mentees

    def cross(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        count = len(np.arange(self.mentees)[rows])
        passed = np.broadcast_to(self.ok[None, :], (count, self.ok.size))
        return passed, passed.astype(np.float32)

    def pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        passed = self.ok[j]
        return passed, passed.astype(np.float32)

    def profiles(self) -> np.ndarray:
        return np.zeros(self.mentees, dtype=np.int64)  # the mentee plays no part

    def mentor_profiles(self) -> np.ndarray:
        return codes(self.ok)


class Numeric(Evaluator):
    """mentor older by, mentor younger by, age gap, within: on ages, grades or offsets."""

    def __init__(self, rule: Rule, left: np.ndarray, right: np.ndarray) -> None:
        self.rule, self.a, self.b = rule, left, right

    def _test(self, difference: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        limit, test = self.rule.threshold or 0.0, self.rule.test
        with np.errstate(invalid="ignore"):  # NaN (a blank side) fails every comparison
            if test == "mentor older by":
                passed = difference >= limit - 1e-9
            elif test == "mentor younger by":
                passed = difference <= -limit + 1e-9
            elif test == "age gap":
                passed = np.abs(difference) >= limit - 1e-9
            else:  # within
                passed = np.abs(difference) <= limit + 1e-9
        return passed, passed.astype(np.float32)

    def cross(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.b[None, :] - self.a[rows][:, None])

    def pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.b[j] - self.a[i])

    def profiles(self) -> np.ndarray:
        # 0.0 and -0.0 share a profile: b - a and every comparison treat them alike.
        return codes(self.a)

    def mentor_profiles(self) -> np.ndarray:
        return codes(self.b)


class TimeOverlap(Evaluator):
    def __init__(self, rule: Rule, left: tuple[np.ndarray, np.ndarray],
                 right: tuple[np.ndarray, np.ndarray]) -> None:
        self.rule = rule
        self.slots = Overlap(left, right)
        self.need = rule.threshold or 1.0
        # hours ≥ need − 1e-9 and hours > 0, as a whole number of slots (all exact in float64)
        self.least = min(max(1, math.ceil((self.need - 1e-9) * values.SLOTS_PER_HOUR)),
                         values.WEEK_SLOTS + 1)

    def _test(self, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # slots / (4·need) is (slots / 4) / need exactly: both are the rounded true quotient.
        similarity = np.divide(slots, values.SLOTS_PER_HOUR * self.need, dtype=np.float64)
        return slots >= self.least, np.minimum(similarity, 1.0, out=similarity)

    def cross(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.slots.cross(rows))

    def pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.slots.pairs(i, j))

    def table_block(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.slots.block(rows, cols))

    def profiles(self) -> np.ndarray:
        return self.slots.left_profiles

    def mentor_profiles(self) -> np.ndarray:
        return self.slots.right_profiles


def make_evaluator(rule: Rule, reader: ColumnReader, mentees: int) -> Evaluator:
    """The evaluator of a rule, its columns read through ``reader``."""
    if rule.test == "mentor is":  # the one test that reads no mentee column
        return MentorIs(rule, reader.lists("mentor", rule.mentor_column), mentees)
    mentee = rule.mentee_column
    if mentee is None:
        # Reading the Rules tab lets a rule go without its mentee column only when the
        # mentee tab is missing, and that stops a sync before anything is scored.
        raise ValueError(f"the '{rule.test}' rule on row {rule.row} has no mentee column")
    if rule.test in ("same", "differs"):
        return Equality(rule, reader.texts("mentee", mentee),
                        reader.texts("mentor", rule.mentor_column))
    if rule.test in ("overlaps", "covers", "mentee accepts"):
        return Sets(rule, reader.lists("mentee", mentee),
                    reader.lists("mentor", rule.mentor_column))
    if rule.test == "time overlap":
        return TimeOverlap(rule, reader.week("mentee", mentee),
                           reader.week("mentor", rule.mentor_column))
    return Numeric(rule, reader.numbers("mentee", mentee),
                   reader.numbers("mentor", rule.mentor_column))
