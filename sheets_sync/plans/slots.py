"""Each person's free time as a quarter-hour week grid in the program's local time, the
quarter-hours already given to their planned sessions, and the clock text of a slot, for
planning sessions."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np

from sheets_sync.inputs import values, zones
from sheets_sync.inputs.pairings import Pair
from sheets_sync.inputs.roster import Roster
from sheets_sync.inputs.settings import Settings
from sheets_sync.model import Cell
from sheets_sync.scoring.scores import TIME_ZONE_HEADERS

DAY_SLOTS = 24 * values.SLOTS_PER_HOUR
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


ROLES = ("Mentee", "Mentor")  # local_note's labels, in its order
NOTE_SEPARATOR = "; "


class Weeks:
    """Free time of the people in pairs, shifted into the program's time zone."""

    def __init__(self, mentees: Roster, mentors: Roster, today: dt.date, settings: Settings
                 ) -> None:
        self.rosters = {"Mentee": mentees, "Mentor": mentors}
        self.today = today
        self.settings = settings
        self.columns = {role: (_column(r, ("Availability",), "availab"),
                               _column(r, TIME_ZONE_HEADERS, "time zone"))
                        for role, r in self.rosters.items()}

    def person(self, role: str, email: str) -> tuple[Cell, float] | None:
        """(availability cell, UTC offset) of someone on the roster, None if not there."""
        person = self.rosters[role].everyone.get(email)
        if person is None:
            return None
        availability_at, zone_at = self.columns[role]
        zone = person.cells[zone_at] if zone_at is not None else None
        offset = zones.parse_utc_offset(zone, self.today)
        availability = person.cells[availability_at] if availability_at is not None else None
        return availability, self.settings.utc_offset if offset is None else offset

    def grid(self, role: str, email: str) -> np.ndarray | None:
        found = self.person(role, email)
        if found is None:
            return None
        local, _unknown = values.parse_availability(found[0])
        if not local.any():
            return None
        return values.to_utc(values.to_utc(local, found[1]), -self.settings.utc_offset)

    def shared(self, pair: Pair) -> np.ndarray | None:
        """Quarter-hours both are free, or None when either gave no availability."""
        a, b = self.grid("Mentee", pair.mentee), self.grid("Mentor", pair.mentor)
        return None if a is None or b is None else a & b

    def local_note(self, pair: Pair, day: dt.date, start: int) -> str:
        """Each person's own clock time of the session, for pairs across time zones."""
        if not self.settings.show_local_times:
            return ""
        moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(
            minutes=start * 60 // values.SLOTS_PER_HOUR)
        parts = []
        for role, email in zip(ROLES, (pair.mentee, pair.mentor), strict=True):
            found = self.person(role, email)
            offset = found[1] if found else self.settings.utc_offset
            local = moment + dt.timedelta(hours=offset - self.settings.utc_offset)
            parts.append(f"{role}: {local:%a %d %b %H:%M} ({_utc_label(offset)})")
        return NOTE_SEPARATOR.join(parts)


def with_names(note: str, mentee: str, mentor: str) -> str:
    """A ``local_note`` with the two people's names for its role labels ("Ana: Fri 11 Dec
    18:30 (UTC-8); Bo: ..."); "" for any other note (no local times, or no time found)."""
    parts = note.split(NOTE_SEPARATOR)
    labels = [f"{role}: " for role in ROLES]
    if len(parts) != len(ROLES) or not all(map(str.startswith, parts, labels)):
        return ""
    return NOTE_SEPARATOR.join(f"{who}: {part[len(label):]}"
                               for who, part, label in zip((mentee, mentor), parts, labels,
                                                           strict=True))


class Booked:
    """Quarter-hours already given to a planned session, by person (email) and day.

    A person's free time is shared by all their pairs, so a slot one pair's session takes is no
    longer free for their others: a mentor with three mentees must not get three sessions at once.
    """

    def __init__(self) -> None:
        self._slots: dict[tuple[str, dt.date], set[int]] = {}

    def clashes(self, people: tuple[str, ...], day: dt.date, start: int, end: int) -> bool:
        """Whether any of ``people`` has a session in the slots ``start`` to ``end`` of ``day``."""
        taken = range(start, end)
        return any(not self._slots.get((who, day), set()).isdisjoint(taken) for who in people)

    def book(self, people: tuple[str, ...], day: dt.date, start: int, end: int) -> None:
        for who in people:
            self._slots.setdefault((who, day), set()).update(range(start, end))


def _column(roster: Roster, names: tuple[str, ...], fragment: str) -> int | None:
    index = roster.table.column(*names)
    return roster.table.column_containing(fragment) if index is None else index


def clock(slot: int) -> str:
    """A quarter-hour slot of the day as "HH:MM" ("24:00" at the very end of the day)."""
    minutes = slot * 60 // values.SLOTS_PER_HOUR
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def slot_of(text: str) -> int | None:
    """The quarter-hour slot a "HH:MM" clock text starts, None if it is not one."""
    match = _CLOCK.match(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return (int(match[1]) * 60 + int(match[2])) * values.SLOTS_PER_HOUR // 60


def _utc_label(offset: float) -> str:
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(round(abs(offset) * 60), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")
