"""The Sheets API emulator, driven over real HTTP by real gspread (no mocks)."""

from __future__ import annotations

import datetime as dt
import time

import gspread
import pytest
import requests
from gspread.exceptions import APIError, SpreadsheetNotFound
from gspread.http_client import HTTPClient
from sheets_emulator import (
    GOOGLE_BASE_URL,
    Formatted,
    Formula,
    SheetsEmulator,
    formula,
    running_emulator,
)

ROSTER = [
    ["Name", "Age", "Joined", "Active"],
    ["Ann", 34, dt.date(2024, 1, 5), True],
    ["Bo", 27.5, None, False],
]


def gspread_client(emulator: SheetsEmulator) -> gspread.Client:
    base = emulator.base_url

    class EmulatorHTTPClient(HTTPClient):
        def request(self, method, endpoint, *args, **kwargs):  # type: ignore[override]
            endpoint = endpoint.replace(GOOGLE_BASE_URL, base)
            return super().request(method, endpoint, *args, **kwargs)

    return gspread.Client(auth=None, session=requests.Session(), http_client=EmulatorHTTPClient)


@pytest.fixture
def emu():
    with running_emulator() as emulator:
        yield emulator
        assert emulator.internal_errors == []


@pytest.fixture
def client(emu):
    return gspread_client(emu)


@pytest.fixture
def sid(emu):
    return emu.create_spreadsheet(
        "sheet-1", {"Roster": ROSTER, "Bob's Tab": [["x", None, "z"], [], ["", 3]]}
    )


def error_text(err: APIError) -> str:
    return err.response.json()["error"]["message"]


# ------------------------------------------------------------------------------------ reads


def test_open_by_key_and_get_all_values(emu, client, sid):
    sheet = client.open_by_key(sid)
    assert sheet.title == "Program"
    assert [ws.title for ws in sheet.worksheets()] == ["Roster", "Bob's Tab"]
    roster = sheet.worksheet("Roster")
    assert (roster.row_count, roster.col_count) == (1000, 26)
    assert roster.get_all_values() == [
        ["Name", "Age", "Joined", "Active"],
        ["Ann", "34", "2024-01-05", "TRUE"],
        ["Bo", "27.5", "", "FALSE"],
    ]
    assert sheet.worksheet("Bob's Tab").get_all_values() == [["x", "", "z"], ["", "", ""],
                                                              ["", "3", ""]]
    assert emu.count("get") == 4 and emu.count("values.get") == 2
    assert emu.writes() == [] and all(r.status == 200 for r in emu.reads())


def test_batch_get_render_options_and_ranges(emu, client, sid):
    sheet = client.open_by_key(sid)
    emu.clear_log()
    raw = sheet.values_batch_get(
        ["Roster", "'Bob''s Tab'", "Roster!B2:C3", "Roster!A:A", "Roster!2:2"],
        params={"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
                "majorDimension": "ROWS"},
    )
    ranges = raw["valueRanges"]
    assert [r["range"] for r in ranges] == [
        "Roster!A1:Z1000", "'Bob''s Tab'!A1:Z1000", "Roster!B2:C3", "Roster!A1:A1000",
        "Roster!A2:Z2",
    ]
    assert ranges[0]["values"] == [
        ["Name", "Age", "Joined", "Active"], ["Ann", 34, 45296, True], ["Bo", 27.5, "", False],
    ]
    assert ranges[1]["values"] == [["x", "", "z"], [], ["", 3]]  # trimmed like Google
    assert ranges[2]["values"] == [[34, 45296], [27.5]]
    assert ranges[3]["values"] == [["Name"], ["Ann"], ["Bo"]]
    assert ranges[4]["values"] == [["Ann", 34, 45296, True]]
    assert emu.count("values.batchGet") == 1 and emu.requests[0].query["ranges"][1] == (
        "'Bob''s Tab'"
    )

    text = sheet.values_batch_get(
        ["Roster!C2"],
        params={"valueRenderOption": "UNFORMATTED_VALUE",
                "dateTimeRenderOption": "FORMATTED_STRING"},
    )
    assert text["valueRanges"][0]["values"] == [["2024-01-05"]]
    columns = sheet.values_batch_get(["Roster!A1:B3"], params={"majorDimension": "COLUMNS"})
    assert columns["valueRanges"][0]["values"] == [["Name", "Ann", "Bo"], ["Age", "34", "27.5"]]


