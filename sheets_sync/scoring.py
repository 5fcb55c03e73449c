"""Every mentee × mentor pair scored at once: one vectorised evaluator per test.

Each rule yields a (passed, similarity) pair of mentee × mentor arrays; the score is the SPEC's
100 × Σ(weight × similarity) / Σ(weight) over the Prefer rules, kept in tenths.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from sheets_sync import values
from sheets_sync.model import Cell, Problem, is_blank, normalise_header
from sheets_sync.roster import Person, Roster
from sheets_sync.rules import Rule

TIME_ZONE_HEADERS = ("Time zone", "Timezone", "Your time zone", "Time zone (UTC offset)")


@dataclass
class RuleOutcome:
    rule: Rule
    passed: np.ndarray  # bool, mentees × mentors
    similarity: np.ndarray  # float32 in [0, 1], mentees × mentors
    mentee_items: list[list[str]] = field(default_factory=list)
    mentor_items: list[list[str]] = field(default_factory=list)


@dataclass
class Scores:
    """Scores of the eligible mentees (rows) against the eligible mentors (columns)."""

    mentees: list[Person]
    mentors: list[Person]
    outcomes: list[RuleOutcome]
    allowed: np.ndarray  # bool: every Must rule passes
    tenths: np.ndarray  # int64: score × 10
    private: frozenset[str] = frozenset()

    def score(self, i: int, j: int) -> float:
        return float(self.tenths[i, j]) / 10

    def failed_musts(self, i: int, j: int) -> list[Rule]:
        return [o.rule for o in self.outcomes if o.rule.is_must and not o.passed[i, j]]

    def breakdown(self, i: int, j: int) -> list[tuple[Rule, float, float]]:
        """(rule, similarity, points towards the 100) for each Prefer rule."""
        prefer = [o for o in self.outcomes if not o.rule.is_must]
        total = sum(o.rule.weight for o in prefer)
        return [(o.rule, float(o.similarity[i, j]), 100 * o.rule.weight
                 * float(o.similarity[i, j]) / total) for o in prefer]

    def why(self, i: int, j: int) -> str:
        """The two or three rules that contributed most to this pair's score, in words."""
        ranked = sorted(
            ((points, index) for index, (rule, _s, points) in enumerate(self.breakdown(i, j))
             if points > 0 and not self.touches_private(rule)),
            key=lambda item: (-item[0], item[1]))
        prefer = [o for o in self.outcomes if not o.rule.is_must]
        reasons = [self._reason(prefer[index], i, j) for _points, index in ranked[:3]]
        return "; ".join(reasons) if reasons else "meets every Must rule"

    def touches_private(self, rule: Rule) -> bool:
        """A rule on a private column is never given as a reason: even its name could tell."""
        return bool({normalise_header(rule.mentee_column), normalise_header(rule.mentor_column)}
                    & {normalise_header(c) for c in self.private})

    def _reason(self, outcome: RuleOutcome, i: int, j: int) -> str:
        rule = outcome.rule
        column = rule.mentee_column or rule.mentor_column
        if rule.test in ("overlaps", "covers", "same") and outcome.mentee_items:
            shared = [x for x in outcome.mentee_items[i] if x in set(outcome.mentor_items[j])]
            same_name = normalise_header(rule.mentee_column) == normalise_header(
                rule.mentor_column)
            label = {"overlaps": f"shared {column}" if same_name else rule.mentor_column,
                     "same": f"same {column}", "covers": rule.mentor_column}[rule.test]
            return f"{label}: {', '.join(shared[:4])}" if shared else label
        if rule.test == "time overlap":
            hours = float(outcome.similarity[i, j]) * (rule.threshold or 1)
            return f"{_hours(hours)} a week both free" if outcome.similarity[i, j] < 1 else \
                f"at least {_hours(rule.threshold or 1)} a week both free"
        return rule.describe()


def _hours(hours: float) -> str:
    return f"{hours:g} h"


