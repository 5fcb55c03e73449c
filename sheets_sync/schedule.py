"""The next sessions of each Active pair: at the check-in cadence, in a slot both are free."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from sheets_sync import values
from sheets_sync.followups import FollowUp
from sheets_sync.model import Cell
from sheets_sync.pairings import Pair
from sheets_sync.roster import Roster
from sheets_sync.scoring import TIME_ZONE_HEADERS
from sheets_sync.settings import Settings

DAY_SLOTS = 24 * values.SLOTS_PER_HOUR
SEARCH_DAYS = 7  # look this many days from the target date for a shared slot


@dataclass(frozen=True)
class Session:
    pair_id: str
    number: int
    date: dt.date
    start: str
    end: str
    note: str


def plan_sessions(follow_ups: list[FollowUp], mentees: Roster, mentors: Roster,
                  settings: Settings, today: dt.date) -> list[Session]:
    """``Sessions to schedule`` sessions per Active pair, the first when its check-in is due."""
    week = _Weeks(mentees, mentors, today, settings)
    length = max(1, math.ceil(settings.session_length / (60 / values.SLOTS_PER_HOUR)))
    sessions = []
    for item in follow_ups:
        pair = item.pair
        shared = week.shared(pair)
        target = max(item.next_due, today + dt.timedelta(days=1))
        for number in range(1, settings.sessions_to_schedule + 1):
            slot = _first_slot(shared, target, length) if shared is not None else None
            if slot is None:
                reason = ("No shared free time is listed" if shared is not None
                          else "Availability is missing for one of them")
                sessions.append(Session(pair.pair_id, number, target, "", "",
                                        f"{reason}: agree a time with the pair."))
                day = target
            else:
                day, start = slot
                end = start + length
                sessions.append(Session(pair.pair_id, number, day, _clock(start), _clock(end),
                                        week.local_note(pair, day, start)))
            target = day + dt.timedelta(days=settings.check_in_every)
    return sessions


class _Weeks:
    """Each person's free time as a quarter-hour grid in the program's local time."""

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
        offset = values.parse_utc_offset(zone, self.today)
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
        a, b = self.grid("Mentee", pair.mentee), self.grid("Mentor", pair.mentor)
        return None if a is None or b is None else a & b

    def local_note(self, pair: Pair, day: dt.date, start: int) -> str:
        """Each person's own clock time of the session, for pairs across time zones."""
        if not self.settings.show_local_times:
            return ""
        moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(
            minutes=start * 60 // values.SLOTS_PER_HOUR)
        parts = []
        for role, email in (("Mentee", pair.mentee), ("Mentor", pair.mentor)):
            found = self.person(role, email)
            offset = found[1] if found else self.settings.utc_offset
            local = moment + dt.timedelta(hours=offset - self.settings.utc_offset)
            parts.append(f"{role}: {local:%a %d %b %H:%M} ({_utc_label(offset)})")
        return "; ".join(parts)


def _column(roster: Roster, names: tuple[str, ...], fragment: str) -> int | None:
    index = roster.table.column(*names)
    return roster.table.column_containing(fragment) if index is None else index


def _first_slot(shared: np.ndarray, target: dt.date, length: int) -> tuple[dt.date, int] | None:
    """The earliest run of ``length`` free quarter-hours on target or the days after it."""
    for offset in range(SEARCH_DAYS):
        day = target + dt.timedelta(days=offset)
        free = shared[day.weekday() * DAY_SLOTS:(day.weekday() + 1) * DAY_SLOTS]
        run = np.convolve(free.astype(np.int32), np.ones(length, dtype=np.int32), mode="valid")
        starts = np.flatnonzero(run == length)
        if starts.size:
            return day, int(starts[0])
    return None


def _clock(slot: int) -> str:
    minutes = (slot * 60 // values.SLOTS_PER_HOUR) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _utc_label(offset: float) -> str:
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(round(abs(offset) * 60), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")
