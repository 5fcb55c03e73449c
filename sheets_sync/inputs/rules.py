"""The Rules tab: each row a Must (hard) or Prefer (weighted) test between a mentee and a mentor."""

from __future__ import annotations

from dataclasses import dataclass

from sheets_sync.errors import UnusableWorkbook
from sheets_sync.inputs import values
from sheets_sync.inputs.availability import split_items
from sheets_sync.model import RULES, Cell, Table, is_blank
from sheets_sync.words import problems as say

MUST, PREFER = "Must", "Prefer"

# test name -> (needs a mentee column, needs a Value, kind of Value)
TESTS: dict[str, tuple[bool, bool, str]] = {
    "same": (True, False, ""),
    "differs": (True, False, ""),
    "overlaps": (True, False, ""),
    "covers": (True, False, ""),
    "mentor is": (False, True, "list"),
    "mentee accepts": (True, False, ""),
    "mentor older by": (True, True, "number"),
    "mentor younger by": (True, True, "number"),
    "age gap": (True, True, "number"),
    "within": (True, True, "number"),
    "time overlap": (True, False, "number"),
}
RULES_HEADER = ["Rule", "Mentee column", "Test", "Mentor column", "Value", "Weight", "Note"]


@dataclass(frozen=True)
class Rule:
    row: int
    kind: str
    mentee_column: str | None
    test: str
    mentor_column: str
    threshold: float | None = None
    options: tuple[str, ...] = ()
    weight: float = 1.0
    note: str = ""
    option_labels: tuple[str, ...] = ()  # the accepted answers as typed, for words

    @property
    def shown_options(self) -> tuple[str, ...]:
        return self.option_labels or self.options

    @property
    def is_must(self) -> bool:
        return self.kind == MUST


def read_rules(rules: Table | None, mentees: Table | None, mentors: Table | None
               ) -> list[Rule]:
    """Every Rules row as a Rule. Rows that cannot be used stop the sync (exit 2), all of
    them reported at once."""
    if rules is None:
        raise UnusableWorkbook.of([say.blocker(
            RULES, None, "", "", "The workbook has no Rules tab, so there is nothing to match "
            "people by.", "Add a Rules tab (Rule | Mentee column | Test | Mentor column | Value "
            "| Weight | Note); sheets-sync new makes a workbook with one.")])
    positions = {name: rules.column(name) for name in RULES_HEADER}
    missing = [name for name in ("Rule", "Test", "Mentor column") if positions[name] is None]
    if missing:
        raise UnusableWorkbook.of([say.blocker(
            RULES, 1, name, "", f"The Rules tab has no '{name}' column.",
            "Its header row must read: " + " | ".join(RULES_HEADER) + ".") for name in missing])
    parsed: list[Rule] = []
    errors: list[say.Blocker] = []
    for row_number, row in rules.records():
        cells = {name: (row[i] if i is not None else None) for name, i in positions.items()}
        rule = _RuleReader(row_number, cells, mentees, mentors, errors).rule()
        if rule is not None:
            parsed.append(rule)
    if errors:
        raise UnusableWorkbook.of(errors)
    return parsed


class _RuleReader:
    """One Rules row; every cell that can't be used adds an error, so all come at once."""

    def __init__(self, row: int, cells: dict[str, Cell], mentees: Table | None,
                 mentors: Table | None, errors: list[say.Blocker]) -> None:
        self.row, self.cells, self.errors = row, cells, errors
        self.tables = {"Mentee column": mentees, "Mentor column": mentors}

    def error(self, column: str, what: str, fix: str) -> None:
        self.errors.append(say.blocker(RULES, self.row, column, self.cells.get(column), what,
                                       fix))

    def rule(self) -> Rule | None:
        before = len(self.errors)
        kind = values.normalise_text(self.cells["Rule"]).capitalize()
        if kind not in (MUST, PREFER):
            self.error("Rule", f"Rule can't be '{_text(self.cells['Rule'])}'.",
                       "Write Must (a requirement) or Prefer (adds to the score).")
        test = values.normalise_text(self.cells["Test"])
        if test not in TESTS:
            self.error("Test", f"There is no test called '{_text(self.cells['Test'])}'.",
                       "Use one of: " + ", ".join(TESTS) + " (the Rule tests tab explains each).")
            return None
        needs_mentee, needs_value, value_kind = TESTS[test]
        mentor_column = self.column("Mentor column")
        mentee_column = self.column("Mentee column") if needs_mentee else None
        threshold: float | None = None
        options: tuple[str, ...] = ()
        if value_kind == "list":
            options = self.options(test)
        elif value_kind == "number":
            threshold = self.threshold(test, needs_value)
        weight = self.weight(kind)
        if len(self.errors) > before:
            return None
        note = "" if self.cells["Note"] is None else str(self.cells["Note"])
        labels = tuple(t.strip() for t in split_items(self.cells["Value"]) if t.strip())
        return Rule(self.row, kind, mentee_column, test, mentor_column or "", threshold,
                    options, weight, note, labels if value_kind == "list" else ())

    def column(self, which: str) -> str | None:
        name, table = self.cells[which], self.tables[which]
        if table is None:  # the roster tab itself is missing: reported once, not per rule
            return None if is_blank(name) else str(name)
        if is_blank(name):
            self.error(which, f"{which} is blank.",
                       f"Write the header of a column of the {table.name} tab.")
            return None
        index = table.column(str(name))
        if index is None:
            known = ", ".join(h for h in table.header if h)
            self.error(which, f"The {table.name} tab has no column '{name}'.",
                       f"Use one of its headers: {known}.")
            return None
        return table.header[index]

    def options(self, test: str) -> tuple[str, ...]:
        options = tuple(values.split_list(self.cells["Value"]))
        if not options:
            self.error("Value", f"The '{test}' test needs the accepted answers in Value.",
                       "List them, comma separated, e.g. Yes, Cleared.")
        return options

    def threshold(self, test: str, required: bool) -> float | None:
        value = self.cells["Value"]
        if is_blank(value) and not required:
            return 1.0  # time overlap: one shared hour unless told otherwise
        number = values.parse_number(value)
        if number is None or number < 0:
            self.error("Value", f"The '{test}' test needs a number in Value, not "
                       f"'{_text(value)}'.", f"Write {VALUE_MEANS[test]}.")
            return None
        return number

    def weight(self, kind: str) -> float:
        value = self.cells["Weight"]
        if kind == MUST or is_blank(value):
            return 1.0
        number = values.parse_number(value)
        if number is None or number <= 0:
            self.error("Weight", f"Weight can't be '{_text(value)}'.",
                       "Write a number above 0 (a rule with Weight 2 counts twice as much as "
                       "one with 1), or leave it blank for 1.")
        return number or 1.0


def _text(value: Cell) -> str:
    return "" if value is None else str(value)


# What a number in Value means for each numeric test, in the words of the fix.
VALUE_MEANS = {
    "mentor older by": "how many years (or grades) older the mentor must be, e.g. 5",
    "mentor younger by": "how many years (or grades) younger the mentor must be, e.g. 5",
    "age gap": "the smallest gap in years (or grades) either way, e.g. 20",
    "within": "the largest difference allowed, e.g. 3 (hours of time zone, years or grades)",
    "time overlap": "the hours a week both must be free at the same time, e.g. 1",
}
