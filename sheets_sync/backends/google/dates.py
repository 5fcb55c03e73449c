"""Date cells as Google renders them, read back in the spreadsheet's own locale.

The values are read with ``valueRenderOption=UNFORMATTED_VALUE`` and
``dateTimeRenderOption=FORMATTED_STRING``: numbers come as numbers, and a cell formatted as a
date or date-time comes as the text it shows ("2026-11-24", "Tue 24 Nov 2026", "24/11/2026
09:30:00" in en_GB). That tells dates from numbers without a second request; this module turns
the shown text back into a date. Month and weekday names, and whether 05/11/2026 is day-first,
come from the locale (CLDR data through Babel), with English always understood too.

A time alone ("18:00") is left as text: nothing tells it from text typed as a time.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.dates import get_date_format, get_day_names, get_month_names, get_period_names

_TIME = re.compile(
    r"(?:^|[\sT,]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([^\W\d_][^\s\d]*)?$")
_NUMERIC = re.compile(r"(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})\.?")
_TOKEN = re.compile(r"\d+|[^\W\d_]+\.?|[\s,.\-/]+")
_FILLERS = {"de", "of", "the", "den", "le", "el", "del", "di"}


@dataclass(frozen=True, eq=False)  # one per locale (cached): hashed by identity
class DateWords:
    """What a locale's rendered dates are made of."""

    order: str  # "DMY", "MDY" or "YMD": the field order of numeric dates
    months: dict[str, int]  # names and abbreviations, lower case, without dots -> month
    weekdays: frozenset[str]
    afternoon: frozenset[str]  # "pm" and its local forms
    morning: frozenset[str]


@functools.cache
def date_words(locale: str | None) -> DateWords:
    """The date vocabulary of a spreadsheet locale such as "en_GB" (English when unknown)."""
    english = Locale.parse("en_US")
    try:
        local = Locale.parse(locale or "en_US", sep="_") if locale else english
    except (ValueError, UnknownLocaleError):
        local = english
    months: dict[str, int] = {}
    weekdays: set[str] = set()
    morning, afternoon = {"am", "a.m."}, {"pm", "p.m."}
    for source in (english, local):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, source).items():
                    months.setdefault(_word(name), number)
                weekdays |= {_word(n) for n in get_day_names(width, context, source).values()}
        periods = get_period_names("abbreviated", locale=source)
        morning.add(_word(periods.get("am", "am")))
        afternoon.add(_word(periods.get("pm", "pm")))
    for name, number in list(months.items()):  # "sept", "sep." and the like
        if len(name) > 3:
            months.setdefault(name[:3], number)
    return DateWords(_field_order(local), months, frozenset(weekdays), frozenset(afternoon),
                     frozenset(morning))


def _word(text: str) -> str:
    return text.casefold().replace(".", "").strip()


def _field_order(locale: Locale) -> str:
    pattern = get_date_format("short", locale=locale).pattern
    positions = {field: pattern.find(field) for field in "dMy"}
    ordered = sorted((p, f) for f, p in positions.items() if p >= 0)
    order = "".join({"d": "D", "M": "M", "y": "Y"}[f] for _p, f in ordered)
    return order if order in ("DMY", "MDY", "YMD") else "MDY"


def parse_shown_date(text: str, words: DateWords) -> dt.date | dt.datetime | None:
    """The date (or date and time) a date cell shows as ``text``, or None when it is not one."""
    if not 6 <= len(text) <= 48 or "@" in text or not any(c.isdigit() for c in text):
        return None
    return _parse(text.strip(), words)


@functools.lru_cache(maxsize=65536)
def _parse(text: str, words: DateWords) -> dt.date | dt.datetime | None:
    clock = None
    found = _TIME.search(text)
    if found and found.start() > 0:
        clock = _clock(found, words)
        if clock is None:
            return None
        text = text[:found.start()]
    day = _numeric_date(text, words.order) or _worded_date(text, words)
    if day is None:
        return None
    return dt.datetime.combine(day, clock) if clock is not None else day


def _clock(found: re.Match[str], words: DateWords) -> dt.time | None:
    hour, minute = int(found[1]), int(found[2])
    second = int(found[3] or 0)
    period = _word(found[4]) if found[4] else ""
    if period:
        if period not in words.afternoon | words.morning or not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if period in words.afternoon else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def _numeric_date(text: str, order: str) -> dt.date | None:
    found = _NUMERIC.fullmatch(text)
    if found is None:
        return None
    first, second, third = found[1], found[3], found[4]
    if len(first) == 4 or order == "YMD":
        year, month, day = first, second, third
    elif order == "DMY":
        day, month, year = first, second, third
    else:
        month, day, year = first, second, third
    if len(year) not in (2, 4) or len(day) > 2 or len(month) > 2:
        return None
    return _make(year, int(month), day)


def _worded_date(text: str, words: DateWords) -> dt.date | None:
    """Dates with a month name: "Tue 24 Nov 2026", "November 24, 2026", "24. Nov. 2026"."""
    tokens = _TOKEN.findall(text.casefold())
    if "".join(tokens) != text.casefold():
        return None
    numbers = [t for t in tokens if t[0].isdigit()]
    names = [_word(t) for t in tokens if t[0].isalpha()]
    if any(n not in words.months and n not in words.weekdays and n not in _FILLERS
           for n in names):
        return None
    # A word can be both ("mar." is Tuesday and March in French): a plain month name wins.
    months = ([n for n in names if n in words.months and n not in words.weekdays]
              or [n for n in names if n in words.months])
    if len(months) != 1 or len(numbers) != 2:
        return None
    month = words.months[months[0]]
    years = [n for n in numbers if len(n) == 4]
    if len(years) == 1:
        day = numbers[0] if numbers[1] == years[0] else numbers[1]
        return _make(years[0], month, day) if len(day) <= 2 else None
    if all(len(n) <= 2 for n in numbers):
        return _make(numbers[1], month, numbers[0])
    return None


def _make(year: str, month: int, day: str) -> dt.date | None:
    number = int(year)
    if len(year) == 2:  # as Google Sheets reads a typed two-digit year
        number += 2000 if number < 30 else 1900
    try:
        return dt.date(number, month, int(day))
    except ValueError:
        return None
