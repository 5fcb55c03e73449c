"""What a write leaves alone: the coordinator's formulas, number formats, dropdowns and
highlights in columns they added to Pairings (also when the engine's columns move them); how
Excel calculates and which tab it shows; and, part by part, everything else in the file."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Collection
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from test_excel_backend import edit_zip, sheet_part, sheet_xml
from test_xlsx_patch import MAIN_NS, zip_parts

from sheets_sync import app
from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.backends.xlsx.patch import _may_hold_formulas
from sheets_sync.model import Sheet, Table
from sheets_sync.outputs.layout import FORMATS

DAY = dt.date(2026, 11, 24)
PRIORITIES = '"High,Medium,Low"'


def synced(path: Path, sample: int = 60) -> Path:
    app.new_workbook(str(path), "general", sample=sample, today=dt.date(2026, 11, 25))
    app.sync_workbook(str(path), DAY, keep_backups=0)
    return path


def add_coordinator_columns(path: Path, drop_notes: bool = False) -> int:
    """Columns a coordinator adds to Pairings, with formulas, formats, a dropdown and a
    highlight; the number of pair rows. ``drop_notes``: the tab as an older version made it,
    without Coordinator Notes (so the next sync inserts it before these columns)."""
    book = openpyxl.load_workbook(path)
    sheet = book["Pairings"]
    header = [c.value for c in sheet[1]]
    if drop_notes:
        sheet.delete_cols(header.index("Coordinator Notes") + 1)
        header.remove("Coordinator Notes")
    rows = sheet.max_row
    first = len(header) + 1
    letters = [openpyxl.utils.get_column_letter(first + i) for i in range(5)]
    matched = openpyxl.utils.get_column_letter(header.index("Matched On") + 1)
    score = openpyxl.utils.get_column_letter(header.index("Score") + 1)
    review, priority, flag, share, days = letters
    for letter, title in zip(letters, ["Review by", "Priority", "Flag", "Share", "Days"],
                             strict=True):
        sheet[f"{letter}1"] = title
    for r in range(2, rows + 1):
        sheet[f"{review}{r}"] = f"={matched}{r}+30"
        sheet[f"{review}{r}"].number_format = "d mmm"
        sheet[f"{priority}{r}"] = "High" if r % 3 == 0 else "Low"
        sheet[f"{flag}{r}"] = f'=IF({priority}{r}="High","call first","")'
        sheet[f"{share}{r}"] = f"={score}{r}/100"
        sheet[f"{share}{r}"].number_format = "0.0%"
        sheet[f"{days}{r}"] = r * 7
        sheet[f"{days}{r}"].number_format = '0" days"'
        sheet[f"{score}{r}"].number_format = "0.0"  # an engine column the engine sets no look on
    rule = DataValidation(type="list", formula1=PRIORITIES, allow_blank=True)
    rule.add(f"{priority}2:{priority}500")
    sheet.add_data_validation(rule)
    sheet.conditional_formatting.add(f"{priority}2:{priority}500", CellIsRule(
        operator="equal", formula=['"High"'], fill=PatternFill("solid", bgColor="FFC7CE")))
    book.save(path)
    return rows - 1


# -- checking a file part by part -----------------------------------------------------------

OWNED = ("Pairings", "Schedule", "Follow-ups", "Unmatched", "Problems", "Dashboard",
         "Reports", "Sync Log")
# What a rewrite of an engine tab replaces in its worksheet part; everything else stays.
REWRITTEN = {"dimension", "sheetViews", "cols", "sheetData", "mergeCells",
             "conditionalFormatting", "dataValidations", "sheetPr", "pageSetup", "tableParts",
             "drawing", "rowBreaks"}  # rowBreaks: the Reports tab's, a chart to a page


def xml_of(element: ET.Element) -> bytes:
    return ET.tostring(element)


def local(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def owned_parts(data: bytes) -> set[str]:
    """The worksheet parts of the engine's tabs."""
    parts = zip_parts(data)
    book = ET.fromstring(parts["xl/workbook.xml"])
    rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    found = set()
    for sheet in book.iter(f"{MAIN_NS}sheet"):
        if sheet.get("name") in OWNED:
            rel = next(v for k, v in sheet.attrib.items() if k.endswith("}id"))
            target = targets[rel]
            found.add(target.lstrip("/") if target.startswith("/") else "xl/" + target)
    return found & set(parts)


