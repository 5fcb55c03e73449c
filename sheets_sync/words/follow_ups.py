"""The Action column of Follow-ups: what the coordinator should do about each pair, in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sheets_sync.words.problems import day, plural


def concern(mentee: str, mentor: str, meetings: Sequence[tuple[dt.date | None, int]],
            escalate_at_once: bool, handled_column: bool, tab: str, status: str) -> str:
    """``meetings``: (meeting date, Check-ins row) of each open concern."""
    when = "; ".join(f"{'meeting of ' + day(date) if date else 'a check-in'} (row {row})"
                     for date, row in meetings)
    raised = ("A concern was raised" if len(meetings) == 1
              else f"{len(meetings)} concerns were raised")
    if escalate_at_once:
        act = (f"Act today: read it, contact {mentee} and follow your safeguarding steps, "
               f"then speak to {mentor}.")
    else:
        act = f"Read it and contact {mentee} and {mentor} this week."
    close = ("When it is dealt with, write the date in that row's Handled column."
             if handled_column else
             f"When it is dealt with, add a Handled column to the {tab} tab and write the date "
             "in that row.")
    paused = "" if status == "Active" else f" The pair is {status}."
    return f"{raised} on the {tab} tab: {when}.{paused} {act} {close}"


def escalate(mentee: str, mentor: str, overdue: int, first_meeting: bool) -> str:
    what = "First meeting" if first_meeting else "Check-in"
    return (f"{what} {plural(overdue, 'day')} overdue: call {mentor} and {mentee}, then "
            "decide whether to pause the pair or set it to Rematch.")


def overdue(mentee: str, mentor: str, days: int, first_meeting: bool) -> str:
    if first_meeting:
        return (f"First meeting {plural(days, 'day')} late: ask {mentor} and {mentee} to "
                "book it and to send the check-in form after it.")
    return (f"Check-in {plural(days, 'day')} late: remind {mentor} and {mentee} to meet and "
            "send the check-in form.")


def awaiting_first_meeting(mentee: str, mentor: str, due: dt.date) -> str:
    return f"First meeting due by {day(due)}: check that {mentor} and {mentee} have booked it."


def due_soon(due: dt.date) -> str:
    return f"Check-in due {day(due)}: a friendly reminder to the pair."


ON_TRACK = "Nothing to do."
