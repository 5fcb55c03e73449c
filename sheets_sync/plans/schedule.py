"""The Schedule tab: the next sessions of each Active pair, in a slot both are free.

A planned session is a promise. On later syncs it keeps its date, time and number unless it has
passed, a check-in covers it (the pair met at most half a cadence before it, or after), or the
pair's availability no longer allows it; only then is it planned again. New sessions continue
from the last one at the check-in cadence, in the same weekday and time where that is free.
A first meeting is planned with a few days' notice and on or before the first-meeting deadline
whenever a shared slot allows.

A person's sessions with different pairs never overlap: every pair's kept sessions are booked
first, so a pair planned later (or newly Active) works around them instead of moving them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

import numpy as np

from sheets_sync.inputs import values
from sheets_sync.inputs.checkins import CheckIns
from sheets_sync.inputs.roster import Roster
from sheets_sync.inputs.settings import Settings
from sheets_sync.model import Cell, Table
from sheets_sync.plans.followups import FollowUp, name
from sheets_sync.plans.slots import DAY_SLOTS, Booked, Weeks, clock, slot_of
from sheets_sync.words import schedule as say

NOTICE_DAYS = 3  # a first meeting is planned at least this many days ahead, deadline allowing
WEEK = 7


@dataclass(frozen=True)
class Session:
    pair_id: str
    number: int
    date: dt.date
    start: str  # "14:00", or "" when no shared time is known
    end: str
    note: str
    mentee: str = ""  # names, as Pairings shows them
    mentor: str = ""


def plan_sessions(follow_ups: list[FollowUp], check_ins: CheckIns, previous: Table | None,
                  mentees: Roster, mentors: Roster, settings: Settings,
                  today: dt.date) -> list[Session]:
    """``Sessions to schedule`` sessions per Active pair, keeping the promises already made."""
    planners = _planners(follow_ups, check_ins, previous, Weeks(mentees, mentors, today, settings),
                         settings, today)
    # Every promise is booked before any pair plans anew, so a new session never takes a time
    # promised to another pair of the same person. Longest-running pair first: where an older
    # Schedule gave one person two sessions at once, the earlier pair keeps its time.
    for planner, _key in sorted(planners, key=lambda found: found[0].seniority()):
        planner.keep()
    return [replace(s, mentee=key[1], mentor=key[2])
            for planner, key in planners for s in planner.plan()]


def _planners(follow_ups: list[FollowUp], check_ins: CheckIns, previous: Table | None,
              weeks: Weeks, settings: Settings, today: dt.date) -> list[tuple[_PairPlan, Key]]:
    """A planner for each Active pair, most urgent first, with the sessions it was promised."""
    length = max(1, math.ceil(settings.session_length / (60 / values.SLOTS_PER_HOUR)))
    promised, meetings, booked = _previous_sessions(previous), check_ins.meetings(), Booked()
    planners: list[tuple[_PairPlan, Key]] = []
    seen: dict[Key, int] = {}
    for item in follow_ups:
        if item.next_due is None or item.pair.status != "Active":
            continue
        pair = item.pair
        key = (pair.pair_id, name(pair, "Mentee"), name(pair, "Mentor"))
        runs, occurrence = promised.get(key, []), seen.get(key, 0)
        seen[key] = occurrence + 1
        kept = runs[occurrence] if occurrence < len(runs) else []
        planners.append((_PairPlan(item, weeks, length, settings, today, booked, kept,
                                   meetings.get(pair.pair_id, [])), key))
    return planners


class _PairPlan:
    """The sessions of one pair, in a time free for both and not booked for either."""

    def __init__(self, item: FollowUp, weeks: Weeks, length: int, settings: Settings,
                 today: dt.date, booked: Booked, promised: list[Session], met: list[dt.date]
                 ) -> None:
        self.item, self.pair, self.weeks = item, item.pair, weeks
        self.length, self.settings, self.today = length, settings, today
        self.shared = weeks.shared(item.pair)
        self.booked, self.people = booked, (item.pair.mentee, item.pair.mentor)
        self.promised, self.met = promised, met
        self.kept: list[Session] = []

    def seniority(self) -> tuple[dt.date, str]:
        return self.pair.active_since or self.pair.matched_on or dt.date.max, self.pair.pair_id

    def keep(self) -> None:
        """Keep (and book) the promised sessions that still hold."""
        wanted = self.settings.sessions_to_schedule
        holding = [s for s in self.promised if self._still_holds(s, self.met)][:wanted]
        if self._first_meeting_slips(holding):
            holding = []  # the first session was missed: plan one by the deadline instead
        for session in holding:
            self.kept.append(session)
            self._book(session)

    def _first_meeting_slips(self, holding: list[Session]) -> bool:
        """No meeting yet, and the next promised session falls after the first-meeting
        deadline though a shared slot before it is free: the deadline wins over the promise."""
        deadline, tomorrow = self.item.next_due, self.today + dt.timedelta(days=1)
        if self.met or not holding or deadline is None or holding[0].date <= deadline:
            return False
        found = self._earliest(tomorrow)
        return found is not None and found[0] <= deadline

    def plan(self) -> list[Session]:
        """The kept sessions, then new ones up to ``Sessions to schedule``."""
        met = self.met
        gone = [s.number for s in self.promised if s.date < self.today or self._covered(s, met)]
        number = max([len(met), *gone, *(s.number for s in self.kept)], default=0)
        sessions = list(self.kept)
        while len(sessions) < self.settings.sessions_to_schedule:
            number += 1
            sessions.append(self._next(sessions[-1] if sessions else None, number, met))
            self._book(sessions[-1])
        return sessions

    def _book(self, session: Session) -> None:
        start = slot_of(session.start)
        if start is None:  # no time set: nothing to book
            return
        end = max(start + self.length, slot_of(session.end) or 0)  # a longer kept session
        self.booked.book(self.people, session.date, start, end)

    def _still_holds(self, session: Session, met: list[dt.date]) -> bool:
        if session.date < self.today or self._covered(session, met):
            return False
        if not session.start:  # no shared time was known: kept while that is still so
            return self._free_runs() is None
        start = slot_of(session.start)
        return start is not None and self._free(session.date, start)

    def _half(self) -> dt.timedelta:
        return dt.timedelta(days=self.settings.check_in_every // 2)

    def _covered(self, session: Session, met: list[dt.date]) -> bool:
        """A meeting at most half a cadence before the session, or after it, held it."""
        return any(day >= session.date - self._half() for day in met)

    def _next(self, previous: Session | None, number: int, met: list[dt.date]) -> Session:
        tomorrow = self.today + dt.timedelta(days=1)
        cadence = dt.timedelta(days=self.settings.check_in_every)
        preferred = slot_of(previous.start) if previous and previous.start else None
        if previous is not None:
            earliest, target = previous.date + dt.timedelta(days=1), previous.date + cadence
            found = self._on_or_before(max(earliest, tomorrow), target, preferred)
        elif not met:  # the first meeting: soon, with notice, by the deadline
            deadline = self.item.next_due or tomorrow
            notice = self.today + dt.timedelta(days=NOTICE_DAYS)
            found = self._earliest(notice if notice <= deadline else tomorrow)
            if found is None or found[0] > deadline:
                found = self._earliest(tomorrow) or found
            target = deadline
        else:  # after the last meeting: not so soon that the meeting would count for it
            earliest = max(met[-1] + self._half() + dt.timedelta(days=1), tomorrow)
            target = max(self.item.next_due or tomorrow, earliest)
            found = self._on_or_before(earliest, target, None)
        if found is None:
            when = max(target, tomorrow) if previous is None else max(previous.date + cadence,
                                                                          tomorrow)
            return Session(self.pair.pair_id, number, when, "", "", self._no_time())
        day, start = found
        return Session(self.pair.pair_id, number, day, clock(start), clock(start + self.length),
                       self.weeks.local_note(self.pair, day, start))

    def _no_time(self) -> str:
        if self.shared is not None and self._free_runs() is not None:
            return say.shared_time_taken()
        return say.no_shared_time(self.shared is None)

    def _free_runs(self) -> np.ndarray | None:
        if self.shared is None:
            return None
        runs = np.convolve(self.shared.astype(np.int32), np.ones(self.length, dtype=np.int32),
                           mode="valid")
        return runs if (runs == self.length).any() else None

    def _free(self, day: dt.date, start: int) -> bool:
        if self.shared is None or start + self.length > DAY_SLOTS:
            return False
        offset = day.weekday() * DAY_SLOTS + start
        return bool(self.shared[offset:offset + self.length].all()) and not self.booked.clashes(
            self.people, day, start, start + self.length)

    def _starts(self, day: dt.date) -> list[int]:
        return [s for s in range(DAY_SLOTS - self.length + 1) if self._free(day, s)]

    def _earliest(self, first: dt.date) -> tuple[dt.date, int] | None:
        for offset in range(WEEK):
            day = first + dt.timedelta(days=offset)
            if starts := self._starts(day):
                return day, starts[0]
        return None

    def _on_or_before(self, earliest: dt.date, target: dt.date, preferred: int | None
                      ) -> tuple[dt.date, int] | None:
        """The latest day in the week up to ``target`` (not before ``earliest``) with a shared
        slot, at the ``preferred`` time when free; else the earliest slot after."""
        first = max(earliest, target - dt.timedelta(days=WEEK - 1))
        days = [first + dt.timedelta(days=k) for k in range((target - first).days + 1)]
        if preferred is not None:
            for day in reversed(days):
                if self._free(day, preferred):
                    return day, preferred
        for day in reversed(days):
            if starts := self._starts(day):
                return day, starts[0]
        return self._earliest(max(earliest, target + dt.timedelta(days=1)))


Key = tuple[str, str, str]  # Pair ID, mentee, mentor: a repeated Pair ID can't mix two pairs


def _previous_sessions(table: Table | None) -> dict[Key, list[list[Session]]]:
    """The sessions the last sync planned, by pair, oldest first. A pair row repeated in
    Pairings (same ID, same people) has its own run of sessions: a run restarts wherever the
    session number stops rising."""
    if table is None:
        return {}
    if table.column("Pair ID") is None or table.column("Date") is None:
        return {}
    read = table.reader("Pair ID", "Session", "Date", "Start", "End", "Note", "Mentee", "Mentor")
    found: dict[Key, list[list[Session]]] = {}
    for _row, cells in table.records():
        def cell(header: str, cells: list[Cell] = cells) -> Cell:
            return read(cells, header)

        date, number = values.parse_date(cell("Date")), values.parse_number(cell("Session"))
        pair_id = values.cell_text(cell("Pair ID"))
        if date is None or number is None or not pair_id:
            continue
        key = (pair_id, values.cell_text(cell("Mentee")), values.cell_text(cell("Mentor")))
        session = Session(pair_id, int(number), date, values.clock_text(cell("Start")),
                          values.clock_text(cell("End")), values.cell_text(cell("Note")))
        runs = found.setdefault(key, [])
        if not runs or runs[-1][-1].number >= session.number:
            runs.append([])
        runs[-1].append(session)
    return {key: [sorted(run, key=lambda s: (s.date, s.number)) for run in runs]
            for key, runs in found.items()}
