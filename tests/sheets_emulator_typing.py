"""Typed input for the Sheets API emulator (test equipment): values written with
valueInputOption=USER_ENTERED are read as Google Sheets reads what a person types, RAW ones are
stored as given.

Dates typed become date serial numbers with a format, as in Sheets: ISO ("2026-12-03", with a
time), numeric in the locale's day/month order ("12/5/2026", "12/5/2026 18:00:00", "12/5" for
this year) and with a month name in English or the locale's language ("3 Dec", "Dec 3, 2026",
"3 December 2026 9:30"). Numeric dates take the locale's default format; a date with a month
name keeps the shape it was typed in ("d mmm", "mmm d, yyyy"). A date without its year is in
the current year of the spreadsheet's time zone. A time alone ("18:00") stays text here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sheets_emulator_values import LocaleDates, locale_dates, to_serial

_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_CLOCK = r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?)?"
_NUMERIC = re.compile(rf"(\d{{1,2}})([/.-])(\d{{1,2}})(?:\2(\d{{4}}|\d{{2}}))?{_CLOCK}", re.I)
_DAY_MONTH = re.compile(rf"(\d{{1,2}})([ -])([^\W\d_]+\.?)(?:\2(\d{{4}}))?{_CLOCK}", re.I)
_MONTH_DAY = re.compile(rf"([^\W\d_]+\.?) (\d{{1,2}})(?:(,? )(\d{{4}}))?{_CLOCK}", re.I)


def sheet_today(time_zone: str | None) -> dt.date:
    """Today in a spreadsheet's time zone: the year Sheets gives a date typed without one."""
    try:
        zone = ZoneInfo(time_zone or "Etc/GMT")
    except (ValueError, ZoneInfoNotFoundError):
        zone = ZoneInfo("Etc/GMT")
    return dt.datetime.now(zone).date()


def _parse_number(text: str) -> float | None:
    if not re.search(r"\d", text) or not _NUMBER.fullmatch(text):
        return None
    return float(text.replace(",", ""))


def user_entered(value: Any, locale: str | None = None,
                 today: dt.date | None = None) -> dict[str, Any]:
    """CellData for a value written with valueInputOption=USER_ENTERED (parsed like typing);
    ``today`` dates what is typed without a year (default: today in UTC)."""
    if not isinstance(value, str):
        return raw_entered(value)
    if value.startswith("'"):
        return {"userEnteredValue": {"stringValue": value[1:]}}
    if value.startswith("="):
        return {"userEnteredValue": {"formulaValue": value}}
    text = value.strip()
    if text.upper() in ("TRUE", "FALSE"):
        return {"userEnteredValue": {"boolValue": text.upper() == "TRUE"}}
    number = _parse_number(text)
    if number is not None:
        return {"userEnteredValue": {"numberValue": number}}
    if text.endswith("%") and (number := _parse_number(text[:-1])) is not None:
        return _with_format(number / 100, {"type": "PERCENT", "pattern": "0%"})
    if text.startswith("$") and (number := _parse_number(text[1:])) is not None:
        return _with_format(number, {"type": "CURRENCY", "pattern": '"$"#,##0.00'})
    typed = typed_date(text, locale_dates(locale), today or sheet_today(None))
    if typed is not None:
        return typed
    if len(text) > 1 and text[0] in "+-":
        # Sheets reads a leading + or - as the start of a formula when typed.
        return {"userEnteredValue": {"formulaValue": "=" + text}}
    return {"userEnteredValue": {"stringValue": value}}


def _with_format(number: float, fmt: dict[str, Any]) -> dict[str, Any]:
    return {"userEnteredValue": {"numberValue": number}, "userEnteredFormat": {"numberFormat": fmt}}


def raw_entered(value: Any, locale: str | None = None) -> dict[str, Any]:
    """CellData for a value written with valueInputOption=RAW (stored exactly as given)."""
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    return {"userEnteredValue": {"stringValue": str(value)}}


# ------------------------------------------------------------------------------- typed dates


