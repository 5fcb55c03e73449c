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
from sheets_sync.programs.draws import Draw, Planted

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


def must(mentee_column: str | None, test: str, mentor_column: str, value: Cell = None, *,
         note: str) -> RuleRow:
    """A requirement: a pair that breaks it is never proposed."""
    return RuleRow(MUST, mentee_column, test, mentor_column, value, None, note)


def prefer(mentee_column: str | None, test: str, mentor_column: str, value: Cell = None, *,
           weight: float, note: str) -> RuleRow:
    """A preference: adds ``weight`` × similarity to a pair's score."""
    return RuleRow(PREFER, mentee_column, test, mentor_column, value, weight, note)


LANGUAGES = "Languages you speak"
AVAILABILITY = "Availability"


def shared_language(note: str = "They need a language in common.") -> RuleRow:
    return must(LANGUAGES, "overlaps", LANGUAGES, note=note)


def free_together(hours: float = 1, note: str = "At least an hour a week when both are free, "
                  "in each one's own time zone.") -> RuleRow:
    return must(AVAILABILITY, "time overlap", AVAILABILITY, hours, note=note)


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
