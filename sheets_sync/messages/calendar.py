"""The planned sessions as iCalendar (.ics): for an introduction's attachment, and for
`sheets-sync calendar`, one file per Active pair.

UIDs are stable (the pair, the session number and a digest of the two people), so importing a
newer file updates the events instead of adding them twice. Times are the program's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sheets_sync.inputs import values, zones
from sheets_sync.model import PAIRINGS, SCHEDULE, Cell, Snapshot, Table

PRODID = "-//sheets-sync//Mentoring sessions//EN"


@dataclass(frozen=True)
class Planned:
    number: int
    date: dt.date
    start: str  # "18:00", or "" when no shared time is known (an all-day event)
    end: str


@dataclass(frozen=True)
class PairSessions:
    pair_id: str
    mentee: str  # names, as Pairings shows them
    mentor: str
    mentee_email: str
    mentor_email: str
    status: str
    sessions: list[Planned]


def pair_sessions(snapshot: Snapshot) -> dict[str, PairSessions]:
    """Every pair of the Pairings tab with its planned sessions (Schedule tab), by Pair ID."""
    pairs, schedule = snapshot.get(PAIRINGS), snapshot.get(SCHEDULE)
    planned = _planned(schedule)
    found: dict[str, PairSessions] = {}
    if pairs is None:
        return found
    for row in _records(pairs, ("Pair ID", "Mentee", "Mentor", "Mentee Email", "Mentor Email",
                                "Status")):
        pair_id = row["Pair ID"]
        if pair_id and pair_id not in found:
            found[pair_id] = PairSessions(
                pair_id, row["Mentee"], row["Mentor"], values.normalise_email(row["Mentee Email"]),
                values.normalise_email(row["Mentor Email"]), row["Status"].capitalize(),
                planned.get(pair_id, []))
    return found


def _records(table: Table, headers: tuple[str, ...]) -> list[dict[str, str]]:
    at = {h: table.column(h) for h in headers}
    return [{h: values.cell_text(row[i]) if i is not None else "" for h, i in at.items()}
            for _n, row in table.records()]


def _planned(table: Table | None) -> dict[str, list[Planned]]:
    found: dict[str, list[Planned]] = {}
    if table is None:
        return found
    if table.column("Pair ID") is None or table.column("Date") is None:
        return found
    read = table.reader("Pair ID", "Session", "Date", "Start", "End")
    for _n, row in table.records():
        def cell(header: str, row: list[Cell] = row) -> Cell:
            return read(row, header)

        date, number = values.parse_date(cell("Date")), values.parse_number(cell("Session"))
        pair_id = values.cell_text(cell("Pair ID"))
        if date is None or not pair_id:
            continue
        found.setdefault(pair_id, []).append(Planned(
            int(number or 0), date, values.clock_text(cell("Start")),
            values.clock_text(cell("End"))))
    return found


def ics(pair: PairSessions, time_zone: str, utc_offset: float, now: dt.datetime) -> bytes:
    """One pair's planned sessions as an iCalendar file."""
    # Imported here: icalendar takes about 40 ms to import, and a sync writes no calendar.
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Mentoring: {pair.mentee} and {pair.mentor}")
    named = zones.zone_info(time_zone)
    # A named zone travels with its rules (VTIMEZONE); a bare offset is written as UTC.
    zone = named or dt.timezone(dt.timedelta(hours=utc_offset))
    digest = hashlib.sha256(f"{pair.mentee_email}|{pair.mentor_email}".encode()).hexdigest()[:12]
    for session in pair.sessions:
        event = Event()
        event.add("uid", f"{pair.pair_id}-session-{session.number}-{digest}@sheets-sync")
        event.add("dtstamp", now.astimezone(dt.UTC))
        start = _moment(session.date, session.start, zone, named is None)
        end = _moment(session.date, session.end, zone, named is None)
        if start is None or end is None or end <= start:
            event.add("dtstart", session.date)  # no shared time known: a day to agree on
            event.add("dtend", session.date + dt.timedelta(days=1))
        else:
            event.add("dtstart", start)
            event.add("dtend", end)
        event.add("summary", f"Mentoring session {session.number}: {pair.mentee} and "
                             f"{pair.mentor}")
        event.add("description", f"Pair {pair.pair_id}, session {session.number}, as planned "
                                 "by the program. If the time doesn't suit you both, agree "
                                 "another and tell the coordinator.")
        calendar.add_component(event)
    if named is not None and pair.sessions:  # the zone's rules around these sessions only
        days = [s.date for s in pair.sessions]
        calendar.add_missing_timezones(min(days) - dt.timedelta(days=366),
                                       max(days) + dt.timedelta(days=366))
    return bytes(calendar.to_ical())


def _moment(date: dt.date, clock: str, zone: dt.tzinfo, as_utc: bool) -> dt.datetime | None:
    found = re.match(r"^(\d{1,2}):(\d{2})$", clock or "")
    if not found:
        return None
    hour, minute = int(found.group(1)), int(found.group(2))
    if hour == 24 and minute == 0:
        date, hour = date + dt.timedelta(days=1), 0
    if hour > 23 or minute > 59:
        return None
    moment = dt.datetime.combine(date, dt.time(hour, minute), zone)
    return moment.astimezone(dt.UTC) if as_utc else moment


def file_name(pair_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", pair_id).strip("-") + ".ics"


def write_calendars(snapshot: Snapshot, out: Path, time_zone: str, utc_offset: float,
                    now: dt.datetime) -> list[Path]:
    """One .ics file per Active pair with planned sessions, in ``out``; returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for pair in pair_sessions(snapshot).values():
        if pair.status != "Active" or not pair.sessions:
            continue
        path = out / file_name(pair.pair_id)
        path.write_bytes(ics(pair, time_zone, utc_offset, now))
        written.append(path)
    return written
