"""Cells in the Sheets API's terms: typed values (never parsed), number formats, and the values
read back."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from sheets_sync.backends.google.dates import DateWords, parse_shown_date
from sheets_sync.model import DATE_FORMAT, DATE_TIME_FORMAT, Cell, compare_key, date_serial

MAX_TEXT = 50_000  # Google's limit on one cell, in characters
TIME_FORMAT = "hh:mm"
VALUE = "userEnteredValue"
VALUE_AND_FORMAT = "userEnteredValue,userEnteredFormat.numberFormat"
_QUOTED = re.compile(r'"[^"]*"|\\.')


def number_format(pattern: str) -> dict[str, str]:
    """A NumberFormat for a pattern such as "ddd d mmm yyyy" (its type read from the pattern)."""
    bare = _QUOTED.sub("", pattern).lower()
    dated, timed = any(c in bare for c in "yd"), any(c in bare for c in "hs")
    kind = "DATE_TIME" if dated and timed else "DATE" if dated else "TIME" if timed else "NUMBER"
    return {"type": kind, "pattern": pattern}


def is_date(value: Cell) -> bool:
    return isinstance(value, dt.date | dt.time)


def cell_data(value: Cell, pattern: str | None = None) -> dict[str, Any]:
    """One cell as CellData. Text is a stringValue, so nothing typed into a form is ever parsed
    as a formula, number or date; a date is its serial number with a date format (``pattern``,
    or the default for its kind)."""
    if value is None or (isinstance(value, str) and value == ""):
        return {}
    if isinstance(value, bool):
        return {VALUE: {"boolValue": value}}
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return {}
        found: dict[str, Any] = {VALUE: {"numberValue": value}}
        if pattern and number_format(pattern)["type"] == "NUMBER":
            found["userEnteredFormat"] = {"numberFormat": number_format(pattern)}
        return found
    if isinstance(value, dt.date | dt.time):
        return _dated(value, pattern)
    return {VALUE: {"stringValue": fit_text(str(value))}}


def _dated(value: dt.date | dt.time, pattern: str | None) -> dict[str, Any]:
    if isinstance(value, dt.time):
        serial = (value.hour * 3600 + value.minute * 60 + value.second) / 86400
        default = TIME_FORMAT
    else:
        serial = date_serial(value)
        default = DATE_TIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
    fmt = number_format(pattern) if pattern and number_format(pattern)["type"] != "NUMBER" \
        else number_format(default)
    if getattr(value, "second", 0) and "s" not in _QUOTED.sub("", fmt["pattern"]).lower():
        # Shown to the second, so that it reads back exactly as written (a form's timestamp).
        fmt = {**fmt, "pattern": fmt["pattern"] + ":ss"}
    return {VALUE: {"numberValue": round(serial, 10)},
            "userEnteredFormat": {"numberFormat": fmt}}


def fit_text(text: str) -> str:
    """Text cut to Google's cell limit, counted in UTF-16 units to be safe with emoji."""
    if len(text) <= MAX_TEXT // 2:
        return text
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > MAX_TEXT:
            return text[:index]
    return text


def read_value(value: Any, words: DateWords) -> Cell:
    """A value from values:batchGet (UNFORMATTED_VALUE, dates as FORMATTED_STRING): "" is
    blank, integral floats ints, and a date cell's shown text its date."""
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, str):
        return parse_shown_date(value, words) or value
    return value


def same_cell(old: Cell, new: Cell) -> bool:
    """True when writing ``new`` over ``old`` would change nothing a person sees: the same value
    and the same kind (a date over a number of the same serial is a change: it gains its
    format)."""
    return is_date(old) == is_date(new) and compare_key(old) == compare_key(new)
