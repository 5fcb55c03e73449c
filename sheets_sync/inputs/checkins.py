"""The Check-ins tab: which pair met when, and the concerns still waiting for the coordinator.

A concern stays open until the coordinator writes something in the row's Handled column (a date,
Yes, a note). Nothing else closes it: not a later check-in saying No, and not a date the sync
can't count (a mistyped year puts the meeting in the future; the concern still counts).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sheets_sync.inputs import values
from sheets_sync.inputs.pairings import Pair
from sheets_sync.model import Cell, Problem, Table, is_blank
from sheets_sync.words import problems as say


@dataclass(frozen=True)
class CheckIn:
    row: int
    pair_id: str
    date: dt.date | None  # None when the meeting can't be counted (unreadable or future date)
    concern: bool
    handled: bool
    stamp: dt.datetime | None = None  # the form's Timestamp, to the second: names the response
    unclear: bool = False  # the Concern answer was neither Yes nor No: counted, to be safe

    @property
    def open_concern(self) -> bool:
        return self.concern and not self.handled


@dataclass(frozen=True)
class CheckIns:
    """Every check-in that names a known pair, and whether the tab has a Handled column."""

    found: list[CheckIn]
    has_handled_column: bool
    tab: str

    def latest_meetings(self) -> dict[str, dt.date]:
        """Pair ID -> the latest meeting that counts."""
        latest: dict[str, dt.date] = {}
        for check_in in self.found:
            if check_in.date is not None:
                latest[check_in.pair_id] = max(check_in.date, latest.get(check_in.pair_id,
                                                                         check_in.date))
        return latest

    def open_concerns(self) -> dict[str, list[CheckIn]]:
        """Pair ID -> its check-ins with a concern not yet handled, in sheet order."""
        concerns: dict[str, list[CheckIn]] = {}
        for check_in in self.found:
            if check_in.open_concern:
                concerns.setdefault(check_in.pair_id, []).append(check_in)
        return concerns

    def meetings(self) -> dict[str, list[dt.date]]:
        """Pair ID -> the dates of its counted meetings, oldest first."""
        dates: dict[str, list[dt.date]] = {}
        for check_in in self.found:
            if check_in.date is not None:
                dates.setdefault(check_in.pair_id, []).append(check_in.date)
        return {pair: sorted(days) for pair, days in dates.items()}


def read_check_ins(table: Table | None, pairs: list[Pair], today: dt.date
                   ) -> tuple[CheckIns, list[Problem]]:
    """Check-ins that name a known pair, by Pair ID or by the two emails in either order."""
    if table is None:
        return CheckIns([], False, ""), []
    by_id = {p.pair_id.strip().casefold(): p for p in pairs if p.pair_id.strip()}
    by_people: dict[frozenset[str], Pair] = {}
    for known in sorted(pairs, key=lambda p: p.status != "Active"):  # Active pairs win
        by_people.setdefault(frozenset((known.mentee, known.mentor)), known)
    column = _CheckInColumns(table)
    found: list[CheckIn] = []
    problems: list[Problem] = []
    for row_number, row in table.records():
        pair: Pair | None = by_id.get(values.normalise_text(column.get(row, "pair")))
        if pair is None:
            emails = frozenset(values.normalise_email(column.get(row, k))
                               for k in ("mentee", "mentor")) - {""}
            pair = by_people.get(emails)
        answer = column.get(row, "concern")
        concern, clear = read_concern(answer)
        handled = column.handled(row)
        if pair is None:
            given = column.get(row, "pair")
            problems.append(say.check_in_without_pair(
                table.name, row_number, column.header("pair"),
                given or column.get(row, "mentee"), concern and not handled, not is_blank(given)))
            continue
        if not clear and not handled:
            problems.append(say.unclear_concern(table.name, row_number, column.header("concern"),
                                                answer, column.at["handled"] is not None))
        date = _meeting_date(column, row, row_number, today, concern, problems)
        found.append(CheckIn(row_number, pair.pair_id, date, concern, handled,
                             _stamp(column.get(row, "timestamp")), not clear))
    if column.at["concern"] is None and table.header:
        problems.append(say.no_concern_column(table.name))
    return CheckIns(found, column.at["handled"] is not None, table.name), problems


# How a plain "no concern" starts (compared after dropping punctuation), and first words that
# plainly say "yes". A "no" answer that hedges ("no, but ...", "not sure") or any other answer
# is counted as a concern and listed in Problems: a safeguarding worry must never be lost to an
# answer the sync could not read.
_NO_STARTS = (
    "no", "n", "false", "0", "none", "nope", "nah", "nothing", "nil", "na", "n a", "not really",
    "not at the moment", "not at all", "not now", "not yet", "all good", "all fine", "all ok",
    "all okay", "all well", "fine", "good", "great", "ok", "okay", "unchecked",
    "everything is fine", "everything is good", "everything is great", "everything is ok",
    "everything s fine", "everything s good", "everything s great", "everything s ok",
)  # fmt: skip
# Phrases that say "none" with a worried-sounding word in them.
_NO_PHRASES = ("no concerns", "no concern", "no worries", "no issues", "no issue",
               "no problems", "no problem", "not worried")
# What may follow a plain "none" ("None so far", "No, everything is great, thanks"): any other
# word might be the start of a worry ("No. He said ..."), so the answer is then asked about.
_AFTER_NONE = frozenset({
    "no", "none", "nothing", "not", "really", "so", "far", "at", "all", "the", "moment", "for",
    "now", "yet", "thanks", "thank", "you", "everything", "is", "s", "was", "went", "going",
    "fine", "good", "great", "well", "ok", "okay", "to", "report", "first", "meeting",
    "session", "it", "a", "n", "na", "very", "just", "lovely", "nice",
})  # fmt: skip
_YES_WORDS = frozenset({"yes", "y", "yeah", "yep", "true", "si", "sí", "oui", "ja",
                        "concern", "concerned", "concerns", "worried"})
_DASHES = frozenset({"-", "\u2013", "\u2014", "--"})
_PUNCTUATION = re.compile(r"[^\w]+")


def read_concern(answer: Cell) -> tuple[bool, bool]:
    """(raises a concern, the answer was clear). Blank is no concern; Yes, x, a ticked box or
    an answer starting "Yes" is one; an answer that is not plainly No is one too, unclear."""
    if is_blank(answer):
        return False, True
    parsed = values.parse_bool(answer)
    if parsed is not None:
        return parsed, True
    text = values.normalise_text(answer)
    words = _PUNCTUATION.sub(" ", text).split()
    return (False, True) if text in _DASHES or _plainly_none(words) else (
        True, bool(words) and words[0] in _YES_WORDS)


def _plainly_none(words: list[str]) -> bool:
    """"No", "Nothing at all", "All good thanks!", "No, everything is great": an answer that
    starts by saying none and goes on only in words that keep saying it."""
    said = " ".join(words)
    for phrase in _NO_PHRASES:
        said = said.replace(phrase, "no")
    start = next((s for s in _NO_STARTS if said == s or said.startswith(s + " ")), None)
    rest = said[len(start):].split() if start else []
    return start is not None and _AFTER_NONE.issuperset(rest)


def _meeting_date(column: _CheckInColumns, row: list[Cell], row_number: int, today: dt.date,
                  concern: bool, problems: list[Problem]) -> dt.date | None:
    """The meeting's date if it can be counted; a form without a date question gives the day
    the check-in was sent."""
    tab = column.table.name
    typed, source = column.get(row, "date"), "date"
    date = values.parse_date(typed, today)
    if date is None:
        source = "timestamp"
        date = values.parse_date(column.get(row, source), today)
    if date is None:
        problems.append(say.unreadable_meeting_date(tab, row_number, column.header("date"),
                                                    typed, concern))
        return None
    if not is_blank(typed) and source == "timestamp":
        problems.append(say.meeting_date_from_timestamp(tab, row_number, column.header("date"),
                                                        typed, date))
    if date > today:
        problems.append(say.future_meeting_date(tab, row_number, column.header(source),
                                                column.get(row, source), concern))
        return None
    return date


def _stamp(cell: Cell) -> dt.datetime | None:
    """A Timestamp cell holding a date and time (as a form writes it), to the nearest second:
    a bare date or text is not precise enough to tell one response from another."""
    if not isinstance(cell, dt.datetime):
        return None
    return (cell + dt.timedelta(microseconds=500_000)).replace(microsecond=0, tzinfo=None)


def _first(*indexes: int | None) -> int | None:
    return next((i for i in indexes if i is not None), None)


class _CheckInColumns:
    """Where the check-in questions sit; a Google Form's own wording works too."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.at = {
            "pair": _first(table.column("Pair ID", "Pair"), table.column_containing("pair id")),
            "mentee": _first(table.column("Mentee Email"),
                             table.column_containing("mentee email")),
            "mentor": _first(table.column("Mentor Email"),
                             table.column_containing("mentor email")),
            "date": _first(table.column("Meeting Date", "Date of meeting", "Date"),
                           table.column_containing("date")),
            "timestamp": table.column("Timestamp"),
            "concern": _first(table.column("Concern"), table.column_containing("concern")),
            "handled": _first(table.column("Handled"), table.column_containing("handled")),
        }

    def get(self, row: list[Cell], key: str) -> Cell:
        index = self.at[key]
        return None if index is None else row[index]

    def header(self, key: str) -> str:
        index = self.at[key]
        return key.title() if index is None else self.table.header[index]

    def handled(self, row: list[Cell]) -> bool:
        """Anything but blank or a plain No marks the concern handled: a date, Yes, a note."""
        cell = self.get(row, "handled")
        return not is_blank(cell) and values.parse_bool(cell) is not False