def score_pairs(rules: list[Rule], mentees: Roster, mentors: Roster, today: dt.date,
                program_offset: float, private: frozenset[str] = frozenset()
                ) -> tuple[Scores, list[Problem]]:
    """Evaluate every rule over every eligible mentee × mentor pair."""
    context = _Context(mentees, mentors, today, program_offset)
    outcomes = [context.evaluate(rule) for rule in rules]
    shape = (len(mentees.eligible), len(mentors.eligible))
    allowed = np.ones(shape, dtype=bool)
    for outcome in outcomes:
        if outcome.rule.is_must:
            allowed &= outcome.passed
    tenths = _tenths([o for o in outcomes if not o.rule.is_must], shape)
    scores = Scores(mentees.eligible, mentors.eligible, outcomes, allowed, tenths, private)
    return scores, context.problems()


def _tenths(prefer: list[RuleOutcome], shape: tuple[int, int]) -> np.ndarray:
    if not prefer:
        return np.full(shape, 1000, dtype=np.int64)
    total = np.zeros(shape, dtype=np.float64)
    for outcome in prefer:
        total += outcome.rule.weight * np.broadcast_to(outcome.similarity, shape)
    weights = sum(o.rule.weight for o in prefer)
    # Round half up on the tenth, with a nudge so 12.25 stored as 12.2499999 still rounds up.
    return np.floor(1000 * total / weights + 0.5 + 1e-9).astype(np.int64)


