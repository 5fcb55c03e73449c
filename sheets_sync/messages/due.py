"""Which messages a sync's decisions make due today: the kind, the pair and the occasion.

The occasion is what makes a message once-only: the day the pair turned Active, a Next Due
date, the check-in that raised a concern, the day the pair ended. A message is due while its
occasion holds (a reminder while the check-in is due soon, an overdue reminder while that due
date is missed), so a sync that was not run on the day still sends it, and a sync on a later
day finds it in the Outbox already.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sheets_sync.inputs.checkins import CheckIn, CheckIns
from sheets_sync.inputs.pairings import Pair
from sheets_sync.inputs.settings import Settings
from sheets_sync.messages.kinds import (
    CLOSING,
    ESCALATION,
    FIRST_MEETING,
    INTRODUCTION,
    OVERDUE,
    REMINDER,
    Kind,
)
from sheets_sync.outputs.layout import SAFETY_ENDING
from sheets_sync.plans.followups import FollowUp
from sheets_sync.words import messages as say

INTRODUCE_WITHIN = 7  # days after a pair turned Active: later, they have surely been introduced
THANK_WITHIN = 30  # days after a pair ended


@dataclass(frozen=True)
class Due:
    pair: Pair
    kind: Kind
    occasion: str
    known: dict[str, str] = field(default_factory=dict)  # {Due date}, {Days overdue}, {Reason}
    # Names the occasion went by in Message IDs written before (see _escalation), and the day
    # it began: a message queued before that day was about something else.
    formerly: tuple[str, ...] = ()
    since: dt.date | None = None


def due_messages(pairs: list[Pair], followed: list[FollowUp], check_ins: CheckIns,
                 settings: Settings, today: dt.date) -> list[Due]:
    """Every message due today, in Pairings order, each kind in the order of KINDS."""
    by_pair = {id(f.pair): f for f in followed}
    concerns = check_ins.open_concerns()
    due: list[Due] = []
    for pair in pairs:
        if not (pair.mentee and pair.mentor and pair.pair_id):
            continue
        item = by_pair.get(id(pair))
        if item is not None and item.next_due is not None:
            due += _active(pair, item, settings, today)
        due += [_escalation(pair, c, check_ins.tab) for c in concerns.get(pair.pair_id, [])]
        if _thanked(pair, today):
            assert pair.ended_on is not None
            due.append(Due(pair, CLOSING, pair.ended_on.isoformat()))
    return due


def _escalation(pair: Pair, concern: CheckIn, tab: str) -> Due:
    """A concern is named by its form Timestamp: unlike its row it survives the coordinator
    sorting the tab or inserting rows, and unlike its meeting date it survives a mistyped date
    being corrected. A row typed without a Timestamp has nothing as steady, so it is named as
    every concern was before: by its meeting date, or by its row while that date can't be
    counted. Those older names still count as sent, so neither upgrading nor correcting such a
    row's date escalates a concern twice."""
    by_row = f"concern-{concern.row}"
    older = (f"concern-{concern.date.isoformat()}", by_row) if concern.date else (by_row,)
    stamp = concern.stamp
    names = (f"concern-{stamp:%Y-%m-%dT%H:%M:%S}", *older) if stamp else older
    begun = [day for day in (concern.date, stamp.date() if stamp else None) if day]
    reason = say.concern_reason(concern.date, concern.row, tab, concern.unclear)
    return Due(pair, ESCALATION, names[0], {"reason": reason}, names[1:],
               max(begun) if begun else None)


def _active(pair: Pair, item: FollowUp, settings: Settings, today: dt.date) -> list[Due]:
    next_due = item.next_due
    assert next_due is not None
    first = item.last_check_in is None
    known = {"due date": f"{next_due:%a} {next_due.day} {next_due:%b} {next_due.year}",
             "days overdue": str(item.days_overdue)}
    found: list[Due] = []
    since = pair.active_since
    if first and since is not None and 0 <= (today - since).days <= INTRODUCE_WITHIN \
            and today <= next_due:
        found.append(Due(pair, INTRODUCTION, since.isoformat(), known))
    soon = 0 <= (next_due - today).days <= settings.due_soon_within
    if first and soon and since is not None and today > since:
        found.append(Due(pair, FIRST_MEETING, next_due.isoformat(), known))
    if not first and soon:
        found.append(Due(pair, REMINDER, next_due.isoformat(), known))
    if item.days_overdue > 0:
        found.append(Due(pair, OVERDUE, next_due.isoformat(), known))
        if item.days_overdue >= settings.escalate_after:
            reason = say.overdue_reason(next_due, item.days_overdue, first)
            found.append(Due(pair, ESCALATION, f"overdue-{next_due.isoformat()}",
                             {**known, "reason": reason}))
    return found


def _thanked(pair: Pair, today: dt.date) -> bool:
    """Ended within THANK_WITHIN days, once its reason is picked: a reason chosen after a
    blank one could be the one that rules a thank-you out."""
    ended, reason = pair.ended_on, pair.closure_reason
    return (pair.status == "Ended" and pair.active_since is not None and ended is not None
            and 0 <= (today - ended).days <= THANK_WITHIN
            and reason is not None and reason != SAFETY_ENDING)
