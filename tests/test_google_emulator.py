"""The emulator enforces what the real Sheets API enforces, so the backend cannot lean on a
rule Google does not keep: grid bounds, request and cell size, locale date rendering, Google's
error bodies (HTML pages included), protections, tokens, and a hook for edits made mid-sync."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import requests
from gspread.exceptions import APIError
from sheets_emulator import Formatted, running_emulator
from sheets_emulator_auth import TOKEN_PATH


@pytest.fixture
def emu():
    with running_emulator() as emulator:
        yield emulator
        assert emulator.internal_errors == []


def post(emu, sid: str, verb: str, body: dict | bytes, token: str | None = None):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(f"{emu.base_url}/v4/spreadsheets/{sid}{verb}", data=data,
                         headers=headers, timeout=30)


def chart(sheet_id: int, row: int, column: int, source_rows: tuple[int, int] = (0, 3)) -> dict:
    source = {"sheetId": sheet_id, "startRowIndex": source_rows[0],
              "endRowIndex": source_rows[1], "startColumnIndex": 0, "endColumnIndex": 1}
    return {"addChart": {"chart": {
        "spec": {"basicChart": {"chartType": "BAR",
                                "domains": [{"domain": {"sourceRange": {"sources": [source]}}}]}},
        "position": {"overlayPosition": {"anchorCell": {
            "sheetId": sheet_id, "rowIndex": row, "columnIndex": column}}}}}}


def narrow_tab(emu, sid: str) -> int:
    answer = post(emu, sid, ":batchUpdate", {"requests": [{"addSheet": {"properties": {
        "title": "Narrow", "gridProperties": {"rowCount": 30, "columnCount": 2}}}}]})
    return answer.json()["replies"][0]["addSheet"]["properties"]["sheetId"]


def test_chart_anchors_and_sources_must_lie_inside_the_grid(emu):
    sid = emu.create_spreadsheet(tabs={"Sheet1": []})
    sheet_id = narrow_tab(emu, sid)
    outside = post(emu, sid, ":batchUpdate", {"requests": [chart(sheet_id, 1, 3)]})
    assert outside.status_code == 400 and "outside the grid" in outside.text
    beyond = post(emu, sid, ":batchUpdate", {"requests": [chart(sheet_id, 1, 0, (0, 40))]})
    assert beyond.status_code == 400 and "exceeds grid limits" in beyond.text
    assert post(emu, sid, ":batchUpdate", {"requests": [chart(sheet_id, 1, 1)]}).ok
    assert len(emu.charts(sid, "Narrow")) == 1


def test_a_charts_ranges_are_one_row_or_column_and_as_many_for_each_series(emu):
    sid = emu.create_spreadsheet(tabs={"Sheet1": []})
    sheet_id = narrow_tab(emu, sid)

    def ranges(*boxes):
        return {"sourceRange": {"sources": [
            {"sheetId": sheet_id, "startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0,
             "endColumnIndex": c1} for r0, r1, c0, c1 in boxes]}}

    def with_series(domain, *series):
        request = chart(sheet_id, 1, 0)
        request["addChart"]["chart"]["spec"]["basicChart"].update(
            domains=[{"domain": domain}], series=[{"series": s} for s in series])
        return {"requests": [request]}

    block = post(emu, sid, ":batchUpdate", with_series(ranges((0, 3, 0, 2))))
    assert block.status_code == 400 and "exactly one dimension" in block.text
    cell = post(emu, sid, ":batchUpdate", with_series(ranges((0, 1, 0, 1))))
    assert cell.status_code == 400
    uneven = post(emu, sid, ":batchUpdate", with_series(
        ranges((0, 3, 0, 1)), ranges((0, 3, 1, 2), (5, 8, 1, 2))))
    assert uneven.status_code == 400 and "same number of source ranges" in uneven.text
    row = post(emu, sid, ":batchUpdate", with_series(ranges((0, 1, 0, 2)), ranges((1, 2, 0, 2))))
    assert row.ok and len(emu.charts(sid, "Narrow")) == 1


def test_charts_follow_inserted_and_deleted_columns_and_rows(emu):
    sid = emu.create_spreadsheet(tabs={"Sheet1": []})
    sheet_id = narrow_tab(emu, sid)
    assert post(emu, sid, ":batchUpdate", {"requests": [chart(sheet_id, 5, 1, (2, 6))]}).ok

    def dimension(verb, kind, start, end):
        return {"requests": [{verb: {"range": {"sheetId": sheet_id, "dimension": kind,
                                               "startIndex": start, "endIndex": end}}}]}

    assert post(emu, sid, ":batchUpdate", dimension("insertDimension", "COLUMNS", 0, 1)).ok
    assert post(emu, sid, ":batchUpdate", dimension("insertDimension", "ROWS", 0, 2)).ok
    assert post(emu, sid, ":batchUpdate", dimension("deleteDimension", "ROWS", 5, 6)).ok
    (found,) = emu.charts(sid, "Narrow")
    source = found["spec"]["basicChart"]["domains"][0]["domain"]["sourceRange"]["sources"][0]
    assert (source["startRowIndex"], source["endRowIndex"]) == (4, 7)  # 2..6, +2, one cut
    assert (source["startColumnIndex"], source["endColumnIndex"]) == (1, 2)
    anchor = found["position"]["overlayPosition"]["anchorCell"]
    assert (anchor["rowIndex"], anchor["columnIndex"]) == (6, 2)


def test_requests_over_2_mb_warn_and_over_10_mb_are_refused(emu):
    sid = emu.create_spreadsheet(tabs={"Sheet1": []})
    rows = [{"values": [{"userEnteredValue": {"stringValue": "x" * 40_000}}]}] * 60
    body = {"requests": [{"updateCells": {"start": {"sheetId": 0, "rowIndex": 0,
                                                    "columnIndex": 0},
                                          "rows": rows, "fields": "userEnteredValue"}}]}
    assert post(emu, sid, ":batchUpdate", body).ok
    assert len(emu.warnings) == 1 and "2 MB" in emu.warnings[0]
    huge = post(emu, sid, ":batchUpdate", b'{"requests":[' + b" " * (10 * 1024 * 1024) + b"]}")
    assert huge.status_code == 400
    assert huge.json()["error"]["message"] == \
        "Request payload size exceeds the limit: 10485760 bytes."


@pytest.mark.parametrize(("length", "ok"), [(50_000, True), (50_001, False)])
def test_a_cell_holds_at_most_50000_characters(emu, length, ok):
    sid = emu.create_spreadsheet(tabs={"Sheet1": []})
    cell = {"userEnteredValue": {"stringValue": "y" * length}}
    answer = post(emu, sid, ":batchUpdate", {"requests": [{"updateCells": {
        "start": {"sheetId": 0}, "rows": [{"values": [cell]}], "fields": "userEnteredValue"}}]})
    assert answer.ok is ok
    if not ok:
        assert "maximum of 50000 characters in a single cell" in answer.text


def test_html_error_pages_and_the_disabled_api_body(emu):
    sid = emu.create_spreadsheet(tabs={"Sheet1": []})
    emu.fail_next(1, status=502, html=True)
    page = requests.get(f"{emu.base_url}/v4/spreadsheets/{sid}", timeout=10)
    assert page.status_code == 502 and page.headers["Content-Type"].startswith("text/html")
    with pytest.raises(APIError) as refused:
        raise APIError(page)
    assert refused.value.code == -1  # as gspread reports a page it cannot read
    emu.disable_api("555")
    error = requests.get(f"{emu.base_url}/v4/spreadsheets/{sid}", timeout=10).json()["error"]
    assert (error["code"], error["status"]) == (403, "PERMISSION_DENIED")
    info = next(d for d in error["details"] if d["@type"].endswith("ErrorInfo"))
    assert info["reason"] == "SERVICE_DISABLED"
    assert info["metadata"]["consumer"] == "projects/555"
    assert "has not been used in project 555" in error["message"]


def test_dates_render_in_the_spreadsheet_locale(emu):
    day = dt.date(2026, 11, 24)
    tabs = {"T": [[day, Formatted(46350, {"type": "DATE", "pattern": "ddd d mmm yyyy"}), 7.5,
                   Formatted(46350.5, {"type": "DATE_TIME"})]]}
    found = {}
    for locale in ("en_US", "en_GB", "de_DE"):
        sid = emu.create_spreadsheet(tabs=tabs, locale=locale)
        answer = post(emu, sid, "/values:batchGetByDataFilter", {
            "dataFilters": [{"gridRange": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1}}],
            "valueRenderOption": "UNFORMATTED_VALUE",
            "dateTimeRenderOption": "FORMATTED_STRING"}).json()
        found[locale] = answer["valueRanges"][0]["valueRange"]["values"][0]
    assert found["en_US"] == ["2026-11-24", "Tue 24 Nov 2026", 7.5, "11/24/2026 12:00:00"]
    assert found["en_GB"][3] == "24/11/2026 12:00:00"
    assert found["de_DE"][1:] == ["Di. 24 Nov. 2026", 7.5, "24.11.2026 12:00:00"]


def test_a_hook_edits_the_sheet_just_before_a_request_is_processed(emu):
    sid = emu.create_spreadsheet(tabs={"T": [["Status"], ["Proposed"]]})
    emu.on_next(lambda e: e.set_values(sid, "T", "A2", [["Rejected"]]), method="GET")
    seen = requests.get(f"{emu.base_url}/v4/spreadsheets/{sid}/values/T!A2", timeout=10).json()
    assert seen["values"] == [["Rejected"]]
    assert emu.pending_faults() == 0


def test_protected_ranges_refuse_edits_by_others(emu):
    sid = emu.create_spreadsheet(tabs={"T": [["a"]]})
    emu.protect(sid, "T", "A1:B5")
    cell = {"userEnteredValue": {"stringValue": "b"}}
    answer = post(emu, sid, ":batchUpdate", {"requests": [{"updateCells": {
        "start": {"sheetId": 0, "rowIndex": 6}, "rows": [{"values": [cell]}],
        "fields": "userEnteredValue"}}, {"updateCells": {
            "start": {"sheetId": 0, "rowIndex": 1}, "rows": [{"values": [cell]}],
            "fields": "userEnteredValue"}}]})
    assert answer.status_code == 400
    assert answer.json()["error"]["message"].startswith(
        "Invalid requests[1].updateCells: You are trying to edit a protected cell or object.")
    assert emu.grid(sid, "T") == [["a"]]


def test_tokens_are_issued_checked_and_withdrawn(emu):
    sid = emu.create_spreadsheet(tabs={"T": [["a"]]})
    grant = {"grant_type": "refresh_token", "refresh_token": "r-1", "client_id": "c"}
    token = requests.post(emu.base_url + TOKEN_PATH, data=grant, timeout=10).json()
    answer = post(emu, sid, "/values:batchGetByDataFilter", {"dataFilters": []},
                  token=token["access_token"])
    assert answer.ok and emu.requests[-1].account == "r-1"
    assert post(emu, sid, "/values:batchGetByDataFilter", {"dataFilters": []},
                token="forged").status_code == 401
    emu.tokens.revoke("r-1")
    refused = requests.post(emu.base_url + TOKEN_PATH, data=grant, timeout=10)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"
