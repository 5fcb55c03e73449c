"""Program years: when each begins (Settings' "Program year starts"), its label ("2025–26"),
and calendar-month arithmetic on columns of dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class ProgramYear:
    """The program year that starts in calendar year ``first`` on ``month``/``day``."""

    first: int
    month: int = 9
    day: int = 1

    @property
    def start(self) -> dt.date:
        return dt.date(self.first, self.month, self.day)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.first + 1, self.month, self.day) - dt.timedelta(days=1)

    def end(self, today: dt.date) -> dt.date:
        """The year's last day, or today for the year under way."""
        return min(self.last_day, today)

    @property
    def label(self) -> str:
        """'2025–26'; a year that starts on January 1 is its calendar year, '2026'."""
        if (self.month, self.day) == (1, 1):
            return str(self.first)
        return f"{self.first}–{(self.first + 1) % 100:02d}"


def year_of(day: dt.date, month: int, day_of_month: int) -> ProgramYear:
    """The program year a date falls in."""
    first = day.year - ((day.month, day.day) < (month, day_of_month))
    return ProgramYear(first, month, day_of_month)


def years_of(dates: pd.Series, month: int, day: int) -> pd.Series:
    """For a column of dates (datetime64, NaT allowed), the calendar year each one's program
    year starts in (missing dates stay missing)."""
    before = (dates.dt.month < month) | ((dates.dt.month == month) & (dates.dt.day < day))
    years: pd.Series = (dates.dt.year - before.astype("Int64")).astype("Int64")
    return years


def plus_months(dates: pd.Series, months: int) -> pd.Series:
    """Each date ``months`` calendar months on; a day the month lacks becomes its last day
    (January 31 + 1 month = February 28, or 29)."""
    return dates + pd.DateOffset(months=months)


def as_dates(values: list[dt.date | None]) -> pd.Series:
    """A column of dates (None for a missing one) as datetime64, as the tables use them: by
    the second, so that any year a cell can hold fits (nanoseconds stop at 2262)."""
    moments = [None if v is None else dt.datetime.combine(v, dt.time()) for v in values]
    return pd.Series(pd.array(moments, dtype="datetime64[s]"))
