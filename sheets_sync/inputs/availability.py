"""Weekly availability: free text such as ``Mon 18:00-20:00`` or ``Weekend mornings`` as a grid.

The grid is a bool array of ``WEEK_SLOTS`` quarter-hours; index 0 is Monday 00:00-00:15 in the
person's local time. ``to_utc`` shifts a grid so grids from different time zones can be compared.
Pure functions, no I/O. ``sheets_sync.inputs.values`` re-exports the public names.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

import numpy as np

from sheets_sync.model import Cell, cell_key, is_blank

SLOTS_PER_HOUR = 4
DAY_SLOTS = 24 * SLOTS_PER_HOUR
WEEK_SLOTS = 7 * DAY_SLOTS

# What a bare day (or "Anytime") means: the waking hours a mentoring call could take place in.
DEFAULT_HOURS = (8.0, 21.0)
PERIODS = {
    "morning": (8.0, 12.0),
    "afternoon": (12.0, 17.0),
    "evening": (17.0, 21.0),
    "night": (20.0, 23.0),
    "lunch": (12.0, 13.0),
    "am": (8.0, 12.0),
    "pm": (12.0, 17.0),
    "any": DEFAULT_HOURS,
}
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

def split_at_separators(text: str) -> list[str]:
    """A multi-value cell's text cut at its item separators: commas (Google Forms joins
    checkbox answers with ", "), semicolons and line breaks. Items may be blank (two separators
    in a row) and are not trimmed: callers drop blank items. str.split, not a regular
    expression: this runs on every answer, and forms mostly use commas alone."""
    if ";" in text or "\n" in text or "\r" in text:
        text = text.replace(";", ",").replace("\r", ",").replace("\n", ",")
    return text.split(",")


_CLOCK = (
    r"(?:\d{1,2}(?:[:.]\d{2}|h\d{2}|h)?(?:\s*[ap]\.?m\b\.?)?"
    r"|(?:12\s*)?(?:noon|midday)|midnight)"
)
_CLOCK_PARTS = re.compile(
    r"^(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2})|h(?P<hm>\d{2})?)?\s*(?:(?P<mer>[ap])\.?m\.?)?"
    r"|(?P<noon>(?:12\s*)?(?:noon|midday))|(?P<midnight>midnight))$"
)
_ONE_DAY = (
    r"(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday|s)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?"
)
# One token of an availability item; an item is understood only if it is all tokens.
_TOKEN = re.compile(
    rf"""\s*(?:
      (?P<trange>(?P<a>{_CLOCK})\s*-\s*(?P<b>{_CLOCK}))
    | after\s+(?P<t_after>{_CLOCK})
    | (?:before|until|till|til)\s+(?P<t_before>{_CLOCK})
    | (?P<drange>(?P<d1>{_ONE_DAY})\s*-\s*(?P<d2>{_ONE_DAY}))\b
    | (?P<day>{_ONE_DAY}|week\s?days?|week\s?ends?)\b
    | (?P<alldays>daily|every\s?day|all\s+week|any\s+day)\b
    | (?P<period>mornings?|afternoons?|evenings?|nights?|lunch\s?(?:time|break)?s?|am|pm
        |any\s?time|all\s+day|flexible|whenever)\b
    | (?:on|from|at|every|each|the|in|and|or|plus|only)\b
    | [&+/().]
    )""",
    re.VERBOSE,
)
_DASHES = re.compile(r"\s*[\u2010-\u2015\u2212]\s*|\s+(?:to|through|thru)\s+")


def split_items(value: Cell) -> list[str]:
    """The stripped, non-blank items of a multi-value cell, as written (not normalised)."""
    if is_blank(value):
        return []
    items = split_at_separators(value) if isinstance(value, str) else [cell_key(value)]
    return [item.strip() for item in items if item.strip()]


def _clock(text: str) -> tuple[float, str | None] | None:
    """A clock reading as (hours as written, "a"/"p" or None); 12 stays 12 until applied."""
    match = _CLOCK_PARTS.match(" ".join(text.split()))
    if not match:
        return None
    if match["noon"]:
        return 12.0, None
    if match["midnight"]:
        return 0.0, None
    hours, minutes = int(match["h"]), int(match["m"] or match["hm"] or 0)
    mer = match["mer"]
    if minutes >= 60 or (mer and not 1 <= hours <= 12) or hours > 24 or (hours == 24 and minutes):
        return None
    return hours + minutes / 60, mer


def _apply(reading: tuple[float, str | None]) -> float:
    hours, mer = reading
    if mer is None:
        return hours
    return hours % 12 + (12 if mer == "p" else 0)


def parse_time_of_day(value: Cell) -> float | None:
    """Hours after midnight of "18:00", "6pm", "6:30 pm", "18h", "noon"; None if not a time."""
    if isinstance(value, dt.time):
        return value.hour + value.minute / 60 + value.second / 3600
    if not isinstance(value, str):
        return None
    reading = _clock(value.casefold())
    return None if reading is None else _apply(reading)


def _forward(start: float, end: float) -> float:
    return (end - start) % 24 or 24


def _time_range(a: str, b: str) -> tuple[float, float] | None:
    """Start and end hours; a missing am/pm is borrowed so that the range is the shorter one
    ("6-8pm" is 18-20, "11-1pm" is 11-13). An end at or before the start is on the next day."""
    ra, rb = _clock(a), _clock(b)
    if ra is None or rb is None:
        return None
    start, end = _apply(ra), _apply(rb)
    if ra[1] is None and rb[1] is not None and ra[0] <= 12:
        start = min((ra[0] % 12, ra[0] % 12 + 12), key=lambda s: _forward(s, end))
    elif rb[1] is None and ra[1] is not None and rb[0] <= 12:
        end = min((rb[0] % 12, rb[0] % 12 + 12), key=lambda e: _forward(start, e))
    if end == start:
        return None
    if end < start:
        end += 24
    return start, end


def _days(word: str) -> list[int]:
    word = word.replace(" ", "")
    if word.startswith("weekday"):
        return [0, 1, 2, 3, 4]
    if word.startswith("weekend"):
        return [5, 6]
    return [_DAY_NAMES.index(word[:3])]


def _period(word: str) -> tuple[float, float]:
    word = word.replace(" ", "")
    for name, hours in PERIODS.items():
        if word.startswith(name):
            return hours
    return DEFAULT_HOURS  # anytime, all day, flexible, whenever


def _parse_item(text: str) -> tuple[tuple[int, int], ...] | None:
    """Slot ranges [start, end) of one item (ends may pass the week's end), or None."""
    return _parse_clean(" ".join(text.casefold().split()))


@lru_cache(maxsize=4096)
def _parse_clean(text: str) -> tuple[tuple[int, int], ...] | None:
    text = _DASHES.sub("-", text)
    groups: list[tuple[set[int], list[tuple[float, float]]]] = [(set(), [])]
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            return None
        pos = match.end()
        days, hours = groups[-1]
        if match["trange"]:
            span = _time_range(match["a"], match["b"])
            if span is None:
                return None
            hours.append(span)
        elif match["t_after"] or match["t_before"]:
            moment = parse_time_of_day(match["t_after"] or match["t_before"])
            if moment is None:
                return None
            if match["t_after"]:
                hours.append((moment, max(DEFAULT_HOURS[1], moment + 1)))
            else:
                hours.append((min(DEFAULT_HOURS[0], moment - 1), moment))
        elif match["day"] or match["drange"] or match["alldays"]:
            if days and hours:  # "Mon 9-11 Wed 14-16": a new day after times starts a new group
                groups.append((set(), []))
                days, hours = groups[-1]
            if match["alldays"]:
                days.update(range(7))
            elif match["day"]:
                days.update(_days(match["day"]))
            else:
                first, last = _days(match["d1"])[0], _days(match["d2"])[0]
                days.update(d % 7 for d in range(first, first + (last - first) % 7 + 1))
        elif match["period"]:
            hours.append(_period(match["period"]))
    if not any(days or hours for days, hours in groups):
        return None
    ranges = []
    for days, hours in groups:
        for day in sorted(days or range(7)):
            for start, end in hours or [DEFAULT_HOURS]:
                # Only whole quarter-hours count as available.
                first = day * DAY_SLOTS + math.ceil(start * SLOTS_PER_HOUR - 1e-9)
                last = day * DAY_SLOTS + math.floor(end * SLOTS_PER_HOUR + 1e-9)
                if last > first:
                    ranges.append((first, last))
    return tuple(ranges)


Ranges = tuple[tuple[int, int], ...]


@lru_cache(maxsize=65536)
def _slots_of_text(value: str) -> tuple[Ranges, tuple[str, ...]]:
    # The same items in another case, order or spacing are the same slots (case-folding
    # makes no separator), so the text is read whole; items as written only when needed.
    items = {" ".join(i.split()) for i in split_at_separators(value.casefold())}
    items.discard("")
    ranges, unread = _slots_of_items(tuple(sorted(items)))
    if not unread:
        return ranges, ()
    return ranges, tuple(i for i in split_items(value) if _parse_item(i) is None)


@lru_cache(maxsize=16384)
def _slots_of_items(items: tuple[str, ...]) -> tuple[Ranges, bool]:
    """Merged slot ranges of some normalised items, and whether any could not be read."""
    ranges: list[tuple[int, int]] = []
    unread = False
    for item in items:
        found = _parse_clean(item)
        if found is None:
            unread = True
        else:
            ranges.extend(found)
    return _merged(ranges), unread


def parse_slots(value: Cell) -> tuple[Ranges, tuple[str, ...]]:
    """The quarter-hours of a cell as merged ranges [first, last) of local week slots (each
    within the week: one that passes Sunday midnight is cut in two), and the items it could
    not understand (as written)."""
    if isinstance(value, str):
        return _slots_of_text(value)
    return (), tuple(split_items(value))


def _merged(ranges: list[tuple[int, int]]) -> Ranges:
    inside: list[tuple[int, int]] = []
    for first, last in ranges:
        if last - first >= WEEK_SLOTS:
            inside.append((0, WEEK_SLOTS))
            continue
        first, last = first % WEEK_SLOTS, first % WEEK_SLOTS + (last - first)
        if last > WEEK_SLOTS:
            inside += [(first, WEEK_SLOTS), (0, last - WEEK_SLOTS)]
        else:
            inside.append((first, last))
    merged: list[tuple[int, int]] = []
    for first, last in sorted(inside):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


def slots_grid(ranges: Ranges, offset_hours: float = 0.0) -> np.ndarray:
    """The grid of merged local ranges, shifted into UTC as ``to_utc`` shifts a grid."""
    week = np.zeros(WEEK_SLOTS, dtype=bool)
    shift = round(offset_hours * SLOTS_PER_HOUR)
    for first, last in ranges:
        first, last = first - shift, last - shift
        start = first % WEEK_SLOTS
        end = start + (last - first)
        week[start:min(end, WEEK_SLOTS)] = True
        if end > WEEK_SLOTS:
            week[:end - WEEK_SLOTS] = True
    return week


def parse_availability(value: Cell) -> tuple[np.ndarray, list[str]]:
    """The local-time weekly grid of a cell, and the items it could not understand (as written)."""
    ranges, unknown = parse_slots(value)
    return slots_grid(ranges), list(unknown)


def to_utc(week: np.ndarray, offset_hours: float) -> np.ndarray:
    """The same grid in UTC: a local slot at offset +2 h sits two hours earlier in UTC."""
    return np.roll(week, -round(offset_hours * SLOTS_PER_HOUR))


def overlap_hours(a: np.ndarray, b: np.ndarray) -> float:
    """Hours both grids are available (grids in the same time zone, e.g. both UTC)."""
    return float(np.count_nonzero(a & b)) / SLOTS_PER_HOUR