def assert_kept_exactly(before: bytes, after: bytes, *, recalculate: bool = False,
                        added: Collection[str] = OWNED) -> list[str]:
    """Every part of ``before`` is in ``after`` unchanged, except the engine's own tabs and
    the lists that name parts (which may only gain entries; tabs named in ``added``). The
    parts checked, by name."""
    old, new = zip_parts(before), zip_parts(after)
    owned = owned_parts(before)
    checked = []
    for name, content in old.items():
        assert name in new, f"{name} was dropped"
        checked.append(name)
        if name in owned:
            assert_worksheet_kept(name, content, new[name])
        elif name == "xl/workbook.xml":
            assert_workbook_kept(content, new[name], recalculate, added)
        elif name.endswith("styles.xml"):
            assert_only_appended(name, content, new[name])
        elif name == "[Content_Types].xml" or name.endswith(".rels"):
            assert_only_added(name, content, new[name])
        elif name == "docProps/app.xml" and tab_count(after) > tab_count(before):
            continue  # lists the tabs added
        else:
            # Not `assert new[name] == content`: pytest would diff two whole parts (quadratic,
            # and printed whole on CI machines, where it took many minutes).
            unchanged = new[name] == content
            assert unchanged, f"{name} was changed"
    return checked


def tab_count(data: bytes) -> int:
    return len(list(ET.fromstring(zip_parts(data)["xl/workbook.xml"]).iter(f"{MAIN_NS}sheet")))


def assert_worksheet_kept(name: str, old: bytes, new: bytes) -> None:
    before = [(local(e), xml_of(e)) for e in ET.fromstring(old) if local(e) not in REWRITTEN]
    after = [(local(e), xml_of(e)) for e in ET.fromstring(new) if local(e) not in REWRITTEN]
    assert after == before, f"{name}: the coordinator's settings on the tab changed"


def assert_workbook_kept(old: bytes, new: bytes, recalculate: bool,
                         added: Collection[str]) -> None:
    before, after = ET.fromstring(old), ET.fromstring(new)
    assert before.attrib == after.attrib
    new_children = {local(e) for e in after} - {local(e) for e in before}
    assert new_children <= {"definedNames", "calcPr"}
    for child in before:
        twin = next(e for e in after if local(e) == local(child))
        if local(child) == "sheets":
            assert [xml_of(e) for e in twin][:len(child)] == [xml_of(e) for e in child]
            assert all(e.get("name") in added for e in list(twin)[len(child):])
        elif local(child) == "definedNames":
            assert [xml_of(e) for e in twin][:len(child)] == [xml_of(e) for e in child]
            assert all(e.get("name") == "_xlnm.Print_Titles" for e in list(twin)[len(child):])
        elif local(child) == "calcPr" and recalculate:
            wanted = {**child.attrib, "fullCalcOnLoad": twin.get("fullCalcOnLoad")}
            assert twin.attrib == wanted and twin.get("fullCalcOnLoad") in ("1", "true")
        else:
            assert xml_of(twin) == xml_of(child), local(child)
    if not recalculate:
        calc = next((e for e in after if local(e) == "calcPr"), None)
        was = next((e for e in before if local(e) == "calcPr"), None)
        assert (calc is None) == (was is None)


def assert_only_appended(name: str, old: bytes, new: bytes) -> None:
    before, after = ET.fromstring(old), ET.fromstring(new)
    for section in before:
        twin = next(e for e in after if local(e) == local(section))
        assert [xml_of(e) for e in twin][:len(section)] == [xml_of(e) for e in section], (
            f"{name}: {local(section)} changed")