class _Context:
    """Parses each roster column once per kind and gathers the cells it could not read."""

    def __init__(self, mentees: Roster, mentors: Roster, today: dt.date, offset: float) -> None:
        self.sides = {"mentee": mentees, "mentor": mentors}
        self.today = today
        self.offset = offset
        self._problems: dict[tuple, Problem] = {}
        self._cache: dict[tuple, object] = {}

    def problems(self) -> list[Problem]:
        return list(self._problems.values())

    def _report(self, side: str, person: Person, column: str, value: Cell, text: str) -> None:
        tab = self.sides[side].table.name
        self._problems.setdefault((tab, person.row, column), Problem(tab, person.row, column,
                                                                     value, text))

    def evaluate(self, rule: Rule) -> RuleOutcome:
        if rule.test in ("same", "differs"):
            return self._equality(rule)
        if rule.test in ("overlaps", "covers", "mentee accepts"):
            return self._sets(rule)
        if rule.test == "mentor is":
            return self._mentor_is(rule)
        if rule.test == "time overlap":
            return self._time_overlap(rule)
        return self._numeric(rule)

    # -- column readers -------------------------------------------------------------------
    def _cells(self, side: str, column: str) -> list[Cell]:
        return self.sides[side].column_values(column)

    def texts(self, side: str, column: str) -> list[str]:
        key = ("text", side, column)
        if key not in self._cache:
            self._cache[key] = [values.normalise_text(v) for v in self._cells(side, column)]
        return self._cache[key]  # type: ignore[return-value]

    def lists(self, side: str, column: str) -> list[list[str]]:
        key = ("list", side, column)
        if key not in self._cache:
            self._cache[key] = [values.split_list(v) for v in self._cells(side, column)]
        return self._cache[key]  # type: ignore[return-value]

    def numbers(self, side: str, column: str) -> np.ndarray:
        key = ("number", side, column)
        if key not in self._cache:
            people = self.sides[side].eligible
            out = np.full(len(people), np.nan)
            for k, (person, value) in enumerate(zip(people, self._cells(side, column),
                                                    strict=True)):
                number = self._number(value)
                if number is None and not is_blank(value):
                    self._report(side, person, column, value, "Can't read this as a number "
                                 "(an age, birth year, date of birth, grade or time zone), so "
                                 "rules on this column treat it as blank.")
                out[k] = np.nan if number is None else number
            self._cache[key] = out
        return self._cache[key]  # type: ignore[return-value]

    def _number(self, value: Cell) -> float | None:
        level = values.parse_level(value, self.today)
        return level if level is not None else values.parse_utc_offset(value, self.today)

    def week(self, side: str, column: str) -> np.ndarray:
        """Availability of each person as a UTC quarter-hour grid (people × week slots)."""
        key = ("week", side, column)
        if key not in self._cache:
            people = self.sides[side].eligible
            offsets = self.offsets(side)
            grid = np.zeros((len(people), values.WEEK_SLOTS), dtype=np.float32)
            for k, (person, value) in enumerate(zip(people, self._cells(side, column),
                                                    strict=True)):
                local, unknown = values.parse_availability(value)
                if unknown:
                    self._report(side, person, column, value, "Can't read "
                                 + ", ".join(f"'{u}'" for u in unknown) + " as a time; write e.g. "
                                 "'Mon 18:00-20:00' or 'Tuesday evenings'.")
                grid[k] = values.to_utc(local, offsets[k])
            self._cache[key] = grid
        return self._cache[key]  # type: ignore[return-value]

    def offsets(self, side: str) -> list[float]:
        key = ("offset", side)
        if key not in self._cache:
            roster = self.sides[side]
            index = roster.table.column(*TIME_ZONE_HEADERS)
            if index is None:
                index = roster.table.column_containing("time zone")
            result = []
            for person in roster.eligible:
                value = person.cells[index] if index is not None else None
                offset = values.parse_utc_offset(value, self.today)
                if offset is None and not is_blank(value):
                    self._report(side, person, roster.table.header[index], value,
                                 "Unknown time zone; the program's time zone is used. Write "
                                 "e.g. America/Chicago or UTC-6.")
                result.append(self.offset if offset is None else offset)
            self._cache[key] = result
        return self._cache[key]  # type: ignore[return-value]

    # -- evaluators -----------------------------------------------------------------------
    def _equality(self, rule: Rule) -> RuleOutcome:
        left = self.texts("mentee", rule.mentee_column)
        right = self.texts("mentor", rule.mentor_column)
        codes: dict[str, int] = {"": -1}
        a = np.array([codes.setdefault(t, len(codes)) for t in left], dtype=np.int64)
        b = np.array([codes.setdefault(t, len(codes)) for t in right], dtype=np.int64)
        both = (a[:, None] >= 0) & (b[None, :] >= 0)
        equal = a[:, None] == b[None, :]
        passed = both & (equal if rule.test == "same" else ~equal)
        items_a = [[t] if t else [] for t in left]
        items_b = [[t] if t else [] for t in right]
        return RuleOutcome(rule, passed, passed.astype(np.float32), items_a, items_b)

    def _sets(self, rule: Rule) -> RuleOutcome:
        left = self.lists("mentee", rule.mentee_column)
        right = self.lists("mentor", rule.mentor_column)
        a, b = _multi_hot(left, right)
        shared = a @ b.T
        wanted = a.sum(axis=1, keepdims=True)
        if rule.test == "mentee accepts":
            anyone = np.array([not items or any(values.is_any(x) for x in items)
                               for items in left])[:, None]
            passed = anyone | (shared > 0)
            return RuleOutcome(rule, passed, passed.astype(np.float32))
        fraction = np.divide(shared, wanted, out=np.zeros_like(shared), where=wanted > 0)
        if rule.test == "overlaps":
            passed = shared > 0
        else:
            passed = (wanted > 0) & (shared >= wanted)
        return RuleOutcome(rule, passed, fraction.astype(np.float32), left, right)

    def _mentor_is(self, rule: Rule) -> RuleOutcome:
        wanted = set(rule.options)
        right = self.lists("mentor", rule.mentor_column)
        ok = np.array([bool(wanted.intersection(items)) for items in right], dtype=bool)
        passed = np.broadcast_to(ok[None, :], (len(self.sides["mentee"].eligible), len(ok)))
        return RuleOutcome(rule, passed, passed.astype(np.float32))

    def _numeric(self, rule: Rule) -> RuleOutcome:
        a = self.numbers("mentee", rule.mentee_column)
        b = self.numbers("mentor", rule.mentor_column)
        difference = b[None, :] - a[:, None]  # mentor minus mentee; NaN where either is blank
        limit = rule.threshold or 0.0
        with np.errstate(invalid="ignore"):
            passed = {
                "mentor older by": difference >= limit - 1e-9,
                "mentor younger by": -difference >= limit - 1e-9,
                "age gap": np.abs(difference) >= limit - 1e-9,
                "within": np.abs(difference) <= limit + 1e-9,
            }[rule.test]
        return RuleOutcome(rule, passed, passed.astype(np.float32))

    def _time_overlap(self, rule: Rule) -> RuleOutcome:
        a = self.week("mentee", rule.mentee_column)
        b = self.week("mentor", rule.mentor_column)
        hours = (a @ b.T) / values.SLOTS_PER_HOUR
        need = rule.threshold or 1.0
        passed = (hours >= need - 1e-9) & (hours > 0)
        similarity = np.minimum(hours / need, 1.0) if need > 0 else (hours > 0)
        return RuleOutcome(rule, passed, similarity.astype(np.float32))


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
