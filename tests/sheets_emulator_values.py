"""Cell values for the Sheets API emulator (test equipment): typed admin values, and how a cell
is rendered for each valueRenderOption / dateTimeRenderOption (typed input is parsed in
sheets_emulator_typing).

Rendering follows the spreadsheet's locale as Google does: a date cell whose format has no
pattern shows in the locale's own default (en_US 11/24/2026, en_GB 24/11/2026, de_DE
24.11.2026), and month and weekday names are the locale's. Only a few locales are known;
others render as en_US.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

EPOCH = dt.datetime(1899, 12, 30)
DATE_TYPES = ("DATE", "TIME", "DATE_TIME")
MAX_CELL_CHARS = 50_000  # Google's limit on one cell


@dataclass(frozen=True)
class LocaleDates:
    date: str  # default patterns of a DATE / DATE_TIME / TIME cell without its own pattern
    date_time: str
    time: str
    day_first: bool
    months: tuple[str, ...] = tuple(calendar.month_name[1:])
    months_short: tuple[str, ...] = tuple(calendar.month_abbr[1:])
    days: tuple[str, ...] = tuple(calendar.day_name)  # Monday first
    days_short: tuple[str, ...] = tuple(calendar.day_abbr)

    def default(self, kind: str) -> str:
        return {"DATE": self.date, "DATE_TIME": self.date_time, "TIME": self.time}[kind]


_US = LocaleDates("M/d/yyyy", "M/d/yyyy H:mm:ss", "h:mm:ss am/pm", day_first=False)
_GB = LocaleDates("dd/MM/yyyy", "dd/MM/yyyy HH:mm:ss", "HH:mm:ss", day_first=True)
LOCALES = {
    "en_US": _US,
    "en_GB": _GB,
    "en_AU": LocaleDates("d/MM/yyyy", "d/MM/yyyy H:mm:ss", "h:mm:ss am/pm", day_first=True),
    "de_DE": LocaleDates(
        "dd.MM.yyyy", "dd.MM.yyyy HH:mm:ss", "HH:mm:ss", day_first=True,
        months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                "September", "Oktober", "November", "Dezember"),
        months_short=("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.",
                      "Okt.", "Nov.", "Dez."),
        days=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
        days_short=("Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa.", "So.")),
    "fr_FR": LocaleDates(
        "dd/MM/yyyy", "dd/MM/yyyy HH:mm:ss", "HH:mm:ss", day_first=True,
        months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                "septembre", "octobre", "novembre", "décembre"),
        months_short=("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                      "oct.", "nov.", "déc."),
        days=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        days_short=("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")),
}


def locale_dates(locale: str | None) -> LocaleDates:
    return LOCALES.get(locale or "en_US", _US)


class CellTooLong(ValueError):
    """Text over Google's 50,000-character limit for one cell."""


TOO_LONG = (f"Your input contains more than the maximum of {MAX_CELL_CHARS} characters in a "
            "single cell.")


def check_text(cell: dict[str, Any]) -> None:
    """Refuse a cell whose text or formula is longer than Google allows."""
    value = cell.get("userEnteredValue") or {}
    for kind in ("stringValue", "formulaValue"):
        if isinstance(value.get(kind), str) and len(value[kind]) > MAX_CELL_CHARS:
            raise CellTooLong(TOO_LONG)


# ------------------------------------------------------------------------ typed admin values


@dataclass(frozen=True)
class Formula:
    """A formula cell for the admin API (a plain str starting with "=" stays a string)."""

    text: str


def formula(text: str) -> Formula:
    return Formula(text if text.startswith("=") else "=" + text)


@dataclass(frozen=True)
class Formatted:
    """A value with an explicit numberFormat, e.g. ``Formatted(0.25, {"type": "PERCENT"})``."""

    value: Any
    number_format: dict


def to_serial(value: dt.date | dt.datetime | dt.time) -> float:
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - EPOCH
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    if isinstance(value, dt.date):
        return float((value - EPOCH.date()).days)
    return (value.hour * 3600 + value.minute * 60 + value.second) / 86400


