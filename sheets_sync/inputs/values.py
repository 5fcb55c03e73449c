"""Reading the values people type into roster cells: text, lists, yes/no, numbers, dates, grade
levels and ages; availability lives in ``sheets_sync.inputs.availability`` and time zones in
``sheets_sync.inputs.zones``.

Every function is pure and total: it takes any cell a backend can produce (None, str, int, float,
bool, date, datetime, time) and returns the parsed value, or None / "" / [] when it cannot tell.
The engine calls these once per cell, so patterns are compiled once.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from sheets_sync.inputs.availability import (
    SLOTS_PER_HOUR,
    WEEK_SLOTS,
    overlap_hours,
    parse_availability,
    parse_slots,
    parse_time_of_day,
    slots_grid,
    split_at_separators,
    split_items,
    to_utc,
)
from sheets_sync.model import Cell, cell_key

__all__ = [
    "SLOTS_PER_HOUR",
    "WEEK_SLOTS",
    "cell_text",
    "clock_text",
    "is_any",
    "normalise_email",
    "normalise_text",
    "overlap_hours",
    "parse_availability",
    "parse_bool",
    "parse_date",
    "parse_grade",
    "parse_level",
    "parse_number",
    "parse_slots",
    "parse_time_of_day",
    "slots_grid",
    "split_list",
    "to_utc",
]

# --- text ---------------------------------------------------------------------------------------


# Characters that print as nothing but come along when text is pasted from web pages, PDFs or
# right-to-left text: zero-width space, word joiner, byte-order mark, soft hyphen and the
# direction marks and embeddings. They never tell two values apart.
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x200B, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0x202A, 0x202F),
     *range(0x2066, 0x206A)]
)


def normalise_text(value: Cell) -> str:
    """Text as compared: case-folded, inner whitespace collapsed, trimmed; 3.0 -> "3".

    Non-text cells go through ``cell_key`` first, so they read as every backend writes them.
    Invisible characters (zero-width space, direction marks...) are dropped."""
    text = cell_key(value)
    if not text.isascii():  # the invisible characters are all outside ASCII
        text = text.translate(_INVISIBLE)
    return " ".join(text.split()).casefold()


def normalise_email(value: Cell) -> str:
    """An email as a person's identity: trimmed, lower case, no spaces ("" when blank)."""
    return normalise_text(value).replace(" ", "")


def cell_text(value: Cell) -> str:
    """A cell as plain trimmed text ("" when blank; 3.0 -> "3")."""
    return cell_key(value).strip()


def clock_text(value: Cell) -> str:
    """A time of day cell as "HH:MM" (a time cell, a day fraction or the text itself)."""
    if isinstance(value, dt.time | dt.datetime):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    return cell_text(value)


def split_list(value: Cell) -> list[str]:
    """Items of a multi-value cell (", ", ";" or line breaks), normalised, no blanks or repeats."""
    if not isinstance(value, str):
        normalised = (normalise_text(item) for item in split_items(value))
        return list(dict.fromkeys(item for item in normalised if item))
    # Text is normalised whole, then split: the same items as normalising each (neither
    # case-folding nor dropping invisible characters makes or removes a separator).
    text = (value if value.isascii() else value.translate(_INVISIBLE)).casefold()
    items = dict.fromkeys(" ".join(item.split()) for item in split_at_separators(text))
    items.pop("", None)
    return list(items)


_ANY = frozenset(
    {
        "any", "anyone", "anybody", "either", "either is fine", "any is fine", "both", "none",
        "no preference", "no preferences", "no pref", "any gender", "doesn't matter",
        "doesnt matter", "does not matter", "don't mind", "dont mind", "do not mind", "n/a",
    }
)  # fmt: skip


def is_any(value: Cell) -> bool:
    """A preference that accepts anyone: blank, "Any", "No preference", "Doesn't matter" ..."""
    text = normalise_text(value).replace("\u2019", "'").strip(" .!")
    return not text or text in _ANY


# --- yes/no and numbers ----------------------------------------------------------------------

_TRUE = frozenset({"true", "yes", "y", "x", "✓", "✔", "☑", "✅", "approved", "1", "checked"})
_FALSE = frozenset({"false", "no", "n", "0", "unchecked", "not approved"})


def parse_bool(value: Cell) -> bool | None:
    """A ticked checkbox, TRUE, Yes, x, Approved -> True; FALSE, No, 0 -> False; else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return True if value == 1 else False if value == 0 else None
    text = normalise_text(value) if isinstance(value, str) else ""
    return True if text in _TRUE else False if text in _FALSE else None


# A plain decimal, or thousands grouped by commas ("1,000"); any other comma is ambiguous
# between locales ("1,5" is 1.5 in Europe), so it is not a number.
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+")


def parse_number(value: Cell) -> float | None:
    """A finite number, from a number cell or text like " 3.5 ", "+2", "-1.5", "1,000"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        if not _NUMBER.fullmatch(text):
            return None
        number = float(text.replace(",", ""))
    else:
        return None
    return number if math.isfinite(number) else None