def test_bad_range_and_unknown_spreadsheet(emu, client, sid):
    sheet = client.open_by_key(sid)
    for bad in ("Nope!A1", "Roster!A1:B2:C3", "'Roster"):
        with pytest.raises(APIError) as err:
            sheet.values_get(bad)
        assert err.value.code == 400 and "Unable to parse range" in error_text(err.value)
    with pytest.raises(APIError) as err:
        sheet.values_get("Roster!A1:AA2")
    assert "exceeds grid limits. Max rows: 1000, max columns: 26" in error_text(err.value)
    with pytest.raises(SpreadsheetNotFound):
        client.open_by_key("no-such-sheet")
    assert emu.requests[-1].status == 404


def test_admin_grid_cell_and_snapshot(emu):
    moment = dt.datetime(2024, 3, 1, 12, 30)
    sid = emu.create_spreadsheet(tabs={"T": [
        [1, 2.0, 2.5, "=SUM(A1)", formula("=A1*2")],
        [dt.date(2024, 1, 5), moment, Formatted(0.25, {"type": "PERCENT", "pattern": "0%"}), None],
    ]})
    assert emu.grid(sid, "T") == [
        [1, 2, 2.5, "=SUM(A1)", Formula("=A1*2")],
        [dt.date(2024, 1, 5), moment, 0.25, None, None],
    ]
    assert emu.grid(sid, "T", dates=False)[1][:2] == [45296, 45352.520833333336]
    assert emu.cell(sid, "T", "D1")["kind"] == "string"
    assert emu.cell(sid, "T", "E1") | {"format": None} == {
        "value": None, "kind": "formula", "formula": "=A1*2", "numberFormat": None,
        "formatted": "", "format": None, "note": None, "dataValidation": None,
    }
    date_cell = emu.cell(sid, "T", "A2")
    assert date_cell["value"] == 45296 and date_cell["kind"] == "number"
    assert date_cell["numberFormat"] == {"type": "DATE", "pattern": "yyyy-mm-dd"}
    assert emu.cell(sid, "T", "C2")["formatted"] == "25%"
    assert emu.cell(sid, "T", "B2")["formatted"] == "2024-03-01 12:30:00"
    before = emu.snapshot(sid)
    assert before == emu.snapshot(sid) and before is not emu.snapshot(sid)
    emu.set_values(sid, "T", "B3", [["new"]])
    assert emu.snapshot(sid) != before
    assert emu.sheet_properties(sid, "T")["sheetId"] == 0


# ----------------------------------------------------------------------------------- writes


def test_update_raw_keeps_formula_text_a_string(emu, client, sid):
    ws = client.open_by_key(sid).worksheet("Roster")
    ws.update([["=1+1", "123", 7, "+A1", "@x"]], "A5", raw=True)
    kinds = [emu.cell(sid, "Roster", ref)["kind"] for ref in ("A5", "B5", "C5", "D5", "E5")]
    assert kinds == ["string", "string", "number", "string", "string"]
    assert emu.cell(sid, "Roster", "A5")["value"] == "=1+1"
    assert emu.value_input_options() == ["RAW"]
    assert ws.get("A5:C5") == [["=1+1", "123", "7"]]


def test_update_user_entered_parses_and_is_logged(emu, client, sid):
    ws = client.open_by_key(sid).worksheet("Roster")
    ws.update([["=1+1", "123", "2024-02-03", "TRUE", "+A1"]], "A5",
              value_input_option="USER_ENTERED")
    a5, b5, c5, d5, e5 = (emu.cell(sid, "Roster", ref) for ref in ("A5", "B5", "C5", "D5", "E5"))
    assert (a5["kind"], a5["formula"]) == ("formula", "=1+1")
    assert (b5["kind"], b5["value"]) == ("number", 123)
    assert c5["numberFormat"]["type"] == "DATE" and c5["value"] == 45325
    assert (d5["kind"], e5["kind"]) == ("bool", "formula")
    assert "USER_ENTERED" in emu.value_input_options()
    assert ws.get("A5", value_render_option="FORMULA") == [["=1+1"]]


