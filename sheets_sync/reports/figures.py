"""The figures a funder asks for, by program year: who applied and was matched and how fast,
how many pairs were active, ended and ended early, how long matches lasted and how many
reached 3, 6 and 12 months, check-ins and concerns, and why pairs ended.

Pure: it works on the program's plain records (roster sign-ups, the pairs' life dates,
check-in dates, the mentees waiting today), each dated record tagged once with its program
year and counted per year. Plain Python: a dataframe library would take longer to load than
the counting takes, at any program size.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass

from sheets_sync.inputs.checkins import CheckIns
from sheets_sync.inputs.pairings import Pair
from sheets_sync.inputs.settings import Settings, month_day
from sheets_sync.model import Cell, is_blank
from sheets_sync.outputs.layout import CLOSURE_REASONS, PLANNED_ENDINGS
from sheets_sync.outputs.unmatched import Waiting
from sheets_sync.program import Program
from sheets_sync.reports.periods import ProgramYear, plus_months, year_of
from sheets_sync.words import reports as say

REASONS = (*CLOSURE_REASONS, say.NO_REASON)
MAX_YEARS = 20  # program years shown at most, the newest


@dataclass(frozen=True)
class PairRecord:
    """A pair's life as the figures count it."""

    mentee: str
    status: str
    matched: dt.date | None
    active: dt.date | None
    ended: dt.date | None
    reason: str


@dataclass(frozen=True)
class History:
    """The records the figures are counted from."""

    applied: dict[str, dt.date | None]  # each mentee's sign-up date, by email
    pairs: list[PairRecord]
    check_ins: list[tuple[dt.date, bool]]  # date, concern
    waiting: list[dt.date | None]  # since when each mentee waiting today has waited


@dataclass(frozen=True)
class Report:
    """Figures per program year, newest year first, and closures by reason."""

    years: tuple[ProgramYear, ...]
    figures: dict[str, tuple[Cell, ...]]
    closures: dict[str, tuple[int, ...]]
    today: dt.date
    goal: int

    def column(self, label: str) -> int:
        return [y.label for y in self.years].index(label)


def program_report(program: Program, check_ins: CheckIns, waiting: list[Waiting],
                   today: dt.date) -> Report:
    """The report of a sync's program as it stands on ``today``."""
    return figures(history(program, check_ins, waiting), program.settings, today)


def history(program: Program, check_ins: CheckIns, waiting: list[Waiting]) -> History:
    pairs = [p for p in program.book.pairs if p.mentee and p.mentor]
    return History(
        {p.email: p.signed_up for p in program.mentees.everyone.values()},
        [PairRecord(p.mentee, p.status, p.matched_on, p.active_since, p.ended_on,
                    reason(p)) for p in pairs],
        [(c.date, bool(c.concern)) for c in check_ins.found if c.date is not None],
        [w.since for w in waiting])


def reason(pair: Pair) -> str:
    """A Closure Reason as the report counts it: the list's own words, a blank as No reason
    recorded, any other text as Other."""
    if is_blank(pair.cells.get("Closure Reason")):
        return say.NO_REASON
    return pair.closure_reason or "Other"


def figures(records: History, settings: Settings, today: dt.date) -> Report:
    month, day = month_day(settings.program_year_starts) or (9, 1)
    years = _years(records, month, day, today)
    tagged = _Tagged(records, month, day, today)
    goal = settings.match_length_goal
    columns = [_year_figures(tagged, year, today, goal, current=(k == 0))
               for k, year in enumerate(years)]
    closures = {r: tuple(c[1].get(r, 0) for c in columns) for r in REASONS}
    found = {name: tuple(c[0][name] for c in columns) for name in say.FIGURES}
    return Report(tuple(years), found, closures, today, goal)