# --- dates ---------------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's leap-year bug included)
_SERIALS = (3000, 80000)  # 1908 .. 2119: a number here in a date column is a spreadsheet date
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTHS = {name: n for n, full in enumerate(_MONTH_NAMES, 1) for name in (full, full[:3], full[:4])}
# An optional time after a date, as Forms timestamps and ISO datetimes carry.
_TIME = r"(?:(?:t|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2})?)?"  # noqa: E501
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(\d{4}|\d{2})"
_ISO_DATE = re.compile(rf"(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}}){_TIME}")
_NUMERIC_DATE = re.compile(rf"(\d{{1,2}})([-/.])(\d{{1,2}})\2{_YEAR}{_TIME}")
_DAY_MONTH = re.compile(rf"{_WEEKDAY}{_DAY}(?:\s+of)?[\s-]+([a-z]+)\.?,?[\s-]+{_YEAR}{_TIME}")
_MONTH_DAY = re.compile(rf"{_WEEKDAY}([a-z]+)\.?\s+{_DAY},?\s+{_YEAR}{_TIME}")
# A day and a month name without a year ("1 Dec", "Dec 3", "3rd of December"): how a date
# typed that way shows in Google Sheets and Excel. Numeric ones ("12/3") are not read: their
# order is the spreadsheet locale's, which this module does not know.
_DAY_MONTH_ONLY = re.compile(rf"{_WEEKDAY}{_DAY}(?:\s+of)?[\s-]+([a-z]+)\.?{_TIME}")
_MONTH_DAY_ONLY = re.compile(rf"{_WEEKDAY}([a-z]+)\.?[\s-]+{_DAY}{_TIME}")
NEAREST_DAYS = 183  # a date without a year is at most six months from today either way


def _make_date(year: str, month: int | str | None, day: str) -> dt.date | None:
    if month is None:
        return None
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    try:
        return dt.date(full_year, int(month), int(day))
    except ValueError:
        return None


def _nearest(month: int | None, day: str, today: dt.date) -> dt.date | None:
    """The date of this day and month nearest ``today`` (the earlier on a tie), if it is
    within six months: what a person means by "1 Dec", and the year a spreadsheet gives it."""
    if month is None:
        return None
    found = [date for year in (today.year - 1, today.year, today.year + 1)
             if (date := _make_date(str(year), month, day)) is not None]
    best = min(found, key=lambda date: (abs((date - today).days), date > today), default=None)
    return best if best is not None and abs((best - today).days) <= NEAREST_DAYS else None