def test_values_update_beyond_grid_needs_resize(emu, client, sid):
    sheet = client.open_by_key(sid)
    ws = sheet.worksheet("Roster")
    with pytest.raises(APIError) as err:
        ws.update([["a", "b"]], "Z1", raw=True)
    assert "exceeds grid limits" in error_text(err.value)
    sheet.batch_update({"requests": [{"appendDimension": {"sheetId": ws.id,
                                                         "dimension": "COLUMNS", "length": 1}}]})
    ws.update([["a", "b"]], "Z1", raw=True)
    assert emu.grid(sid, "Roster")[0][25:] == ["a", "b"]
    assert emu.sheet_properties(sid, "Roster")["gridProperties"]["columnCount"] == 27


def test_batch_update_add_sheet_update_cells_and_properties(emu, client, sid):
    sheet = client.open_by_key(sid)
    emu.clear_log()
    reply = sheet.batch_update({"requests": [
        {"addSheet": {"properties": {"sheetId": 42, "title": "Pairs", "index": 0,
                                     "gridProperties": {"rowCount": 3, "columnCount": 4}}}},
        {"updateCells": {
            "start": {"sheetId": 42, "rowIndex": 0, "columnIndex": 0},
            "rows": [
                {"values": [{"userEnteredValue": {"stringValue": "Mentor"}},
                            {"userEnteredValue": {"stringValue": "Score"}},
                            {"userEnteredValue": {"stringValue": "OK"}}]},
                {"values": [{"userEnteredValue": {"stringValue": "=HYPERLINK(\"x\")"}},
                            {"userEnteredValue": {"numberValue": 0.75}},
                            {"userEnteredValue": {"boolValue": True}}]},
            ],
            "fields": "userEnteredValue",
        }},
        {"updateSheetProperties": {
            "properties": {"sheetId": 42, "title": "Pairs (2024)",
                           "gridProperties": {"rowCount": 10, "columnCount": 3,
                                              "frozenRowCount": 1}},
            "fields": "title,gridProperties.rowCount,gridProperties.columnCount,"
                      "gridProperties.frozenRowCount",
        }},
    ]})
    assert reply["replies"][0]["addSheet"]["properties"] == {
        "sheetId": 42, "title": "Pairs", "index": 0, "sheetType": "GRID",
        "gridProperties": {"rowCount": 3, "columnCount": 4},
    }
    assert reply["replies"][1:] == [{}, {}]
    assert emu.titles(sid) == ["Pairs (2024)", "Roster", "Bob's Tab"]
    assert emu.grid(sid, "Pairs (2024)") == [["Mentor", "Score", "OK"],
                                            ['=HYPERLINK("x")', 0.75, True]]
    assert emu.cell(sid, "Pairs (2024)", "A2")["kind"] == "string"
    props = emu.sheet_properties(sid, "Pairs (2024)")
    assert props["gridProperties"] == {"rowCount": 10, "columnCount": 3, "frozenRowCount": 1}
    assert emu.count("batchUpdate") == 1 and emu.count("writes") == 1
    assert [ws.title for ws in sheet.worksheets()][0] == "Pairs (2024)"


