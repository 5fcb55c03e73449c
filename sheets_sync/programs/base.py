"""What a program type is made of: roster questions, rules, settings and a sample profile.

A program is data. ``builder`` lays a program out as the tabs of a new workbook and ``samples``
fills its rosters with made-up people, so adding a program type is one small module that builds
a :class:`Program` from the pieces below.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sheets_sync.model import Cell, normalise_header

MUST, PREFER = "Must", "Prefer"
RULE_KINDS = (MUST, PREFER)
# The Rules tab's tests (docs/rules.md), in the order the Test dropdown offers them.
TESTS = ("same", "differs", "overlaps", "covers", "mentor is", "mentee accepts",
         "mentor older by", "mentor younger by", "age gap", "within", "time overlap")
MENTOR_ONLY_TESTS = ("mentor is",)
VALUE_TESTS = ("mentor is", "mentor older by", "mentor younger by", "age gap", "within",
               "time overlap")

MENTEE, MENTOR = "mentee", "mentor"
YES_NO = ("Yes", "No")
PERSON_STATUSES = ("Active", "Pending", "Waitlist", "On hold", "Withdrawn")


@dataclass(frozen=True)
class Column:
    """One roster column, worded as the sign-up form's question (the header is the question)."""

    header: str
    options: tuple[str, ...] = ()  # the form's choices; single choice -> a dropdown
    multi: bool = False  # checkboxes: the cell lists several options, ", " separated
    private: bool = False  # never copied into an engine-owned tab (Settings: Private columns)
    width: float | None = None
    help: str = ""  # how to answer, shown on the Start Here tab


@dataclass(frozen=True)
class RuleRow:
    """One row of the Rules tab."""

    rule: str  # Must | Prefer
    mentee_column: str | None
    test: str
    mentor_column: str
    value: Cell = None
    weight: float | None = None
    note: str = ""

    def as_row(self) -> list[Cell]:
        return [self.rule, self.mentee_column, self.test, self.mentor_column, self.value,
                self.weight, self.note]


# The columns every roster has, around the program's own questions.
LEAD_COLUMNS = (
    Column("Timestamp", width=20),
    Column("Email Address", width=32),
    Column("Full name", width=24),
)
CAPACITY = Column("Capacity", width=12,
                  help="How many mentees can you take on? Leave blank for the program default.")
TAIL_COLUMNS = (
    Column("Approved", options=YES_NO, width=12,
           help="Coordinator: Yes once this person is screened; only approved people are matched."),
    Column("Status", options=PERSON_STATUSES, width=14,
           help="Coordinator: Pending or Waitlist means not yet; On hold or Withdrawn keeps "
                "this person out of new pairs."),
)
STANDARD_HEADERS = frozenset(
    normalise_header(c.header) for c in (*LEAD_COLUMNS, CAPACITY, *TAIL_COLUMNS))


# --- how sample people answer each question -------------------------------------------------

Choices = Mapping[str, float] | Sequence[str]


def weighted(choices: Choices) -> tuple[list[str], list[float]]:
    """Items and weights of a choices spec (a plain sequence weighs every item 1)."""
    if isinstance(choices, Mapping):
        return list(choices), [float(w) for w in choices.values()]
    return list(choices), [1.0] * len(choices)


@dataclass(frozen=True)
class One:
    """One answer picked from weighted choices (a dropdown or multiple-choice question)."""

    choices: Choices
    blank: float = 0.0  # chance the answer is left blank

    def draw(self, rng: random.Random, person: dict[str, Any]) -> Cell:
        if self.blank and rng.random() < self.blank:
            return None
        items, weights = weighted(self.choices)
        return rng.choices(items, weights)[0]


@dataclass(frozen=True)
class Many:
    """Several answers (a checkbox question), written ", " separated in option order.

    Each item of ``usually`` is ticked with its own probability, then ``count`` more are picked
    from ``choices`` by weight; at least ``at_least`` items are always ticked.
    """

    choices: Choices
    count: tuple[int, int] = (1, 3)
    usually: Mapping[str, float] = field(default_factory=dict)
    at_least: int = 1
    blank: float = 0.0

    def draw(self, rng: random.Random, person: dict[str, Any]) -> Cell:
        if self.blank and rng.random() < self.blank:
            return None
        picked = [item for item, chance in self.usually.items() if rng.random() < chance]
        items, weights = weighted(self.choices)
        wanted = len(picked) + rng.randint(*self.count)
        wanted = max(wanted, self.at_least)
        pool = [(i, w) for i, w in zip(items, weights, strict=True) if i not in picked]
        while len(picked) < wanted and pool:
            index = rng.choices(range(len(pool)), [w for _i, w in pool])[0]
            picked.append(pool.pop(index)[0])
        order = [*self.usually, *items]
        return ", ".join(sorted(picked, key=order.index)) or None


@dataclass(frozen=True)
class Number:
    """A whole number in [low, high] (an age, a grade, a birth year)."""

    low: int
    high: int
    blank: float = 0.0

    def draw(self, rng: random.Random, person: dict[str, Any]) -> Cell:
        if self.blank and rng.random() < self.blank:
            return None
        return rng.randint(self.low, self.high)


@dataclass(frozen=True)
class Phone:
    """A phone number in the range set aside for fiction (555-0100 to 555-0199)."""

    area_codes: tuple[str, ...] = ("212", "312", "415", "503", "617", "646", "713", "919")

    def draw(self, rng: random.Random, person: dict[str, Any]) -> Cell:
        return f"({rng.choice(self.area_codes)}) 555-01{rng.randint(0, 99):02d}"


