"""Mentor and mentee tabs as people: identity by email, approval, status and capacity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sheets_sync.errors import UnusableWorkbook
from sheets_sync.inputs import values
from sheets_sync.model import Cell, Problem, Table, is_blank
from sheets_sync.words import problems as say

# The words of a roster's Status column, as coordinators write them (compared case-folded).
READY_WORDS = ("approved", "active", "ready", "matched")
OUT_WORDS = ("withdrawn", "inactive", "on hold", "on-hold", "left", "paused", "dropped out")
NOT_YET_WORDS = ("pending", "waitlist", "wait list", "waitlisted", "waiting list", "applied",
                 "new", "under review", "in review", "screening", "not approved", "declined")
READY, NOT_YET, OUT = "ready", "not yet", "out"
EMAIL_HEADERS = ("Email Address", "Email", "E-mail", "Your Email", "Email address")
NAME_HEADERS = ("Full name", "Name", "Your name", "Full Name", "Preferred name")


@dataclass
class Person:
    email: str
    name: str
    row: int
    cells: list[Cell]
    capacity: int = 0
    signed_up: dt.date | None = None  # the form's Timestamp
    standing: str = READY  # READY may be matched; NOT_YET awaits review; OUT left the program


@dataclass
class Roster:
    """One roster tab: everyone with a usable email, and those who may be matched now."""

    table: Table
    role: str
    everyone: dict[str, Person] = field(default_factory=dict)
    eligible: list[Person] = field(default_factory=list)

    def count(self, standing: str) -> int:
        return sum(1 for p in self.everyone.values() if p.standing == standing)

    def column_values(self, header: str, people: list[Person] | None = None) -> list[Cell]:
        index = self.table.column(header)
        people = self.eligible if people is None else people
        return [p.cells[index] if index is not None else None for p in people]


# More mentees than any one mentor could meet; also keeps the solver's integers in range.
MAX_CAPACITY = 1000


def read_roster(table: Table, role: str, default_capacity: int) -> tuple[Roster, list[Problem]]:
    """People of a roster tab; a row that can't be used is a Problems row, never fatal."""
    email_at = table.column(*EMAIL_HEADERS)
    if email_at is None:
        email_at = table.column_containing("email")
    if email_at is None:  # "Your e-mail address"
        email_at = table.column_containing("e-mail")
    if email_at is None:
        raise UnusableWorkbook.of([say.blocker(
            table.name, 1, "", "", f"The {table.name} tab has no email column, and people are "
            "known by their email.", f"Add a column headed 'Email' to the {table.name} tab (a "
            "Google Form's 'Email Address' works).")])
    columns = _Columns(table)
    problems: list[Problem] = []
    latest: dict[str, tuple[tuple[dt.datetime, int], Person]] = {}
    for row_number, row in table.records():
        raw = row[email_at]
        email = values.normalise_email(raw)
        header = table.header[email_at]
        if not email:
            problems.append(say.no_email(table.name, row_number, header, raw))
            continue
        if "@" not in email or email.startswith("@") or email.endswith("@"):
            problems.append(say.not_an_email(table.name, row_number, header, raw))
            continue
        stamp = columns.timestamp(row)
        person = Person(email, columns.name(row, email), row_number, row,
                        signed_up=None if stamp == dt.datetime.min else stamp.date())
        if role == "mentor":
            person.capacity = columns.capacity(row, row_number, default_capacity, problems)
        order = (stamp, row_number)
        previous = latest.get(email)
        if previous is not None:
            older, newer = sorted([previous, (order, person)], key=lambda item: item[0])
            problems.append(say.repeated_email(table.name, older[1].row, header,
                                               older[1].cells[email_at], email, newer[1].row))
            if newer[1] is previous[1]:
                continue
        person.standing = columns.standing(row, row_number, problems)
        latest[email] = (order, person)
    roster = Roster(table, role)
    for _order, person in sorted(latest.values(), key=lambda item: item[1].row):
        roster.everyone[person.email] = person
        if person.standing == READY:
            roster.eligible.append(person)
    return roster, problems


class _Columns:
    """Where a roster's identity columns sit."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.name_at = table.column(*NAME_HEADERS)
        self.first_at = table.column("First name", "Given name")
        self.last_at = table.column("Last name", "Surname", "Family name")
        self.capacity_at = table.column("Capacity")
        if self.capacity_at is None:
            self.capacity_at = table.column_containing("how many mentees")
        self.approved_at = table.column("Approved")
        self.status_at = table.column("Status")
        self.timestamp_at = table.column("Timestamp")
        self._words: dict[tuple[type, Cell], str] = {}
        self._ticks: dict[tuple[type, Cell], bool | None] = {}

    def name(self, row: list[Cell], email: str) -> str:
        if self.name_at is not None and not is_blank(row[self.name_at]):
            return " ".join(str(row[self.name_at]).split())
        parts = [row[i] for i in (self.first_at, self.last_at) if i is not None]
        text = " ".join(str(p).strip() for p in parts if not is_blank(p))
        return text or email

    def capacity(self, row: list[Cell], row_number: int, default: int,
                 problems: list[Problem]) -> int:
        if self.capacity_at is None or is_blank(row[self.capacity_at]):
            return default
        raw = row[self.capacity_at]
        number = values.parse_number(raw)
        if number is None or not 0 <= number <= MAX_CAPACITY or number != int(number):
            problems.append(say.bad_capacity(self.table.name, row_number,
                                             self.table.header[self.capacity_at], raw, default,
                                             MAX_CAPACITY))
            return default
        return int(number)

    def standing(self, row: list[Cell], row_number: int, problems: list[Problem]) -> str:
        """READY, NOT_YET or OUT, from the Approved and Status columns (either may be absent).
        A Status word the sync does not know keeps the person out of matching, reported."""
        status = NOT_YET if self.approved_at is not None and not self._approved(
            row, row_number, problems) else READY
        if self.status_at is None:
            return status
        word = self._word(row[self.status_at])
        if word in OUT_WORDS:
            return OUT
        if word in NOT_YET_WORDS:
            return NOT_YET
        if word and word not in READY_WORDS:
            problems.append(say.unknown_status_word(self.table.name, row_number,
                                                    self.table.header[self.status_at],
                                                    row[self.status_at]))
            return NOT_YET
        return status

    def _word(self, cell: Cell) -> str:
        """A Status cell as compared (few distinct words: each read once)."""
        key = (cell.__class__, cell)
        if key not in self._words:
            self._words[key] = values.normalise_text(cell)
        return self._words[key]

    def _approved(self, row: list[Cell], row_number: int, problems: list[Problem]) -> bool:
        assert self.approved_at is not None
        cell = row[self.approved_at]
        key = (cell.__class__, cell)
        if key not in self._ticks:
            self._ticks[key] = values.parse_bool(cell)
        approved = self._ticks[key]
        if approved is None and not is_blank(cell):
            problems.append(say.unclear_approval(self.table.name, row_number,
                                                 self.table.header[self.approved_at], cell))
        return approved is True

    def timestamp(self, row: list[Cell]) -> dt.datetime:
        if self.timestamp_at is None:
            return dt.datetime.min
        value = row[self.timestamp_at]
        if isinstance(value, dt.datetime):
            return value
        parsed = values.parse_date(value)
        return dt.datetime.combine(parsed, dt.time()) if parsed else dt.datetime.min