def test_batch_update_is_all_or_nothing(emu, client, sid):
    sheet = client.open_by_key(sid)
    before = emu.snapshot(sid)
    bad_batches = [
        ([{"addSheet": {"properties": {"title": "Fresh"}}},
          {"updateCells": {"start": {"sheetId": 0, "rowIndex": 1000}, "fields": "userEnteredValue",
                           "rows": [{"values": [{"userEnteredValue": {"stringValue": "x"}}]}]}}],
         "Invalid requests[1].updateCells: Range (Roster!A1001) exceeds grid limits"),
        ([{"repeatCell": {"range": {"sheetId": 0}, "cell": {}, "fields": "userEnteredValue"}},
          {"addSheet": {"properties": {"title": "roster"}}}],
         'A sheet with the name "roster" already exists'),
        ([{"deleteSheet": {"sheetId": 0}}, {"deleteSheet": {"sheetId": 12345}}],
         "No grid with id: 12345"),
        ([{"updateSheetProperties": {"properties": {"sheetId": 0, "gridProperties": {
            "rowCount": 1, "frozenRowCount": 1}},
            "fields": "gridProperties.rowCount,gridProperties.frozenRowCount"}}],
         "You can't freeze all visible rows on the sheet."),
        ([{"findReplace": {"find": "a", "replacement": "b", "allSheets": True}}],
         "not supported by the emulator"),
        ([{"addSheet": {}, "deleteSheet": {"sheetId": 0}}], "oneof field 'kind' is already set"),
        # Cells the batch changed before failing (a copy shares the cells it did not change).
        ([{"setDataValidation": {"range": {"sheetId": 0, "endRowIndex": 3, "endColumnIndex": 2},
                                 "rule": {"condition": {"type": "BOOLEAN"}}}},
          {"updateCells": {"start": {"sheetId": 0, "rowIndex": 1}, "fields": "*",
                           "rows": [{"values": [{"userEnteredValue": {"numberValue": 1}}]}]}},
          {"updateDimensionProperties": {"range": {"sheetId": 0, "dimension": "ROWS"},
                                         "properties": {"pixelSize": 30}, "fields": "pixelSize"}},
          {"deleteSheet": {"sheetId": 12345}}], "No grid with id: 12345"),
    ]
    for batch, message in bad_batches:
        with pytest.raises(APIError) as err:
            sheet.batch_update({"requests": batch})
        assert err.value.code == 400 and message in error_text(err.value)
        assert emu.snapshot(sid) == before


def test_discovery_validation(emu, client, sid):
    sheet = client.open_by_key(sid)
    before = emu.snapshot(sid)
    with pytest.raises(APIError) as err:
        sheet.batch_update({"requests": [{"addSheet": {"properties": {"title": "X",
                                                                      "colour": "red"}}}]})
    assert err.value.code == 400 and err.value.response.json()["error"]["status"] == (
        "INVALID_ARGUMENT"
    )
    assert 'Unknown name "colour" at \'requests[0].addSheet.properties\'' in error_text(err.value)
    with pytest.raises(APIError) as err:
        sheet.batch_update({"requests": [{"updateCells": {
            "start": {"sheetId": 0}, "fields": "userEnteredValue",
            "rows": [{"values": [{"userEnteredValue": {"stringValue": 5}}]}]}}]})
    assert "requests[0].updateCells.rows[0].values[0].userEnteredValue.stringValue" in (
        error_text(err.value)
    )
    with pytest.raises(APIError) as err:
        sheet.batch_update({"requests": [{"addSheet": {"properties": {"sheetType": "TABLE"}}}]})
    assert '"TABLE"' in error_text(err.value)
    with pytest.raises(APIError) as err:
        sheet.values_batch_get(["Roster"], params={"valueRenderOption": "PRETTY"})
    assert "valueRenderOption" in error_text(err.value) and '"PRETTY"' in error_text(err.value)
    with pytest.raises(APIError) as err:
        sheet.values_batch_get(["Roster"], params={"renderOption": "FORMULA"})
    assert 'Unknown name "renderOption"' in error_text(err.value)
    with pytest.raises(APIError) as err:
        sheet.values_update("Roster!A1", params={"valueInputOption": "RAW"},
                            body={"values": [["a"]], "majorDimensions": "ROWS"})
    assert 'Unknown name "majorDimensions"' in error_text(err.value)
    with pytest.raises(APIError) as err:
        sheet.values_update("Roster!A1", body={"values": [["a"]]})
    assert "'valueInputOption' is required" in error_text(err.value)
    with pytest.raises(APIError) as err:
        sheet.batch_update({"requests": [{"updateCells": {
            "range": {"sheetId": 0}, "fields": "userEnteredValue,colour"}}]})
    assert "'colour' is not a field of CellData" in error_text(err.value)
    assert emu.snapshot(sid) == before
    assert [r.status for r in emu.requests[1:]] == [400] * 8


