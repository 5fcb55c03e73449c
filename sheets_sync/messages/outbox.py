"""The Outbox tab: an append-only history of messages. A sync keeps every row as it was read
and adds the messages that became due below them; only `send` fills in Sent At and Error.

The Outbox fills once Settings has a Coordinator email and the workbook has a Messages tab:
until then nothing is queued, so turning messages on later never sends a backlog.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sheets_sync.inputs import values
from sheets_sync.inputs.mail import pair_link
from sheets_sync.inputs.pairings import Pair
from sheets_sync.inputs.roster import Person
from sheets_sync.inputs.settings import Settings
from sheets_sync.messages.due import Due
from sheets_sync.messages.kinds import Kind, message_id
from sheets_sync.messages.templates import Template
from sheets_sync.model import OUTBOX, Cell, Problem, Table, normalise_header
from sheets_sync.outputs.layout import HEADERS
from sheets_sync.plans.followups import name
from sheets_sync.plans.schedule import Session
from sheets_sync.plans.slots import with_names
from sheets_sync.words import messages as say

COLUMNS = HEADERS[OUTBOX]


@dataclass
class Queued:
    """The Outbox as the sync leaves it, and what it added."""

    rows: list[list[Cell]]
    added: list[list[Cell]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def standard_rows(table: Table | None) -> list[list[Cell]]:
    """The Outbox's rows as read, cell for cell, in the standard column order (a column the
    coordinator added is carried along by its Message ID)."""
    if table is None:
        return []
    at = [table.column(header) for header in COLUMNS]
    return [[row[i] if i is not None and i < len(row) else None for i in at]
            for row in table.rows]


def queued_on(rows: list[list[Cell]]) -> dict[str, dt.date | None]:
    """Message ID (as compared) -> its Due On, the day a sync added it."""
    due_on = COLUMNS.index("Due On")
    return {normalise_header(row[0]): values.parse_date(row[due_on])
            for row in rows if row and row[0]}


def _queued_before(item: Due, history: dict[str, dt.date | None]) -> bool:
    """Whether the Outbox held this occasion under a name it went by before, in a row added
    once the occasion had begun (an unreadable Due On counts: history is never re-sent)."""
    for occasion in item.formerly:
        key = normalise_header(message_id(item.pair.pair_id, item.kind, occasion))
        if key in history:
            day = history[key]
            if day is None or item.since is None or day >= item.since:
                return True
    return False


@dataclass(frozen=True)
class Context:
    """What fills templates besides the pair itself."""

    settings: Settings
    sessions: dict[str, Session]  # each pair's next planned session
    mentees: dict[str, Person]
    mentors: dict[str, Person]


def queue(old: Table | None, due: list[Due], templates: dict[Kind, Template], context: Context,
          today: dt.date) -> Queued:
    """The Outbox rows: the old ones exactly, then one row per due message not there yet."""
    rows = standard_rows(old)
    history = queued_on(rows)
    seen = set(history)
    added: list[list[Cell]] = []
    for item in due:
        template = templates.get(item.kind)
        key = message_id(item.pair.pair_id, item.kind, item.occasion)
        if template is None or normalise_header(key) in seen or _queued_before(item, history):
            continue
        seen.add(normalise_header(key))
        added.append(_row(key, item, template, context, today))
    return Queued(rows + added, added)


def _row(key: str, item: Due, template: Template, context: Context, today: dt.date
         ) -> list[Cell]:
    pair, settings = item.pair, context.settings
    people = {"mentee": context.mentees.get(pair.mentee),
              "mentor": context.mentors.get(pair.mentor)}
    subject, body = template.fill(_known(item, context), people)
    to = [_address(pair, r.who, settings) for r in template.recipients if not r.cc]
    cc = [_address(pair, r.who, settings) for r in template.recipients if r.cc]
    to = list(dict.fromkeys(a for a in to if a))
    cc = [a for a in dict.fromkeys(cc) if a and a not in to]
    return [key, pair.pair_id, item.kind.name, ", ".join(to), ", ".join(cc), subject, body,
            today, None, None]


def _known(item: Due, context: Context) -> dict[str, str]:
    pair, settings = item.pair, context.settings
    session = context.sessions.get(pair.pair_id)
    link = pair_link(settings.check_in_link, pair.pair_id) if settings.check_in_link else ""
    known = {
        "mentee": name(pair, "Mentee"), "mentor": name(pair, "Mentor"),
        "mentee email": pair.mentee, "mentor email": pair.mentor,
        "coordinator name": settings.coordinator_name,
        "coordinator email": settings.coordinator_email,
        "next session": say.next_session(session.date, session.start, session.end,
                                         settings.time_zone, _local_times(pair, session))
        if session else say.NO_SESSION,
        "check-in link": link, "survey link": settings.survey_link, "pair id": pair.pair_id,
        "due date": "", "days overdue": "", "reason": "",
    }
    return {**known, **item.known}


def _local_times(pair: Pair, session: Session) -> str:
    """Each person's own clock time, from the Schedule's note: empty unless Settings show
    local times."""
    if not session.start:
        return ""
    return with_names(session.note, name(pair, "Mentee"), name(pair, "Mentor"))


def _address(pair: Pair, who: str, settings: Settings) -> str:
    """``Name <address>``: names on one line, so none can start a header of its own."""
    if who == "Mentee":
        shown, address = name(pair, "Mentee"), pair.mentee
    elif who == "Mentor":
        shown, address = name(pair, "Mentor"), pair.mentor
    elif who == "Coordinator":
        shown, address = settings.coordinator_name, settings.coordinator_email
    else:
        shown, address = "", who
    shown = " ".join(shown.split()) if shown != address else ""
    return display_address(shown, address) if address else ""


# Characters that make a display name need quotes in an address (RFC 5322 "specials").
_MUST_QUOTE = re.compile(r'[()<>@,;:\\".\[\]]')


def display_address(shown: str, address: str) -> str:
    """``Ana Li <ana@example.org>`` as a person reads it (the name quoted where it must be);
    `send` encodes it for the wire."""
    if not shown:
        return address
    if _MUST_QUOTE.search(shown):
        shown = '"' + shown.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{shown} <{address}>"


def next_sessions(sessions: list[Session]) -> dict[str, Session]:
    """Each pair's earliest planned session."""
    found: dict[str, Session] = {}
    for session in sorted(sessions, key=lambda s: (s.date, s.start, s.number)):
        found.setdefault(session.pair_id, session)
    return found