@dataclass(frozen=True)
class Custom:
    """The escape hatch: ``function(rng, person)`` returns the cell. ``person`` holds the
    answers drawn so far (by header) plus ``_role`` ("mentee"/"mentor") and ``_culture``."""

    function: Callable[[random.Random, dict[str, Any]], Cell]

    def draw(self, rng: random.Random, person: dict[str, Any]) -> Cell:
        return self.function(rng, person)


Draw = One | Many | Number | Phone | Custom


@dataclass(frozen=True)
class Planted:
    """A sample mentee placed on purpose so the Unmatched tab has something to explain."""

    answers: Mapping[str, Cell]  # header -> answer, over the randomly drawn ones
    reason: str  # in a coordinator's words, for the Start Here tab
    culture: str | None = None  # name pool to draw the name from (see ``names``)


PairFixup = Callable[[random.Random, dict[str, Any], dict[str, Any]], None]


@dataclass(frozen=True)
class SampleProfile:
    """How made-up people answer the sign-up questions.

    A question with no draw here is answered from its column's options (one, or one to three
    for checkboxes), and left blank when the column has none.
    """

    mentee: Mapping[str, Draw] = field(default_factory=dict)
    mentor: Mapping[str, Draw] = field(default_factory=dict)
    unmatched: tuple[Planted, ...] = ()
    capacity: Mapping[int | None, float] = field(
        default_factory=lambda: {None: 3, 1: 2, 2: 3, 3: 2})  # None: blank, the default
    time_zone_column: str = "Time zone"  # copied along with availability for planted pairs
    check_in_notes: tuple[str, ...] = (
        "Talked through goals for the next few weeks.",
        "Went over a draft and agreed next steps.",
        "Good conversation; follow-up reading shared.",
        "Short call; both busy this week.",
        "Practised for an upcoming interview.",
        "Reviewed progress since last time.",
    )
    concern_note: str = ("Mentee has missed classes and sounds overwhelmed; "
                         "please call them this week.")
    # Adjusts a planted pair's mentee (and mentor) after the Must rules were applied, for
    # answers the generic step can't reason about (grade words, birth years ...).
    pair_fixup: PairFixup | None = None


@dataclass(frozen=True)
class Program:
    """A program type: what ``sheets-sync new --program NAME`` lays out."""

    name: str
    title: str
    description: str  # one line, for `sheets-sync programs`
    mentee_columns: Sequence[Column]
    mentor_columns: Sequence[Column]
    rules: Sequence[RuleRow]
    settings: Mapping[str, Any] = field(default_factory=dict)  # Settings field -> value
    start_here: Sequence[str] = ()  # paragraphs about this program's workflow
    sample: SampleProfile = field(default_factory=SampleProfile)

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValueError(f"Program '{self.name}' is not consistent: " + "; ".join(problems))

    def columns(self, side: str) -> tuple[Column, ...]:
        """Every column of a roster tab, in order: standard, the program's, standard."""
        if side == MENTEE:
            return (*LEAD_COLUMNS, *self.mentee_columns, *TAIL_COLUMNS)
        return (*LEAD_COLUMNS, *self.mentor_columns, CAPACITY, *TAIL_COLUMNS)

    def headers(self, side: str) -> list[str]:
        return [c.header for c in self.columns(side)]

    def private_headers(self) -> list[str]:
        seen: dict[str, str] = {}
        for column in (*self.mentee_columns, *self.mentor_columns):
            if column.private:
                seen.setdefault(normalise_header(column.header), column.header)
        return list(seen.values())

    def problems(self) -> list[str]:
        """Anything in this definition that would make a broken workbook."""
        found: list[str] = []
        for side, own in ((MENTEE, self.mentee_columns), (MENTOR, self.mentor_columns)):
            names = [normalise_header(c.header) for c in own]
            for column in own:
                name = normalise_header(column.header)
                if name in STANDARD_HEADERS:
                    found.append(f"{side} column '{column.header}' is added by the builder")
                if names.count(name) > 1:
                    found.append(f"{side} column '{column.header}' appears twice")
                if column.private and ("," in column.header or ";" in column.header):
                    found.append(f"private column '{column.header}' can't be listed in "
                                 "Settings: its header holds a comma")
        mentee = {normalise_header(h) for h in self.headers(MENTEE)}
        mentor = {normalise_header(h) for h in self.headers(MENTOR)}
        for number, rule in enumerate(self.rules, 2):
            where = f"Rules row {number}"
            if rule.rule not in RULE_KINDS:
                found.append(f"{where}: Rule must be Must or Prefer")
            if rule.test not in TESTS:
                found.append(f"{where}: unknown test '{rule.test}'")
            if rule.test not in MENTOR_ONLY_TESTS and (
                    normalise_header(rule.mentee_column) not in mentee):
                found.append(f"{where}: no mentee column '{rule.mentee_column}'")
            if normalise_header(rule.mentor_column) not in mentor:
                found.append(f"{where}: no mentor column '{rule.mentor_column}'")
            if rule.test in VALUE_TESTS and rule.value in (None, ""):
                found.append(f"{where}: the '{rule.test}' test needs a Value")
            if rule.rule == PREFER and not (rule.weight or 0) > 0:
                found.append(f"{where}: a Prefer rule needs a positive Weight")
            if rule.rule == MUST and rule.weight is not None:
                found.append(f"{where}: a Must rule has no Weight")
            if not rule.note:
                found.append(f"{where}: say why the rule is there in its Note")
        return found
