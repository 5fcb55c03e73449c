"""The Sync Log's "When": a real date-time cell on the program's clock, on both backends; rows
an older version wrote as text stay as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from conftest import ExcelWorkbook, GoogleWorkbook, Workbook

from sheets_sync import app
from sheets_sync.model import date_serial

TODAY = dt.date(2026, 12, 7)
NOW = dt.datetime(2026, 12, 7, 5, 23, 34, 600_000, tzinfo=dt.UTC)
LOCAL = dt.datetime(2026, 12, 7, 10, 53, 34)  # NOW in Asia/Kolkata (UTC+5:30), to the second
PATTERN = "yyyy-mm-dd hh:mm:ss"
OLD_TEXT = "2026-11-30 09:15:00"  # how an older version wrote "When"


def synced(book: Workbook, today: dt.date = TODAY, now: dt.datetime = NOW) -> app.SyncReport:
    return app.sync_workbook(book.target, today, clock=lambda: now, keep_backups=0)


def close(value: object, moment: dt.datetime) -> bool:
    """A date-time cell holding ``moment`` (a serial number's float noise aside)."""
    return isinstance(value, dt.datetime) and abs(value - moment) < dt.timedelta(milliseconds=1)


def kolkata(book: Workbook) -> Workbook:
    book.new(sample=20)
    book.edit("Settings", {"B3": "Asia/Kolkata"})  # the template's Time zone row
    assert book.grid("Settings")[2][:2] == ["Time zone", "Asia/Kolkata"]
    return book


def test_when_is_a_date_time_cell_in_an_xlsx(tmp_path: Path) -> None:
    book = kolkata(ExcelWorkbook(tmp_path))
    assert synced(book).written
    cell = openpyxl.load_workbook(book.path)["Sync Log"]["A2"]
    assert cell.is_date and cell.number_format == PATTERN
    assert cell.value == LOCAL


def test_when_is_a_date_time_cell_on_google(sheets_api) -> None:
    book = kolkata(GoogleWorkbook(sheets_api))
    sheets_api.clear_log()
    assert synced(book).written
    cell = sheets_api.sheet_state(book.id, "Sync Log")["cells"]["A2"]
    assert cell["userEnteredValue"]["numberValue"] == pytest.approx(date_serial(LOCAL), abs=1e-8)
    assert cell["userEnteredFormat"]["numberFormat"] == {"type": "DATE_TIME", "pattern": PATTERN}
    assert close(book.grid("Sync Log")[1][0], LOCAL)
    # The budget: metadata, one batchGet, the re-read of rows to change; one batchUpdate.
    assert sheets_api.count("reads") == 3 and sheets_api.count("writes") == 1
    assert sheets_api.count("batchUpdate") == 1
    sheets_api.clear_log()
    later = NOW + dt.timedelta(minutes=30)
    assert not synced(book, now=later).written  # read back as written: nothing changed
    assert sheets_api.count("writes") == 0


def test_older_text_rows_stay_text(workbook: Workbook) -> None:
    book = kolkata(workbook)
    assert synced(book).written
    book.edit("Sync Log", {"A2": OLD_TEXT})
    before = book.grid("Sync Log")[1]
    assert synced(book, TODAY + dt.timedelta(days=1), NOW + dt.timedelta(days=1)).written
    log = book.grid("Sync Log")
    assert log[1] == before and book.text_cells("Sync Log")[OLD_TEXT]
    assert close(log[2][0], LOCAL + dt.timedelta(days=1))
