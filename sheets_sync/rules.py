"""The Rules tab: each row a Must (hard) or Prefer (weighted) test between a mentee and a mentor."""

from __future__ import annotations

from dataclasses import dataclass

from sheets_sync import values
from sheets_sync.errors import UnusableWorkbook
from sheets_sync.model import Cell, Table, is_blank, normalise_header

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

    @property
    def is_must(self) -> bool:
        return self.kind == MUST

    def describe(self) -> str:
        """The rule in words, e.g. 'mentor younger by at least 5 (Age)'."""
        mentee, mentor = self.mentee_column, self.mentor_column
        number = _show_number(self.threshold)
        return {
            "same": f"same {mentee}" if _same_name(mentee, mentor) else f"{mentee} = {mentor}",
            "differs": f"different {mentee}" if _same_name(mentee, mentor)
            else f"{mentee} differs from {mentor}",
            "overlaps": f"shared {mentee}" if _same_name(mentee, mentor)
            else f"{mentee} overlaps {mentor}",
            "covers": f"mentor's {mentor} covers mentee's {mentee}",
            "mentor is": f"mentor's {mentor} is {' or '.join(self.options)}",
            "mentee accepts": f"mentee's {mentee} accepts the mentor's {mentor}",
            "mentor older by": f"mentor older by at least {number} ({mentor})",
            "mentor younger by": f"mentor younger by at least {number} ({mentor})",
            "age gap": f"gap of at least {number} in {mentor}",
            "within": f"{mentor} within {number}",
            "time overlap": f"at least {number} h of shared availability",
        }[self.test]


def _same_name(a: str | None, b: str | None) -> bool:
    return normalise_header(a) == normalise_header(b)


def _show_number(number: float | None) -> str:
    if number is None:
        return ""
    return str(int(number)) if number == int(number) else f"{number:g}"


def read_rules(rules: Table | None, mentees: Table, mentors: Table) -> list[Rule]:
    """Every Rules row as a Rule. A row that cannot be used stops the sync (exit 2)."""
    if rules is None:
        raise UnusableWorkbook(
            "The workbook has no Rules tab, so there is nothing to match people by.",
            fix="Add a Rules tab (Rule | Mentee column | Test | Mentor column | Value | Weight | "
                "Note); `sheets-sync new` shows an example.",
        )
    positions = {name: rules.column(name) for name in RULES_HEADER}
    for required in ("Rule", "Test", "Mentor column"):
        if positions[required] is None:
            raise UnusableWorkbook(
                f"The Rules tab has no '{required}' column.",
                fix="Its header row must read: " + " | ".join(RULES_HEADER) + ".",
            )
    parsed = []
    for row_number, row in rules.records():
        cells = {name: (row[i] if i is not None else None) for name, i in positions.items()}
        parsed.append(_read_rule(row_number, cells, mentees, mentors))
    return parsed


def _read_rule(row: int, cells: dict[str, Cell], mentees: Table, mentors: Table) -> Rule:
    where = f"Rules row {row}"
    kind = values.normalise_text(cells["Rule"]).capitalize()
    if kind not in (MUST, PREFER):
        raise UnusableWorkbook(f"{where}: Rule is '{cells['Rule']}'.",
                               fix="Write Must (a hard rule) or Prefer (adds to the score).")
    test = values.normalise_text(cells["Test"])
    if test not in TESTS:
        raise UnusableWorkbook(f"{where}: unknown test '{cells['Test']}'.",
                               fix="Use one of: " + ", ".join(TESTS) + ".")
    needs_mentee, needs_value, value_kind = TESTS[test]
    mentor_column = _existing_column(cells["Mentor column"], mentors, where, "Mentor column")
    mentee_column = None
    if needs_mentee:
        mentee_column = _existing_column(cells["Mentee column"], mentees, where, "Mentee column")
    threshold, options = None, ()
    value = cells["Value"]
    if value_kind == "list":
        options = tuple(values.split_list(value))
        if not options:
            raise UnusableWorkbook(f"{where}: the '{test}' test needs the accepted values in "
                                   "Value.", fix="List them, comma separated, e.g. Yes, Cleared.")
    elif value_kind == "number":
        threshold = _threshold(value, test, needs_value, where)
    weight = _weight(cells["Weight"], kind, where)
    note = "" if cells["Note"] is None else str(cells["Note"])
    return Rule(row, kind, mentee_column, test, mentor_column, threshold, options, weight, note)


def _existing_column(name: Cell, table: Table, where: str, which: str) -> str:
    if is_blank(name):
        raise UnusableWorkbook(f"{where}: {which} is blank.",
                               fix=f"Write the header of a column of the {table.name} tab.")
    index = table.column(str(name))
    if index is None:
        known = ", ".join(h for h in table.header if h)
        raise UnusableWorkbook(f"{where}: the {table.name} tab has no column '{name}'.",
                               fix=f"Use one of its headers: {known}.")
    return table.header[index]


def _threshold(value: Cell, test: str, required: bool, where: str) -> float:
    if is_blank(value) and not required:
        return 1.0  # time overlap: one shared hour unless told otherwise
    number = values.parse_number(value)
    if number is None or number < 0:
        raise UnusableWorkbook(f"{where}: the '{test}' test needs a number in Value, "
                               f"not '{'' if value is None else value}'.",
                               fix="Write a number of 0 or more, e.g. 5.")
    return number


def _weight(value: Cell, kind: str, where: str) -> float:
    if kind == MUST or is_blank(value):
        return 1.0
    number = values.parse_number(value)
    if number is None or number <= 0:
        raise UnusableWorkbook(f"{where}: Weight is '{value}'.",
                               fix="Write a number above 0 (higher counts more), or leave it "
                                   "blank for 1.")
    return number
