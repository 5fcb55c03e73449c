"""The Settings tab as typed settings.

A value that can't be read is a Problems row saying how to write it, and the sync goes on with
the program template's own value for that setting (not a generic default the coordinator never
saw): a typo must not quietly change how the program runs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sheets_sync.inputs import mail, values, zones
from sheets_sync.model import SETTINGS, Cell, Problem, Snapshot, Table, is_blank, normalise_header
from sheets_sync.words import problems as say

PAIR_START_STATES = ("Proposed", "Active")


@dataclass(frozen=True)
class Settings:
    program: str = "general"
    time_zone: str = "UTC"
    mentor_tab: str = "Mentors"
    mentee_tab: str = "Mentees"
    check_in_tab: str = "Check-ins"
    default_capacity: int = 2
    check_in_every: int = 14
    due_soon_within: int = 3
    escalate_after: int = 14
    first_meeting_within: int = 14
    sessions_to_schedule: int = 3
    session_length: int = 60
    new_pairs_start_as: str = "Proposed"
    private_columns: tuple[str, ...] = ()
    concern_escalates: bool = False
    show_local_times: bool = False
    program_year_starts: str = "September 1"
    match_length_goal: int = 12
    coordinator_name: str = ""
    coordinator_email: str = ""
    send_from: str = ""
    smtp_server: str = ""
    smtp_user: str = ""
    check_in_link: str = ""
    survey_link: str = ""
    utc_offset: float = 0.0  # derived from time_zone as of the sync day

    def is_private(self, header: str) -> bool:
        return normalise_header(header) in {normalise_header(c) for c in self.private_columns}


Parser = Callable[[Cell], Any]


@dataclass(frozen=True)
class Field:
    """One setting: its attribute, how its cell is read, its Help text and how to write it."""

    name: str
    parse: Parser
    help: str
    how: str = ""


def _text(value: Cell) -> str | None:
    return None if is_blank(value) else str(value).strip()


_UNIT = re.compile(r"^\s*(\d+)\s*(day|days|week|weeks|minute|minutes|mins?)?\s*$", re.I)


def _whole(low: int, high: int) -> Parser:
    """A whole number in [low, high]; "2 weeks" is 14 where the setting counts days."""

    def parse(value: Cell) -> int | None:
        number = values.parse_number(value)
        if number is None and isinstance(value, str) and (match := _UNIT.match(value)):
            unit = (match[2] or "").casefold()
            number = float(match[1]) * (7 if unit.startswith("week") else 1)
        if number is None or number != int(number) or not low <= number <= high:
            return None
        return int(number)

    return parse


def _start_state(value: Cell) -> str | None:
    text = values.normalise_text(value)
    return next((s for s in PAIR_START_STATES if s.casefold() == text), None)


def _columns(value: Cell) -> tuple[str, ...]:
    text = "" if value is None else str(value)
    return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_MONTH_DAY = re.compile(r"^\s*(?:([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?"
                        r"\s+(?:of\s+)?([a-z]+)\.?)\s*$", re.I)


def month_day(value: Cell) -> tuple[int, int] | None:
    """(month, day) of "September 1", "1 Sept", "Sep 1st", or of a date cell (a spreadsheet
    turns "September 1" typed in a cell into a date of this year). February 29 is refused:
    most years have none."""
    if isinstance(value, dt.date):
        found = (value.month, value.day)
    else:
        match = _MONTH_DAY.match("" if value is None else str(value))
        if not match:
            return None
        word, day = (match[1], match[2]) if match[1] else (match[4], match[3])
        word = word.casefold()
        months = [i for i, m in enumerate(MONTHS, 1)
                  if len(word) >= 3 and m.casefold().startswith(word)]
        if word == "sept":
            months = [9]
        if len(months) != 1:
            return None
        found = (months[0], int(day))
    try:
        dt.date(2001, *found)  # a year without February 29
    except ValueError:
        return None
    return found


def _month_day_text(value: Cell) -> str | None:
    found = month_day(value)
    return None if found is None else f"{MONTHS[found[0] - 1]} {found[1]}"


def _days(low: int, high: int, example: int) -> str:
    return f"a whole number of days from {low} to {high}, e.g. {example}"


# Labels match case- and space-insensitively.
SETTING_FIELDS: dict[str, Field] = {
    "Program": Field("program", _text, "The kind of program this workbook runs."),
    "Time zone": Field("time_zone", _text, "The program's time zone, e.g. Europe/London or "
                       "UTC-5. Dates and 'today' are this time zone's."),
    "Mentor tab": Field("mentor_tab", _text, "The tab listing mentors (a form response tab "
                        "works)."),
    "Mentee tab": Field("mentee_tab", _text, "The tab listing mentees (a form response tab "
                        "works)."),
    "Check-in tab": Field("check_in_tab", _text, "The tab where check-ins are recorded."),
    "Default mentor capacity": Field(
        "default_capacity", _whole(1, 50), "Mentees per mentor when their Capacity is blank.",
        "a whole number from 1 to 50, e.g. 2"),
    "Check-in every (days)": Field(
        "check_in_every", _whole(1, 365), "How often each pair should meet and check in.",
        _days(1, 365, 14)),
    "Due soon within (days)": Field(
        "due_soon_within", _whole(0, 60), "Flag a check-in as Due soon this many days ahead.",
        _days(0, 60, 3)),
    "Escalate after (days overdue)": Field(
        "escalate_after", _whole(0, 365), "Flag Escalate once a check-in is this many days "
        "late.", _days(0, 365, 14)),
    "First meeting within (days)": Field(
        "first_meeting_within", _whole(1, 365), "Days an approved pair has to hold its first "
        "meeting, counted from the day it became Active.", _days(1, 365, 14)),
    "Sessions to schedule": Field(
        "sessions_to_schedule", _whole(0, 26), "How many upcoming sessions to plan per pair.",
        "a whole number from 0 to 26, e.g. 3"),
    "Session length (minutes)": Field(
        "session_length", _whole(15, 480), "Length of each planned session.",
        "a whole number of minutes from 15 to 480, e.g. 60"),
    "New pairs start as": Field(
        "new_pairs_start_as", _start_state, "Proposed (you approve each pair) or Active.",
        "Proposed or Active"),
    "Private columns": Field(
        "private_columns", _columns, "Columns never copied out of their tab, comma separated."),
    "Concern escalates at once": Field(
        "concern_escalates", values.parse_bool, "Yes: a concern in a check-in is escalated.",
        "Yes or No"),
    "Show local times": Field(
        "show_local_times", values.parse_bool, "Yes: the Schedule shows each person's own "
        "time.", "Yes or No"),
    "Program year starts": Field(
        "program_year_starts", _month_day_text, "The day each program year begins. The "
        "Reports tab and the printed report count their figures by program year.",
        "a month and a day, e.g. September 1"),
    "Match length goal (months)": Field(
        "match_length_goal", _whole(1, 120), "How long a pair is meant to last. A pair that "
        "ends sooner, for a reason other than Completed the program or Goals met, counts as "
        "ended early.", "a whole number of months from 1 to 120, e.g. 12"),
    # Messages: the Outbox fills once Coordinator email is set; `send` mails it by SMTP.
    "Coordinator name": Field("coordinator_name", _text, "Your name, as messages sign off "
                              "({Coordinator name})."),
    "Coordinator email": Field(
        "coordinator_email", mail.email_address, "Your email: messages are written to the "
        "Outbox once this is set; escalations go to it and introductions copy it.",
        mail.EMAIL_HOW),
    "Send from": Field("send_from", mail.sender, "The address messages are sent from "
                       "(blank: Coordinator email).", mail.SENDER_HOW),
    "SMTP server": Field("smtp_server", mail.smtp_server, "Your mail provider's SMTP server "
                         "as host:port, e.g. smtp.gmail.com:587. Blank: send does nothing.",
                         mail.SERVER_HOW),
    "SMTP user": Field("smtp_user", _text, "The login for the SMTP server (often your email). "
                       "The password is never written here: set SHEETS_SYNC_SMTP_PASSWORD on "
                       "the computer that sends."),
    "Check-in form link": Field(
        "check_in_link", mail.form_link, "Your check-in form's pre-filled link with {Pair ID} "
        "in the Pair ID answer: each pair gets its own link ({Check-in link}).", mail.FORM_HOW),
    "Survey link": Field("survey_link", mail.link, "The end-of-match survey, for the closing "
                         "thank-you ({Survey link}).", mail.LINK_HOW),
}
_BY_LABEL = {normalise_header(label): label for label in SETTING_FIELDS}
_ALIASES = {"timezone": "Time zone", "capacity": "Default mentor capacity"}

Defaults = Callable[[str], "Settings | None"]


def read_settings(snapshot: Snapshot, today: dt.date,
                  defaults_for: Defaults = lambda _program: None
                  ) -> tuple[Settings, list[Problem]]:
    """Settings from the Settings tab; unknown labels are ignored, bad values reported.

    ``defaults_for(program)`` gives a program template's settings: they fill in any setting
    that is missing or can't be read. The workbook's own time zone (a Google spreadsheet has
    one) comes before the template's when Settings names none.
    """
    table = snapshot.get(SETTINGS)
    if table is None:
        settings = Settings(time_zone=snapshot.time_zone or Settings.time_zone)
        return _with_offset(settings, None, today, [say.no_settings_tab()])
    cells = _cells(table)
    program = _text(cells.get("Program", (None, None))[1])
    base = (defaults_for(program) if program else None) or Settings()
    if snapshot.time_zone:
        base = replace(base, time_zone=snapshot.time_zone)
    changes: dict[str, Any] = {}
    problems: list[Problem] = []
    for label, (row_number, value) in cells.items():
        field = SETTING_FIELDS[label]
        if is_blank(value) and field.name != "private_columns":
            continue
        parsed = field.parse(value)
        if parsed is None:
            problems.append(say.bad_setting(row_number, label, value, field.how,
                                            _show(getattr(base, field.name))))
            continue
        changes[field.name] = parsed
    return _with_offset(replace(base, **changes), table, today, problems)


def _cells(table: Table) -> dict[str, tuple[int, Cell]]:
    """Each known setting's (row, value); a setting given twice keeps its first row."""
    found: dict[str, tuple[int, Cell]] = {}
    for row_number, row in table.records():
        text = normalise_header(row[0])
        label = _BY_LABEL.get(text) or _ALIASES.get(text.replace(" ", ""))
        if label is not None and label not in found:
            found[label] = (row_number, row[1] if len(row) > 1 else None)
    return found


