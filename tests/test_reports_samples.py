"""Every program's sample has a past that fills its Reports tab, and the Reports tab's settings
read and fall back like every other setting."""

from __future__ import annotations

import datetime as dt

import pytest

from sheets_sync import engine
from sheets_sync.inputs.settings import read_settings
from sheets_sync.model import Snapshot, Table
from sheets_sync.programs import PROGRAMS, build_workbook
from sheets_sync.reports.periods import ProgramYear, plus_months, year_of
from sheets_sync.words import reports as say

MADE, SYNCED = dt.date(2026, 11, 25), dt.date(2026, 11, 25)
THIS_YEAR_ONLY = (say.STILL_WAITING, say.DAYS_WAITING)


def first_sync(name: str, made: dt.date = MADE, synced: dt.date = SYNCED, size: int = 60):
    sheets = build_workbook(name, size, made)
    snap = Snapshot({s.name: Table.from_grid(s.name, s.table.grid()) for s in sheets})
    outcome = engine.sync(snap, synced)
    return next(s.table for s in outcome.sheets if s.name == "Reports"), outcome


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_a_samples_first_sync_fills_every_figure_of_two_program_years(name):
    reports, outcome = first_sync(name)
    assert reports.header == ["Figure", "2026–27", "2025–26"]
    figures = {row[0]: row[1:] for row in reports.rows[:len(say.FIGURES)]}
    for figure, (now, then) in figures.items():
        assert now not in (None, ""), (name, figure)
        assert (then in (None, "")) == (figure in THIS_YEAR_ONLY), (name, figure)
        if figure not in (say.REACHED_12,):
            assert now and (then or figure in THIS_YEAR_ONLY), (name, figure, now, then)
    assert figures[say.REACHED_12][0] >= 1
    closures = {row[0]: row[1:] for row in reports.rows[len(say.FIGURES) + 2:]}
    assert sum(c[0] for c in closures.values()) == figures[say.ENDED][0]
    assert sum(c[1] for c in closures.values()) == figures[say.ENDED][1]
    assert outcome.problems == []


def test_the_past_spans_the_two_years_whatever_the_day_the_sample_is_made():
    for made in (dt.date(2026, 9, 1), dt.date(2027, 3, 15), dt.date(2027, 8, 31)):
        reports, outcome = first_sync("general", made, made)
        current = year_of(made, 9, 1)
        assert reports.header[1:] == [current.label, ProgramYear(current.first - 1).label]
        figures = {row[0]: row[1:] for row in reports.rows[:len(say.FIGURES)]}
        assert figures[say.ENDED][0] >= 1 and figures[say.ENDED][1] >= 1, made
        assert outcome.problems == [], made


def test_program_years_and_calendar_months():
    assert ProgramYear(2025).label == "2025–26" and ProgramYear(2099).label == "2099–00"
    assert ProgramYear(2026, 1, 1).label == "2026"
    assert year_of(dt.date(2026, 8, 31), 9, 1).first == 2025
    assert year_of(dt.date(2026, 9, 1), 9, 1).first == 2026
    assert ProgramYear(2025, 4, 6).last_day == dt.date(2026, 4, 5)
    days = [dt.date(2025, 11, 30), dt.date(2026, 1, 31), dt.date(2023, 8, 31)]
    assert [plus_months(d, 3) for d in days] == [
        dt.date(2026, 2, 28), dt.date(2026, 4, 30), dt.date(2023, 11, 30)]
    assert plus_months(dt.date(2023, 11, 30), 3) == dt.date(2024, 2, 29)
    assert plus_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)
    assert plus_months(dt.date(9999, 6, 1), 12) == dt.date.max


def settings_with(**rows) -> Snapshot:
    table = Table("Settings", ["Setting", "Value", "Help"],
                  [[k, v, ""] for k, v in {"Program": "general", **rows}.items()])
    return Snapshot({"Settings": table})


@pytest.mark.parametrize("typed, read", [
    ("September 1", "September 1"), ("1 April", "April 1"), ("sept 15th", "September 15"),
    (dt.date(2026, 7, 1), "July 1"), (dt.datetime(2026, 1, 1), "January 1")])
def test_program_year_starts_reads_the_ways_it_is_typed(typed, read):
    settings, problems = read_settings(settings_with(**{"Program year starts": typed}), MADE)
    assert (settings.program_year_starts, problems) == (read, [])


@pytest.mark.parametrize("key, typed", [
    ("Program year starts", "February 29"), ("Program year starts", "Autumn"),
    ("Program year starts", 9), ("Match length goal (months)", "a year"),
    ("Match length goal (months)", 0), ("Match length goal (months)", 6.5)])
def test_a_bad_reports_setting_is_a_problem_and_the_template_value_is_used(key, typed):
    settings, problems = read_settings(settings_with(**{key: typed}), MADE)
    assert (settings.program_year_starts, settings.match_length_goal) == ("September 1", 12)
    (problem,) = problems
    assert (problem.tab, problem.row, problem.value) == ("Settings", 3, typed)
    assert ("September 1" if key.startswith("Program") else "12") in problem.problem


def test_the_goal_and_the_year_start_change_the_figures():
    snapshot = build_workbook("general", 60, MADE)
    for sheet in snapshot:
        if sheet.name == "Settings":
            for row in sheet.table.rows:
                if row[0] == "Match length goal (months)":
                    row[1] = 3
                if row[0] == "Program year starts":
                    row[1] = "January 1"
    snap = Snapshot({s.name: Table.from_grid(s.name, s.table.grid()) for s in snapshot})
    reports = next(s.table for s in engine.sync(snap, SYNCED).sheets if s.name == "Reports")
    assert reports.header == ["Figure", "2026", "2025"]
    early = {row[0]: row[1:] for row in reports.rows}[say.ENDED_EARLY]
    assert sum(early) == 1  # only the pair that never lasted 3 months: 60 days


def test_a_column_the_coordinator_adds_to_reports_stays_with_its_rows():
    reports, outcome = first_sync("general")
    grid = [[*row, None] for row in reports.grid()]
    grid[0][-1] = "Notes for the board"
    grid[2][-1] = "Spring intake was small"  # beside Mentees matched
    grid[0][2] = "2024–25"  # a year column no longer wanted is not the coordinator's
    tabs = {s.name: Table.from_grid(s.name, s.table.grid()) for s in outcome.sheets}
    snap = Snapshot({**first_snapshot("general").tabs, **tabs,
                     "Reports": Table.from_grid("Reports", grid)})
    again = next(s.table for s in engine.sync(snap, SYNCED).sheets if s.name == "Reports")
    assert again.header == ["Figure", "2026–27", "2025–26", "Notes for the board"]
    notes = {row[0]: row[-1] for row in again.rows}
    assert notes["Mentees matched"] == "Spring intake was small"
    assert [n for n in notes.values() if n] == ["Spring intake was small"]


def first_snapshot(name: str) -> Snapshot:
    sheets = build_workbook(name, 60, MADE)
    return Snapshot({s.name: Table.from_grid(s.name, s.table.grid()) for s in sheets})
