"""Program years: when each begins (Settings' "Program year starts"), its label ("2025–26"),
and calendar-month arithmetic on dates."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


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


def plus_months(day: dt.date, months: int) -> dt.date:
    """The date ``months`` calendar months on; a day the month lacks becomes its last day
    (January 31 + 1 month = February 28, or 29). Past the calendar's end: its last day."""
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    if year > dt.MAXYEAR:
        return dt.date.max
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
