"""`check` lists exactly the problems a sync writes to the Problems tab, in the same order, and
writes nothing: on every workbook of the bad-input corpus, and on both backends."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from conftest import cli

from sheets_sync import app
from sheets_sync.backends.excel import ExcelBackend

FILES = Path(__file__).parent / "files"
TODAY = "2026-11-24"


def as_check_prints(records: list[dict[str, Any]]) -> str:
    """The Problems tab's rows as `check` prints problems."""
    lines = []
    for record in records:
        row = record["Row"]
        row = int(row) if isinstance(row, float) and row.is_integer() else row
        where = f"{record['Tab']} row {row}" if row else record["Tab"]
        column = f", {record['Column']}" if record["Column"] else ""
        lines.append(f"  {where}{column}: {record['Problem']}\n")
    return "".join(lines) or "No problems found.\n"


def check_then_sync(workbook: Any, today: str) -> tuple[str, str]:
    """What `check` prints below its first line, and the same for the Problems tab that a sync
    of the same workbook then writes."""
    checked = cli("check", workbook.target, "--today", today)
    assert checked.exit_code == 0, checked.output
    synced = workbook.sync("--today", today)
    assert synced.exit_code == 0, synced.output
    return checked.output.split("\n", 1)[1], as_check_prints(workbook.records("Problems"))


class CorpusFile:
    """A corpus workbook's copy, seen as the tests' ``Workbook`` sees one."""

    def __init__(self, path: Path) -> None:
        self.path, self.target = path, str(path)

    def sync(self, *args: Any):
        return cli("sync", self.target, *args)

    def records(self, tab: str) -> list[dict[str, Any]]:
        book = openpyxl.load_workbook(self.path, read_only=True)
        try:
            header, *rows = book[tab].iter_rows(values_only=True)
        finally:
            book.close()
        return [dict(zip(header, row, strict=False)) for row in rows if any(row)]


@pytest.mark.parametrize("name", sorted(p.name for p in FILES.glob("*.xlsx")))
def test_check_lists_what_sync_writes_to_problems(name: str, tmp_path: Path):
    path = tmp_path / name
    shutil.copyfile(FILES / name, path)
    checked = cli("check", path, "--today", TODAY)
    if checked.exit_code != 0:  # unusable or unreadable: sync stops the same way
        assert cli("sync", path, "--today", TODAY).exit_code == checked.exit_code
        return
    printed, written = check_then_sync(CorpusFile(path), TODAY)
    assert printed == written


def test_check_lists_check_in_and_pairing_problems(workbook):
    """The problems only a sync's later stages found: check-ins that can't be counted or name
    no pair, and a pair typed by hand whose mentor is on no roster."""
    workbook.new("general", sample=40, today="2026-11-20")
    column = {h: workbook.column_letter("Check-ins", h)
              for h in ("Pair ID", "Meeting Date", "Concern")}
    end = len(workbook.records("Check-ins")) + 2
    workbook.edit("Check-ins", {
        f"{column['Pair ID']}{end}": "P-0001", f"{column['Meeting Date']}{end}": "2027-11-20",
        f"{column['Concern']}{end}": "Yes",
        f"{column['Pair ID']}{end + 1}": "P-0099",
        f"{column['Meeting Date']}{end + 1}": dt.date(2026, 11, 19)})
    pairs = len(workbook.records("Pairings")) + 2
    workbook.edit("Pairings", {
        f"{workbook.column_letter('Pairings', 'Mentee Email')}{pairs}": "ann@example.org",
        f"{workbook.column_letter('Pairings', 'Mentor Email')}{pairs}": "nobody@example.org",
        f"{workbook.column_letter('Pairings', 'Status')}{pairs}": "Active"})
    printed, written = check_then_sync(workbook, "2026-11-24")
    assert f"Check-ins row {end}, Meeting Date: This meeting date is in the future" in printed
    assert f"Check-ins row {end + 1}, Pair ID: No pair in Pairings has this Pair ID" in printed
    assert f"Pairings row {pairs}, Mentor Email:" in printed
    assert printed == written


@pytest.mark.parametrize("name", ["checkins_future_dates.xlsx", "pairings_not_on_roster.xlsx"])
def test_check_workbook_returns_the_problems_rows_cell_for_cell(name: str, tmp_path: Path):
    path = tmp_path / name
    shutil.copyfile(FILES / name, path)
    today = dt.date.fromisoformat(TODAY)
    found = [p.as_row() for p in app.check_workbook(str(path), today).problems]
    app.sync_workbook(str(path), today)
    problems = ExcelBackend(path).read().get("Problems")
    assert found and problems is not None
    assert [row[:5] for row in problems.rows] == found
