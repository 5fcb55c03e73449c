"""Google Sheets specifics, through real gspread over HTTP to the local emulator: request counts,
retries, timeouts, refusals, and what `new` lays out."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from conftest import ExcelWorkbook, GoogleWorkbook, cli

from sheets_sync import engine
from sheets_sync.backends.google import GoogleBackend, spreadsheet_id
from sheets_sync.backends.google.client import RetryPolicy
from sheets_sync.errors import WorkbookAccessError

TODAY = "2026-11-24"


@pytest.fixture
def google(sheets_api) -> GoogleWorkbook:
    book = GoogleWorkbook(sheets_api).new()
    sheets_api.clear_log()
    return book


def test_sync_reads_twice_and_writes_once_then_not_at_all(sheets_api):
    book = GoogleWorkbook(sheets_api).new(sample=300)
    sheets_api.clear_log()
    assert book.sync("--today", TODAY).exit_code == 0
    assert [r.endpoint for r in sheets_api.requests] == [
        "get", "values.batchGet", "values.batchGetByDataFilter", "batchUpdate"]
    sheets_api.clear_log()
    assert book.sync("--today", TODAY).exit_code == 0
    assert sheets_api.count("reads") == 2 and sheets_api.count("writes") == 0


def test_same_pairs_as_the_excel_path(sheets_api, tmp_path):
    google = GoogleWorkbook(sheets_api).new(sample=300)
    excel = ExcelWorkbook(tmp_path).new(sample=300)
    for book in (google, excel):
        assert book.sync("--today", TODAY).exit_code == 0

    def pairs(book):
        return [(p["Pair ID"], p["Mentee Email"], p["Mentor Email"], p["Score"])
                for p in book.records("Pairings")]

    assert pairs(google) == pairs(excel)
    assert len(pairs(google)) > 100


def test_two_429s_on_the_write_are_retried(google, sheets_api):
    sheets_api.fail_next(2, status=429, path_contains=":batchUpdate")
    result = google.sync("--today", TODAY)
    assert result.exit_code == 0, result.output
    statuses = [r.status for r in sheets_api.requests if r.endpoint == "batchUpdate"]
    assert statuses == [429, 429, 200]


@pytest.mark.parametrize("retry_after", [None, 7])
def test_retry_after_is_honoured(google, sheets_api, retry_after):
    """Google's Retry-After sets the wait; without it the first wait is at most a second."""
    sheets_api.fail_next(1, status=503, retry_after=retry_after, method="GET")
    waits: list[float] = []
    backend = GoogleBackend(google.target, policy=RetryPolicy(sleep=waits.append))
    assert backend.read().get("Settings") is not None
    assert len(waits) == 1
    assert waits[0] >= 7 if retry_after else waits[0] <= 1


def test_permanent_500s_are_retried_for_about_two_minutes_then_stop(google, sheets_api):
    before = google.state()
    sheets_api.fail_next(1000, status=500, path_contains=":batchUpdate")
    waits: list[float] = []
    clock = [0.0]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    policy = RetryPolicy(sleep=sleep, clock=lambda: clock[0])
    backend = GoogleBackend(google.target, policy=policy)
    snapshot = backend.read()
    outcome = engine.sync(snapshot, dt.date.fromisoformat(TODAY))
    with pytest.raises(WorkbookAccessError) as failed:
        backend.write(outcome.changed_sheets())
    assert "HTTP 500" in str(failed.value) and "nothing was written" in str(failed.value)
    assert google.state() == before
    assert 110 <= sum(waits) <= 125  # about two minutes of patience, without waiting them
    assert max(waits) <= 32 and waits[0] <= 1  # growing, capped, random waits
    attempts = sum(r.endpoint == "batchUpdate" for r in sheets_api.requests)
    assert attempts == len(waits) + 1 >= 6


def test_html_error_pages_are_retried_and_never_shown(google, sheets_api):
    sheets_api.fail_next(2, status=502, html=True, path_contains=":batchUpdate")
    result = google.sync("--today", TODAY)
    assert result.exit_code == 0, result.output
    assert [r.status for r in sheets_api.requests if r.endpoint == "batchUpdate"] == \
        [502, 502, 200]


def test_a_dropped_connection_is_retried(google, sheets_api):
    sheets_api.drop_next(1, path_contains="values:batchGet")
    assert google.sync("--today", TODAY).exit_code == 0