def assert_only_added(name: str, old: bytes, new: bytes) -> None:
    after = {xml_of(e) for e in ET.fromstring(new)}
    lost = [xml_of(e) for e in ET.fromstring(old) if xml_of(e) not in after
            and b"calcChain" not in xml_of(e)]  # a rebuilt chain is dropped, see below
    assert not lost, f"{name} lost {lost}"


# -- the coordinator's columns on Pairings --------------------------------------------------


def reject_a_pair(path: Path) -> None:
    """The coordinator turns down a proposed pair: the next sync rewrites Pairings."""
    book = openpyxl.load_workbook(path)
    sheet = book["Pairings"]
    status = [c.value for c in sheet[1]].index("Status")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[status].value == "Proposed")
    row[status].value = "Rejected"
    book.save(path)


def pairings_cells(path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(path)["Pairings"]


def column_of(sheet, title: str) -> str:
    header = [c.value for c in sheet[1]]
    return openpyxl.utils.get_column_letter(header.index(title) + 1)


def test_coordinator_columns_keep_formulas_formats_dropdowns_and_highlights(tmp_path: Path):
    path = synced(tmp_path / "program.xlsx")
    rows = add_coordinator_columns(path)
    for day in (1, 2):  # two writes of Pairings: each one must keep them
        reject_a_pair(path)
        report = app.sync_workbook(str(path), DAY + dt.timedelta(days=day), keep_backups=0)
        assert report.outcome.changes["Pairings"].any
        sheet = pairings_cells(path)
        matched, score = column_of(sheet, "Matched On"), column_of(sheet, "Score")
        review, priority = column_of(sheet, "Review by"), column_of(sheet, "Priority")
        flag, share, days = (column_of(sheet, t) for t in ("Flag", "Share", "Days"))
        for r in range(2, rows + 2):  # the rows of the pairs the coordinator saw
            assert sheet[f"{review}{r}"].value == f"={matched}{r}+30"
            assert sheet[f"{review}{r}"].number_format == "d mmm"
            assert sheet[f"{flag}{r}"].value == f'=IF({priority}{r}="High","call first","")'
            assert sheet[f"{share}{r}"].value == f"={score}{r}/100"
            assert sheet[f"{share}{r}"].number_format == "0.0%"
            assert sheet[f"{days}{r}"].value == r * 7
            assert sheet[f"{days}{r}"].number_format == '0" days"'
            assert sheet[f"{score}{r}"].number_format == "0.0"
        lists = [(v.formula1, str(v.sqref)) for v in sheet.data_validations.dataValidation]
        assert (PRIORITIES, f"{priority}2:{priority}500") in lists
        status = column_of(sheet, "Status")
        assert sum(str(sqref).startswith(f"{status}2:") for _, sqref in lists) == 1
        ranges = [str(cf.sqref) for cf in sheet.conditional_formatting]
        assert f"{priority}2:{priority}500" in ranges
        assert sum(r.startswith(f"{status}2:") for r in ranges) == 1
    # Formulas on a rewritten tab may read cells the sync changed: Excel works them out anew.
    assert b'fullCalcOnLoad="1"' in zip_parts(path)["xl/workbook.xml"]


def test_a_column_the_engine_moves_takes_its_formulas_dropdowns_and_highlights(tmp_path):
    # The engine lays out its own columns first: a column of the coordinator's between them
    # (or a standard column new to an older workbook) moves theirs. What points at a column
    # must point where it went, as when Excel inserts a column.
    path = synced(tmp_path / "program.xlsx")
    rows = add_coordinator_columns(path)
    backend = ExcelBackend(path)
    table = backend.read().get("Pairings")
    notes = table.column("Coordinator Notes")
    order = [i for i in range(len(table.header)) if i != notes] + [notes]  # Notes goes last
    moved = Table("Pairings", [table.header[i] for i in order],
                  [[row[i] for i in order] for row in table.rows])
    backend.write([Sheet(moved, FORMATS["Pairings"])])
    sheet = pairings_cells(path)
    assert column_of(sheet, "Coordinator Notes") == openpyxl.utils.get_column_letter(len(order))
    matched, score = column_of(sheet, "Matched On"), column_of(sheet, "Score")
    review, priority = column_of(sheet, "Review by"), column_of(sheet, "Priority")
    flag, share = column_of(sheet, "Flag"), column_of(sheet, "Share")
    assert priority != openpyxl.utils.get_column_letter(table.column("Priority") + 1)
    for r in range(2, rows + 2):
        assert sheet[f"{review}{r}"].value == f"={matched}{r}+30"
        assert sheet[f"{flag}{r}"].value == f'=IF({priority}{r}="High","call first","")'
        assert sheet[f"{share}{r}"].value == f"={score}{r}/100"
        assert sheet[f"{share}{r}"].number_format == "0.0%"
    lists = [(v.formula1, str(v.sqref)) for v in sheet.data_validations.dataValidation]
    assert (PRIORITIES, f"{priority}2:{priority}500") in lists
    assert f"{priority}2:{priority}500" in [str(cf.sqref) for cf in sheet.conditional_formatting]


def test_shared_formulas_are_kept_as_formulas_of_their_own(tmp_path: Path):
    # Excel writes a formula filled down a column once, "shared" by the cells below.
    path = synced(tmp_path / "program.xlsx")
    part = sheet_part(path, "Pairings")
    xml = sheet_xml(path, "Pairings").decode()
    header = re.search(r'<row r="1"[^>]*>.*?</row>', xml).group(0)
    column = chr(ord("A") + header.count("<c "))
    cells = {1: f'<c r="{column}1" t="inlineStr"><is><t>Twice</t></is></c>',
             2: f'<c r="{column}2"><f t="shared" ref="{column}2:{column}4" si="0">F2*2</f>'
                "<v>2</v></c>",
             3: f'<c r="{column}3"><f t="shared" si="0"/><v>4</v></c>',
             4: f'<c r="{column}4"><f t="shared" si="0"/><v>6</v></c>'}
    for number, cell in cells.items():
        row = re.search(rf'<row r="{number}"[^>]*>.*?</row>', xml).group(0)
        xml = xml.replace(row, row[:-6] + cell + "</row>")
    edit_zip(path, {part: xml.encode()}, {})
    backend = ExcelBackend(path)
    backend.write([Sheet(backend.read().get("Pairings"), FORMATS["Pairings"])])
    sheet = pairings_cells(path)
    assert [sheet[f"{column}{r}"].value for r in (2, 3, 4)] == ["=F2*2", "=F3*2", "=F4*2"]
    written = sheet_xml(path, "Pairings").decode()
    assert b't="shared"' not in written.encode()
    assert re.search(rf'<c r="{column}3"[^>]*><f>F3\*2</f><v>4</v></c>', written)


def test_a_formula_is_replaced_when_the_engine_writes_another_value(tmp_path: Path):
    path = synced(tmp_path / "program.xlsx")
    book = openpyxl.load_workbook(path)
    score = column_of(book["Pairings"], "Score")
    book["Pairings"][f"{score}2"] = "=1+1"  # no saved result: reads blank, the score differs
    book.save(path)
    app.sync_workbook(str(path), DAY + dt.timedelta(days=1), keep_backups=0)
    value = pairings_cells(path)[f"{score}2"].value
    assert isinstance(value, int | float)


# -- how Excel calculates and which tab it shows ----------------------------------------------


def test_a_write_leaves_the_calculation_settings_and_every_other_part_alone(tmp_path: Path):
    path = synced(tmp_path / "program.xlsx")
    before = path.read_bytes()
    assert b"fullCalcOnLoad" not in zip_parts(before)["xl/workbook.xml"]
    assert app.sync_workbook(str(path), DAY + dt.timedelta(days=1), keep_backups=0).written
    checked = assert_kept_exactly(before, path.read_bytes())
    assert zip_parts(path)["xl/workbook.xml"] == zip_parts(before)["xl/workbook.xml"]
    assert len(checked) > 20


def test_only_formulas_that_read_a_rewritten_tab_make_excel_recalculate(tmp_path: Path):
    path = synced(tmp_path / "program.xlsx")
    book = openpyxl.load_workbook(path)
    book["Start Here"]["F1"] = "=COUNTA('Sync Log'!A:A)-1"
    book.save(path)
    edit_zip(path, {}, {"xl/workbook.xml": (b' fullCalcOnLoad="1"', b"")})
    before = path.read_bytes()
    app.sync_workbook(str(path), DAY + dt.timedelta(days=1), keep_backups=0)
    assert_kept_exactly(before, path.read_bytes(), recalculate=True)


@pytest.mark.parametrize(("xml", "holds"), [
    (b"<c r='A1'><f>1+1</f></c>", True), (b"<c><f t='shared' si='0'/></c>", True),
    (b"<x:c><x:f>A1</x:f></x:c>", True), (b"<c><f\n>A1</f></c>", True),
    (b"<dataValidation><formula1>$A$1</formula1></dataValidation>", False),
    (b"<x14:formula><xm:f2>1</xm:f2></x14:formula>", False), (b"<c><v>1</v></c>", False)])
def test_tabs_without_formula_cells_are_passed_over(xml: bytes, holds: bool):
    # Only a tab that may hold a formula cell is searched for formulas reading a rewritten one.
    assert _may_hold_formulas(xml) is holds


@pytest.mark.parametrize(("tab", "index"), [("Settings", b"1"), ("Pairings", b"7")])
def test_the_tab_the_coordinator_left_shown_and_its_views_stay(tmp_path: Path, tab, index):
    path = synced(tmp_path / "program.xlsx")
    shown, start = sheet_part(path, tab), sheet_part(path, "Start Here")
    edit_zip(path, {}, {"xl/workbook.xml": (b'activeTab="0"', b'activeTab="' + index + b'"'),
                        start: (b' tabSelected="1"', b""),
                        shown: (b"<sheetView ", b'<sheetView tabSelected="1" zoomScale="90" ')})
    reject_a_pair(path)  # Pairings is rewritten too
    before = path.read_bytes()
    report = app.sync_workbook(str(path), DAY + dt.timedelta(days=1), keep_backups=0)
    assert report.outcome.changes["Pairings"].any
    after = path.read_bytes()
    assert_kept_exactly(before, after)
    assert zip_parts(after)["xl/workbook.xml"] == zip_parts(before)["xl/workbook.xml"]
    assert b'tabSelected="1" zoomScale="90"' in zip_parts(after)[shown]
    assert b"tabSelected" not in zip_parts(after)[start]


def test_panes_the_coordinator_froze_in_pairings_stay_frozen(tmp_path: Path):
    path = synced(tmp_path / "program.xlsx")
    pairings = sheet_part(path, "Pairings")
    frozen = re.search(rb"<pane [^>]*/>", zip_parts(path)[pairings]).group()
    theirs = (b'<pane xSplit="2" ySplit="1" topLeftCell="C2" activePane="bottomRight" '
              b'state="frozen"/>')
    edit_zip(path, {}, {pairings: (frozen, theirs)})
    reject_a_pair(path)  # Pairings is rewritten
    report = app.sync_workbook(str(path), DAY + dt.timedelta(days=1), keep_backups=0)
    assert report.outcome.changes["Pairings"].any
    assert b'xSplit="2" ySplit="1" topLeftCell="C2"' in zip_parts(path)[pairings]


@pytest.mark.parametrize("tab", ["Start Here", "Mentees"])
def test_kept_exactly_catches_a_change(tmp_path: Path, tab: str):
    # The checker itself: a one-byte change in a coordinator's tab is caught.
    path = synced(tmp_path / "program.xlsx")
    before = path.read_bytes()
    edit_zip(path, {}, {sheet_part(path, tab): (b"<c ", b"<c  ")})
    with pytest.raises(AssertionError):
        assert_kept_exactly(before, path.read_bytes())
