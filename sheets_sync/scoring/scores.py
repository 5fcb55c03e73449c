"""Mentee × mentor scoring, vectorised: one evaluator per Rules test (:mod:`.evaluators`).

Scores are computed on demand — a block of mentees against the mentors, or given (mentee,
mentor) pairs — so large programs are scored block by block and the full matrix never has to
exist. Blocks come from per-profile tables (:mod:`.tables`); pairs from the evaluators;
both round the same integer units, so they agree exactly. The score (docs/rules.md) is
100 × Σ(weight × similarity) / Σ(weight) over the Prefer rules, kept in integer tenths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from sheets_sync.inputs.roster import Person, Roster
from sheets_sync.inputs.rules import Rule
from sheets_sync.model import Problem, normalise_header
from sheets_sync.scoring.columns import TIME_ZONE_HEADERS, ColumnReader
from sheets_sync.scoring.evaluators import Evaluator, make_evaluator
from sheets_sync.scoring.plan import TableLimits
from sheets_sync.scoring.profiles import Rows
from sheets_sync.scoring.tables import (
    ScoreTables,
    prefer_units,
    rounding_offset,
    to_tenths,
)
from sheets_sync.words import pairs as pair_words

__all__ = ["TIME_ZONE_HEADERS", "RuleOutcome", "Scores", "score_pairs"]


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
    headers: tuple[list[str], list[str]] = ([], [])  # the mentee and mentor tabs' headers
    weights: float = field(init=False)

    def __post_init__(self) -> None:
        self.weights = sum(e.rule.weight for e in self.evaluators if not e.rule.is_must)
        self.offset = rounding_offset(sum(not e.rule.is_must for e in self.evaluators))
        self._tables: dict[tuple[bytes | None, TableLimits | None, bool], ScoreTables] = {}
        self._columns: dict[tuple[str, str | None], int | None] = {}
        self._private_rules: dict[tuple[str | None, str], bool] = {}

    # -- blocks of mentees against the mentors ----------------------------------------------
    def rule_block(self, rows: Rows) -> list[RuleOutcome]:
        return [RuleOutcome(e.rule, *e.cross(rows)) for e in self.evaluators]

    @cached_property
    def profiles(self) -> list[np.ndarray]:
        """Per evaluator, each mentee's profile (see ``Evaluator.profiles``)."""
        return [e.profiles() for e in self.evaluators]

    @cached_property
    def mentor_profiles(self) -> list[np.ndarray]:
        return [e.mentor_profiles() for e in self.evaluators]

    @cached_property
    def table_profiles(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per evaluator, the mentee and the mentor profiles its score tables are built on."""
        return ([e.table_profiles() for e in self.evaluators],
                [e.mentor_table_profiles() for e in self.evaluators])

    def restricted(self, cols: np.ndarray | None = None, limits: TableLimits | None = None,
                   musts_only: bool = False) -> ScoreTables:
        """The tables that score blocks against the mentors ``cols`` (default: all), built
        once per set of columns and kept; ``musts_only`` tables answer ``must_pass`` only
        (and a full set for the same columns serves too)."""
        cols_key = None if cols is None else np.asarray(cols, dtype=np.int64).tobytes()
        key = (cols_key, limits, musts_only)
        if musts_only and (cols_key, limits, False) in self._tables:
            key = (cols_key, limits, False)
        if key not in self._tables:
            if len(self._tables) >= 4:  # a sync needs one or two sets of columns
                self._tables.clear()
            self._tables[key] = ScoreTables(
                self.evaluators, *self.table_profiles, self.weights,
                len(self.mentees), len(self.mentors),
                None if cols is None else np.asarray(cols, dtype=np.int64), limits,
                musts_only=musts_only)
        return self._tables[key]

    def block(self, rows: Rows, cols: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(allowed, tenths as int16) for these mentee rows × the mentors ``cols`` (default:
        every mentor)."""
        return self.restricted(cols).block(rows)

    def must_pass(self, rows: Rows, cols: np.ndarray | None = None) -> np.ndarray:
        """Whether these mentee rows × the mentors ``cols`` pass every Must rule."""
        return self.restricted(cols, musts_only=True).must_pass(rows)

    def must_counts(self, rows: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        """How many of the mentors ``cols`` pass every Must rule with each of these mentees."""
        return self.restricted(cols, musts_only=True).must_counts(rows)

    def _combine(self, outcomes: list[RuleOutcome], shape: tuple[int, ...]
                 ) -> tuple[np.ndarray, np.ndarray]:
        """(allowed, tenths as int64): the table path's arithmetic, on evaluator outcomes."""
        allowed = np.ones(shape, dtype=bool)
        total = np.zeros(shape, dtype=np.int64)
        for outcome in outcomes:
            if outcome.rule.is_must:
                allowed &= outcome.passed
            elif self.weights and outcome.rule.weight:
                total += prefer_units(outcome.similarity, outcome.rule.weight, self.weights)
        if not self.weights:
            return allowed, np.full(shape, 1000, dtype=np.int64)
        return allowed, to_tenths(total, self.offset).astype(np.int64)

    @cached_property
    def outcomes(self) -> list[RuleOutcome]:
        """Every rule over every pair (small programs, tests and tools)."""
        shape = (len(self.mentees), len(self.mentors))
        return [RuleOutcome(o.rule, np.broadcast_to(o.passed, shape),
                            np.broadcast_to(o.similarity, shape))
                for o in self.rule_block(slice(None))]

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

    def breakdown(self, i: int, j: int) -> list[tuple[Rule, float, float, float]]:
        """(rule, similarity, points towards the 100, the rule's full points) for each Prefer
        rule."""
        found = []
        for o in self.pair_outcomes(np.array([i]), np.array([j])):
            if not o.rule.is_must:
                full = 100 * o.rule.weight / self.weights
                found.append((o.rule, float(o.similarity[0]), full * float(o.similarity[0]),
                              full))
        return found

    def why(self, i: int, j: int) -> str:
        return self.whys(np.array([i]), np.array([j]))[0]

    def whys(self, i: np.ndarray, j: np.ndarray) -> list[str]:
        """For each pair, the two or three rules that counted most, in words; a private rule
        is never named, but the Why says when one counted."""
        prefer = [(e, o) for e, o in zip(self.evaluators, self.pair_outcomes(i, j), strict=True)
                  if not o.rule.is_must]
        shown = [(e, o) for e, o in prefer if not self.touches_private(o.rule)]
        private_counted = np.zeros(len(i), dtype=bool)
        for _e, o in prefer:
            if self.touches_private(o.rule) and o.rule.weight:
                private_counted |= o.similarity > 0
        # Each pair's rules that counted (similarity above 0), by points, most first; equal
        # points keep the Rules tab's order.
        similarity = np.array([o.similarity for _e, o in shown]).reshape(len(shown), len(i))
        weights = np.array([e.rule.weight for e, _o in shown], dtype=float)[:, None]
        points = np.where(similarity > 0, weights * similarity, -np.inf)
        best = np.argsort(-points, axis=0, kind="stable")[:3]
        counted = np.take_along_axis(similarity, best, axis=0) > 0
        reasons = [self._reasons(e, o) for e, o in shown]
        texts = []
        for k, (a, b, order, keep, private) in enumerate(zip(
                i.tolist(), j.tolist(), best.T.tolist(), counted.T.tolist(),
                private_counted.tolist(), strict=True)):
            parts = [reasons[n](a, b, k) for n, counts in zip(order, keep, strict=True) if counts]
            texts.append(pair_words.why(parts, len(prefer), private))
        return texts

    def touches_private(self, rule: Rule) -> bool:
        """A rule on a private column is never given as a reason: even its name could tell."""
        key = (rule.mentee_column, rule.mentor_column)
        if key not in self._private_rules:
            self._private_rules[key] = bool(
                {normalise_header(rule.mentee_column), normalise_header(rule.mentor_column)}
                & {normalise_header(c) for c in self.private})
        return self._private_rules[key]

    def cell(self, side: str, index: int, column: str | None) -> object:
        """A person's own cell in a roster column, as typed (None when there is none)."""
        people = self.mentees if side == "mentee" else self.mentors
        at = self._column_at(side, column)
        return None if at is None else people[index].cells[at]

    def _column_at(self, side: str, column: str | None) -> int | None:
        """Where a roster column sits on its tab (looked up once per column)."""
        key = (side, column)
        if key not in self._columns:
            header = self.headers[0] if side == "mentee" else self.headers[1]
            wanted = normalise_header(column)
            self._columns[key] = None if column is None else next(
                (k for k, h in enumerate(header) if normalise_header(h) == wanted), None)
        return self._columns[key]

    def _reasons(self, evaluator: Evaluator, outcome: RuleOutcome
                 ) -> Callable[[int, int, int], str]:
        """One Prefer rule's part of a Why, for the k-th of ``outcome``'s pairs (mentee i,
        mentor j): the rule's columns are looked up once, not per pair."""
        rule = outcome.rule
        mentee_at = self._column_at("mentee", rule.mentee_column)
        mentor_at = self._column_at("mentor", rule.mentor_column)
        mentee_items, mentor_items = evaluator.mentee_items, evaluator.mentor_items
        similarity = outcome.similarity.tolist()

        def reason(i: int, j: int, k: int) -> str:
            shared: list[str] = []
            if mentee_items is not None and mentor_items is not None:
                theirs = set(mentor_items[j])
                shared = [x for x in mentee_items[i] if x in theirs]
            return pair_words.reason(
                rule, None if mentee_at is None else self.mentees[i].cells[mentee_at],
                None if mentor_at is None else self.mentors[j].cells[mentor_at], shared,
                similarity[k])

        return reason


def score_pairs(rules: list[Rule], mentees: Roster, mentors: Roster, today: dt.date,
                program_offset: float, private: frozenset[str] = frozenset()
                ) -> tuple[Scores, list[Problem]]:
    """Read the columns every rule needs; scores are then computed on demand."""
    reader = ColumnReader(mentees, mentors, today, program_offset)
    evaluators = [make_evaluator(rule, reader, len(mentees.eligible)) for rule in rules]
    headers = (mentees.table.header, mentors.table.header)
    return (Scores(mentees.eligible, mentors.eligible, evaluators, private, headers),
            reader.problems())
