"""The figures a funder asks for, by program year: who applied and was matched and how fast,
how many pairs were active, ended and ended early, how long matches lasted and how many
reached 3, 6 and 12 months, check-ins and concerns, and why pairs ended.

Pure: it works on the program's plain records (roster sign-ups, the pairs' life dates,
check-in dates, the mentees waiting today), put in pandas tables and grouped by program year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from sheets_sync.inputs import values
from sheets_sync.inputs.checkins import CheckIns
from sheets_sync.inputs.settings import Settings, month_day
from sheets_sync.model import Cell
from sheets_sync.outputs.layout import CLOSURE_REASONS, PLANNED_ENDINGS
from sheets_sync.outputs.unmatched import Waiting
from sheets_sync.program import Program
from sheets_sync.reports.periods import ProgramYear, as_dates, plus_months, year_of, years_of
from sheets_sync.words import reports as say

REASONS = (*CLOSURE_REASONS, say.NO_REASON)
MAX_YEARS = 20  # program years shown at most, the newest


@dataclass(frozen=True)
class History:
    """The records the figures are counted from, one pandas table each."""

    mentees: pd.DataFrame  # email, applied
    pairs: pd.DataFrame  # mentee, status, matched, active, ended, reason
    check_ins: pd.DataFrame  # date, concern
    waiting: pd.DataFrame  # since


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
    mentees = list(program.mentees.everyone.values())
    pairs = [p for p in program.book.pairs if p.mentee and p.mentor]
    counted = [c for c in check_ins.found if c.date is not None]
    return History(
        pd.DataFrame({"email": _texts([p.email for p in mentees]),
                      "applied": as_dates([p.signed_up for p in mentees])}),
        pd.DataFrame({"mentee": _texts([p.mentee for p in pairs]),
                      "status": _texts([p.status for p in pairs]),
                      "matched": as_dates([p.matched_on for p in pairs]),
                      "active": as_dates([p.active_since for p in pairs]),
                      "ended": as_dates([p.ended_on for p in pairs]),
                      "reason": _texts([reason(p.cells.get("Closure Reason")) for p in pairs])}),
        pd.DataFrame({"date": as_dates([c.date for c in counted]),
                      "concern": pd.Series([c.concern for c in counted], dtype=bool)}),
        pd.DataFrame({"since": as_dates([w.since for w in waiting])}))


def _texts(items: list[str]) -> pd.Series:
    return pd.Series(items, dtype=object)  # text even when empty (not float, pandas' default)


def reason(cell: Cell) -> str:
    """A Closure Reason as the report counts it: the list's own words, a blank as No reason
    recorded, any other text as Other."""
    text = values.normalise_text(cell)
    if not text:
        return say.NO_REASON
    return next((r for r in CLOSURE_REASONS if r.casefold() == text), "Other")


def figures(records: History, settings: Settings, today: dt.date) -> Report:
    month, day = month_day(settings.program_year_starts) or (9, 1)
    now = pd.Timestamp(today)
    years = _years(records, month, day, today)
    table = _tables(records, month, day, now)
    goal = settings.match_length_goal
    columns = [_year_figures(table, year, now, goal, current=(k == 0))
               for k, year in enumerate(years)]
    closures = {r: tuple(int(c[1].get(r, 0)) for c in columns) for r in REASONS}
    found = {name: tuple(c[0][name] for c in columns) for name in say.FIGURES}
    return Report(tuple(years), found, closures, today, goal)


def _years(records: History, month: int, day: int, today: dt.date) -> list[ProgramYear]:
    """Every program year from the oldest date counted to the one under way, newest first."""
    dates = pd.concat([records.mentees["applied"], records.pairs["matched"],
                       records.pairs["active"], records.pairs["ended"],
                       records.check_ins["date"], records.waiting["since"]]).dropna()
    current = year_of(today, month, day)
    oldest = dates.min() if not dates.empty else None
    first = current.first if oldest is None else min(
        current.first, year_of(oldest.date(), month, day).first)
    first = max(first, current.first - MAX_YEARS + 1)  # a mistyped year 206 adds no columns
    return [ProgramYear(y, month, day) for y in range(current.first, first - 1, -1)]


def _tables(records: History, month: int, day: int, now: pd.Timestamp) -> dict[str, pd.DataFrame]:
    """The records with each date's program year, and the pairs' match lengths."""
    pairs = records.pairs.copy()
    pairs["end"] = pairs["ended"].fillna(now)  # a pair still going runs to today
    pairs["length"] = (pairs["end"] - pairs["active"]).dt.days
    pairs["ended_year"] = years_of(pairs["ended"], month, day)
    mentees = records.mentees.copy()
    mentees["applied_year"] = years_of(mentees["applied"], month, day)
    made = pairs[(pairs["status"] != "Rejected") & pairs["matched"].notna()]
    first = made.groupby("mentee")["matched"].min().rename("first_match").reset_index()
    first = first.merge(mentees, how="left", left_on="mentee", right_on="email")
    first["match_year"] = years_of(first["first_match"], month, day)
    first["days_to_match"] = (first["first_match"] - first["applied"]).dt.days
    check_ins = records.check_ins.copy()
    check_ins["year"] = years_of(check_ins["date"], month, day)
    return {"pairs": pairs, "mentees": mentees, "first": first, "check_ins": check_ins,
            "waiting": records.waiting}


def _year_figures(table: dict[str, pd.DataFrame], year: ProgramYear, now: pd.Timestamp,
                  goal: int, current: bool) -> tuple[dict[str, Cell], pd.Series]:
    """One program year's figures, and its closures counted by reason."""
    start, end = pd.Timestamp(year.start), pd.Timestamp(year.end(now.date()))
    pairs, first = table["pairs"], table["first"]
    active = pairs[pairs["active"].notna() & (pairs["active"] <= end)
                   & (pairs["ended"].isna() | (pairs["ended"] >= start))]
    ended = pairs[pairs["ended_year"] == year.first]
    planned = ended["reason"].isin(PLANNED_ENDINGS)
    short = ended["active"].isna() | (plus_months(ended["active"], goal) > ended["ended"])
    matched = first[first["match_year"] == year.first]
    check_ins = table["check_ins"][table["check_ins"]["year"] == year.first]
    waiting_days = (now - table["waiting"]["since"]).dt.days.clip(lower=0)
    found: dict[str, Cell] = {
        say.APPLIED: int((table["mentees"]["applied_year"] == year.first).sum()),
        say.MATCHED: len(matched),
        say.DAYS_TO_MATCH: _median(matched["days_to_match"][matched["days_to_match"] >= 0]),
        say.STILL_WAITING: len(waiting_days) if current else None,
        say.DAYS_WAITING: _median(waiting_days) if current else None,
        say.ACTIVE: len(active),
        say.ENDED: len(ended),
        say.ENDED_EARLY: int((~planned & short).sum()),
        say.MATCH_LENGTH: _median(ended["length"][ended["length"] >= 0]),
        say.CHECK_INS: len(check_ins),
        say.CONCERNS: int(check_ins["concern"].sum()),
    }
    for name, months in say.REACHED.items():
        # Reached: N calendar months on from Active Since, by its end or the year's, if sooner.
        by = active["end"].where(active["end"] < end, end)
        found[name] = int((plus_months(active["active"], months) <= by).sum())
    return found, ended["reason"].value_counts()


def _median(numbers: pd.Series) -> Cell:
    """The median of whole days, as a whole number where it is one; blank without any."""
    numbers = numbers.dropna()
    if numbers.empty:
        return None
    middle = float(numbers.median())
    return int(middle) if middle.is_integer() else round(middle, 1)
