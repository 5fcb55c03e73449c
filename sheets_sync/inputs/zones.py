"""Reading the time zones people type: hours east of UTC from offsets ("UTC+5:30"),
abbreviations ("EST"), IANA names ("Europe/Berlin") and the labels of form pickers ("(GMT-05:00)
Eastern Time"). Zone lookups are cached: the engine asks once per cell."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from sheets_sync.inputs.values import parse_number
from sheets_sync.model import Cell

_ABBREVIATIONS = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 1, "cet": 1, "west": 1, "wat": 1, "cest": 2,
    "eet": 2, "sast": 2, "cat": 2, "eest": 3, "msk": 3, "eat": 3, "ist": 5.5, "pkt": 5,
    "sgt": 8, "hkt": 8, "awst": 8, "jst": 9, "kst": 9, "acst": 9.5, "aest": 10, "aedt": 11,
    "nzst": 12, "nzdt": 13, "brt": -3, "art": -3, "edt": -4, "est": -5, "cdt": -5, "cst": -6,
    "mdt": -6, "mst": -7, "pdt": -7, "pst": -8, "akdt": -8, "akst": -9, "hst": -10,
}  # fmt: skip
# Zones named in words (Windows / Google labels); these follow daylight saving.
_ZONE_WORDS = {
    "eastern": "America/New_York", "et": "America/New_York", "central": "America/Chicago",
    "ct": "America/Chicago", "mountain": "America/Denver", "mt": "America/Denver",
    "arizona": "America/Phoenix", "pacific": "America/Los_Angeles", "pt": "America/Los_Angeles",
    "alaska": "America/Anchorage", "hawaii": "Pacific/Honolulu", "atlantic": "America/Halifax",
    "uk": "Europe/London", "british": "Europe/London", "india": "Asia/Kolkata",
    "indian": "Asia/Kolkata", "central european": "Europe/Berlin", "japan": "Asia/Tokyo",
    "eastern european": "Europe/Athens", "western european": "Europe/Lisbon",
    "china": "Asia/Shanghai", "greenwich mean": "UTC", "coordinated universal": "UTC",
}  # fmt: skip
_SIGN = r"([+\-\u2212])\s*"
_HOURS = r"(\d{1,2}(?:\.\d+)?)(?::?(\d{2}))?"
_OFFSET = re.compile(rf"(?:utc|gmt)?\s*{_SIGN}{_HOURS}")  # "UTC+5:30", "-08:00", "+0530"
_LABEL_OFFSET = re.compile(rf"\b(?:utc|gmt)\s*(?:{_SIGN}{_HOURS})?(?![\w:])")  # "(GMT-05:00) ..."
_ZONE_WORD_NOISE = re.compile(r"\(.*?\)|\b(?:standard|daylight|summer|time|zone)\b")


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    """IANA names by their case-folded form, built once."""
    return {name.casefold(): name for name in available_timezones()}


@lru_cache(maxsize=1024)
def _zone_offset(name: str, today: dt.date) -> float:
    noon = dt.datetime.combine(today, dt.time(12), tzinfo=ZoneInfo(name))
    # An aware time in a ZoneInfo always has an offset; the stub allows None for any tzinfo.
    return noon.utcoffset().total_seconds() / 3600  # type: ignore[union-attr]


def _signed(sign: str, hours: str, minutes: str | None) -> float | None:
    if minutes and ("." in hours or int(minutes) >= 60):
        return None
    magnitude = float(hours) + int(minutes or 0) / 60
    return -magnitude if sign in "-\u2212" else magnitude


def _in_range(offset: float | None) -> float | None:
    return offset if offset is not None and -12 <= offset <= 14 else None


def zone_info(value: Cell) -> ZoneInfo | None:
    """The IANA time zone a cell names ("Europe/Berlin", "Eastern Time"), so local dates follow
    daylight saving; None for a plain offset ("UTC-5") or text that names no zone."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split()).casefold()
    name = _zone_names().get(re.sub(r"\s*/\s*", "/", text).replace(" ", "_"))
    if name is None and not _LABEL_OFFSET.search(text):
        name = _ZONE_WORDS.get(" ".join(_ZONE_WORD_NOISE.sub(" ", text).split()))
    return ZoneInfo(name) if name else None


def parse_utc_offset(value: Cell, today: dt.date) -> float | None:
    """Hours east of UTC from -8, "+5.5", "UTC+5:30", "-08:00", "EST", "Europe/Berlin",
    "(GMT-05:00) Eastern Time" or "Eastern Time (US & Canada)"; zone names use the offset in
    force at noon on ``today``. None outside -12..14 or when not understood."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if not isinstance(value, str):
        return _in_range(parse_number(value))
    text = " ".join(value.split()).casefold()
    if match := _OFFSET.fullmatch(text):  # before parse_number, which reads "-0800" as -800
        return _in_range(_signed(match[1], match[2], match[3]))
    if (number := parse_number(text)) is not None:
        return _in_range(number)
    if text in _ABBREVIATIONS:
        return float(_ABBREVIATIONS[text])
    if zone := _zone_names().get(re.sub(r"\s*/\s*", "/", text).replace(" ", "_")):
        return _in_range(_zone_offset(zone, today))
    # An offset written in a label wins over the zone's words: it is what the person chose.
    if match := _LABEL_OFFSET.search(text):
        return _in_range(_signed(match[1], match[2], match[3]) if match[1] else 0.0)
    if zone := _ZONE_WORDS.get(" ".join(_ZONE_WORD_NOISE.sub(" ", text).split())):
        return _in_range(_zone_offset(zone, today))
    return None