def test_update_cells_masks_and_formats(emu, client, sid):
    sheet = client.open_by_key(sid)
    date_format = {"numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}}
    sheet.batch_update({"requests": [
        {"repeatCell": {"range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
                        "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                        "fields": "userEnteredFormat.textFormat.bold"}},
        {"repeatCell": {"range": {"sheetId": 0, "startRowIndex": 3, "endRowIndex": 5,
                                  "startColumnIndex": 2, "endColumnIndex": 3},
                        "cell": {"userEnteredFormat": date_format},
                        "fields": "userEnteredFormat.numberFormat"}},
        {"updateCells": {"range": {"sheetId": 0, "startRowIndex": 3, "endRowIndex": 4,
                                   "startColumnIndex": 2, "endColumnIndex": 3},
                         "rows": [{"values": [{"userEnteredValue": {"numberValue": 45300}}]}],
                         "fields": "userEnteredValue"}},
        # clear values (not formats) of row 3 by giving a range and no rows
        {"updateCells": {"range": {"sheetId": 0, "startRowIndex": 2, "endRowIndex": 3},
                         "fields": "userEnteredValue"}},
    ]})
    assert emu.cell(sid, "Roster", "A1")["format"] == {"textFormat": {"bold": True}}
    assert emu.cell(sid, "Roster", "C4")["formatted"] == "2024-01-09"
    assert emu.cell(sid, "Roster", "C5")["kind"] == "empty"
    assert emu.cell(sid, "Roster", "C5")["numberFormat"]["type"] == "DATE"
    assert emu.grid(sid, "Roster")[2:] == [[None] * 4, [None, None, dt.date(2024, 1, 9), None]]
    got = sheet.values_batch_get(["Roster!C4"], params={"valueRenderOption": "FORMATTED_VALUE"})
    assert got["valueRanges"][0]["values"] == [["2024-01-09"]]
    sheet.batch_update({"requests": [{"updateCells": {
        "range": {"sheetId": 0, "startRowIndex": 0, "endRowIndex": 1},
        "rows": [{"values": [{"userEnteredValue": {"stringValue": "N"}}]}], "fields": "*"}}]})
    assert emu.cell(sid, "Roster", "A1")["format"] is None
    assert emu.grid(sid, "Roster")[0] == ["N", None, None, None]


def test_validations_conditional_formats_charts_sizes_merges(emu, client, sid):
    sheet = client.open_by_key(sid)
    rng = {"sheetId": 0, "startRowIndex": 1, "endRowIndex": 3, "startColumnIndex": 3,
           "endColumnIndex": 4}
    rule = {"condition": {"type": "BOOLEAN"}, "strict": True}
    cf = {"ranges": [rng], "booleanRule": {"condition": {"type": "TEXT_EQ", "values": [
        {"userEnteredValue": "FALSE"}]}, "format": {"backgroundColor": {"red": 1}}}}
    chart = {"spec": {"title": "Scores", "basicChart": {"chartType": "COLUMN"}},
             "position": {"overlayPosition": {"anchorCell": {"sheetId": 0, "rowIndex": 5}}}}
    reply = sheet.batch_update({"requests": [
        {"setDataValidation": {"range": rng, "rule": rule}},
        {"addConditionalFormatRule": {"rule": cf, "index": 0}},
        {"addChart": {"chart": chart}},
        {"updateDimensionProperties": {"range": {"sheetId": 0, "dimension": "COLUMNS",
                                                 "startIndex": 0, "endIndex": 2},
                                       "properties": {"pixelSize": 180}, "fields": "pixelSize"}},
        {"mergeCells": {"range": {"sheetId": 0, "startRowIndex": 6, "endRowIndex": 7,
                                  "startColumnIndex": 0, "endColumnIndex": 3},
                        "mergeType": "MERGE_ALL"}},
        {"autoResizeDimensions": {"dimensions": {"sheetId": 0, "dimension": "ROWS"}}},
        {"setBasicFilter": {"filter": {"range": {"sheetId": 0, "endRowIndex": 3}}}},
    ]})
    chart_id = reply["replies"][2]["addChart"]["chart"]["chartId"]
    assert emu.validations(sid, "Roster") == {"D2": rule, "D3": rule}
    assert emu.conditional_formats(sid, "Roster") == [cf]
    assert [c["chartId"] for c in emu.charts(sid)] == [chart_id]
    assert emu.dimension_sizes(sid, "Roster") == {"ROWS": {}, "COLUMNS": {0: 180, 1: 180}}
    assert emu.merges(sid, "Roster")[0]["endColumnIndex"] == 3
    meta = sheet.fetch_sheet_metadata()
    assert meta["sheets"][0]["charts"][0]["chartId"] == chart_id
    assert meta["sheets"][0]["basicFilter"]["range"]["endRowIndex"] == 3

    reply = sheet.batch_update({"requests": [
        {"deleteConditionalFormatRule": {"sheetId": 0, "index": 0}},
        {"setDataValidation": {"range": rng}},
        {"deleteEmbeddedObject": {"objectId": chart_id}},
        {"unmergeCells": {"range": {"sheetId": 0}}},
    ]})
    assert reply["replies"][0] == {"deleteConditionalFormatRule": {"rule": cf}}
    assert emu.validations(sid, "Roster") == {}
    assert emu.conditional_formats(sid, "Roster") == emu.charts(sid) == emu.merges(sid, "Roster")


def test_insert_and_delete_dimension_shift_cells(emu, client, sid):
    sheet = client.open_by_key(sid)
    sheet.batch_update({"requests": [
        {"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1,
                                       "endIndex": 2}}},
        {"deleteDimension": {"range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 0,
                                       "endIndex": 1}}},
    ]})
    assert emu.grid(sid, "Roster") == [
        ["Age", "Joined", "Active"], [None, None, None],
        [34, dt.date(2024, 1, 5), True], [27.5, None, False],
    ]
    assert emu.sheet_properties(sid, "Roster")["gridProperties"] == {"rowCount": 1001,
                                                                     "columnCount": 25}


