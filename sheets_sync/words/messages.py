"""Every sentence about messages: Problems rows about the Messages tab, the words that fill a
template ({Next session}, {Reason}), and what the Outbox's Error column says."""

from __future__ import annotations

import datetime as dt

from sheets_sync.messages.kinds import PLACEHOLDERS
from sheets_sync.model import MESSAGES, Cell, Problem
from sheets_sync.words.problems import day, plural

KIND_NAMES = ("Introduction, First meeting nudge, Check-in reminder, Overdue reminder, "
              "Escalation or Closing thank-you")


# --- the Messages tab ------------------------------------------------------------------------


def unknown_kind(row: int, value: Cell) -> Problem:
    return Problem(MESSAGES, row, "Message", value, "sheets-sync sends no message called this, "
                   f"so the row is left out. Write one of: {KIND_NAMES}.")


def repeated_kind(row: int, kind: str, first_row: int) -> Problem:
    return Problem(MESSAGES, row, "Message", kind, f"{kind} is already on row {first_row}, "
                   "which is the one used. Delete this row or merge the two.")


def unclear_send(row: int, value: Cell) -> Problem:
    return Problem(MESSAGES, row, "Send", value, "Can't tell whether to send this message, so "
                   "it is not sent. Write Yes or No.")


def empty_template(row: int, column: str, kind: str) -> Problem:
    return Problem(MESSAGES, row, column, "", f"The {kind} has no {column.lower()}, so it is "
                   "not sent. Write one, or write No in Send.")


def unknown_recipient(row: int, value: Cell, words: str) -> Problem:
    return Problem(MESSAGES, row, "Send to", value, f"'{words}' is neither Mentee, Mentor, "
                   "Coordinator nor an email address, so this message is not sent. Write e.g. "
                   "'Mentee, Mentor, cc Coordinator'.")


def no_recipient(row: int, value: Cell) -> Problem:
    return Problem(MESSAGES, row, "Send to", value, "Nobody to send this message to, so it is "
                   "not sent. Write e.g. 'Mentee, Mentor'.")


def escalation_to_others(row: int, value: Cell) -> Problem:
    return Problem(MESSAGES, row, "Send to", value, "An escalation goes to the coordinator "
                   "only (it is about a pair, not for them), so only you get it. Write "
                   "'Coordinator'.")


def blank_setting(row: int, column: str, name: str, label: str) -> Problem:
    return Problem(MESSAGES, row, column, "{" + name + "}", f"{{{name}}} needs Settings' "
                   f"{label}, which is blank, so this message is not sent. Fill in {label}, or "
                   "take the placeholder out.")


def private_placeholder(row: int, column: str, name: str) -> Problem:
    return Problem(MESSAGES, row, column, "{" + name + "}", f"{{{name}}} names a private column "
                   "(Settings: Private columns), whose answers never leave their tab, so this "
                   "message is never sent. Take the placeholder out.")


def unknown_placeholder(row: int, column: str, name: str) -> Problem:
    filled = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    return Problem(MESSAGES, row, column, "{" + name + "}", f"{{{name}}} is neither a "
                   f"placeholder sheets-sync fills ({filled}) nor a column of the rosters, so "
                   "this message is not sent. Correct its spelling or take it out.")


# --- what fills a template -------------------------------------------------------------------


def next_session(date: dt.date, start: str, end: str, zone: str, local: str = "") -> str:
    """``local``: each person's own clock time, for pairs across time zones."""
    when = f"{day(date)} {date.year}"
    if not start:
        return f"{when}, time to be agreed"
    return f"{when}, {start}-{end} {zone_label(zone)}" + (f" ({local})" if local else "")


def zone_label(zone: str) -> str:
    """"America/Chicago" -> "Chicago time"; "UTC", "UTC-5" as they are."""
    return f"{zone.rsplit('/', 1)[1].replace('_', ' ')} time" if "/" in zone else zone


NO_SESSION = "not planned yet"


def overdue_reason(due: dt.date, days: int, first_meeting: bool) -> str:
    what = "first meeting" if first_meeting else "check-in"
    return f"the {what} due {day(due)} is {plural(days, 'day')} overdue"


def concern_reason(date: dt.date | None, row: int, tab: str, unclear: bool = False) -> str:
    when = f"on {day(date)}" if date else "in a check-in"
    if unclear:  # counted as a concern to be safe: say so
        return (f"a check-in {when} answered the concern question with something other than "
                f"Yes or No ({tab} tab, row {row}); read it, as it may be a concern")
    return f"a concern was raised {when} ({tab} tab, row {row})"
