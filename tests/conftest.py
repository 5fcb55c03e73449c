"""Shared fixtures: the local Sheets API emulator, and one workbook fixture over both backends."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

import openpyxl
import pytest
import requests
from click.testing import CliRunner
from sheets_emulator import SheetsEmulator, running_emulator

from sheets_sync.cli import main

# google-auth looks for a Google Cloud metadata server when no credentials are found: tests must
# never send that probe anywhere (read when google-auth first loads, so set before any test).
os.environ["NO_GCE_CHECK"] = "true"

ENGINE_TABS = ("Pairings", "Schedule", "Follow-ups", "Unmatched", "Problems", "Dashboard",
               "Reports", "Sync Log", "Outbox")
_ids = itertools.count(1)


@pytest.fixture(autouse=True, scope="session")
def _own_lock_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Google syncs lock a file in the user's cache folder: each test run gets its own, so
    runs side by side never see each other's locks."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def emulator() -> SheetsEmulator:
    with running_emulator() as emu:
        yield emu


@pytest.fixture
def sheets_api(emulator: SheetsEmulator, monkeypatch: pytest.MonkeyPatch) -> SheetsEmulator:
    """The emulator, clean of faults and log, with the product pointed at it."""
    monkeypatch.setenv("SHEETS_SYNC_API_URL", emulator.base_url)
    emulator.clear_faults()
    emulator.clear_log()
    errors_before = len(emulator.internal_errors)
    warnings_before = len(emulator.warnings)
    yield emulator
    emulator.clear_faults()
    assert emulator.internal_errors[errors_before:] == []
    assert emulator.warnings[warnings_before:] == [], "a request was over Google's 2 MB"


def cli(*args: Any):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


class Workbook:
    """A program workbook on one backend, seen the way a coordinator would see it."""

    backend = ""
    target = ""

    def new(self, program: str = "general", sample: int = 80, today: str = "2026-11-25"):
        result = cli("new", self.target, "--program", program, "--sample", sample,
                     "--today", today)
        assert result.exit_code == 0, result.output
        return self

    def sync(self, *args: Any):
        return cli("sync", self.target, *args)

    def records(self, tab: str) -> list[dict[str, Any]]:
        grid = self.grid(tab)
        return [dict(zip(grid[0], row, strict=False)) for row in grid[1:]
                if any(v not in (None, "") for v in row)] if grid else []

    def column_letter(self, tab: str, header: str) -> str:
        return openpyxl.utils.get_column_letter(self.header(tab).index(header) + 1)

    def header(self, tab: str) -> list[Any]:
        return self.grid(tab)[0]

    def input_tabs(self) -> dict[str, list[list[Any]]]:
        return {tab: self.grid(tab) for tab in self.tabs() if tab not in ENGINE_TABS}

    # Backend-specific parts.
    def grid(self, tab: str) -> list[list[Any]]:
        raise NotImplementedError

    def tabs(self) -> list[str]:
        raise NotImplementedError

    def edit(self, tab: str, cells: dict[str, Any]) -> None:
        raise NotImplementedError

    def state(self) -> Any:
        raise NotImplementedError

    def text_cells(self, tab: str) -> dict[Any, bool]:
        """Each text value of a tab -> True when it is stored as plain text (not a formula)."""
        raise NotImplementedError


class ExcelWorkbook(Workbook):
    backend = "excel"

    def __init__(self, folder: Path) -> None:
        self.path = folder / "program.xlsx"
        self.target = str(self.path)

    def grid(self, tab: str) -> list[list[Any]]:
        return self._rows(tab)

    def header(self, tab: str) -> list[Any]:
        return self._rows(tab, max_row=1)[0]

    def _rows(self, tab: str, max_row: int | None = None) -> list[list[Any]]:
        # Read-only mode parses only this tab, as the full load would read it.
        book = openpyxl.load_workbook(self.path, read_only=True)
        try:
            return [list(row) for row in book[tab].iter_rows(max_row=max_row, values_only=True)]
        finally:
            book.close()

    def tabs(self) -> list[str]:
        book = openpyxl.load_workbook(self.path, read_only=True)
        book.close()
        return book.sheetnames

    def edit(self, tab: str, cells: dict[str, Any]) -> None:
        book = openpyxl.load_workbook(self.path)
        for ref, value in cells.items():
            book[tab][ref] = value
            if isinstance(value, str):
                book[tab][ref].data_type = "s"  # as a form response arrives: text
        book.save(self.path)

    def state(self) -> Any:
        return self.path.read_bytes(), self.path.stat().st_mtime_ns

    def text_cells(self, tab: str) -> dict[Any, bool]:
        ws = openpyxl.load_workbook(self.path)[tab]
        return {c.value: c.data_type == "s" for row in ws.iter_rows() for c in row
                if isinstance(c.value, str)}


class GoogleWorkbook(Workbook):
    backend = "google"

    def __init__(self, emulator: SheetsEmulator) -> None:
        self.emulator = emulator
        self.id = emulator.create_spreadsheet(f"program-{next(_ids):04d}", {"Sheet1": []})
        self.target = f"https://docs.google.com/spreadsheets/d/{self.id}/edit#gid=0"

    def grid(self, tab: str) -> list[list[Any]]:
        return self.emulator.grid(self.id, tab)

    def tabs(self) -> list[str]:
        return self.emulator.titles(self.id)

    def edit(self, tab: str, cells: dict[str, Any]) -> None:
        for ref, value in cells.items():
            self.emulator.set_values(self.id, tab, ref, [[value]])

    def state(self) -> Any:
        return self.emulator.snapshot(self.id)

    def type(self, tab: str, cells: dict[str, str]) -> None:
        """Type text into cells as a person does in Sheets: sent as USER_ENTERED, so "3 Dec"
        becomes a date cell, as Sheets makes it."""
        for ref, text in cells.items():
            where = quote(f"'{tab}'!{ref}", safe="")
            reply = requests.put(
                f"{self.emulator.base_url}/v4/spreadsheets/{self.id}/values/{where}",
                params={"valueInputOption": "USER_ENTERED"}, json={"values": [[text]]},
                timeout=30)
            reply.raise_for_status()

    def text_cells(self, tab: str) -> dict[Any, bool]:
        found = {}
        for r, row in enumerate(self.grid(tab), start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str):
                    ref = f"{openpyxl.utils.get_column_letter(c)}{r}"
                    cell = self.emulator.cell(self.id, tab, ref)
                    found[value] = cell["kind"] == "string" and not cell["formula"]
        return found


@pytest.fixture(params=["excel", "google"])
def workbook(request, tmp_path: Path) -> Workbook:
    """An empty place for a program workbook, on each backend in turn."""
    if request.param == "excel":
        return ExcelWorkbook(tmp_path)
    return GoogleWorkbook(request.getfixturevalue("sheets_api"))


@pytest.fixture(scope="session")
def demo_xlsx(tmp_path_factory) -> Path:
    """The general sample (80 mentees) as made on 2026-11-25, shared read-only by tests."""
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    assert cli("new", path, "--program", "general", "--sample", 80,
               "--today", "2026-11-25").exit_code == 0
    return path


def copy_of(path: Path, folder: Path) -> Path:
    target = folder / path.name
    shutil.copy(path, target)
    return target
