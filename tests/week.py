"""A program workbook driven the way a coordinator works it over a week: people typed into the
rosters, Status set in Pairings, check-ins arriving, a sync on each day. Works on either backend
(see ``conftest.Workbook``)."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from typing import Any

from openpyxl.utils import get_column_letter

from sheets_sync.inputs import values

MENTEE_DEFAULTS = {"Languages you speak": "English", "Availability": "Mon 18:00-20:00",
                   "Time zone": "America/New_York", "Approved": "Yes", "Status": "Active"}
MENTOR_DEFAULTS = {**MENTEE_DEFAULTS, "Capacity": 1}


class Week:
    """One empty general-program workbook and the coordinator's hands on it."""

    def __init__(self, workbook: Any, start: str = "2026-11-30") -> None:
        self.book = workbook
        self.book.new("general", sample=0, today=start)

    def on(self, workbook: Any) -> Week:
        """This Week's hands on a workbook that is already laid out (a copy of another)."""
        self.book = workbook
        return self

    # -- typing into the workbook ---------------------------------------------------------
    def add(self, tab: str, **cells: Any) -> int:
        """A new row at the bottom of a tab; returns its sheet row number."""
        row = len(self.book.records(tab)) + 2
        self.set(tab, row, **cells)
        return row

    def mentee(self, name: str, **answers: Any) -> str:
        email = f"{name.casefold()}@example.org"
        self.add("Mentees", **{"Email Address": email, "Full name": name,
                               **MENTEE_DEFAULTS, **answers})
        return email

    def mentor(self, name: str, **answers: Any) -> str:
        email = f"{name.casefold()}@example.org"
        self.add("Mentors", **{"Email Address": email, "Full name": name,
                               **MENTOR_DEFAULTS, **answers})
        return email

    def set(self, tab: str, row: int, **cells: Any) -> None:
        header = self.book.header(tab)
        self.book.edit(tab, {f"{get_column_letter(header.index(h) + 1)}{row}": v
                             for h, v in cells.items()})

    def set_pair(self, pair_id: str, **cells: Any) -> None:
        self.set("Pairings", self.row_of(pair_id), **cells)

    def check_in(self, pair_id: str, met: str, concern: str = "No", **cells: Any) -> int:
        return self.add("Check-ins", **{"Pair ID": pair_id, "Meeting Date": met,
                                        "Concern": concern, **cells})

    # -- looking at it --------------------------------------------------------------------
    def sync(self, day: str, *args: str) -> dict[str, Any]:
        result = self.book.sync("--today", day, "--json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    def records(self, tab: str) -> list[dict[str, Any]]:
        return self.book.records(tab)

    def pair(self, pair_id: str) -> dict[str, Any]:
        return next(p for p in self.records("Pairings") if p["Pair ID"] == pair_id)

    def row_of(self, pair_id: str) -> int:
        ids = [p["Pair ID"] for p in self.records("Pairings")]
        return ids.index(pair_id) + 2

    def follow_up(self, pair_id: str) -> dict[str, Any]:
        return next(f for f in self.records("Follow-ups") if f["Pair ID"] == pair_id)

    def pair_of(self, mentee: str) -> str:
        return next(p["Pair ID"] for p in self.records("Pairings")
                    if p["Mentee Email"] == mentee and p["Status"] in ("Proposed", "Active"))

    def tab_state(self, tab: str) -> Any:
        """What a tab holds, exactly as stored: its sheet part's bytes in an .xlsx, the
        emulator's copy of the sheet (values and formats) on Google."""
        if self.book.backend == "excel":
            with zipfile.ZipFile(self.book.path) as package:
                part = _part_of(package, tab)
                assert part is not None, tab
                return package.read(part)
        sheets = self.book.state()["sheets"]
        return next(s for s in sheets if s["properties"]["title"] == tab)


def day(value: Any) -> dt.date | None:
    """A date as either backend reads it back."""
    return values.parse_date(value)


def _part_of(package: zipfile.ZipFile, tab: str) -> str | None:
    """The worksheet part of a tab, through workbook.xml and its relationships."""
    import xml.etree.ElementTree as ET

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    book = ET.fromstring(package.read("xl/workbook.xml"))
    rels = ET.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for sheet in book.iter(f"{main}sheet"):
        if sheet.get("name") == tab:
            target = targets[sheet.get(f"{rel}id")]
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None