def test_a_stalled_connection_times_out_instead_of_hanging(google, sheets_api, monkeypatch):
    monkeypatch.setenv("SHEETS_SYNC_TIMEOUT", "1")
    sheets_api.stall_next(1, 5, path_contains="values:batchGet", apply=False)
    started = time.monotonic()
    result = google.sync("--today", TODAY)
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(("status", "says"), [(403, "Share"), (404, "no spreadsheet")])
def test_refusals_say_what_to_do(google, sheets_api, status, says):
    sheets_api.deny(google.id, status)
    try:
        result = google.sync("--today", TODAY)
    finally:
        sheets_api.allow(google.id)
    assert result.exit_code == 3
    assert says.lower() in result.output.lower()
    assert "Fix:" in result.output


def test_no_request_ever_asks_google_to_parse_values(google, sheets_api):
    google.sync("--today", TODAY)
    assert "USER_ENTERED" not in sheets_api.value_input_options()
    for request in sheets_api.requests:
        assert "USER_ENTERED" not in str(request.json or "")
        assert "formulaValue" not in str(request.json or "")


def test_new_lays_out_the_program_in_one_batch_update(sheets_api):
    book = GoogleWorkbook(sheets_api)
    sheets_api.clear_log()
    book.new(program="mental-health")
    assert sheets_api.count("writes") == 1
    assert book.tabs()[:5] == ["Start Here", "How it works", "Settings", "Rules", "Rule tests"]
    assert "Sheet1" not in book.tabs()
    assert sheets_api.sheet_properties(book.id, "Pairings")["gridProperties"][
        "frozenRowCount"] == 1
    status = sheets_api.validations(book.id, "Pairings")
    assert any("Rematch" in str(rule) for rule in status.values())
    flags = sheets_api.conditional_formats(book.id, "Follow-ups")
    assert {"Escalate", "Overdue"} <= {str(v) for rule in flags for v in _texts(rule)}
    assert sheets_api.charts(book.id, "Dashboard")
    assert book.records("Mentees")


def test_new_refuses_a_spreadsheet_that_already_has_a_program(google):
    result = cli("new", google.target, "--program", "general")
    assert result.exit_code == 2 and "already has tabs" in result.output


def test_a_form_response_tab_is_kept_by_new(sheets_api):
    sid = sheets_api.create_spreadsheet("with-form-0001", {
        "Form Responses 1": [["Timestamp", "Email Address"], [45000.5, "a@x.org"]]})
    target = f"https://docs.google.com/spreadsheets/d/{sid}/edit"
    assert cli("new", target, "--program", "general").exit_code == 0
    assert "Form Responses 1" in sheets_api.titles(sid)


def test_targets_are_recognised():
    assert spreadsheet_id("https://docs.google.com/spreadsheets/d/1AbC-d_9/edit#gid=0") == \
        "1AbC-d_9"
    assert spreadsheet_id("1AbCdEfGhIjKlMnOpQrStUvWxYz012345") == \
        "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"
    assert spreadsheet_id("program.xlsx") is None


def test_no_credentials_and_no_emulator_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.delenv("SHEETS_SYNC_API_URL", raising=False)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    result = cli("sync", "1AbCdEfGhIjKlMnOpQrStUvWxYz012345")
    assert result.exit_code == 2 and "No Google credentials" in result.output
    # gspread's default place, under this HOME, is where the key is looked for
    key = tmp_path / ".config" / "gspread" / "service_account.json"
    key.parent.mkdir(parents=True)
    key.write_text('{"type": "service_account"}')
    result = cli("sync", "1AbCdEfGhIjKlMnOpQrStUvWxYz012345")
    assert result.exit_code == 2 and str(key) in result.output


def test_a_bad_key_file_is_named_but_never_printed(tmp_path):
    key = tmp_path / "key.json"
    key.write_text('{"type": "service_account", "private_key": "SECRET-KEY-TEXT"}')
    result = cli("sync", "1AbCdEfGhIjKlMnOpQrStUvWxYz012345", "--credentials", key)
    assert result.exit_code == 2
    assert str(key) in result.output and "SECRET-KEY-TEXT" not in result.output


def _texts(rule):
    condition = rule.get("booleanRule", {}).get("condition", {})
    return [v.get("userEnteredValue") for v in condition.get("values", [])]
