"""A day and month typed without a year ("1 Dec", "Dec 3") is the nearest such date to the sync's
today: what a person means, and how Google Sheets shows a date cell formatted without its year
(the values are read as shown, so the year never arrives)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import GoogleWorkbook
from sheets_emulator import Formatted
from week import Week, day

from sheets_sync.inputs.checkins import read_check_ins
from sheets_sync.inputs.pairings import read_pairings
from sheets_sync.inputs.values import parse_date
from sheets_sync.model import PAIRINGS, Table
from sheets_sync.outputs.layout import HEADERS

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(("text", "expected"), [
    ("1 Dec", dt.date(2026, 12, 1)),
    ("Dec 3", dt.date(2026, 12, 3)),
    ("3 December", dt.date(2026, 12, 3)),
    ("December 3rd", dt.date(2026, 12, 3)),
    ("3rd of December", dt.date(2026, 12, 3)),
    ("3-Dec", dt.date(2026, 12, 3)),  # Excel's d-mmm
    ("Sept. 14", dt.date(2026, 9, 14)),
    ("Tue 1 Dec", dt.date(2026, 12, 1)),
    ("  28   nov ", dt.date(2026, 11, 28)),
    ("Dec 3 18:00", dt.date(2026, 12, 3)),
    ("Jan 5", dt.date(2027, 1, 5)),  # a month ahead, not eleven back
    ("5 June", dt.date(2027, 6, 5)),  # 180 days ahead is nearer than 185 back
    ("8 Jun", dt.date(2026, 6, 8)),
])
def test_a_day_and_month_is_the_nearest_such_date(text: str, expected: dt.date) -> None:
    assert parse_date(text, TODAY) == expected


def test_the_nearest_date_crosses_new_year_both_ways() -> None:
    assert parse_date("28 Dec", dt.date(2027, 1, 3)) == dt.date(2026, 12, 28)
    assert parse_date("Jan 3", dt.date(2026, 12, 28)) == dt.date(2027, 1, 3)


def test_29_february_only_near_a_leap_year() -> None:
    assert parse_date("29 Feb", dt.date(2028, 1, 10)) == dt.date(2028, 2, 29)
    assert parse_date("29 Feb", TODAY) is None  # 2024 and 2028 are both over six months away


@pytest.mark.parametrize("text", ["12/3", "3.12", "Dec", "3", "Foo 3", "32 Dec", "Dec 0",
                                  "Smarch 3"])
def test_what_is_not_a_day_and_month_stays_unread(text: str) -> None:
    assert parse_date(text, TODAY) is None


def test_without_today_a_date_needs_its_year() -> None:
    assert parse_date("1 Dec") is None


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-24", dt.date(2026, 11, 24)), ("11/24/2026", dt.date(2026, 11, 24)),
    ("24.11.2026", dt.date(2026, 11, 24)), ("24 Nov 2026", dt.date(2026, 11, 24)),
    ("November 24, 2026", dt.date(2026, 11, 24)), ("3 Dec 25", dt.date(2025, 12, 3)),
    (46350, dt.date(2026, 11, 24)), (dt.datetime(2026, 11, 24, 9), dt.date(2026, 11, 24)),
])
def test_dates_with_a_year_read_as_before(value, expected: dt.date) -> None:
    assert parse_date(value, TODAY) == parse_date(value) == expected


def _pairings(active_since: object) -> Table:
    cells = {"Pair ID": "P-0001", "Mentee Email": "a@x.org", "Mentor Email": "m@x.org",
             "Status": "Active", "Matched On": dt.date(2026, 11, 1), "Active Since": active_since}
    return Table(PAIRINGS, HEADERS[PAIRINGS], [[cells.get(h) for h in HEADERS[PAIRINGS]]])


def test_active_since_and_a_meeting_date_without_a_year_are_used() -> None:
    book, problems = read_pairings(_pairings("Nov 20"), "Proposed", TODAY)
    assert problems == [] and book.pairs[0].active_since == dt.date(2026, 11, 20)
    assert book.pairs[0].cells["Active Since"] == "Nov 20"  # the coordinator's cell is kept
    table = Table("Check-ins", ["Timestamp", "Pair ID", "Meeting Date", "Concern"],
                  [[dt.datetime(2026, 12, 6, 9), "P-0001", "1 Dec", "No"]])
    check_ins, problems = read_check_ins(table, book.pairs, TODAY)
    assert problems == [] and check_ins.found[0].date == dt.date(2026, 12, 1)


def test_a_google_date_cell_shown_without_its_year_counts_on_its_day(sheets_api) -> None:
    """Real Sheets formats "3 Dec" typed in a cell as d mmm; read as shown, it is "3 Dec"."""
    week = Week(GoogleWorkbook(sheets_api), start="2026-11-16")
    for name in ("Ana", "Cai"):
        week.mentee(name)
    for name in ("Bo", "Dee"):
        week.mentor(name)
    week.sync("2026-11-16")
    since = Formatted(dt.date(2026, 11, 20), {"type": "DATE", "pattern": "mmm d"})
    week.set_pair("P-0001", Status="Active")
    week.set_pair("P-0002", Status="Active", **{"Active Since": since})
    met = Formatted(dt.date(2026, 12, 1), {"type": "DATE", "pattern": "d mmm"})
    row = week.check_in("P-0001", met)
    week.sync(TODAY.isoformat())
    assert [p for p in week.records("Problems") if p["Tab"] in ("Check-ins", "Pairings")] == []
    assert day(week.follow_up("P-0001")["Last Check-in"]) == dt.date(2026, 12, 1)
    cadence = _setting(week, "Check-in every (days)")
    assert day(week.follow_up("P-0001")["Next Due"]) == dt.date(2026, 12, 1) + cadence
    first = _setting(week, "First meeting within (days)")
    assert day(week.follow_up("P-0002")["Next Due"]) == dt.date(2026, 11, 20) + first
    met_at = f"{week.book.column_letter('Check-ins', 'Meeting Date')}{row}"
    assert sheets_api.cell(week.book.id, "Check-ins", met_at)["formatted"] == "1 Dec"
    since_at = f"{week.book.column_letter(PAIRINGS, 'Active Since')}{week.row_of('P-0002')}"
    pairing = sheets_api.cell(week.book.id, PAIRINGS, since_at)
    assert (pairing["formatted"], pairing["numberFormat"]["pattern"]) == ("Nov 20", "mmm d")


def _setting(week: Week, name: str) -> dt.timedelta:
    value = next(r["Value"] for r in week.records("Settings") if r["Setting"] == name)
    return dt.timedelta(days=int(value))


def test_a_date_typed_without_a_year_in_google_sheets_counts_on_its_day(sheets_api) -> None:
    """Typed as a person types it: Sheets stores a date cell formatted "d mmm"."""
    week = Week(GoogleWorkbook(sheets_api), start="2026-11-16")
    week.mentee("Ana")
    week.mentor("Bo")
    week.sync("2026-11-16")
    week.set_pair("P-0001", Status="Active")
    row = week.add("Check-ins", **{"Pair ID": "P-0001", "Concern": "No"})
    letter = week.book.column_letter
    week.book.type("Check-ins", {f"{letter('Check-ins', 'Meeting Date')}{row}": "1 Dec",
                                 f"{letter('Check-ins', 'Timestamp')}{row}": "12/6/2026 18:30:00"})
    met = sheets_api.cell(week.book.id, "Check-ins", f"{letter('Check-ins', 'Meeting Date')}{row}")
    assert (met["kind"], met["numberFormat"]) == ("number", {"type": "DATE", "pattern": "d mmm"})
    week.sync(TODAY.isoformat())
    assert [p for p in week.records("Problems") if p["Tab"] == "Check-ins"] == []
    assert day(week.follow_up("P-0001")["Last Check-in"]) == dt.date(2026, 12, 1)
