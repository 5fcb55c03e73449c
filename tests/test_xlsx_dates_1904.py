"""Excel's 1904 date system (Mac Excel still makes such workbooks): dates are read and written
from the workbook's own epoch, so a workbook synced again and again keeps every date exactly."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from test_excel_backend import sheet_xml

from sheets_sync import app
from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.model import Sheet, Table

FIRST = dt.date(2026, 11, 24)


def mac_workbook(path: Path) -> Path:
    """A sample program saved in the 1904 date system, its dates converted (as Excel does
    when the option is ticked)."""
    app.new_workbook(str(path), "general", sample=60, today=dt.date(2026, 11, 25))
    book = openpyxl.load_workbook(path)
    book.epoch = CALENDAR_MAC_1904
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        assert re.search(rb'date1904="(1|true)"', archive.read("xl/workbook.xml"))
    return path


def dates(path: Path) -> dict[tuple[str, int, int], dt.date]:
    """Every date cell of every tab, by (tab, row, column)."""
    found = {}
    for name, table in ExcelBackend(path).read().tabs.items():
        for r, row in enumerate(table.rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    found[(name, r, c)] = value
    return found


def test_a_1904_workbook_synced_three_times_keeps_every_date(tmp_path: Path) -> None:
    path = mac_workbook(tmp_path / "mac.xlsx")
    inputs = {k: v for k, v in dates(path).items() if k[0] in ("Mentees", "Mentors", "Check-ins")}
    assert len(inputs) > 60
    matched: dict[tuple[str, int, int], dt.date] = {}
    planned: dict[tuple, dt.date] = {}
    for day in range(3):
        today = FIRST + dt.timedelta(days=day)
        report = app.sync_workbook(str(path), today, keep_backups=0)
        assert report.written  # a new day: Follow-ups and the Sync Log change
        now = dates(path)
        assert {k: v for k, v in now.items() if k in inputs} == inputs
        pairings = ExcelBackend(path).read().get("Pairings")
        column = pairings.column("Matched On")
        current = {("Pairings", r, column): row[column] for r, row in enumerate(pairings.rows)
                   if row[column] is not None}
        assert all(matched[k] == v for k, v in current.items() if k in matched)
        matched.update(current)
        schedule = ExcelBackend(path).read().get("Schedule")
        sessions = {(row[0], row[1]): row[2] for row in schedule.rows}
        # A planned session is a promise: it keeps its date (a passed one drops out).
        assert all(planned[k] == v for k, v in sessions.items() if k in planned)
        planned.update(sessions)
    # The sample's past begins in the previous program year; a 1904 slip moves dates 4 years.
    assert min(matched.values()) >= dt.date(2025, 9, 1)
    assert max(matched.values()) == FIRST  # new pairs of the first sync, still that day
    log = ExcelBackend(path).read().get("Sync Log")
    assert log.values(log.column("Today"))[-3:] == [FIRST + dt.timedelta(days=d)
                                                    for d in range(3)]


def test_dates_are_written_as_1904_serials(tmp_path: Path) -> None:
    path = mac_workbook(tmp_path / "mac.xlsx")
    day = dt.date(2026, 9, 15)
    ExcelBackend(path).write([Sheet(Table("Pairings", ["Pair ID", "Matched On"],
                                          [["P-1", day], ["P-2", dt.datetime(2026, 9, 15, 6)]]))])
    xml = sheet_xml(path, "Pairings").decode()
    serial = (day - dt.date(1904, 1, 1)).days  # 44818; the 1900 system would say 46280
    assert f"<v>{serial}</v>" in xml and f"<v>{serial}.25</v>" in xml
    table = ExcelBackend(path).read().get("Pairings")
    assert table.rows == [["P-1", day], ["P-2", dt.datetime(2026, 9, 15, 6)]]
    book = openpyxl.load_workbook(path)
    assert book.epoch == CALENDAR_MAC_1904
    assert book["Pairings"]["B2"].value == dt.datetime(2026, 9, 15)


@pytest.mark.parametrize("mac", [False, True])
def test_a_day_the_date_system_cannot_show_is_written_as_text(tmp_path: Path, mac) -> None:
    path = mac_workbook(tmp_path / "mac.xlsx") if mac else tmp_path / "pc.xlsx"
    if not mac:
        app.new_workbook(str(path), "general", sample=0, today=dt.date(2026, 11, 25))
    early = dt.date(1899, 12, 1) if not mac else dt.date(1903, 6, 1)
    ExcelBackend(path).write([Sheet(Table("Pairings", ["Pair ID", "Matched On"],
                                          [["P-1", early]]))])
    assert ExcelBackend(path).read().get("Pairings").rows == [["P-1", early.isoformat()]]