def test_fields_selection_and_spreadsheet_in_response(emu, client, sid):
    sheet = client.open_by_key(sid)
    meta = sheet.fetch_sheet_metadata(params={"fields": "sheets.properties(title,index)"})
    assert meta == {"sheets": [{"properties": {"title": "Roster", "index": 0}},
                               {"properties": {"title": "Bob's Tab", "index": 1}}]}
    with pytest.raises(APIError) as err:
        sheet.fetch_sheet_metadata(params={"fields": "sheets.colour"})
    assert err.value.code == 400
    grid = sheet.fetch_sheet_metadata(params={"includeGridData": "true"})
    row = grid["sheets"][0]["data"][0]["rowData"][1]["values"]
    assert row[1]["effectiveValue"] == {"numberValue": 34} and row[2]["formattedValue"] == (
        "2024-01-05"
    )
    reply = sheet.batch_update({"includeSpreadsheetInResponse": True, "requests": [
        {"addSheet": {"properties": {"title": "Extra"}}}]})
    assert [s["properties"]["title"] for s in reply["updatedSpreadsheet"]["sheets"]] == [
        "Roster", "Bob's Tab", "Extra"]
    assert reply["replies"][0]["addSheet"]["properties"]["sheetId"] not in (0, 1, 2)


def test_values_batch_update_all_or_nothing(emu, client, sid):
    ws = client.open_by_key(sid).worksheet("Roster")
    before = emu.snapshot(sid)
    with pytest.raises(APIError) as err:
        ws.batch_update([{"range": "A10", "values": [["ok"]]},
                         {"range": "A1:B1", "values": [["a", "b", "c"]]}])
    assert "Requested writing within range [Roster!A1:B1]" in error_text(err.value)
    assert emu.snapshot(sid) == before
    reply = ws.batch_update([{"range": "A10", "values": [["ok"]]},
                             {"range": "B10:C10", "values": [[1, True]]}])
    assert reply["totalUpdatedCells"] == 3
    assert emu.grid(sid, "Roster")[9] == ["ok", 1, True, None]


# -------------------------------------------------------------------------------- faults


