"""Pairs made in the last seven days stand out in Pairings: their Pair ID cell is coloured by a
rule the spreadsheet works out each day (Matched On within the last 7 days), on both backends.
The rule is the engine's own: written once, never doubled by later syncs, added to a workbook
an older version made, and a sync that changes nothing writes nothing for it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
from conftest import ExcelWorkbook, GoogleWorkbook
from test_excel_backend import edit_zip, sheet_part

from sheets_sync.outputs.layout import FORMATS

TODAY, LATER = "2026-11-24", "2026-11-26"
RECENT = FORMATS["Pairings"].recent
FORMULA = "AND(ISNUMBER($I2),$I2>TODAY()-7)"  # Matched On is column I
# Without "," (a decimal comma in many of Google's locales): a product of the two conditions.
GOOGLE_FORMULA = "=ISNUMBER($I2)*($I2>TODAY()-7)"


def approve_a_proposed_pair(book) -> None:
    """An edit that makes the next sync write Pairings (it stamps the pair's Active Since)."""
    records = book.records("Pairings")
    row = next(i for i, r in enumerate(records, start=2) if r["Status"] == "Proposed")
    book.edit("Pairings", {f"{book.column_letter('Pairings', 'Status')}{row}": "Active"})


def sync_writing_pairings(book) -> None:
    result = book.sync("--today", LATER)
    assert result.exit_code == 0 and not re.search(r"Pairings\s+unchanged", result.output)


# -- Excel ----------------------------------------------------------------------------------


def recent_rules(path: Path) -> list[tuple[str, str, str]]:
    """The expression rules on Pairings: (range, formula, fill colour)."""
    sheet = openpyxl.load_workbook(path)["Pairings"]
    return [(str(cf.sqref), rule.formula[0], rule.dxf.fill.fgColor.rgb)
            for cf in sheet.conditional_formatting for rule in cf.rules
            if rule.type == "expression"]


def test_an_xlsx_colours_pair_ids_of_this_weeks_pairs_once(tmp_path: Path) -> None:
    assert RECENT == ("Pair ID", "Matched On", 7, "BDD7EE")
    book = ExcelWorkbook(tmp_path).new(sample=40)
    assert book.column_letter("Pairings", "Matched On") == "I"
    assert book.sync("--today", TODAY).exit_code == 0
    for _ in range(2):  # later writes of Pairings write it afresh, never a second one
        approve_a_proposed_pair(book)
        sync_writing_pairings(book)
        ((where, formula, colour),) = recent_rules(book.path)
        assert re.fullmatch(r"A2:A\d{4,}", where) and formula == FORMULA
        assert colour == "FFBDD7EE"
    before = book.state()
    assert book.sync("--today", LATER).exit_code == 0
    assert book.state() == before  # nothing changed: nothing written


def test_an_xlsx_an_older_version_made_gains_the_colour(tmp_path: Path) -> None:
    book = ExcelWorkbook(tmp_path).new(sample=40)
    assert book.sync("--today", TODAY).exit_code == 0
    part = sheet_part(book.path, "Pairings")
    with zipfile.ZipFile(book.path) as archive:
        xml = archive.read(part).decode()
    older = re.sub(r'<conditionalFormatting sqref="A2:[^"]*">.*?</conditionalFormatting>', "",
                   xml)
    assert older != xml
    edit_zip(book.path, {part: older.encode()}, {})
    assert recent_rules(book.path) == []
    approve_a_proposed_pair(book)
    sync_writing_pairings(book)
    assert [r[1] for r in recent_rules(book.path)] == [FORMULA]


def test_a_coordinators_own_formula_rule_on_pairings_is_theirs(tmp_path: Path) -> None:
    book = ExcelWorkbook(tmp_path).new(sample=40)
    assert book.sync("--today", TODAY).exit_code == 0
    workbook = openpyxl.load_workbook(book.path)
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill

    mine = FormulaRule(formula=["AND(ISNUMBER($I2),$I2>TODAY()-30)"],
                       fill=PatternFill("solid", bgColor="FFC7CE"))
    workbook["Pairings"].conditional_formatting.add("B2:B1000", mine)
    workbook.save(book.path)
    approve_a_proposed_pair(book)
    sync_writing_pairings(book)
    assert sorted(r[:2] for r in recent_rules(book.path)) == [
        ("A2:A1000", FORMULA), ("B2:B1000", "AND(ISNUMBER($I2),$I2>TODAY()-30)")]


# -- Google Sheets ----------------------------------------------------------------------------


def google_recent_rules(emulator, book: GoogleWorkbook) -> list[dict]:
    return [r for r in emulator.conditional_formats(book.id, "Pairings")
            if r["booleanRule"]["condition"]["type"] == "CUSTOM_FORMULA"]


def test_a_google_sheet_colours_pair_ids_of_this_weeks_pairs_once(sheets_api):
    book = GoogleWorkbook(sheets_api).new(sample=40)
    assert book.sync("--today", TODAY).exit_code == 0
    for _ in range(2):
        approve_a_proposed_pair(book)
        sync_writing_pairings(book)
        (rule,) = google_recent_rules(sheets_api, book)
        assert rule["ranges"] == [{"sheetId": rule["ranges"][0]["sheetId"], "startRowIndex": 1,
                                   "startColumnIndex": 0, "endColumnIndex": 1}]
        condition = rule["booleanRule"]["condition"]
        assert condition["values"] == [{"userEnteredValue": GOOGLE_FORMULA}]
        colour = rule["booleanRule"]["format"]["backgroundColor"]
        assert [round(colour[k] * 255) for k in ("red", "green", "blue")] == [0xBD, 0xD7, 0xEE]
    sheets_api.clear_log()
    assert book.sync("--today", LATER).exit_code == 0
    assert sheets_api.writes() == []  # nothing changed: no write request


def test_a_google_sheet_an_older_version_made_gains_the_colour(sheets_api):
    import requests

    book = GoogleWorkbook(sheets_api).new(sample=40)
    assert book.sync("--today", TODAY).exit_code == 0
    sheet_id = sheets_api.sheet_properties(book.id, "Pairings")["sheetId"]
    index = next(i for i, r in enumerate(sheets_api.conditional_formats(book.id, "Pairings"))
                 if r["booleanRule"]["condition"]["type"] == "CUSTOM_FORMULA")
    answer = requests.post(f"{sheets_api.base_url}/v4/spreadsheets/{book.id}:batchUpdate",
                           json={"requests": [{"deleteConditionalFormatRule": {
                               "sheetId": sheet_id, "index": index}}]}, timeout=30)
    assert answer.ok and google_recent_rules(sheets_api, book) == []
    others = sheets_api.conditional_formats(book.id, "Pairings")
    approve_a_proposed_pair(book)
    sync_writing_pairings(book)
    assert len(google_recent_rules(sheets_api, book)) == 1
    assert len(sheets_api.conditional_formats(book.id, "Pairings")) == len(others) + 1


def test_a_coordinators_own_formula_rule_on_a_google_sheet_is_theirs(sheets_api):
    import requests

    book = GoogleWorkbook(sheets_api).new(sample=40)
    assert book.sync("--today", TODAY).exit_code == 0
    sheet_id = sheets_api.sheet_properties(book.id, "Pairings")["sheetId"]
    theirs = {"ranges": [{"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": 1,
                          "endColumnIndex": 2}],
              "booleanRule": {"condition": {"type": "CUSTOM_FORMULA", "values": [
                  {"userEnteredValue": "=ISNUMBER($I2)*($I2>TODAY()-30)"}]},
                  "format": {"backgroundColor": {"red": 1, "green": 0.8, "blue": 0.8}}}}
    answer = requests.post(f"{sheets_api.base_url}/v4/spreadsheets/{book.id}:batchUpdate",
                           json={"requests": [{"addConditionalFormatRule": {
                               "index": 0, "rule": theirs}}]}, timeout=30)
    assert answer.ok
    approve_a_proposed_pair(book)
    sync_writing_pairings(book)
    found = google_recent_rules(sheets_api, book)
    assert theirs in found and len(found) == 2


def test_the_rule_as_google_reads_it_back_is_known_as_the_engines(sheets_api):
    # Google leaves out a field that is 0 (column A's start) when it reads a rule back.
    import requests

    book = GoogleWorkbook(sheets_api).new(sample=40)
    assert book.sync("--today", TODAY).exit_code == 0
    sheet_id = sheets_api.sheet_properties(book.id, "Pairings")["sheetId"]
    rules = sheets_api.conditional_formats(book.id, "Pairings")
    index = next(i for i, r in enumerate(rules)
                 if r["booleanRule"]["condition"]["type"] == "CUSTOM_FORMULA")
    terse = {**rules[index], "ranges": [{"sheetId": sheet_id, "startRowIndex": 1,
                                         "endColumnIndex": 1}]}
    answer = requests.post(f"{sheets_api.base_url}/v4/spreadsheets/{book.id}:batchUpdate",
                           json={"requests": [{"updateConditionalFormatRule": {
                               "sheetId": sheet_id, "index": index, "rule": terse}}]},
                           timeout=30)
    assert answer.ok
    approve_a_proposed_pair(book)
    sheets_api.clear_log()
    sync_writing_pairings(book)
    assert google_recent_rules(sheets_api, book) == [terse]
    sent = [list(q) for r in sheets_api.writes() for q in (r.json or {}).get("requests", [])]
    assert sent and not [q for q in sent if "ConditionalFormatRule" in q[0]]
