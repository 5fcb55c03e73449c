"""The Reports tab and the printed report, on a workbook with a known past over two program
years: every figure is worked out by hand below, edge cases included (a pair active across the
year boundary, an Ended pair that was never Active, an Active Since on a month's last day)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from conftest import cli

from sheets_sync import programs
from sheets_sync.backends import open_backend
from sheets_sync.model import Sheet, Table

TODAY = "2026-11-25"  # in the program year 2026–27, which started on September 1
NOW, THEN = "2026–27", "2025–26"
D = dt.date
ROSTER = {"Languages you speak": "English", "Availability": "Mon 18:00-20:00",
          "Time zone": "America/New_York", "Approved": "Yes", "Status": "Active"}

# Mentees: name -> (signed up, Status, language). Tagalog: no mentor speaks it, so waits.
MENTEES = {
    "Ana": (D(2025, 9, 10), "Left", "English"), "Ben": (D(2025, 10, 1), "Withdrawn", "English"),
    "Cal": (D(2025, 11, 15), "Active", "English"), "Dee": (D(2025, 11, 10), "Left", "English"),
    "Eve": (D(2026, 3, 1), "Left", "English"), "Lee": (D(2026, 5, 20), "Left", "English"),
    "Fay": (D(2026, 8, 20), "Active", "English"), "Gus": (D(2026, 9, 15), "Active", "English"),
    "Kim": (D(2026, 9, 2), "Withdrawn", "English"), "Hal": (D(2026, 10, 20), "Active", "Tagalog"),
    "Ivy": (D(2026, 11, 5), "Active", "Tagalog"), "Jo": (D(2026, 11, 10), "Pending", "English"),
}
# Pairs: id, mentee, mentor, Status, Matched On, Active Since, Ended On, Closure Reason.
PAIRS = [
    ("P-0001", "Ana", "M1", "Ended", D(2025, 9, 20), D(2025, 9, 22), D(2026, 10, 15),
     "Completed the program"),  # 388 days, active in both years, 12 months in 2026–27
    ("P-0002", "Ben", "M2", "Ended", D(2025, 10, 31), D(2025, 11, 3), D(2026, 2, 20),
     "Mentor moved"),  # 109 days, early
    ("P-0003", "Cal", "M3", "Active", D(2025, 12, 5), D(2025, 12, 31), None, None),
    ("P-0004", "Dee", "M4", "Ended", D(2025, 11, 25), D(2025, 11, 30), D(2026, 2, 28),
     "Mentor ran out of time"),  # November 30 + 3 months = February 28: reached, just
    ("P-0005", "Eve", "M4", "Ended", D(2026, 3, 10), None, D(2026, 4, 1),
     "Not a good fit"),  # never Active: ended early, length unknown
    ("P-0006", "Fay", "M5", "Active", D(2026, 9, 5), D(2026, 9, 8), None, None),
    ("P-0007", "Gus", "M6", "Active", D(2026, 10, 1), D(2026, 10, 3), None, None),
    ("P-0008", "Kim", "M1", "Rejected", D(2026, 9, 10), None, None, None),  # not a match
    ("P-0009", "Lee", "M2", "Ended", D(2026, 6, 1), D(2026, 6, 5), D(2026, 11, 1),
     None),  # 149 days, no reason recorded
]
CHECK_INS = [("P-0001", D(2025, 10, 5), "No"), ("P-0001", D(2026, 3, 15), "Yes"),
             ("P-0001", D(2026, 9, 20), "No"), ("P-0003", D(2026, 1, 20), "No"),
             ("P-0003", D(2026, 10, 10), "Yes"), ("P-0006", D(2026, 9, 30), "No"),
             ("P-0007", D(2026, 11, 20), "No"), ("P-0002", D(2026, 2, 10), "Yes"),
             ("P-0007", D(2026, 12, 1), "No")]  # in the future: a Problems row, not counted

# By hand, figure -> (2026–27, 2025–26).
EXPECTED: dict[str, tuple[Any, Any]] = {
    "Mentees who applied": (5, 7),  # Gus Kim Hal Ivy Jo | Ana Ben Cal Dee Eve Lee Fay
    "Mentees matched": (2, 6),  # Fay Gus | Ana Ben Cal Dee Eve Lee (Kim's pair was rejected)
    "Median days to match": (16, 13.5),  # 16 16 | 9 10 12 15 20 30
    "Still waiting": (2, None),  # Hal, Ivy
    "Median days waiting": (28, None),  # 36 and 20 days
    "Pairs active": (5, 5),  # P1 P3 P6 P7 P9 | P1 P2 P3 P4 P9
    "Pairs ended": (2, 3),  # P1 P9 | P2 P4 P5
    "Ended early": (1, 3),  # P9 (no reason) | P2 P4 P5
    "Median match length (days)": (268.5, 99.5),  # 388 149 | 109 90 (P5 has no length)
    "Reached 3 months": (3, 4),  # P1 P3 P9 | P1 P2 P3 P4
    "Reached 6 months": (2, 2),  # P1 P3 | P1 P3
    "Reached 12 months": (1, 0),  # P1, by the day it ended
    "Check-ins logged": (4, 4),
    "Concerns raised": (1, 2),
}
CLOSURES = {"Completed the program": (1, 0), "Mentor moved": (0, 1),
            "Mentor ran out of time": (0, 1), "Not a good fit": (0, 1),
            "No reason recorded": (1, 0)}


def _person(name: str, signed_up: dt.date, **cells: Any) -> dict[str, Any]:
    return {"Timestamp": dt.datetime.combine(signed_up, dt.time(9, 30)), "Full name": name,
            "Email Address": f"{name.casefold()}@example.org", **ROSTER, **cells}


def history_sheets() -> list[Sheet]:
    sheets = programs.build_workbook("general", 0, D(2026, 11, 1))
    mentees = [_person(n, day, Status=status, **{"Languages you speak": language})
               for n, (day, status, language) in MENTEES.items()]
    mentors = [_person(f"M{k}", D(2025, 8, 1), Capacity=1) for k in range(1, 7)]
    pairs = [{"Pair ID": p, "Mentee": a, "Mentee Email": f"{a.casefold()}@example.org",
              "Mentor": b, "Mentor Email": f"{b.casefold()}@example.org", "Status": status,
              "Matched On": matched, "Active Since": active, "Ended On": ended,
              "Closure Reason": reason}
             for p, a, b, status, matched, active, ended, reason in PAIRS]
    check_ins = [{"Timestamp": dt.datetime.combine(met, dt.time(20)), "Pair ID": p,
                  "Meeting Date": met, "Concern": concern, "Notes": "Met."}
                 for p, met, concern in CHECK_INS]
    rows = {"Mentees": mentees, "Mentors": mentors, "Pairings": pairs, "Check-ins": check_ins}
    for sheet in sheets:
        if sheet.name in rows:
            header = sheet.table.header
            sheet.table = Table(sheet.name, header, [[r.get(h) for h in header]
                                                     for r in rows[sheet.name]])
    return sheets


@pytest.fixture
def history(workbook):
    open_backend(workbook.target).create(history_sheets())
    result = workbook.sync("--today", TODAY)
    assert result.exit_code == 0, result.output
    return workbook


def _blank(value: Any) -> Any:
    return None if value in ("", None) else value


def test_every_figure_of_the_reports_tab_is_the_one_worked_out_by_hand(history):
    grid = [[_blank(v) for v in row] for row in history.grid("Reports")]
    assert grid[0][:3] == ["Figure", NOW, THEN]
    figures = {row[0]: tuple(row[1:3]) for row in grid[1:15]}
    assert list(figures) == list(EXPECTED)
    assert figures == EXPECTED
    assert grid[16][:3] == ["Closure reason", NOW, THEN]
    closures = {row[0]: tuple(row[1:3]) for row in grid[17:28]}
    assert len(closures) == 11 and "Other" in closures
    assert {r: c for r, c in closures.items() if c != (0, 0)} == CLOSURES


def test_the_reports_tab_carries_two_native_charts_and_a_second_sync_changes_nothing(history):
    if history.backend == "excel":
        import openpyxl

        assert len(openpyxl.load_workbook(history.path)["Reports"]._charts) == 2
    else:
        titles = [c["spec"]["title"] for c in history.emulator.charts(history.id, "Reports")]
        assert titles == ["Pairs by program year", "Why pairs ended"]
    before = history.state()
    again = history.sync("--today", TODAY, "--json")
    assert json.loads(again.output)["written"] is False
    assert history.state() == before


def test_a_new_program_year_adds_a_column_and_the_charts_follow(history):
    result = history.sync("--today", "2027-09-02")
    assert result.exit_code == 0, result.output
    grid = history.grid("Reports")
    assert grid[0][:4] == ["Figure", "2027–28", NOW, THEN]
    row = {r[0]: r[1:4] for r in grid[1:15]}
    assert [_blank(v) for v in row["Mentees who applied"]] == [0, 5, 7]
    if history.backend == "google":
        (pairs, reasons) = history.emulator.charts(history.id, "Reports")
        domain = pairs["spec"]["basicChart"]["domains"][0]["domain"]["sourceRange"]["sources"]
        assert domain[0]["endColumnIndex"] == 4  # Figure and three years
        assert len(reasons["spec"]["basicChart"]["series"]) == 3
    else:
        import zipfile

        with zipfile.ZipFile(history.path) as package:
            charts = [package.read(n).decode() for n in package.namelist()
                      if n.startswith("xl/charts/")]
        assert any("'Reports'!$B$1:$D$1" in c for c in charts)


def test_the_printed_report_shows_the_same_figures(history, tmp_path: Path):
    for year, shown in ((None, (NOW, THEN)), (2025, (THEN,))):
        out = tmp_path / f"report-{year}.html"
        args = ["report", history.target, "--out", out, "--today", TODAY]
        result = cli(*args, *(["--year", year] if year else []))
        assert result.exit_code == 0, result.output
        page = lxml.html.fromstring(out.read_text(encoding="utf-8"))
        figures, closures = page.xpath("//table")
        head = [c.text_content() for c in figures.xpath(".//thead//th")]
        assert tuple(head[1:]) == shown
        found = {r[0].text_content(): tuple(c.text_content() for c in r[1:])
                 for r in figures.xpath(".//tbody/tr")}
        column = {NOW: 0, THEN: 1}
        assert found == {name: tuple(_shown(values[column[label]]) for label in shown)
                         for name, values in EXPECTED.items()}
        reasons = {r[0].text_content(): tuple(c.text_content() for c in r[1:])
                   for r in closures.xpath(".//tbody/tr")}
        assert reasons == {r: tuple(str(c[column[label]]) for label in shown)
                           for r, c in CLOSURES.items() if any(c[column[x]] for x in shown)}
        assert len(page.xpath("//svg")) == 2
        assert not page.xpath("//script | //link | //img[@src]")  # nothing fetched
    assert "1 September 2025 to 31 August 2026" in out.read_text(encoding="utf-8")


def _shown(value: Any) -> str:
    return "–" if value is None else str(value)


def test_a_year_without_figures_is_a_clear_error(history, tmp_path: Path):
    result = cli("report", history.target, "--out", tmp_path / "r.html", "--year", 2019,
                 "--today", TODAY)
    assert result.exit_code != 0
    assert "2019" in result.output and "2025–26 to 2026–27" in result.output
    assert not (tmp_path / "r.html").exists()
