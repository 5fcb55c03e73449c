"""Mentor and mentee tabs as people: identity by email, approval, status and capacity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sheets_sync import values
from sheets_sync.errors import UnusableWorkbook
from sheets_sync.model import Cell, Problem, Table, is_blank

EXCLUDING_STATUSES = {"withdrawn", "inactive", "on hold", "on-hold", "paused"}
EMAIL_HEADERS = ("Email Address", "Email", "E-mail", "Your Email", "Email address")
NAME_HEADERS = ("Full name", "Name", "Your name", "Full Name", "Preferred name")


@dataclass
class Person:
    email: str
    name: str
    row: int
    cells: list[Cell]
    capacity: int = 0


@dataclass
class Roster:
    """One roster tab: everyone with a usable email, and those who may be matched now."""

    table: Table
    role: str
    everyone: dict[str, Person] = field(default_factory=dict)
    eligible: list[Person] = field(default_factory=list)

    def column_values(self, header: str, people: list[Person] | None = None) -> list[Cell]:
        index = self.table.column(header)
        people = self.eligible if people is None else people
        return [p.cells[index] if index is not None else None for p in people]


def read_roster(table: Table, role: str, default_capacity: int) -> tuple[Roster, list[Problem]]:
    """People of a roster tab; a row that can't be used is a Problems row, never fatal."""
    email_at = table.column(*EMAIL_HEADERS)
    if email_at is None:
        email_at = table.column_containing("email")
    if email_at is None:  # "Your e-mail address"
        email_at = table.column_containing("e-mail")
    if email_at is None:
        raise UnusableWorkbook(
            f"The {table.name} tab has no email column, and people are known by their email.",
            fix=f"Add a column headed 'Email' to the {table.name} tab (a Google Form's "
                "'Email Address' works).",
        )
    columns = _Columns(table)
    problems: list[Problem] = []
    latest: dict[str, tuple[tuple, Person, bool]] = {}
    for row_number, row in table.records():
        raw = row[email_at]
        email = values.normalise_text(raw).replace(" ", "")
        if not email:
            problems.append(Problem(table.name, row_number, table.header[email_at], raw,
                                    "No email address, so this person can't be matched. "
                                    "Add their email."))
            continue
        if "@" not in email or email.startswith("@") or email.endswith("@"):
            problems.append(Problem(table.name, row_number, table.header[email_at], raw,
                                    "This is not an email address, so this person can't be "
                                    "matched. Correct it."))
            continue
        person = Person(email, columns.name(row, email), row_number, row)
        if role == "mentor":
            person.capacity = columns.capacity(row, row_number, default_capacity, problems)
        order = (columns.timestamp(row), row_number)
        previous = latest.get(email)
        if previous is not None:
            older, newer = sorted([previous[:2], (order, person)], key=lambda item: item[0])
            problems.append(Problem(table.name, older[1].row, table.header[email_at], raw,
                                    f"{email} appears again on row {newer[1].row}; that later "
                                    "entry is used. Delete or merge the duplicate."))
            if newer[1] is previous[1]:
                continue
        latest[email] = (order, person, columns.is_eligible(row, row_number, problems))
    roster = Roster(table, role)
    for _order, person, eligible in sorted(latest.values(), key=lambda item: item[1].row):
        roster.everyone[person.email] = person
        if eligible:
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
        if number is None or number < 0 or number != int(number):
            problems.append(Problem(self.table.name, row_number, self.table.header[
                self.capacity_at], raw, f"Capacity must be a whole number such as 2; using the "
                f"default of {default}."))
            return default
        return int(number)

    def is_eligible(self, row: list[Cell], row_number: int | None = None,
                    problems: list[Problem] | None = None) -> bool:
        if self.approved_at is not None:
            approved = values.parse_bool(row[self.approved_at])
            if approved is None and not is_blank(row[self.approved_at]) and problems is not None:
                problems.append(Problem(self.table.name, row_number, self.table.header[
                    self.approved_at], row[self.approved_at], "Can't tell whether this person is "
                    "approved, so they are not matched yet. Write Yes or No."))
            if approved is not True:
                return False
        if self.status_at is not None:
            return values.normalise_text(row[self.status_at]) not in EXCLUDING_STATUSES
        return True

    def timestamp(self, row: list[Cell]) -> dt.datetime:
        if self.timestamp_at is None:
            return dt.datetime.min
        value = row[self.timestamp_at]
        if isinstance(value, dt.datetime):
            return value
        parsed = values.parse_date(value)
        return dt.datetime.combine(parsed, dt.time()) if parsed else dt.datetime.min
