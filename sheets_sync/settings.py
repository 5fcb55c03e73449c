"""The Settings tab as typed settings. A bad value is a Problems row and its default is used."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sheets_sync import values
from sheets_sync.model import SETTINGS, Cell, Problem, Snapshot, is_blank, normalise_header

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
    utc_offset: float = 0.0  # derived from time_zone as of the sync day

    def is_private(self, header: str) -> bool:
        return normalise_header(header) in {normalise_header(c) for c in self.private_columns}


# Setting label -> (field, parser, help text); labels match case- and space-insensitively.
Parser = Callable[[Cell], Any]


def _text(value: Cell) -> str | None:
    return None if is_blank(value) else str(value).strip()


def _whole(low: int, high: int) -> Parser:
    def parse(value: Cell) -> int | None:
        number = values.parse_number(value)
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


SETTING_FIELDS: dict[str, tuple[str, Parser, str]] = {
    "Program": ("program", _text, "The kind of program this workbook runs."),
    "Time zone": ("time_zone", _text, "The program's time zone, e.g. Europe/London or UTC-5."),
    "Mentor tab": ("mentor_tab", _text, "The tab listing mentors (a form response tab works)."),
    "Mentee tab": ("mentee_tab", _text, "The tab listing mentees (a form response tab works)."),
    "Check-in tab": ("check_in_tab", _text, "The tab where check-ins are recorded."),
    "Default mentor capacity": (
        "default_capacity", _whole(1, 50), "Mentees per mentor when their Capacity is blank."),
    "Check-in every (days)": (
        "check_in_every", _whole(1, 365), "How often each pair should meet and check in."),
    "Due soon within (days)": (
        "due_soon_within", _whole(0, 60), "Flag a check-in as Due soon this many days ahead."),
    "Escalate after (days overdue)": (
        "escalate_after", _whole(0, 365), "Flag Escalate once a check-in is this late."),
    "First meeting within (days)": (
        "first_meeting_within", _whole(1, 365), "Days a new pair has to hold its first meeting."),
    "Sessions to schedule": (
        "sessions_to_schedule", _whole(0, 26), "How many upcoming sessions to plan per pair."),
    "Session length (minutes)": (
        "session_length", _whole(15, 480), "Length of each planned session."),
    "New pairs start as": (
        "new_pairs_start_as", _start_state, "Proposed (you approve each pair) or Active."),
    "Private columns": (
        "private_columns", _columns, "Columns never copied out of their tab, comma separated."),
    "Concern escalates at once": (
        "concern_escalates", values.parse_bool, "Yes: a concern in a check-in is escalated."),
    "Show local times": (
        "show_local_times", values.parse_bool, "Yes: the Schedule shows each person's own time."),
}
_BY_LABEL = {normalise_header(label): label for label in SETTING_FIELDS}
_ALIASES = {"timezone": "Time zone", "capacity": "Default mentor capacity"}


def read_settings(snapshot: Snapshot, today: dt.date) -> tuple[Settings, list[Problem]]:
    """Settings from the Settings tab; unknown labels are ignored, bad values reported."""
    table = snapshot.get(SETTINGS)
    settings, problems = Settings(), []
    if table is None:
        problems.append(Problem(SETTINGS, None, "", "", "There is no Settings tab, so every "
                                "setting uses its default. Add one with sheets-sync new."))
    else:
        changes: dict[str, Any] = {}
        for row_number, row in table.records():
            label = normalise_header(row[0])
            label = _BY_LABEL.get(label) or _ALIASES.get(label.replace(" ", ""))
            if label is None:
                continue
            value = row[1] if len(row) > 1 else None
            name, parse, help_text = SETTING_FIELDS[label]
            if is_blank(value) and name != "private_columns":
                continue
            parsed = parse(value)
            if parsed is None:
                problems.append(Problem(SETTINGS, row_number, "Value", value,
                                        f"'{label}' can't be '{value}'. {help_text} Using the "
                                        f"default, {_show(getattr(settings, name))}."))
                continue
            changes[name] = parsed
        settings = replace(settings, **changes)
    offset = values.parse_utc_offset(settings.time_zone, today)
    if offset is None:
        problems.append(Problem(SETTINGS, _row_of(table, "Time zone"), "Value", settings.time_zone,
                                "Unknown time zone; using UTC. Write e.g. Europe/London or UTC-5."))
        offset = 0.0
    return replace(settings, utc_offset=offset), problems


def settings_rows(settings: Settings) -> list[list[Cell]]:
    """Setting | Value | Help rows for a new workbook's Settings tab."""
    rows = []
    for label, (name, _parse, help_text) in SETTING_FIELDS.items():
        rows.append([label, _show(getattr(settings, name)), help_text])
    return rows


def _show(value: Any) -> Cell:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, tuple):
        return ", ".join(value)
    return value


def _row_of(table: Any, label: str) -> int | None:
    if table is None:
        return None
    for row_number, row in table.records():
        if normalise_header(row[0]) == normalise_header(label):
            return row_number
    return None


__all__ = ["Settings", "read_settings", "settings_rows", "SETTING_FIELDS"]