def typed_date(text: str, names: LocaleDates, today: dt.date) -> dict[str, Any] | None:
    """CellData of a typed date or date-time, or None when the text is not one."""
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups()[:3])
        if not match[4]:
            return _dated(year, month, day, None, "yyyy-mm-dd")
        clock = _clock(match[4], match[5], match[6], None)
        return _dated(year, month, day, clock, "yyyy-mm-dd hh:mm:ss") if clock else None
    if match := _NUMERIC.fullmatch(text):
        return _numeric(match, names, today)
    months = _month_names(names)
    if (match := _DAY_MONTH.fullmatch(text)) and _key(match[3]) in months:
        sep, name = match[2], _name_pattern(match[3], names)
        shape = f"d{sep}{name}" + (f"{sep}yyyy" if match[4] else "")
        return _worded(match[4], months[_key(match[3])], match[1], match.groups()[4:], shape,
                       today)
    if (match := _MONTH_DAY.fullmatch(text)) and _key(match[1]) in months:
        shape = f"{_name_pattern(match[1], names)} d" + (f"{match[3]}yyyy" if match[4] else "")
        return _worded(match[4], months[_key(match[1])], match[2], match.groups()[4:], shape,
                       today)
    return None


def _numeric(match: re.Match[str], names: LocaleDates, today: dt.date) -> dict[str, Any] | None:
    """12/5/2026 (day first where the locale writes so), with a time, or 12/5 for this year;
    only with "/" or the locale's own separator."""
    first, sep, second, year = match[1], match[2], match[3], match[4]
    own = next((c for c in names.date if not c.isalnum()), "/")
    if sep not in ("/", own) or (year is None and sep != own):
        return None
    month, day = (int(second), int(first)) if names.day_first else (int(first), int(second))
    clock = _clock(*match.groups()[4:])
    if year is None:
        if match[5]:
            return None  # a time after a date without its year: left as text
        shape = re.sub(r"[^A-Za-z]*y+[^A-Za-z]*", "", names.date)  # M/d/yyyy -> M/d
        return _dated(today.year, month, day, None, shape)
    full = int(year) if len(year) == 4 else int(year) + (2000 if int(year) < 30 else 1900)
    if match[5]:
        return _dated(full, month, day, clock, names.date_time) if clock else None
    return _dated(full, month, day, None, names.date)


def _worded(year: str | None, month: int, day: str, time: tuple[str | None, ...], shape: str,
            today: dt.date) -> dict[str, Any] | None:
    if not time[0]:
        return _dated(int(year) if year else today.year, month, int(day), None, shape)
    clock = _clock(*time)
    if clock is None:
        return None
    shown = (" h:mm" if time[3] else " H:mm") + (":ss" if time[2] else "")
    shown += " am/pm" if time[3] else ""
    return _dated(int(year) if year else today.year, month, int(day), clock, shape + shown)


def _clock(hour: str | None, minute: str | None, second: str | None,
           half: str | None) -> dt.time | None:
    if hour is None or minute is None:
        return None
    h, m, s = int(hour), int(minute), int(second or 0)
    if half:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half.lower() == "pm" else 0)
    return dt.time(h, m, s) if h < 24 and m < 60 and s < 60 else None


def _dated(year: int, month: int, day: int, clock: dt.time | None,
           pattern: str) -> dict[str, Any] | None:
    """A date (and time) as its serial number with a DATE or DATE_TIME format; None for a day
    that does not exist (then the text stays text, as in Sheets)."""
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    serial = to_serial(dt.datetime.combine(date, clock) if clock else date)
    kind = "DATE_TIME" if clock else "DATE"
    return _with_format(serial, {"type": kind, "pattern": pattern})


def _key(word: str) -> str:
    return word.casefold().rstrip(".")


def _month_names(names: LocaleDates) -> dict[str, int]:
    """Month names and abbreviations in English and the locale's language -> month."""
    found: dict[str, int] = {"sept": 9}
    for fulls, shorts in ((calendar.month_name[1:], calendar.month_abbr[1:]),
                          (names.months, names.months_short)):
        for number, (full, short) in enumerate(zip(fulls, shorts, strict=True), start=1):
            found.setdefault(_key(full), number)
            found.setdefault(_key(short), number)
    return found


def _name_pattern(word: str, names: LocaleDates) -> str:
    """"mmmm" for a full month name, "mmm" for an abbreviation."""
    full = {_key(n) for n in (*calendar.month_name[1:], *names.months)}
    return "mmmm" if _key(word) in full else "mmm"