def _with_offset(settings: Settings, table: Table | None, today: dt.date,
                 problems: list[Problem]) -> tuple[Settings, list[Problem]]:
    offset = zones.parse_utc_offset(settings.time_zone, today)
    if offset is None:
        row = _cells(table).get("Time zone", (None, None))[0] if table is not None else None
        problems.append(say.unknown_program_zone(row, settings.time_zone, "UTC"))
        settings, offset = replace(settings, time_zone="UTC"), 0.0
    return replace(settings, utc_offset=offset), problems


def local_today(time_zone: str, now: dt.datetime) -> dt.date:
    """The program's date at the moment ``now`` (an aware datetime): a sync run from a server
    in UTC flips its flags at the program's midnight, not the server's."""
    offset = zones.parse_utc_offset(time_zone, now.date())
    zone = zones.zone_info(time_zone)
    if zone is not None:
        return now.astimezone(zone).date()
    return (now.astimezone(dt.UTC) + dt.timedelta(hours=offset or 0)).date()


def settings_rows(settings: Settings) -> list[list[Cell]]:
    """Setting | Value | Help rows for a new workbook's Settings tab."""
    return [[label, _show(getattr(settings, field.name)), field.help]
            for label, field in SETTING_FIELDS.items()]


def _show(value: Any) -> Cell:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, tuple):
        return ", ".join(value)
    return value


__all__ = ["Settings", "SETTING_FIELDS", "local_today", "month_day", "read_settings",
           "settings_rows"]
