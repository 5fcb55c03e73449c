"""What a Google Sheets sync writes: dates as dates, only the cells that changed (a coordinator's
formulas, formats and validations stay), colours on every row, edits made during the sync kept,
and a large write split so that a failure part-way loses nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import GoogleWorkbook, cli
from sheets_emulator import Formatted, formula
from sheets_emulator_state import a1, col_index

from sheets_sync import app, engine
from sheets_sync.backends.google import GoogleBackend
from sheets_sync.backends.google.client import RetryPolicy
from sheets_sync.errors import WorkbookAccessError
from sheets_sync.model import (
    DATE_FORMAT,
    SCHEDULE,
    WEEKDAY_DATE_FORMAT,
    Sheet,
    SheetFormat,
    Table,
)
from sheets_sync.outputs.layout import FORMATS

TODAY = "2026-11-24"
LATER = "2026-12-09"
DATE_KINDS = ("DATE", "DATE_TIME")


@pytest.fixture
def book(sheets_api) -> GoogleWorkbook:
    book = GoogleWorkbook(sheets_api).new(sample=60)
    assert book.sync("--today", TODAY).exit_code == 0
    return book


def cells(emulator, book: GoogleWorkbook, tab: str) -> dict[str, dict]:
    return emulator.sheet_state(book.id, tab)["cells"]


def letter(book: GoogleWorkbook, tab: str, header: str) -> str:
    return book.column_letter(tab, header)


def test_every_date_the_engine_writes_is_a_date_cell(book, sheets_api):
    assert book.sync("--today", LATER).exit_code == 0
    dated = 0
    for tab in ("Pairings", "Schedule", "Follow-ups", "Sync Log"):
        for ref, cell in cells(sheets_api, book, tab).items():
            number = (cell.get("userEnteredValue") or {}).get("numberValue")
            if number is not None and 40_000 < number < 60_000:  # a date's serial
                kind = cell.get("userEnteredFormat", {}).get("numberFormat", {}).get("type")
                assert kind in DATE_KINDS, (tab, ref, cell)
                dated += 1
    assert dated > 50
    schedule = book.grid(SCHEDULE)
    column = schedule[0].index("Date")
    pattern = FORMATS[SCHEDULE].number_formats.get("Date", DATE_FORMAT)
    ref = a1(1, column)
    assert sheets_api.cell(book.id, SCHEDULE, ref)["numberFormat"]["pattern"] == pattern
    assert isinstance(schedule[1][column], dt.date)


def test_a_coordinators_formula_and_date_columns_survive_syncs(book, sheets_api):
    header = book.grid("Pairings")[0]
    free = a1(0, len(header))[:-1]
    after = a1(0, len(header) + 1)[:-1]
    rows = len(book.records("Pairings"))
    called = Formatted(dt.date(2026, 11, 20), {"type": "DATE", "pattern": "d mmm"})
    book.edit("Pairings", {f"{free}1": "Days since match", f"{after}1": "Called on"})
    for row in range(2, rows + 2):
        sheets_api.set_values(book.id, "Pairings", f"{free}{row}",
                              [[formula(f"=TODAY()-I{row}"), called]])
    status = letter(book, "Pairings", "Status")
    book.edit("Pairings", {f"{status}2": "Rejected", f"{status}3": "Active"})
    before = {ref: cell for ref, cell in cells(sheets_api, book, "Pairings").items()
              if col_index(ref.rstrip("0123456789")) >= len(header)}
    for today in (TODAY, LATER):
        assert book.sync("--today", today).exit_code == 0
    now = cells(sheets_api, book, "Pairings")
    assert {ref: now.get(ref) for ref in before} == before
    assert len(before) == 2 * (rows + 1)


def test_colour_rules_reach_every_row(book, sheets_api):
    for tab in ("Pairings", "Follow-ups"):
        rules = sheets_api.conditional_formats(book.id, tab)
        assert rules and all("endRowIndex" not in r["ranges"][0] for r in rules), tab


def test_an_older_workbooks_colour_rules_are_made_to_reach_every_row(book, sheets_api):
    sheet_id = sheets_api.sheet_properties(book.id, "Follow-ups")["sheetId"]
    rules = sheets_api.conditional_formats(book.id, "Follow-ups")
    sheets_api.clear_log()
    requests = [{"updateConditionalFormatRule": {
        "index": i, "sheetId": sheet_id,
        "rule": {**rule, "ranges": [{**rule["ranges"][0], "endRowIndex": 1000}]}}}
        for i, rule in enumerate(rules)]
    _batch(sheets_api, book.id, requests)
    assert all(r["ranges"][0]["endRowIndex"] == 1000
               for r in sheets_api.conditional_formats(book.id, "Follow-ups"))
    assert book.sync("--today", LATER).exit_code == 0
    after = sheets_api.conditional_formats(book.id, "Follow-ups")
    assert len(after) == len(rules)
    assert all("endRowIndex" not in r["ranges"][0] for r in after)


def test_the_chart_sits_inside_its_tabs_grid(book, sheets_api):
    (chart,) = sheets_api.charts(book.id, "Dashboard")
    anchor = chart["position"]["overlayPosition"]["anchorCell"]
    grid = sheets_api.sheet_properties(book.id, "Dashboard")["gridProperties"]
    assert anchor["columnIndex"] < grid["columnCount"] and anchor["rowIndex"] < grid["rowCount"]


def test_an_edit_just_before_the_write_survives(book, sheets_api):
    status, notes = (letter(book, "Pairings", h) for h in ("Status", "Coordinator Notes"))
    pairs = book.records("Pairings")
    row = next(r for r, p in enumerate(pairs, start=2) if p["Status"] == "Proposed")

    def coordinator(emulator):
        emulator.set_values(book.id, "Pairings", f"{status}{row}", [["Rejected"]])
        emulator.set_values(book.id, "Pairings", f"{notes}{row}", [["not a fit, call Ana"]])

    sheets_api.on_next(coordinator, path_contains=":batchUpdate")
    assert book.sync("--today", LATER).exit_code == 0
    assert sheets_api.pending_faults() == 0  # the edit landed after the last read
    after = book.records("Pairings")[row - 2]
    assert (after["Status"], after["Coordinator Notes"]) == ("Rejected", "not a fit, call Ana")
    assert book.sync("--today", LATER).exit_code == 0  # the next sync acts on it
    live = {(p["Mentee Email"], p["Mentor Email"]) for p in book.records("Pairings")
            if p["Status"] in ("Proposed", "Active", "Paused")}
    assert (pairs[row - 2]["Mentee Email"], pairs[row - 2]["Mentor Email"]) not in live


def test_an_edit_to_a_cell_the_sync_is_writing_makes_it_start_over(book, sheets_api):
    status, notes = (letter(book, "Pairings", h) for h in ("Status", "Coordinator Notes"))
    row = next(r for r, p in enumerate(book.records("Pairings"), start=2)
               if p["Status"] == "Proposed")
    book.edit("Pairings", {f"{status}{row}": "Rematch"})  # the sync will write Ended here

    def coordinator(emulator):  # ... but the coordinator changes their mind meanwhile
        emulator.set_values(book.id, "Pairings", f"{status}{row}", [["Active"]])
        emulator.set_values(book.id, "Pairings", f"{notes}{row}", [["kept after all"]])

    sheets_api.on_next(coordinator, path_contains="values:batchGetByDataFilter")
    sheets_api.clear_log()
    assert book.sync("--today", LATER).exit_code == 0
    after = book.records("Pairings")[row - 2]
    assert (after["Status"], after["Coordinator Notes"]) == ("Active", "kept after all")
    assert sheets_api.count("values.batchGet") == 2  # read, found the edit, read again


def test_a_stalled_but_applied_new_is_not_sent_again(sheets_api, monkeypatch):
    monkeypatch.setenv("SHEETS_SYNC_TIMEOUT", "1")
    book = GoogleWorkbook(sheets_api)
    sheets_api.clear_log()
    sheets_api.stall_next(1, 1.5, path_contains=":batchUpdate", apply=True)
    result = cli("new", book.target, "--program", "general", "--sample", 20)
    assert result.exit_code == 0, result.output
    assert sheets_api.count("batchUpdate") == 1
    assert book.tabs().count("Pairings") == 1


def sync_with(backend: GoogleBackend, today: str) -> None:
    """One sync as the app runs it, through a backend built by the test."""
    day = dt.date.fromisoformat(today)
    snapshot = backend.read()
    outcome = engine.sync(snapshot, day)
    if outcome.changed:
        log = app.sync_log_sheet(snapshot, outcome.changes, day, dt.datetime(2026, 12, 9, 9), 1)
        backend.write([*outcome.changed_sheets(), log])


def no_waiting() -> RetryPolicy:
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    return RetryPolicy(sleep=sleep, clock=lambda: clock[0])


@pytest.mark.parametrize("landed", [1, 3])
def test_a_failure_between_the_parts_of_a_split_write_is_completed_next_time(
        sheets_api, landed):
    reference = GoogleWorkbook(sheets_api).new(sample=60)
    faulted = GoogleWorkbook(sheets_api).new(sample=60)
    assert reference.sync("--today", TODAY).exit_code == 0
    notes = letter(faulted, "Pairings", "Coordinator Notes")
    faulted.edit("Pairings", {f"{notes}2": "typed before the sync"})
    seen = []

    def fail_after(emulator):  # the batchUpdates up to this one land, the rest fail
        seen.append(1)
        if len(seen) == landed:
            emulator.fail_next(100, status=503, path_contains=":batchUpdate")

    sheets_api.on_next(fail_after, n=landed, path_contains=":batchUpdate")
    sheets_api.clear_log()
    backend = GoogleBackend(faulted.target, policy=no_waiting(), max_body=9_000)
    with pytest.raises(WorkbookAccessError) as failed:
        sync_with(backend, TODAY)
    sheets_api.clear_faults()
    assert f"{landed} of " in str(failed.value) and "next sync completes" in str(failed.value)
    parts = [r for r in sheets_api.requests if r.endpoint == "batchUpdate"]
    assert all(r.size <= 9_000 for r in parts)
    assert faulted.sync("--today", TODAY).exit_code == 0
    pairs = [(p["Pair ID"], p["Mentee Email"], p["Mentor Email"], p["Status"])
             for p in faulted.records("Pairings")]
    assert pairs == [(p["Pair ID"], p["Mentee Email"], p["Mentor Email"], p["Status"])
                     for p in reference.records("Pairings")]
    assert faulted.records("Pairings")[0]["Coordinator Notes"] == "typed before the sync"
    for tab in ("Schedule", "Follow-ups", "Unmatched"):
        assert faulted.records(tab) == reference.records(tab), tab


def _batch(emulator, sid: str, requests: list[dict]) -> None:
    import requests as http

    answer = http.post(f"{emulator.base_url}/v4/spreadsheets/{sid}:batchUpdate",
                       json={"requests": requests}, timeout=30)
    assert answer.ok, answer.text


@pytest.mark.parametrize("locale", ["en_US", "en_GB", "de_DE", "fr_FR"])
def test_dates_read_back_as_written_in_the_spreadsheets_locale(emulator, monkeypatch, locale):
    monkeypatch.setenv("SHEETS_SYNC_API_URL", emulator.base_url)
    sid = emulator.create_spreadsheet(tabs={"Sheet1": []}, locale=locale,
                                      time_zone="Europe/Berlin")
    days = [dt.date(2026, month, 5 + month) for month in range(1, 13)]
    rows = [[d, d, dt.datetime(2026, 3, 4, 9, 30, 15), f"note {d}"] for d in days]
    look = SheetFormat(number_formats={"Shown": WEEKDAY_DATE_FORMAT})
    sheet = Sheet(Table("Dates", ["Plain", "Shown", "Stamp", "Note"], rows), look)
    GoogleBackend(sid).write([sheet])
    snapshot = GoogleBackend(sid).read()
    assert (snapshot.locale, snapshot.time_zone) == (locale, "Europe/Berlin")
    assert snapshot.get("Dates").rows == rows
    shown = emulator.cell(sid, "Dates", "B2")["numberFormat"]
    assert shown == {"type": "DATE", "pattern": WEEKDAY_DATE_FORMAT}
    emulator.clear_log()
    again = GoogleBackend(sid)
    again.read()
    again.write([sheet])
    assert emulator.count("writes") == 0  # read back exactly: nothing to write


def test_wrapped_columns_wrap_and_rows_keep_googles_own_heights(sheets_api):
    book = GoogleWorkbook(sheets_api).new(sample=20)
    help_column = book.grid("Settings")[0].index("Help")
    cell = sheets_api.cell(book.id, "Settings", a1(1, help_column))
    assert cell["format"]["wrapStrategy"] == "WRAP"
    for tab in book.tabs():
        assert sheets_api.dimension_sizes(book.id, tab)["ROWS"] == {}, tab


def test_text_over_the_cell_limit_is_cut_to_fit(emulator, monkeypatch):
    monkeypatch.setenv("SHEETS_SYNC_API_URL", emulator.base_url)
    sid = emulator.create_spreadsheet(tabs={"Sheet1": []})
    long = "ü" * 49_990 + "😀" * 20
    GoogleBackend(sid).write([Sheet(Table("Long", ["Text"], [[long]]))])
    stored = emulator.grid(sid, "Long")[1][0]
    assert long.startswith(stored) and len(stored.encode("utf-16-le")) // 2 <= 50_000


def test_a_layout_that_fails_part_way_is_taken_back(sheets_api):
    from sheets_sync import programs

    book = GoogleWorkbook(sheets_api)
    seen = []

    def fail_after_first(emulator):
        seen.append(1)
        if len(seen) == 1:  # the second part is refused for good
            emulator.fail_next(1, status=400, path_contains=":batchUpdate")

    sheets_api.on_next(fail_after_first, path_contains=":batchUpdate")
    backend = GoogleBackend(book.target, policy=no_waiting(), max_body=50_000)
    sheets = programs.build_workbook("general", sample=30, today=dt.date(2026, 11, 25))
    with pytest.raises(WorkbookAccessError) as failed:
        backend.create(sheets)
    assert "tabs it had added were removed" in str(failed.value)
    assert book.tabs() == ["Sheet1"]  # the tabs it had added are gone again
    assert cli("new", book.target, "--program", "general").exit_code == 0


def test_a_column_a_newer_version_adds_moves_the_coordinators_columns_along(book, sheets_api):
    tab = "Follow-ups"
    header = book.grid(tab)[0]
    gone = header.index("Mentor")
    sheet_id = sheets_api.sheet_properties(book.id, tab)["sheetId"]
    _batch(sheets_api, book.id, [{"deleteDimension": {"range": {  # as an older version laid out
        "sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": gone,
        "endIndex": gone + 1}}}])
    own = a1(0, len(header) - 1)[:-1]
    rows = len(book.records(tab))
    book.edit(tab, {f"{own}1": "Called?"})
    for row in range(2, rows + 2):
        sheets_api.set_values(book.id, tab, f"{own}{row}", [[formula(f"=LEN(A{row})")]])
    flag = header.index("Flag")
    assert book.sync("--today", TODAY).exit_code == 0
    assert book.grid(tab)[0] == header + ["Called?"]
    moved = a1(0, len(header))[:-1]
    for row in range(2, rows + 2):  # moved along with their rows, still formulas
        assert sheets_api.cell(book.id, tab, f"{moved}{row}")["formula"] == f"=LEN(A{row})"
    rules = sheets_api.conditional_formats(book.id, tab)
    assert {r["ranges"][0]["startColumnIndex"] for r in rules} == {flag}
    assert all(r["Mentor"] for r in book.records(tab))