def from_serial(serial: float) -> dt.datetime:
    return EPOCH + dt.timedelta(days=serial)


def cell_from_python(value: Any) -> dict[str, Any]:
    """CellData for an admin value (see SheetsEmulator.create_spreadsheet)."""
    if value is None:
        return {}
    if isinstance(value, Formatted):
        cell = cell_from_python(value.value)
        cell.setdefault("userEnteredFormat", {})["numberFormat"] = dict(value.number_format)
        return cell
    if isinstance(value, Formula):
        return {"userEnteredValue": {"formulaValue": value.text}}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        return {"userEnteredValue": {"numberValue": value}}
    if isinstance(value, str):
        return {"userEnteredValue": {"stringValue": value}}
    if isinstance(value, dt.datetime):
        fmt = {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm:ss"}
    elif isinstance(value, dt.date):
        fmt = {"type": "DATE", "pattern": "yyyy-mm-dd"}
    elif isinstance(value, dt.time):
        fmt = {"type": "TIME", "pattern": "hh:mm:ss"}
    else:
        raise TypeError(f"unsupported cell value {value!r}")
    return {
        "userEnteredValue": {"numberValue": to_serial(value)},
        "userEnteredFormat": {"numberFormat": fmt},
    }


def number_out(value: float) -> int | float:
    """JSON numbers the way Google prints them: integral doubles without a fraction."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def cell_kind(cell: dict[str, Any]) -> str:
    uev = cell.get("userEnteredValue") or {}
    for key, kind in (
        ("formulaValue", "formula"), ("stringValue", "string"), ("numberValue", "number"),
        ("boolValue", "bool"), ("errorValue", "error"),
    ):
        if key in uev:
            return kind
    return "empty"


def cell_python(cell: dict[str, Any], dates: bool = True) -> Any:
    """The typed value of a cell for grid(): str/int/float/bool/Formula/date/None."""
    uev = cell.get("userEnteredValue") or {}
    if "formulaValue" in uev:
        return Formula(uev["formulaValue"])
    if "stringValue" in uev:
        return uev["stringValue"]
    if "boolValue" in uev:
        return uev["boolValue"]
    if "numberValue" in uev:
        number = float(uev["numberValue"])
        kind = number_format_of(cell).get("type")
        if dates and kind in DATE_TYPES:
            moment = from_serial(number)
            if kind == "DATE":
                return moment.date()
            if kind == "TIME":
                return moment.time()
            return moment
        return number_out(number)
    return None


def number_format_of(cell: dict[str, Any]) -> dict[str, Any]:
    return (cell.get("userEnteredFormat") or {}).get("numberFormat") or {}


# --------------------------------------------------------------------------- value rendering

_DATE_TOKEN = re.compile(
    r'"[^"]*"|\\.|am/pm|a/p|yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|\.0+|.',
    re.IGNORECASE,
)


def format_datetime(serial: float, pattern: str, names: LocaleDates = _US) -> str:
    moment = from_serial(serial + 1e-9)  # round half-microsecond noise down to the second
    tokens = _DATE_TOKEN.findall(pattern)
    lowered = [t.lower() for t in tokens]
    twelve = any(t in ("am/pm", "a/p") for t in lowered)
    out = []
    for i, (tok, low) in enumerate(zip(tokens, lowered, strict=True)):
        if low in ("m", "mm"):
            before = [t for t in lowered[:i] if t[0] in "hdmys" and t.isalpha()]
            after = [t for t in lowered[i + 1 :] if t[0] in "hdmys" and t.isalpha()]
            minute = (before and before[-1][0] == "h") or (after and after[0][0] == "s")
            number = moment.minute if minute else moment.month
            out.append(f"{number:02d}" if low == "mm" else str(number))
        elif low == "yyyy":
            out.append(f"{moment.year:04d}")
        elif low == "yy":
            out.append(f"{moment.year % 100:02d}")
        elif low in ("mmmm", "mmmmm"):
            name = names.months[moment.month - 1]
            out.append(name if low == "mmmm" else name[0])
        elif low == "mmm":
            out.append(names.months_short[moment.month - 1])
        elif low == "dddd":
            out.append(names.days[moment.weekday()])
        elif low == "ddd":
            out.append(names.days_short[moment.weekday()])
        elif low in ("d", "dd"):
            out.append(f"{moment.day:02d}" if low == "dd" else str(moment.day))
        elif low in ("h", "hh"):
            hour = (moment.hour % 12 or 12) if twelve else moment.hour
            out.append(f"{hour:02d}" if low == "hh" else str(hour))
        elif low in ("s", "ss"):
            out.append(f"{moment.second:02d}" if low == "ss" else str(moment.second))
        elif low in ("am/pm", "a/p"):
            text = "AM" if moment.hour < 12 else "PM"
            out.append(text if low == "am/pm" else text[0])
        elif tok.startswith('"'):
            out.append(tok[1:-1])
        elif tok.startswith("\\"):
            out.append(tok[1:])
        elif low.startswith(".0"):
            out.append(f"{moment.microsecond / 1e6:.{len(tok) - 1}f}"[1:])
        else:
            out.append(tok)
    return "".join(out)


def format_general(number: float) -> str:
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return format(number, ".15g").replace("e+", "E+").replace("e-", "E-")


def format_number(number: float, fmt: dict[str, Any], locale: str | None = None) -> str:
    kind = fmt.get("type", "")
    pattern = fmt.get("pattern") or ""
    if kind in DATE_TYPES:
        names = locale_dates(locale)
        return format_datetime(number, pattern or names.default(kind), names)
    if kind == "PERCENT" and not pattern:
        pattern = "0.00%"
    if kind == "CURRENCY" and not pattern:
        pattern = '"$"#,##0.00'
    pattern = pattern.split(";")[0]
    core = re.search(r"[#0,]*\.?[#0]*%?", pattern) if pattern else None
    if not core or not core.group(0).strip(",%"):
        return format_general(number)
    spec = core.group(0)
    value = number * 100 if spec.endswith("%") else number
    decimals = len(spec.split(".")[1].rstrip("%")) if "." in spec else 0
    text = f"{value:,.{decimals}f}" if "," in spec else f"{value:.{decimals}f}"
    prefix = re.sub(r'"([^"]*)"', r"\1", pattern[: core.start()]).replace("\\", "")
    suffix = re.sub(r'"([^"]*)"', r"\1", pattern[core.end() :]).replace("\\", "")
    return prefix + text + ("%" if spec.endswith("%") else "") + suffix


def render_cell(cell: dict[str, Any], value_render: str, date_render: str,
                locale: str | None = None) -> Any:
    """A cell as values.get returns it for the given render options ("" = empty)."""
    uev = cell.get("userEnteredValue") or {}
    if "formulaValue" in uev:
        return uev["formulaValue"] if value_render == "FORMULA" else ""
    if "stringValue" in uev:
        return uev["stringValue"]
    if "boolValue" in uev:
        return uev["boolValue"] if value_render != "FORMATTED_VALUE" else (
            "TRUE" if uev["boolValue"] else "FALSE"
        )
    if "errorValue" in uev:
        return "#ERROR!"
    if "numberValue" in uev:
        number = float(uev["numberValue"])
        fmt = number_format_of(cell)
        if value_render == "FORMATTED_VALUE":
            return format_number(number, fmt, locale)
        if fmt.get("type") in DATE_TYPES and date_render == "FORMATTED_STRING":
            return format_number(number, fmt, locale)
        return number_out(number)
    return ""


def effective_value(cell: dict[str, Any]) -> dict[str, Any] | None:
    uev = cell.get("userEnteredValue")
    if not uev or "formulaValue" in uev:
        return None  # formulas are not computed by the emulator
    return dict(uev)
