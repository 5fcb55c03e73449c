"""Check-ins and the Follow-ups tab: when each Active pair is next due, and what to do about it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sheets_sync import values
from sheets_sync.model import Cell, Problem, Table, is_blank
from sheets_sync.pairings import Pair
from sheets_sync.settings import Settings


@dataclass(frozen=True)
class CheckIn:
    row: int
    pair_id: str
    date: dt.date
    concern: bool


@dataclass(frozen=True)
class FollowUp:
    pair: Pair
    last_check_in: dt.date | None
    next_due: dt.date
    days_overdue: int
    flag: str
    action: str


def read_check_ins(table: Table | None, pairs: list[Pair], today: dt.date
                   ) -> tuple[list[CheckIn], list[Problem]]:
    """Check-ins that name a known pair, by Pair ID or by the two emails in either order."""
    if table is None:
        return [], []
    by_id = {p.pair_id.strip().casefold(): p for p in pairs if p.pair_id.strip()}
    by_people: dict[frozenset[str], Pair] = {}
    for pair in sorted(pairs, key=lambda p: p.status != "Active"):  # Active pairs win
        by_people.setdefault(frozenset((pair.mentee, pair.mentor)), pair)
    column = _CheckInColumns(table)
    found, problems = [], []
    for row_number, row in table.records():
        pair = by_id.get(values.normalise_text(column.get(row, "pair")))
        if pair is None:
            emails = frozenset(_email(column.get(row, k)) for k in ("mentee", "mentor")) - {""}
            pair = by_people.get(emails)
        if pair is None:
            problems.append(Problem(table.name, row_number, column.header("pair"),
                                    column.get(row, "pair") or column.get(row, "mentee"),
                                    "This check-in names no pair in Pairings. Give its Pair ID, "
                                    "or both the mentee's and the mentor's emails."))
            continue
        typed, source = column.get(row, "date"), "date"
        date = values.parse_date(typed)
        if date is None:  # a form without a date question: the day it was sent
            source = "timestamp"
            date = values.parse_date(column.get(row, source))
        if date is None:
            problems.append(Problem(table.name, row_number, column.header("date"), typed,
                                    "Can't read the meeting date; write it like 2026-11-24."))
            continue
        if not is_blank(typed) and source == "timestamp":
            problems.append(Problem(table.name, row_number, column.header("date"), typed,
                                    f"Can't read the meeting date, so the day the check-in was "
                                    f"sent ({date.isoformat()}) is used. Write it like "
                                    "2026-11-24."))
        if date > today:
            problems.append(Problem(table.name, row_number, column.header(source),
                                    column.get(row, source), "This meeting date is in the future, "
                                    "so the check-in is not counted yet."))
            continue
        concern = values.parse_bool(column.get(row, "concern")) is True
        found.append(CheckIn(row_number, pair.pair_id, date, concern))
    return found, problems


def _email(value: Cell) -> str:
    return values.normalise_text(value).replace(" ", "")


def _first(*indexes: int | None) -> int | None:
    return next((i for i in indexes if i is not None), None)


class _CheckInColumns:
    """Where the check-in questions sit; a Google Form's own wording works too."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.at = {
            "pair": _first(table.column("Pair ID", "Pair"), table.column_containing("pair id")),
            "mentee": table.column("Mentee Email") or table.column_containing("mentee email"),
            "mentor": table.column("Mentor Email") or table.column_containing("mentor email"),
            "date": table.column("Meeting Date", "Date of meeting", "Date")
            or table.column_containing("date"),
            "timestamp": table.column("Timestamp"),
            "concern": table.column("Concern") or table.column_containing("concern"),
        }

    def get(self, row: list[Cell], key: str) -> Cell:
        index = self.at[key]
        return None if index is None else row[index]

    def header(self, key: str) -> str:
        index = self.at[key]
        return key.title() if index is None else self.table.header[index]


def follow_ups(pairs: list[Pair], check_ins: list[CheckIn], settings: Settings,
               today: dt.date) -> list[FollowUp]:
    """One follow-up per Active pair, flagged by the first rule that applies."""
    latest: dict[str, CheckIn] = {}
    for check_in in sorted(check_ins, key=lambda c: (c.date, c.row)):
        latest[check_in.pair_id] = check_in
    result = []
    for pair in pairs:
        if pair.status != "Active":
            continue
        last = latest.get(pair.pair_id)
        if last is not None:
            next_due = last.date + dt.timedelta(days=settings.check_in_every)
        else:
            start = pair.matched_on or today
            next_due = start + dt.timedelta(days=settings.first_meeting_within)
        overdue = max(0, (today - next_due).days)
        flag = _flag(last, next_due, overdue, settings, today)
        result.append(FollowUp(pair, last.date if last else None, next_due, overdue, flag,
                               _action(flag, pair, last, next_due, overdue, settings)))
    return result


def _flag(last: CheckIn | None, next_due: dt.date, overdue: int, settings: Settings,
          today: dt.date) -> str:
    if last is not None and last.concern:
        return "Concern raised"
    if overdue > 0 and overdue >= settings.escalate_after:
        return "Escalate"
    if overdue > 0:
        return "Overdue"
    if last is None:
        return "Awaiting first meeting"
    if (next_due - today).days <= settings.due_soon_within:
        return "Due soon"
    return "On track"


def _action(flag: str, pair: Pair, last: CheckIn | None, next_due: dt.date, overdue: int,
            settings: Settings) -> str:
    mentee, mentor = _name(pair, "Mentee"), _name(pair, "Mentor")
    if flag == "Concern raised":
        assert last is not None
        if settings.concern_escalates:
            return (f"Escalate now: a concern was raised at the meeting of {last.date:%d %b}. "
                    f"Follow your safeguarding steps and contact {mentee} today.")
        return (f"Read the concern from the meeting of {last.date:%d %b} and contact {mentee} "
                f"and {mentor} this week.")
    if flag == "Escalate":
        return (f"{overdue} days overdue: call {mentor} and {mentee}, then decide whether to "
                "pause the pair or set it to Rematch.")
    if flag == "Overdue":
        return f"Check-in {overdue} day{'s' * (overdue != 1)} late: remind {mentor} and {mentee}."
    if flag == "Awaiting first meeting":
        return f"First meeting due by {next_due:%d %b}: check that {mentor} has booked it."
    if flag == "Due soon":
        return f"Check-in due {next_due:%d %b}: a friendly reminder to the pair."
    return "Nothing to do."


def _name(pair: Pair, role: str) -> str:
    value = pair.cells.get(role)
    return pair.mentee if role == "Mentee" and is_blank(value) else (
        pair.mentor if is_blank(value) else str(value))
