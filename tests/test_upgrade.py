"""A workbook made by the previous release (`new --sample 40`, then synced once, saved in
tests/releases/) syncs with this one without losing a cell, and gains the new columns."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
from conftest import cli

from sheets_sync.outputs.layout import HEADERS

RELEASE = Path(__file__).parent / "releases" / "release_0_1_mental_health.xlsx"
OWNED = {"Pairings", "Schedule", "Follow-ups", "Unmatched", "Problems", "Dashboard",
         "Sync Log"}


def cells(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def test_a_workbook_from_the_last_release_loses_nothing(tmp_path: Path):
    path = tmp_path / "program.xlsx"
    shutil.copy(RELEASE, path)
    before = cells(path)
    result = cli("sync", path, "--today", "2026-11-22")
    assert result.exit_code == 0, result.output
    after = cells(path)
    for tab, rows in before.items():
        if tab not in OWNED:
            assert after[tab] == rows, tab  # the coordinator's own tabs, cell for cell
    old_header, *old_pairs = before["Pairings"]
    new_header, *new_pairs = after["Pairings"]
    assert new_header[:len(old_header)] == old_header
    assert set(HEADERS["Pairings"]) <= set(new_header)
    for old, new in zip(old_pairs, new_pairs, strict=False):
        kept = dict(zip(new_header, new, strict=True))
        for column, value in zip(old_header, old, strict=True):
            if column not in ("Score", "Why"):  # the engine's own cells may be refreshed
                assert kept[column] == value, column
        if kept["Status"] == "Active":  # the first-meeting clock keeps running from before
            assert kept["Active Since"] == kept["Matched On"]
    assert len(new_pairs) == len(old_pairs)
    again = cli("sync", path, "--today", "2026-11-22")
    assert "Nothing changed" in again.output


def test_today_is_the_programs_own_date(tmp_path: Path):
    """Kiritimati (UTC+14) and Pago Pago (UTC-11) are never on the same date."""
    path = tmp_path / "program.xlsx"
    assert cli("new", path, "--program", "general", "--sample", 10).exit_code == 0
    seen = {}
    for zone in ("Pacific/Kiritimati", "Pacific/Pago_Pago"):
        book = openpyxl.load_workbook(path)
        settings = book["Settings"]
        row = next(r for r in settings.iter_rows() if r[0].value == "Time zone")
        row[1].value = zone
        book.save(path)
        before = dt.datetime.now(ZoneInfo(zone)).date()
        summary = json.loads(cli("sync", path, "--dry-run", "--json").output)
        after = dt.datetime.now(ZoneInfo(zone)).date()
        assert summary["today"] in (before.isoformat(), after.isoformat())
        seen[zone] = summary["today"]
    assert seen["Pacific/Kiritimati"] != seen["Pacific/Pago_Pago"]
