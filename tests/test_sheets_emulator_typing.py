"""Typing into the emulator as into Google Sheets: USER_ENTERED dates and date-times become date
serial numbers with a format in the shape they were typed (in the spreadsheet's locale); RAW
stays exactly as sent."""

from __future__ import annotations

import datetime as dt

import pytest
from sheets_emulator_typing import sheet_today, user_entered
from sheets_emulator_values import render_cell, to_serial
from test_sheets_emulator import gspread_client

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(("locale", "typed", "value", "pattern", "shown"), [
    ("en_US", "3 Dec", dt.date(2026, 12, 3), "d mmm", "3 Dec"),
    ("en_US", "Dec 3", dt.date(2026, 12, 3), "mmm d", "Dec 3"),
    ("en_US", "December 3", dt.date(2026, 12, 3), "mmmm d", "December 3"),
    ("en_US", "3 Dec 2026", dt.date(2026, 12, 3), "d mmm yyyy", "3 Dec 2026"),
    ("en_US", "Dec 3, 2026", dt.date(2026, 12, 3), "mmm d, yyyy", "Dec 3, 2026"),
    ("en_US", "3-Dec", dt.date(2026, 12, 3), "d-mmm", "3-Dec"),
    ("en_US", "Dec 3 18:00", dt.datetime(2026, 12, 3, 18), "mmm d H:mm", "Dec 3 18:00"),
    ("en_US", "12/5/2026 18:00:00", dt.datetime(2026, 12, 5, 18), "M/d/yyyy H:mm:ss",
     "12/5/2026 18:00:00"),
    ("en_US", "12/5/2026 6:30 PM", dt.datetime(2026, 12, 5, 18, 30), "M/d/yyyy H:mm:ss",
     "12/5/2026 18:30:00"),
    ("en_US", "12/5/26", dt.date(2026, 12, 5), "M/d/yyyy", "12/5/2026"),
    ("en_US", "12/5", dt.date(2026, 12, 5), "M/d", "12/5"),
    ("en_US", "2026-12-03 9:30", dt.datetime(2026, 12, 3, 9, 30), "yyyy-mm-dd hh:mm:ss",
     "2026-12-03 09:30:00"),
    ("en_GB", "12/5/2026 18:00:00", dt.datetime(2026, 5, 12, 18), "dd/MM/yyyy HH:mm:ss",
     "12/05/2026 18:00:00"),
    ("en_GB", "12/5", dt.date(2026, 5, 12), "dd/MM", "12/05"),
    ("de_DE", "3 Dez.", dt.date(2026, 12, 3), "d mmm", "3 Dez."),
    ("de_DE", "24.11.2026", dt.date(2026, 11, 24), "dd.MM.yyyy", "24.11.2026"),
])
def test_a_typed_date_becomes_a_date_cell(locale: str, typed: str, value: dt.date, pattern: str,
                                          shown: str) -> None:
    cell = user_entered(typed, locale, TODAY)
    kind = "DATE_TIME" if isinstance(value, dt.datetime) else "DATE"
    assert cell == {"userEnteredValue": {"numberValue": to_serial(value)},
                    "userEnteredFormat": {"numberFormat": {"type": kind, "pattern": pattern}}}
    assert render_cell(cell, "UNFORMATTED_VALUE", "FORMATTED_STRING", locale) == shown


@pytest.mark.parametrize(("locale", "typed"), [
    ("en_US", "31 Feb"), ("en_US", "13/13/2026"), ("en_US", "2/30"), ("en_US", "hello 3"),
    ("en_US", "3 March 2026 25:00"), ("en_US", "Dec"), ("en_US", "12-5"),
    ("en_US", "12/5 18:00"), ("en_US", "24.11.2026"), ("de_DE", "12/5"),
])
def test_what_is_no_date_stays_text(locale: str, typed: str) -> None:
    assert user_entered(typed, locale, TODAY) == {"userEnteredValue": {"stringValue": typed}}


def test_typing_through_the_api_in_a_uk_sheet(sheets_api) -> None:
    sid = sheets_api.create_spreadsheet(tabs={"Log": []}, locale="en_GB",
                                        time_zone="Europe/London")
    sheet = gspread_client(sheets_api).open_by_key(sid).worksheet("Log")
    sheet.update([["3 Dec", "12/5/2026 18:00:00", "31 Feb"]], "A1",
                 value_input_option="USER_ENTERED")
    year = sheet_today("Europe/London").year  # a date typed without a year is this year's
    assert sheets_api.cell(sid, "Log", "A1")["numberFormat"] == {"type": "DATE",
                                                                 "pattern": "d mmm"}
    assert sheets_api.grid(sid, "Log")[0] == [dt.date(year, 12, 3), dt.datetime(2026, 5, 12, 18),
                                              "31 Feb"]
    shown = sheet.get("A1:C1", value_render_option="UNFORMATTED_VALUE",
                      date_time_render_option="FORMATTED_STRING")
    assert shown == [["3 Dec", "12/05/2026 18:00:00", "31 Feb"]]
    sheet.update([["3 Dec"]], "A2", raw=True)  # RAW is never parsed
    assert sheets_api.cell(sid, "Log", "A2")["kind"] == "string"
