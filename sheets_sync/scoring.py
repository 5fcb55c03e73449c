"""Mentee × mentor scoring, vectorised: one evaluator per Rules test.

Each evaluator holds its two columns as arrays (codes, item matrices, numbers, weekly grids)
and answers for a block of mentees against every mentor, or for a list of (mentee, mentor)
pairs — so large programs are scored block by block and the full matrix never has to exist.
The score is the SPEC's 100 × Σ(weight × similarity) / Σ(weight) over the Prefer rules, kept
in integer tenths.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from sheets_sync import values
from sheets_sync.columns import TIME_ZONE_HEADERS, ColumnReader
from sheets_sync.model import Problem, normalise_header
from sheets_sync.roster import Person, Roster
from sheets_sync.rules import Rule

__all__ = ["TIME_ZONE_HEADERS", "RuleOutcome", "Scores", "score_pairs"]
Rows = np.ndarray | slice


class Evaluator:
    """A rule's test over arrays: ``cross`` for a block, ``pairs`` element by element."""

    rule: Rule
    mentee_items: list[list[str]] | None = None  # for the Why text of list tests
    mentor_items: list[list[str]] | None = None

    def cross(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError

    def pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError


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


class Overlap:
    """Row-by-row dot products of two 0/1 matrices, through a table of their distinct rows.

    Forms give few distinct answers (ticked boxes, availability), so the distinct rows of each
    side are few and their table of overlaps is computed once; a block is then a lookup.
    """

    TABLE_LIMIT = 20_000_000

    def __init__(self, a: np.ndarray, b: np.ndarray) -> None:
        self.a, self.b = a, b
        self.table = None
        if len(a) and len(b):
            unique_a, self.at_a = _distinct_rows(a)
            unique_b, self.at_b = _distinct_rows(b)
            if len(unique_a) * len(unique_b) <= self.TABLE_LIMIT:
                self.table = unique_a @ unique_b.T

    def cross(self, rows: Rows) -> np.ndarray:
        if self.table is not None:
            return self.table[self.at_a[rows]][:, self.at_b]
        return self.a[rows] @ self.b.T

    def pairs(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        if self.table is not None:
            return self.table[self.at_a[i], self.at_b[j]]
        return np.einsum("kv,kv->k", self.a[i], self.b[j])


def _distinct_rows(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a 0/1 matrix and, for each row, which one it is (rows packed to
    bytes first: far quicker than comparing them element by element)."""
    packed = np.ascontiguousarray(np.packbits(matrix > 0, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return matrix[first], inverse.ravel()


class Sets(Evaluator):
    """overlaps, covers and mentee accepts: items as 0/1 rows over one shared vocabulary."""

    def __init__(self, rule: Rule, left: list[list[str]], right: list[list[str]]) -> None:
        self.rule = rule
        self.mentee_items, self.mentor_items = left, right
        self.a, self.b = _multi_hot(left, right)
        self.shared = Overlap(self.a, self.b)
        self.wanted = self.a.sum(axis=1)
        self.anyone = np.array([not items or any(values.is_any(x) for x in items)
                                for items in left], dtype=bool)

    def _test(self, shared: np.ndarray, wanted: np.ndarray, anyone: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
        if self.rule.test == "mentee accepts":
            passed = anyone | (shared > 0)
            return passed, passed.astype(np.float32)
        fraction = np.divide(shared, wanted, out=np.zeros_like(shared), where=wanted > 0)
        if self.rule.test == "overlaps":
            passed = shared > 0
        else:
            passed = (wanted > 0) & (shared >= wanted)
        return passed, fraction.astype(np.float32)

    def cross(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.shared.cross(rows), self.wanted[rows][:, None],
                          self.anyone[rows][:, None])

    def pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.shared.pairs(i, j), self.wanted[i], self.anyone[i])


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


class TimeOverlap(Evaluator):
    def __init__(self, rule: Rule, left: np.ndarray, right: np.ndarray) -> None:
        self.rule = rule
        self.slots = Overlap(left, right)
        self.need = rule.threshold or 1.0

    def _test(self, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        hours = slots / values.SLOTS_PER_HOUR
        passed = (hours >= self.need - 1e-9) & (hours > 0)
        return passed, np.minimum(hours / self.need, 1.0).astype(np.float32)

    def cross(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.slots.cross(rows))

    def pairs(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._test(self.slots.pairs(i, j))


def _multi_hot(left: list[list[str]], right: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    vocabulary: dict[str, int] = {}
    for items in (*left, *right):
        for item in items:
            vocabulary.setdefault(item, len(vocabulary))
    a = np.zeros((len(left), max(len(vocabulary), 1)), dtype=np.float32)
    b = np.zeros((len(right), max(len(vocabulary), 1)), dtype=np.float32)
    for matrix, rows in ((a, left), (b, right)):
        for k, items in enumerate(rows):
            matrix[k, [vocabulary[item] for item in items]] = 1.0
    return a, b


def _evaluator(rule: Rule, reader: ColumnReader, mentees: int) -> Evaluator:
    if rule.test in ("same", "differs"):
        return Equality(rule, reader.texts("mentee", rule.mentee_column),
                        reader.texts("mentor", rule.mentor_column))
    if rule.test in ("overlaps", "covers", "mentee accepts"):
        return Sets(rule, reader.lists("mentee", rule.mentee_column),
                    reader.lists("mentor", rule.mentor_column))
    if rule.test == "mentor is":
        return MentorIs(rule, reader.lists("mentor", rule.mentor_column), mentees)
    if rule.test == "time overlap":
        return TimeOverlap(rule, reader.week("mentee", rule.mentee_column),
                           reader.week("mentor", rule.mentor_column))
    return Numeric(rule, reader.numbers("mentee", rule.mentee_column),
                   reader.numbers("mentor", rule.mentor_column))


@dataclass
class RuleOutcome:
    rule: Rule
    passed: np.ndarray
    similarity: np.ndarray


@dataclass
class Scores:
    """Scores of mentees (rows) against mentors (columns), computed on demand."""

    mentees: list[Person]
    mentors: list[Person]
    evaluators: list[Evaluator]
    private: frozenset[str] = frozenset()
    weights: float = field(init=False)

    def __post_init__(self) -> None:
        self.weights = sum(e.rule.weight for e in self.evaluators if not e.rule.is_must)

    # -- blocks of mentees against every mentor ---------------------------------------------
    def rule_block(self, rows: Rows) -> list[RuleOutcome]:
        return [RuleOutcome(e.rule, *e.cross(rows)) for e in self.evaluators]

    def block(self, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
        """(allowed, tenths) for these mentee rows × every mentor."""
        count = len(np.arange(len(self.mentees))[rows])
        return self._combine(self.rule_block(rows), (count, len(self.mentors)))

    def _combine(self, outcomes: list[RuleOutcome], shape: tuple[int, ...]
                 ) -> tuple[np.ndarray, np.ndarray]:
        allowed = np.ones(shape, dtype=bool)
        total = np.zeros(shape, dtype=np.float64)
        for outcome in outcomes:
            if outcome.rule.is_must:
                allowed &= outcome.passed
            else:
                total += outcome.similarity * (1000 * outcome.rule.weight / self.weights)
        if not self.weights:
            return allowed, np.full(shape, 1000, dtype=np.int64)
        # Round half up on the tenth; the nudge keeps 12.25 stored as 12.2499999 rounding up.
        total += 0.5 + 1e-9
        return allowed, np.floor(total, out=total).astype(np.int64)

    @cached_property
    def outcomes(self) -> list[RuleOutcome]:
        """Every rule over every pair (small programs, tests and tools)."""
        shape = (len(self.mentees), len(self.mentors))
        return [RuleOutcome(o.rule, np.broadcast_to(o.passed, shape),
                            np.broadcast_to(o.similarity, shape))
                for o in self.rule_block(slice(None))]

    @cached_property
    def _dense(self) -> tuple[np.ndarray, np.ndarray]:
        return self.block(slice(None))

    @property
    def allowed(self) -> np.ndarray:
        return self._dense[0]

    @property
    def tenths(self) -> np.ndarray:
        return self._dense[1]

    # -- given pairs ------------------------------------------------------------------------
    def pair_outcomes(self, i: np.ndarray, j: np.ndarray) -> list[RuleOutcome]:
        i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
        return [RuleOutcome(e.rule, *e.pairs(i, j)) for e in self.evaluators]

    def pair_scores(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(allowed, tenths) for each (i[k], j[k])."""
        return self._combine(self.pair_outcomes(i, j), (len(i),))

    def score(self, i: int, j: int) -> float:
        return float(self.pair_scores(np.array([i]), np.array([j]))[1][0]) / 10

    def failed_musts(self, i: int, j: int) -> list[Rule]:
        return [o.rule for o in self.pair_outcomes(np.array([i]), np.array([j]))
                if o.rule.is_must and not o.passed[0]]

    def breakdown(self, i: int, j: int) -> list[tuple[Rule, float, float]]:
        """(rule, similarity, points towards the 100) for each Prefer rule."""
        return [(o.rule, float(o.similarity[0]),
                 100 * o.rule.weight * float(o.similarity[0]) / self.weights)
                for o in self.pair_outcomes(np.array([i]), np.array([j])) if not o.rule.is_must]

    def why(self, i: int, j: int) -> str:
        return self.whys(np.array([i]), np.array([j]))[0]

    def whys(self, i: np.ndarray, j: np.ndarray) -> list[str]:
        """For each pair, the two or three rules that counted most, in words."""
        outcomes = [(e, o) for e, o in zip(self.evaluators, self.pair_outcomes(i, j),
                                           strict=True)
                    if not o.rule.is_must and not self.touches_private(o.rule)]
        texts = []
        for k in range(len(i)):
            ranked = sorted(((e.rule.weight * float(o.similarity[k]), n)
                             for n, (e, o) in enumerate(outcomes) if o.similarity[k] > 0),
                            key=lambda item: (-item[0], item[1]))
            reasons = [self._reason(*outcomes[n], int(i[k]), int(j[k]), k)
                       for _points, n in ranked[:3]]
            texts.append("; ".join(reasons) if reasons else "meets every Must rule")
        return texts

    def touches_private(self, rule: Rule) -> bool:
        """A rule on a private column is never given as a reason: even its name could tell."""
        return bool({normalise_header(rule.mentee_column), normalise_header(rule.mentor_column)}
                    & {normalise_header(c) for c in self.private})

    def _reason(self, evaluator: Evaluator, outcome: RuleOutcome, i: int, j: int, k: int
                ) -> str:
        rule = outcome.rule
        column = rule.mentee_column or rule.mentor_column
        if rule.test in ("overlaps", "covers", "same") and evaluator.mentee_items is not None:
            theirs = set(evaluator.mentor_items[j])
            shared = [x for x in evaluator.mentee_items[i] if x in theirs]
            same_name = normalise_header(rule.mentee_column) == normalise_header(
                rule.mentor_column)
            label = {"overlaps": f"shared {column}" if same_name else rule.mentor_column,
                     "same": f"same {column}", "covers": rule.mentor_column}[rule.test]
            return f"{label}: {', '.join(shared[:4])}" if shared else label
        if rule.test == "time overlap":
            hours = float(outcome.similarity[k]) * (rule.threshold or 1)
            return (f"{hours:g} h a week both free" if outcome.similarity[k] < 1
                    else f"at least {rule.threshold or 1:g} h a week both free")
        return rule.describe()


def score_pairs(rules: list[Rule], mentees: Roster, mentors: Roster, today: dt.date,
                program_offset: float, private: frozenset[str] = frozenset()
                ) -> tuple[Scores, list[Problem]]:
    """Read the columns every rule needs; scores are then computed on demand."""
    reader = ColumnReader(mentees, mentors, today, program_offset)
    evaluators = [_evaluator(rule, reader, len(mentees.eligible)) for rule in rules]
    return Scores(mentees.eligible, mentors.eligible, evaluators, private), reader.problems()
