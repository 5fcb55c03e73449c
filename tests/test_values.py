"""Reading cell values: text, lists, yes/no, numbers, dates, grades, ages, zones, availability."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheets_sync.inputs import availability
from sheets_sync.inputs.values import (
    SLOTS_PER_HOUR,
    WEEK_SLOTS,
    is_any,
    normalise_text,
    overlap_hours,
    parse_availability,
    parse_bool,
    parse_date,
    parse_grade,
    parse_level,
    parse_number,
    parse_time_of_day,
    split_list,
    to_utc,
)
from sheets_sync.inputs.zones import parse_utc_offset
from sheets_sync.model import cell_key
from sheets_sync.scoring.columns import parse_each

TODAY = dt.date(2026, 7, 1)  # northern summer: daylight saving in force
WINTER = dt.date(2026, 1, 15)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def slots(day: int, start: float, end: float) -> set[int]:
    """Slot indices of ``start``..``end`` hours on ``day`` (end may pass midnight)."""
    first = day * 24 * SLOTS_PER_HOUR + round(start * SLOTS_PER_HOUR)
    last = day * 24 * SLOTS_PER_HOUR + round(end * SLOTS_PER_HOUR)
    return {i % WEEK_SLOTS for i in range(first, last)}


def on(week: np.ndarray) -> set[int]:
    return set(np.flatnonzero(week).tolist())


# --- normalise_text / split_list / is_any ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("  Hello   World \n", "hello world"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),  # casefold, not lower
        ("a\u00a0b", "a b"),
        (3, "3"),
        (3.0, "3"),
        (3.5, "3.5"),
        (-2.0, "-2"),
        (float("nan"), ""),
        (True, "true"),
        (False, "false"),
        (dt.date(2026, 11, 24), "2026-11-24"),
        (dt.datetime(2026, 11, 24), "2026-11-24"),
        (dt.datetime(2026, 11, 24, 10, 30), "2026-11-24 10:30:00"),
        (dt.time(18, 0), "18:00:00"),
    ],
)
def test_normalise_text(value, expected):
    assert normalise_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, []),
        ("", []),
        ("   ", []),
        ("Music", ["music"]),
        ("Music, Film, Writing", ["music", "film", "writing"]),
        ("a;b; c", ["a", "b", "c"]),
        ("a\nb\r\nc\rd", ["a", "b", "c", "d"]),
        ("Art, , art ,ART,  Visual   Art", ["art", "visual art"]),
        (",;\n", []),
        ("Music / Film", ["music / film"]),  # " / " is not a separator
        (3.0, ["3"]),
        (True, ["true"]),
    ],
)
def test_split_list(value, expected):
    assert split_list(value) == expected


@given(st.text())
def test_split_list_never_blank_or_repeated(text):
    items = split_list(text)
    assert all(items)
    assert len(items) == len(set(items))
    assert all(item == normalise_text(item) for item in items)


@pytest.mark.parametrize(
    "value",
    [
        None, "", "  ", "Any", "ANY ", "No preference", "no  pref", "Either", "Doesn't matter",
        "Doesn\u2019t matter", "any gender", "Anyone", "No preference.",
    ],
)  # fmt: skip
def test_is_any_true(value):
    assert is_any(value)


@pytest.mark.parametrize("value", ["Female", "Male, Non-binary", "anything but", 0, False])
def test_is_any_false(value):
    assert not is_any(value)


# --- parse_bool / parse_number ----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [True, "TRUE", "true", "Yes", " yes ", "Y", "x", "X", "✓", "✔", "Approved", "1", 1, 1.0],
)
def test_parse_bool_true(value):
    assert parse_bool(value) is True


@pytest.mark.parametrize("value", [False, "FALSE", "No", "n", "0", 0, 0.0])
def test_parse_bool_false(value):
    assert parse_bool(value) is False


@pytest.mark.parametrize(
    "value", [None, "", "  ", "maybe", "pending", 2, 0.5, float("nan"), dt.date(2026, 1, 1)]
)
def test_parse_bool_unknown(value):
    assert parse_bool(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, 3.0),
        (-4, -4.0),
        (2.5, 2.5),
        ("3", 3.0),
        (" 3.5 ", 3.5),
        ("+2", 2.0),
        ("-1.5", -1.5),
        (".5", 0.5),
        ("1,000", 1000.0),
        ("12,345,678.5", 12345678.5),
        ("\u22123", -3.0),
    ],
)
def test_parse_number(value, expected):
    assert parse_number(value) == expected
    assert isinstance(parse_number(value), float)


@pytest.mark.parametrize(
    "value",
    [
        None, "", "abc", "1,5", "1,00", "1 000", "3 apples", "--3", "1.2.3", True, False,
        float("nan"), float("inf"), "nan", "inf", dt.date(2026, 1, 1),
    ],
)  # fmt: skip
def test_parse_number_rejects(value):
    assert parse_number(value) is None


# --- parse_date -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 11, 24),
        dt.datetime(2026, 11, 24, 14, 3, 22),
        "2026-11-24",
        "2026-11-24T10:00:00",
        "2026-11-24 10:00:00+01:00",
        "2026-11-24T10:00:00Z",
        "2026/11/24",
        "11/24/2026 14:03:22",
        "24/11/2026 14:03:22",
        "11/24/2026 2:03:22 PM",
        "11/24/2026",
        "24/11/2026",
        "24-11-2026",
        "24.11.2026",
        "11/24/26",
        "24 Nov 2026",
        "24 nov. 2026",
        "24-Nov-2026",
        "24th November 2026",
        "24th of November 2026",
        "Nov 24, 2026",
        "November 24 2026",
        "November 24th, 2026",
        "24 November 2026",
        "Nov. 24, 2026",
        "Tuesday, November 24, 2026",
        "  24   NOVEMBER 2026 ",
        46350,  # spreadsheet serial of 2026-11-24
        46350.59,  # a serial with a time of day
    ],
)
def test_parse_date_forms(value):
    assert parse_date(value) == dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/04/2026", dt.date(2026, 3, 4)),  # month-first when ambiguous (en-US Forms)
        ("3/4/2026", dt.date(2026, 3, 4)),
        ("13/04/2026", dt.date(2026, 4, 13)),  # first field > 12: day-first
        ("03.04.2026", dt.date(2026, 4, 3)),  # dots: always day-first
        ("1/2/26", dt.date(2026, 1, 2)),  # two-digit years are 20xx
        ("Sept 5, 2026", dt.date(2026, 9, 5)),
        ("5 May 2026", dt.date(2026, 5, 5)),
        ("29 Feb 2028", dt.date(2028, 2, 29)),
        (25569, dt.date(1970, 1, 1)),
        (20000, dt.date(1954, 10, 3)),
    ],
)
def test_parse_date_orders(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None, "", "soon", "31/02/2026", "13/13/2026", "2026-13-01", "2026-02-30", "29 Feb 2027",
        "24 Foo 2026", "Nov 2026", "2026", "11/24", "24.11.2026.", "2026-11-24 and more",
        True, 2026, 100, 99999, float("nan"), dt.time(10, 0),
    ],
)  # fmt: skip
def test_parse_date_rejects(value):
    assert parse_date(value) is None


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_parse_date_iso_round_trip(day):
    assert parse_date(day.isoformat()) == day


@given(st.dates(min_value=dt.date(1910, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_parse_date_serial_round_trip(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == day
    assert parse_date(float(serial) + 0.25) == day


# --- times of day -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("18:00", 18.0),
        ("6pm", 18.0),
        ("6 PM", 18.0),
        ("6:30 pm", 18.5),
        ("6.30pm", 18.5),
        ("6 p.m.", 18.0),
        ("18h", 18.0),
        ("18h30", 18.5),
        ("9", 9.0),
        ("12am", 0.0),
        ("12pm", 12.0),
        ("noon", 12.0),
        ("midnight", 0.0),
        ("24:00", 24.0),
        (dt.time(18, 45), 18.75),
    ],
)
def test_parse_time_of_day(value, expected):
    assert parse_time_of_day(value) == expected


@pytest.mark.parametrize("value", [None, "", "13pm", "0am", "25:00", "18:60", "24:30", "soon", 18])
def test_parse_time_of_day_rejects(value):
    assert parse_time_of_day(value) is None


# --- grades and ages --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, 7.0),
        (10.5, 10.5),
        ("10", 10.0),
        ("Freshman", 9.0),
        ("freshmen", 9.0),
        ("Sophomore", 10.0),
        ("JUNIOR", 11.0),
        ("Senior", 12.0),
        ("Senior year", 12.0),
        ("1st year", 1.0),
        ("first year", 1.0),
        ("First-year", 1.0),
        ("year 1", 1.0),
        ("Year one", 1.0),
        ("2nd year", 2.0),
        ("3rd year", 3.0),
        ("4th-year", 4.0),
        ("Year 10", 10.0),
        ("Y10", 10.0),
        ("Grade 7", 7.0),
        ("grade seven", 7.0),
        ("7th grade", 7.0),
        ("7th grader", 7.0),
        ("G7", 7.0),
        ("Graduate", 13.0),
        ("grad student", 13.0),
        ("Graduate student", 13.0),
        ("Postgraduate", 13.0),
    ],
)
def test_parse_grade(value, expected):
    assert parse_grade(value) == expected
    assert isinstance(parse_grade(value), float)


@pytest.mark.parametrize(
    "value", [None, "", "banana", "year", "grade x", True, dt.date(2026, 1, 1)]
)
def test_parse_grade_rejects(value):
    assert parse_grade(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1990, 36.0),  # birth year
        (1990.0, 36.0),
        ("1990", 36.0),
        (2010, 16.0),
        (35, 35.0),  # an age
        ("35", 35.0),
        ("35 years old", 35.0),
        ("Age 35", 35.0),
        ("35yo", 35.0),
        (11, 11.0),  # a grade
        ("Junior", 11.0),
        ("Year 10", 10.0),
    ],
)
def test_parse_level_numbers_and_words(value, expected):
    assert parse_level(value, TODAY) == expected


def test_parse_level_dates_of_birth():
    birth = dt.date(1990, 7, 1)
    expected = (TODAY - birth).days / 365.2425
    for value in (birth, dt.datetime(1990, 7, 1, 9, 30), "1990-07-01", "07/01/1990", "1 Jul 1990"):
        assert parse_level(value, TODAY) == pytest.approx(expected)
    assert parse_level(birth, TODAY) == pytest.approx(36.0, abs=0.01)
    serial = (birth - dt.date(1899, 12, 30)).days  # a DOB read from Sheets as a serial number
    assert parse_level(serial, TODAY) == pytest.approx(expected)


def test_parse_level_day_before_birthday_is_younger():
    assert parse_level("1990-07-02", TODAY) < 36 < parse_level("1990-06-30", TODAY)


@pytest.mark.parametrize("value", [None, "", "old", True, dt.time(9, 0), float("nan")])
def test_parse_level_rejects(value):
    assert parse_level(value, TODAY) is None


# --- time zones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-8, -8.0),
        (5.5, 5.5),
        (0, 0.0),
        ("-8", -8.0),
        ("+5.5", 5.5),
        ("UTC", 0.0),
        ("gmt", 0.0),
        ("Z", 0.0),
        ("UTC+5:30", 5.5),
        ("UTC-8", -8.0),
        ("GMT+1", 1.0),
        ("UTC+05:30", 5.5),
        ("utc +5.5", 5.5),
        ("UTC\u22125", -5.0),
        ("-08:00", -8.0),
        ("+0530", 5.5),
        ("-0800", -8.0),
        ("+14", 14.0),
        ("-12:00", -12.0),
        ("EST", -5.0),
        ("EDT", -4.0),
        ("CST", -6.0),
        ("CDT", -5.0),
        ("MST", -7.0),
        ("MDT", -6.0),
        ("PST", -8.0),
        ("pdt", -7.0),
        ("BST", 1.0),
        ("CET", 1.0),
        ("CEST", 2.0),
        ("IST", 5.5),
        ("JST", 9.0),
        ("AEST", 10.0),
        ("AEDT", 11.0),
        ("NZST", 12.0),
        ("(GMT-05:00) Eastern Time", -5.0),  # the offset written in the label wins
        ("(GMT+05:30) Chennai, Kolkata, Mumbai", 5.5),
        ("(UTC) Coordinated Universal Time", 0.0),
        ("(GMT) London", 0.0),
    ],
)
def test_parse_utc_offset_fixed(value, expected):
    assert parse_utc_offset(value, TODAY) == expected
    assert parse_utc_offset(value, WINTER) == expected


@pytest.mark.parametrize(
    ("value", "summer", "winter"),
    [
        ("Europe/Berlin", 2.0, 1.0),
        ("europe/berlin", 2.0, 1.0),
        ("America/New_York", -4.0, -5.0),
        ("america/new_york", -4.0, -5.0),
        ("America/New York", -4.0, -5.0),
        (" Europe / London ", 1.0, 0.0),
        ("Asia/Kolkata", 5.5, 5.5),
        ("Australia/Sydney", 10.0, 11.0),
        ("Eastern Time (US & Canada)", -4.0, -5.0),
        ("Pacific Time", -7.0, -8.0),
        ("Central European Time", 2.0, 1.0),
        ("Etc/GMT+5", -5.0, -5.0),
    ],
)
def test_parse_utc_offset_zone_names_follow_daylight_saving(value, summer, winter):
    assert parse_utc_offset(value, TODAY) == summer
    assert parse_utc_offset(value, WINTER) == winter


@pytest.mark.parametrize(
    "value",
    [
        None, "", "Mars/Olympus", "soon", "UTC+15", "-13", 15, -12.5, "UTC+5:75", True,
        dt.date(2026, 1, 1), float("nan"),
    ],
)  # fmt: skip
def test_parse_utc_offset_rejects(value):
    assert parse_utc_offset(value, TODAY) is None


# --- availability -------------------------------------------------------------------------------


def test_the_week_runs_from_monday_midnight_in_quarter_hours():
    week, unknown = parse_availability("Mon 00:00-00:15, Sun 23:45-24:00")
    assert unknown == [] and week.size == WEEK_SLOTS
    assert np.flatnonzero(week).tolist() == [0, WEEK_SLOTS - 1]
    assert np.count_nonzero(parse_availability("Tue 18:00-20:00")[0]) == 2 * SLOTS_PER_HOUR


WEEKDAYS = (MON, TUE, WED, THU, FRI)
EVERY_DAY = range(7)


@pytest.mark.parametrize(
    ("value", "days", "start", "end"),
    [
        ("Mon 18:00-20:00", [MON], 18, 20),
        ("Monday 6pm-8pm", [MON], 18, 20),
        ("mondays 6 pm - 8 pm", [MON], 18, 20),
        ("Mon 6-8pm", [MON], 18, 20),  # am/pm borrowed from the end
        ("Mon 11-1pm", [MON], 11, 13),
        ("Mon 9am-5", [MON], 9, 17),
        ("Tue 9-11", [TUE], 9, 11),
        ("Tues 9:30 to 11", [TUE], 9.5, 11),
        ("Wed 18h-20h", [WED], 18, 20),
        ("Thurs 12 noon - 2pm", [THU], 12, 14),
        ("Sat 10:00\u201312:30", [SAT], 10, 12.5),  # en dash
        ("Sat 10:00 \u2014 12:30", [SAT], 10, 12.5),  # em dash
        ("Weekdays 17:00-19:00", WEEKDAYS, 17, 19),
        ("Weekends 10-12", [SAT, SUN], 10, 12),
        ("Mon-Wed 18:00-20:00", [MON, TUE, WED], 18, 20),
        ("Monday to Wednesday 18:00-20:00", [MON, TUE, WED], 18, 20),
        ("Fri-Mon 9am-10am", [FRI, SAT, SUN, MON], 9, 10),  # day ranges wrap the week
        ("Mon & Wed 18:00-20:00", [MON, WED], 18, 20),
        ("Tues/Thurs evenings", [TUE, THU], 17, 21),
        ("Tuesday evenings", [TUE], 17, 21),
        ("Weekend mornings", [SAT, SUN], 8, 12),
        ("Weekday evenings", WEEKDAYS, 17, 21),
        ("Saturday afternoon", [SAT], 12, 17),
        ("Friday nights", [FRI], 20, 23),
        ("Monday", [MON], 8, 21),
        ("SUNDAYS", [SUN], 8, 21),
        ("Evenings", EVERY_DAY, 17, 21),
        ("Mornings", EVERY_DAY, 8, 12),
        ("Afternoons", EVERY_DAY, 12, 17),
        ("Nights", EVERY_DAY, 20, 23),
        ("Anytime", EVERY_DAY, 8, 21),
        ("Any time", EVERY_DAY, 8, 21),
        ("Flexible", EVERY_DAY, 8, 21),
        ("Lunchtime", EVERY_DAY, 12, 13),
        ("Lunch", EVERY_DAY, 12, 13),
        ("Weekday lunch", WEEKDAYS, 12, 13),
        ("Daily 7-8am", EVERY_DAY, 7, 8),
        ("Weekdays after 5pm", WEEKDAYS, 17, 21),
        ("from 6pm to 8pm on Thursdays", [THU], 18, 20),
        ("Mon 22:00-midnight", [MON], 22, 24),
        ("Wed 22:00-01:00", [WED], 22, 25),  # wraps into Thursday
    ],
)
def test_parse_availability_items(value, days, start, end):
    week, unknown = parse_availability(value)
    assert unknown == []
    assert week.dtype == bool and week.shape == (WEEK_SLOTS,)
    assert on(week) == set().union(*(slots(d, start, end) for d in days))


def test_parse_availability_sunday_night_wraps_to_monday():
    week, _ = parse_availability("Sun 22:00-01:00")
    assert on(week) == slots(SUN, 22, 24) | slots(MON, 0, 1)
    assert week[0] and week[-1]


def test_parse_availability_several_items_and_groups():
    week, unknown = parse_availability("Mon 18:00-20:00, Tue 9-11; Weekend mornings\nMonday 9-10")
    assert unknown == []
    expected = slots(MON, 18, 20) | slots(TUE, 9, 11) | slots(SAT, 8, 12) | slots(SUN, 8, 12)
    assert on(week) == expected | slots(MON, 9, 10)
    week, _ = parse_availability("Mon 9-11 Wed 14-16")  # days after times start a new group
    assert on(week) == slots(MON, 9, 11) | slots(WED, 14, 16)
    week, _ = parse_availability("Mon mornings and evenings")
    assert on(week) == slots(MON, 8, 12) | slots(MON, 17, 21)


def test_parse_availability_reports_unknown_items_as_written():
    week, unknown = parse_availability(
        "Mon 18:00-20:00, whenever I can ,  Monday 25:00-26:00; Tue 9-9\nsoonish, Mon 6pm"
    )
    assert on(week) == slots(MON, 18, 20)
    assert unknown == ["whenever I can", "Monday 25:00-26:00", "Tue 9-9", "soonish", "Mon 6pm"]


@pytest.mark.parametrize("value", [None, "", "  ", ",;\n"])
def test_parse_availability_blank(value):
    week, unknown = parse_availability(value)
    assert not week.any() and unknown == []


@pytest.mark.parametrize("value", [18, 2.5, True, dt.time(18, 0)])
def test_parse_availability_non_text_is_unknown(value):
    week, unknown = parse_availability(value)
    assert not week.any() and unknown == [cell_key(value)]


def test_parse_availability_counts_whole_quarter_hours_only():
    week, _ = parse_availability("Mon 18:10-19:20")
    assert on(week) == slots(MON, 18.25, 19.25)


def test_parse_availability_result_is_not_shared_between_calls():
    first, _ = parse_availability("Mon 18:00-20:00")
    first[:] = False
    second, _ = parse_availability("Mon 18:00-20:00")
    assert second.any()


def test_to_utc_shifts_local_time():
    week, _ = parse_availability("Mon 18:00-20:00")
    assert on(to_utc(week, 2)) == slots(MON, 16, 18)  # UTC = local - offset
    assert on(to_utc(week, -8)) == slots(TUE, 2, 4)
    assert on(to_utc(week, 5.5)) == slots(MON, 12.5, 14.5)
    early, _ = parse_availability("Mon 00:00-01:00")
    assert on(to_utc(early, 1)) == slots(SUN, 23, 24)  # wraps around the week
    assert on(to_utc(week, 0)) == on(week)


def test_overlap_hours_across_time_zones():
    berlin, _ = parse_availability("Mon 18:00-20:00")  # UTC+2 in summer -> 16-18 UTC
    new_york, _ = parse_availability("Mon 11:00-13:00")  # UTC-4 -> 15-17 UTC
    assert overlap_hours(to_utc(berlin, 2), to_utc(new_york, -4)) == 1.0
    assert overlap_hours(berlin, new_york) == 0.0
    assert isinstance(overlap_hours(berlin, berlin), float)


weeks = st.lists(st.booleans(), min_size=WEEK_SLOTS, max_size=WEEK_SLOTS).map(np.array)
offsets = st.integers(min_value=-48, max_value=56).map(lambda q: q / SLOTS_PER_HOUR)


@given(weeks, offsets)
def test_to_utc_round_trip(week, offset):
    shifted = to_utc(week, offset)
    assert shifted.sum() == week.sum()
    assert np.array_equal(to_utc(shifted, -offset), week)


@given(weeks, weeks, offsets)
def test_overlap_is_preserved_by_a_common_shift(a, b, offset):
    assert overlap_hours(to_utc(a, offset), to_utc(b, offset)) == overlap_hours(a, b)


@given(st.text(alphabet="MonTuesWdhFriSatun0123456789:-apm ,;\n", max_size=40))
def test_parse_availability_never_raises(text):
    week, unknown = parse_availability(text)
    assert week.shape == (WEEK_SLOTS,)
    assert all(item.strip() == item and item for item in unknown)


def test_a_grid_handed_out_is_the_callers_own():
    """Parsing is cached inside; changing a grid a caller got must not change the next one."""
    first, _unknown = parse_availability("Mon 18:00-20:00")
    first[:] = False
    again, _unknown = parse_availability("Mon 18:00-20:00")
    assert np.count_nonzero(again) == 2 * SLOTS_PER_HOUR


def test_nan_is_nothing():
    assert parse_number(math.nan) is None
    assert normalise_text(math.nan) == ""


def test_parse_each_parses_each_distinct_cell_once_and_keeps_types_apart():
    calls = []

    def parse(value):
        calls.append(value)
        return normalise_text(value)

    utc, paris = dt.UTC, dt.timezone(dt.timedelta(hours=1))
    noon, one = dt.datetime(2026, 1, 2, 12, tzinfo=utc), dt.datetime(2026, 1, 2, 13, tzinfo=paris)
    cells = ["A ", "A ", 1, True, 1.0, 1, None, None, "a", dt.date(2026, 1, 2), math.nan,
             math.nan, -0.0, 0.0, noon, one, dt.date(2026, 1, 2)]
    assert parse_each(parse, cells) == [normalise_text(v) for v in cells]
    # 1, True and 1.0 are equal dict keys but different cells, and so are the two datetimes
    # (one instant, written differently); floats and datetimes are parsed every time.
    assert calls == ["A ", 1, True, 1.0, None, "a", dt.date(2026, 1, 2), math.nan, math.nan,
                     -0.0, 0.0, noon, one]


@given(st.lists(st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(),
                          st.sampled_from(["x", "X ", "1", "Mon 9-11", "a, b", ""])),
                max_size=30))
def test_parse_each_matches_parsing_every_cell(cells):
    for parse in (normalise_text, split_list, parse_number, parse_bool):
        assert parse_each(parse, cells) == [parse(v) for v in cells]


# Reading free text fast gives what reading it item by item gives.
form_text = st.lists(st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
    st.sampled_from(["Hiking", " chess ", "JAZZ", "\u200bart", "Stra\u00dfe", "\u0130stanbul",
                     "\ufb01lm", "Mon 18:00-20:00", "sun 22-2am", "weekday evenings", "daily",
                     "Sat 23:00 to 01:30", "anytime", "tue 6-8pm", "nonsense o'clock"])),
    max_size=6).flatmap(lambda items: st.sampled_from([", ", ";", "\n", " ; ", ""]).map(
        lambda sep: sep.join(items)))


def _split_list_item_by_item(value):
    items = (normalise_text(item) for item in availability.split_items(value))
    return list(dict.fromkeys(item for item in items if item))


@given(st.one_of(form_text, st.integers(), st.none()))
def test_split_list_equals_normalising_item_by_item(value):
    assert split_list(value) == _split_list_item_by_item(value)


def _grid_item_by_item(value, offset):
    week = np.zeros(availability.WEEK_SLOTS, dtype=bool)
    for item in availability.split_items(value):
        ranges = availability._parse_item(item) if isinstance(value, str) else None
        for first, last in ranges or ():
            week[np.arange(first, last) % availability.WEEK_SLOTS] = True
    return np.roll(week, -round(offset * availability.SLOTS_PER_HOUR))


@given(st.one_of(form_text, st.integers(), st.none()),
       st.sampled_from([0, -5, 5.5, -8, 14, -12, 9.75]))
def test_availability_as_merged_slot_ranges_gives_the_same_grid(value, offset):
    ranges, unknown = availability.parse_slots(value)
    assert all(0 <= a < b <= availability.WEEK_SLOTS for a, b in ranges)  # merged, in order
    assert all(b < c for (_a, b), (c, _d) in zip(ranges, ranges[1:], strict=False))
    np.testing.assert_array_equal(availability.slots_grid(ranges, offset),
                                  _grid_item_by_item(value, offset))
    assert list(unknown) == [item for item in availability.split_items(value)
                             if not isinstance(value, str)
                             or availability._parse_item(item) is None]
