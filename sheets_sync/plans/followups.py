"""The Follow-ups tab: when each Active pair is next due, how urgent it is, and what to do.

One row per Active pair, plus any other pair with a concern still open (a concern never
vanishes because the pair was paused or ended). Most urgent first: by flag, then by days
overdue. The first-meeting clock starts when the pair became Active, not when it was proposed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sheets_sync.inputs.checkins import CheckIns
from sheets_sync.inputs.pairings import Pair
from sheets_sync.inputs.settings import Settings
from sheets_sync.model import is_blank
from sheets_sync.outputs.layout import FLAGS
from sheets_sync.words import follow_ups as say


@dataclass(frozen=True)
class FollowUp:
    pair: Pair
    last_check_in: dt.date | None
    next_due: dt.date | None  # None for a pair that is not Active (listed for its concern)
    days_overdue: int
    flag: str
    action: str

    @property
    def contact(self) -> str:
        return ", ".join(e for e in (self.pair.mentee, self.pair.mentor) if e)

    def urgency(self) -> tuple[int, int, str]:
        return FLAGS.index(self.flag), -self.days_overdue, self.pair.pair_id


def follow_ups(pairs: list[Pair], check_ins: CheckIns, settings: Settings,
               today: dt.date) -> list[FollowUp]:
    """Every pair that needs watching, most urgent first."""
    latest = check_ins.latest_meetings()
    concerns = check_ins.open_concerns()
    result = []
    for pair in pairs:
        if not (pair.mentee and pair.mentor):
            continue
        open_concerns = concerns.get(pair.pair_id, [])
        if pair.status != "Active" and not open_concerns:
            continue
        last = latest.get(pair.pair_id)
        next_due = _next_due(pair, last, settings, today) if pair.status == "Active" else None
        overdue = max(0, (today - next_due).days) if next_due else 0
        mentee, mentor = name(pair, "Mentee"), name(pair, "Mentor")
        if open_concerns:
            flag = "Concern raised"
            action = say.concern(mentee, mentor, [(c.date, c.row) for c in open_concerns],
                                 settings.concern_escalates, check_ins.has_handled_column,
                                 check_ins.tab, pair.status)
        else:
            assert next_due is not None
            flag = _flag(last, next_due, overdue, settings, today)
            action = _action(flag, mentee, mentor, last is None, next_due, overdue)
        result.append(FollowUp(pair, last, next_due, overdue, flag, action))
    return sorted(result, key=FollowUp.urgency)


def _next_due(pair: Pair, last: dt.date | None, settings: Settings, today: dt.date) -> dt.date:
    if last is not None:
        return last + dt.timedelta(days=settings.check_in_every)
    start = pair.active_since or pair.matched_on or today
    return start + dt.timedelta(days=settings.first_meeting_within)


def _flag(last: dt.date | None, next_due: dt.date, overdue: int, settings: Settings,
          today: dt.date) -> str:
    if overdue > 0 and overdue >= settings.escalate_after:
        return "Escalate"
    if overdue > 0:
        return "Overdue"
    if last is None:
        return "Awaiting first meeting"
    if (next_due - today).days <= settings.due_soon_within:
        return "Due soon"
    return "On track"


def _action(flag: str, mentee: str, mentor: str, first_meeting: bool, next_due: dt.date,
            overdue: int) -> str:
    if flag == "Escalate":
        return say.escalate(mentee, mentor, overdue, first_meeting)
    if flag == "Overdue":
        return say.overdue(mentee, mentor, overdue, first_meeting)
    if flag == "Awaiting first meeting":
        return say.awaiting_first_meeting(mentee, mentor, next_due)
    if flag == "Due soon":
        return say.due_soon(next_due)
    return say.ON_TRACK


def name(pair: Pair, role: str) -> str:
    """A person's name as Pairings shows it, else their email."""
    value = pair.cells.get(role)
    if is_blank(value):
        return pair.mentee if role == "Mentee" else pair.mentor
    return str(value)