def _years(records: History, month: int, day: int, today: dt.date) -> list[ProgramYear]:
    """Every program year from the oldest date counted to the one under way, newest first."""
    dates = [d for d in records.applied.values() if d is not None]
    dates += [d for p in records.pairs for d in (p.matched, p.active, p.ended) if d is not None]
    dates += [d for d, _concern in records.check_ins]
    dates += [d for d in records.waiting if d is not None]
    current = year_of(today, month, day)
    first = min(current.first, year_of(min(dates), month, day).first) if dates \
        else current.first
    first = max(first, current.first - MAX_YEARS + 1)  # a mistyped year 206 adds no columns
    return [ProgramYear(y, month, day) for y in range(current.first, first - 1, -1)]


def _year(day: dt.date | None, month: int, day_of_month: int) -> int | None:
    return None if day is None else year_of(day, month, day_of_month).first


class _Tagged:
    """The records with each date's program year: sign-ups, pair endings, check-ins, and each
    mentee's first match (its year and the days it took from signing up)."""

    def __init__(self, records: History, month: int, day: int, today: dt.date) -> None:
        self.records = records
        self.applied = Counter(_year(d, month, day) for d in records.applied.values())
        self.ended = [(_year(p.ended, month, day), p) for p in records.pairs]
        self.check_ins = [(_year(d, month, day), concern) for d, concern in records.check_ins]
        first: dict[str, dt.date] = {}
        for p in records.pairs:
            if p.status != "Rejected" and p.matched is not None:
                first[p.mentee] = min(first.get(p.mentee, p.matched), p.matched)
        self.matched: list[tuple[int | None, int | None]] = []
        for mentee, when in first.items():
            applied = records.applied.get(mentee)
            self.matched.append((_year(when, month, day),
                                 None if applied is None else (when - applied).days))
        self.waiting_days = [max(0, (today - d).days) for d in records.waiting if d is not None]


def _year_figures(tagged: _Tagged, year: ProgramYear, today: dt.date, goal: int,
                  current: bool) -> tuple[dict[str, Cell], Counter[str]]:
    """One program year's figures, and its closures counted by reason."""
    start, end = year.start, year.end(today)
    active = [p for p in tagged.records.pairs if p.active is not None and p.active <= end
              and (p.ended is None or p.ended >= start)]
    ended = [p for y, p in tagged.ended if y == year.first]
    early = [p for p in ended if p.reason not in PLANNED_ENDINGS and _short(p, goal)]
    lengths = [(p.ended - p.active).days for p in ended if p.active is not None and p.ended]
    matched = [days for y, days in tagged.matched if y == year.first]
    concerns = [concern for y, concern in tagged.check_ins if y == year.first]
    found: dict[str, Cell] = {
        say.APPLIED: tagged.applied[year.first],
        say.MATCHED: len(matched),
        say.DAYS_TO_MATCH: _median([d for d in matched if d is not None and d >= 0]),
        say.STILL_WAITING: len(tagged.records.waiting) if current else None,
        say.DAYS_WAITING: _median(tagged.waiting_days) if current else None,
        say.ACTIVE: len(active),
        say.ENDED: len(ended),
        say.ENDED_EARLY: len(early),
        say.MATCH_LENGTH: _median([d for d in lengths if d >= 0]),
        say.CHECK_INS: len(concerns),
        say.CONCERNS: sum(concerns),
    }
    for name, months in say.REACHED.items():
        # Reached: N calendar months on from Active Since, by its end or the year's, if sooner.
        found[name] = len([p for p in active if _reached(p, months, min(p.ended or today, end))])
    return found, Counter(p.reason for p in ended)


def _short(pair: PairRecord, goal: int) -> bool:
    """An ended pair that never became active or ended before ``goal`` months."""
    return pair.active is None or pair.ended is None or plus_months(pair.active, goal) > pair.ended


def _reached(pair: PairRecord, months: int, by: dt.date) -> bool:
    return pair.active is not None and plus_months(pair.active, months) <= by


def _median(numbers: list[int]) -> Cell:
    """The median of whole days, as a whole number where it is one; blank without any."""
    if not numbers:
        return None
    middle = float(statistics.median(numbers))
    return int(middle) if middle.is_integer() else round(middle, 1)