def test_fail_next_429_then_success(emu, client, sid):
    sheet = client.open_by_key(sid)
    emu.clear_log()
    emu.fail_next(1, 429, retry_after=0.2)
    with pytest.raises(APIError) as err:
        sheet.values_batch_get(["Roster"])
    assert err.value.code == 429
    assert err.value.response.headers["Retry-After"] == "0.2"
    assert err.value.response.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert sheet.values_batch_get(["Roster"])["valueRanges"][0]["values"][0][0] == "Name"
    assert [(r.status, r.fault) for r in emu.requests] == [(429, "fail"), (200, None)]


def test_fault_filters_and_server_errors(emu, client, sid):
    sheet = client.open_by_key(sid)
    before = emu.snapshot(sid)
    emu.fail_next(2, 503, method="POST", path_contains=":batchUpdate")
    sheet.values_batch_get(["Roster"])  # a read is not affected
    for _ in range(2):
        with pytest.raises(APIError) as err:
            sheet.batch_update({"requests": [{"addSheet": {"properties": {"title": "N"}}}]})
        assert err.value.code == 503
    assert emu.snapshot(sid) == before and emu.pending_faults() == 0
    sheet.batch_update({"requests": [{"addSheet": {"properties": {"title": "N"}}}]})
    assert "N" in emu.titles(sid)


def test_drop_next_is_a_connection_error(emu, client, sid):
    sheet = client.open_by_key(sid)
    before = emu.snapshot(sid)
    emu.drop_next(1)
    with pytest.raises(requests.ConnectionError):
        sheet.batch_update({"requests": [{"addSheet": {"properties": {"title": "N"}}}]})
    assert emu.snapshot(sid) == before
    assert (emu.requests[-1].status, emu.requests[-1].fault) == (None, "drop")
    assert sheet.values_batch_get(["Roster"])["valueRanges"][0]["values"][1][0] == "Ann"


def test_stall_next_times_out_and_server_stays_usable(emu, client, sid):
    sheet = client.open_by_key(sid)
    client.http_client.set_timeout(0.5)
    emu.stall_next(1, 2.0)
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        sheet.values_batch_get(["Roster"])
    assert time.monotonic() - started < 1.5
    # served at once although the stalled request is still being held
    assert sheet.values_batch_get(["Roster"])["valueRanges"][0]["values"][0][0] == "Name"
    assert time.monotonic() - started < 1.5


def test_stalled_write_is_applied_unless_told_otherwise(emu, client, sid):
    sheet = client.open_by_key(sid)
    client.http_client.set_timeout(0.2)
    emu.stall_next(1, 0.4, method="POST", apply=False)
    emu.stall_next(1, 0.4, method="POST")
    for title in ("Lost", "Late"):
        with pytest.raises(requests.Timeout):
            sheet.batch_update({"requests": [{"addSheet": {"properties": {"title": title}}}]})
    deadline = time.monotonic() + 3
    while "Late" not in emu.titles(sid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert emu.titles(sid) == ["Roster", "Bob's Tab", "Late"]
    assert [r.fault for r in emu.writes()] == ["stall", "stall"]


def test_deny_missing_share_and_wrong_id(emu, client, sid):
    sheet = client.open_by_key(sid)
    emu.deny(sid, 403)
    with pytest.raises(APIError) as err:
        sheet.values_batch_get(["Roster"])
    assert err.value.code == 403
    assert err.value.response.json()["error"]["status"] == "PERMISSION_DENIED"
    with pytest.raises(PermissionError):
        client.open_by_key(sid)
    emu.deny(sid, 404)
    with pytest.raises(SpreadsheetNotFound):
        client.open_by_key(sid)
    emu.allow(sid)
    assert client.open_by_key(sid).title == "Program"
    assert [r.fault for r in emu.requests[-4:]] == ["deny", "deny", "deny", None]


def test_emulator_lifecycle():
    emulator = SheetsEmulator()
    with pytest.raises(RuntimeError):
        _ = emulator.base_url
    with emulator:
        url = emulator.base_url
        assert url.startswith("http://127.0.0.1:")
        reply = requests.get(url + "/v4/spreadsheets/x/unknown", timeout=5)
        assert reply.status_code == 404 and reply.json()["error"]["status"] == "NOT_FOUND"
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/v4/spreadsheets/x", timeout=2)