def parse_date(value: Cell, today: dt.date | None = None) -> dt.date | None:
    """A calendar date from a date cell, a spreadsheet serial number or common written forms.

    Numeric day/month order: dots are day-first; otherwise month-first (US, as Google Forms
    writes in en-US) unless the first field is over 12. Two-digit years are 20xx. Given
    ``today``, a day and month name without a year ("1 Dec", "Dec 3") is the nearest such date
    (see ``_nearest``): a Google Sheets date cell formatted without its year reads as that.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if not isinstance(value, str):
        if not (math.isfinite(value) and _SERIALS[0] <= value <= _SERIALS[1]):
            return None
        return _EXCEL_EPOCH + dt.timedelta(days=math.floor(value))
    text = " ".join(value.split()).casefold()
    if match := _ISO_DATE.fullmatch(text):
        return _make_date(match[1], match[3], match[4])
    if match := _NUMERIC_DATE.fullmatch(text):
        first, second = int(match[1]), int(match[3])
        if match[2] == "." or first > 12:
            return _make_date(match[4], second, match[1])
        return _make_date(match[4], first, match[3])
    if match := _DAY_MONTH.fullmatch(text):
        return _make_date(match[3], _MONTHS.get(match[2]), match[1])
    if match := _MONTH_DAY.fullmatch(text):
        return _make_date(match[3], _MONTHS.get(match[1]), match[2])
    if today is None:
        return None
    if match := _DAY_MONTH_ONLY.fullmatch(text):
        return _nearest(_MONTHS.get(match[2]), match[1], today)
    if match := _MONTH_DAY_ONLY.fullmatch(text):
        return _nearest(_MONTHS.get(match[1]), match[2], today)
    return None


# --- grades and ages ---------------------------------------------------------------------------

_CLASS_YEARS = {
    "kindergarten": 0, "freshman": 9, "freshmen": 9, "sophomore": 10, "junior": 11, "senior": 12,
    "graduate": 13, "grad": 13, "postgraduate": 13, "postgrad": 13, "post-graduate": 13,
}  # fmt: skip
_ORDINALS = {
    word: number
    for number, words in enumerate(
        ("first one", "second two", "third three", "fourth four", "fifth five", "sixth six",
         "seventh seven", "eighth eight", "ninth nine", "tenth ten", "eleventh eleven",
         "twelfth twelve"), start=1,
    )
    for word in words.split()
}  # fmt: skip
_NUM = r"(\d{1,2}|[a-z]+)"
_GRADE_BEFORE = re.compile(rf"(?:grade|year|yr|class|g|y)\s*-?\s*{_NUM}")  # "Year 10", "G7"
_GRADE_AFTER = re.compile(rf"{_NUM}(?:st|nd|rd|th)?[\s-]*(?:grade|year|yr|grader)")  # "7th grade"
_CLASS_SUFFIX = re.compile(r"(?:\s+(?:year|student|level))+$")


def _grade_number(word: str) -> float | None:
    number = int(word) if word.isdigit() else _ORDINALS.get(word)
    return None if number is None else float(number)


def parse_grade(value: Cell) -> float | None:
    """A grade / year level: numbers as they are; Freshman..Senior = 9..12 (US high school);
    "1st year", "Year 10", "Grade 7", "7th grade", "G7" -> that number; graduate students 13."""
    number = parse_number(value)
    if number is not None or not isinstance(value, str):
        return number
    text = normalise_text(value)
    for pattern in (_GRADE_BEFORE, _GRADE_AFTER):
        # A match may still be no grade ("graduate" is "g" + "raduate"), so keep looking.
        if (match := pattern.fullmatch(text)) and (grade := _grade_number(match[1])) is not None:
            return grade
    # "Senior year", "grad student", "Junior level"
    grade = _CLASS_YEARS.get(_CLASS_SUFFIX.sub("", text))
    return None if grade is None else float(grade)


_AGE = re.compile(r"(?:age\s*)?(\d{1,3}(?:\.\d+)?)\s*(?:years?|yrs?|y/?o)?(?:\s+old)?")


def _age(birth: dt.date, today: dt.date) -> float | None:
    """Years since a date of birth; None for a date of birth in the future."""
    return None if birth > today else (today - birth).days / 365.2425


def _two_digit_year(text: str) -> bool:
    """True when a written date gives its year in two digits ("03/04/85", "3 Apr 85")."""
    text = " ".join(text.split()).casefold()
    for pattern, group in ((_NUMERIC_DATE, 4), (_DAY_MONTH, 3), (_MONTH_DAY, 3)):
        if match := pattern.fullmatch(text):
            return len(match[group]) == 2
    return False


def parse_birth_date(value: Cell, today: dt.date) -> dt.date | None:
    """A date of birth written as a date. A two-digit year is the most recent one that is not
    in the future ("03/04/85" is 1985, not 2085); a date of birth still in the future is None."""
    birth = parse_date(value)
    if birth is None:
        return None
    if birth > today and isinstance(value, str) and _two_digit_year(value):
        try:
            birth = birth.replace(year=birth.year - 100)
        except ValueError:  # 29 February in a year that had none
            birth = birth.replace(year=birth.year - 100, day=28)
    return None if birth > today else birth


def is_future_date(value: Cell, today: dt.date) -> bool:
    """A cell holding a date (written or typed) later than today, even with the century
    rule for two-digit years applied."""
    return parse_date(value) is not None and parse_birth_date(value, today) is None


def parse_level(value: Cell, today: dt.date) -> float | None:
    """The number a numeric Rules test compares: an age, or a grade level.

    A date is a date of birth and a number in 1900..2100 a birth year: both become an age as of
    ``today``. Spreadsheet date serials (above 2100) are dates of birth too. Other numbers are
    used as they are; "35 years old" is 35; grade words go through ``parse_grade``.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and parse_date(value) is not None:
        birth = parse_birth_date(value, today)
        return None if birth is None else _age(birth, today)
    if isinstance(value, dt.date):  # a datetime is a date too: its day is the birthday
        return _age(value.date() if isinstance(value, dt.datetime) else value, today)
    number = parse_number(value)
    if number is None and isinstance(value, str):
        match = _AGE.fullmatch(normalise_text(value))
        number = float(match[1]) if match else None
    if number is None:
        return parse_grade(value)
    if 1900 <= number <= 2100:
        return float(today.year - number)
    if number > 2100 and (birth := parse_date(number)) is not None:
        return _age(birth, today)
    return number
