"""The patch writer on whole tabs: Excel tables, the calculation chain, new and hidden tabs,
the chart, and what the coordinator set on an owned tab; odd and damaged packages."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import openpyxl
import pytest
from office import convert, needs_libreoffice
from openpyxl.worksheet.table import Table as ExcelTable
from test_excel_backend import (
    coordinator_workbook,
    dashboard,
    edit_zip,
    formatted_pairings,
    pairings,
    sheet_part,
    sheet_xml,
)
from test_xlsx_patch import MAIN_NS, children, zip_parts

from sheets_sync import app
from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.backends.xlsx.new import empty_workbook
from sheets_sync.backends.xlsx.patch import patch_workbook
from sheets_sync.backends.xlsx.sheet import ORDER
from sheets_sync.errors import WorkbookAccessError
from sheets_sync.model import Sheet, SheetFormat, Table

# -- Excel tables, calculation chain, new and hidden tabs -----------------------------------


def with_tables(path: Path, *tables: tuple[str, str]) -> Path:
    coordinator_workbook(path)
    book = openpyxl.load_workbook(path)
    for name, ref in tables:
        for cell in book["Pairings"][ref][0]:
            cell.value = cell.value or f"{name} {cell.column}"
        book["Pairings"].add_table(ExcelTable(displayName=name, ref=ref))
    book.save(path)
    return path


def table_parts(path: Path) -> dict[str, bytes]:
    return {n: c for n, c in zip_parts(path).items() if n.startswith("xl/tables/")}


def test_a_table_on_an_owned_tab_is_refitted_and_a_second_one_dropped(tmp_path: Path) -> None:
    path = with_tables(tmp_path / "program.xlsx", ("Pairs", "A1:B4"), ("Extra", "D1:E2"))
    first, second = sorted(table_parts(path))

    ExcelBackend(path).write([pairings(5)])

    assert list(table_parts(path)) == [first]
    table = openpyxl.load_workbook(path)["Pairings"].tables["Pairs"]
    assert table.ref == "A1:D6" and table.autoFilter.ref == "A1:D6"
    assert [c.name for c in table.tableColumns] == ["Pair ID", "Mentee", "Status", "Why"]
    parts = zip_parts(path)
    rels = parts[sheet_part(path, "Pairings").replace("worksheets/", "worksheets/_rels/") + ".rels"]
    assert second.rsplit("/", 1)[1].encode() not in rels
    assert second.encode() not in parts["[Content_Types].xml"]
    assert sheet_xml(path, "Pairings").count(b"<tablePart ") == 1


def test_a_table_the_new_header_cannot_name_is_dropped(tmp_path: Path) -> None:
    path = with_tables(tmp_path / "program.xlsx", ("Pairs", "A1:B4"))
    ExcelBackend(path).write([Sheet(Table("Pairings", ["ID", "id"], [["a", "b"]]))])
    assert table_parts(path) == {}
    assert b"tablePart" not in sheet_xml(path, "Pairings")
    assert openpyxl.load_workbook(path)["Pairings"].tables == {}


CALC_CHAIN = (b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<c r="E2" i="2"/><c r="B2" i="3"/></calcChain>')


def with_calc_chain(path: Path, formula_on_pairings: bool) -> Path:
    coordinator_workbook(path)
    if formula_on_pairings:
        book = openpyxl.load_workbook(path)
        book["Pairings"]["B2"] = "=1+1"
        book.save(path)
    rel = (b'<Relationship Id="rIdChain" Target="calcChain.xml" Type="http://schemas.openxml'
           b'formats.org/officeDocument/2006/relationships/calcChain"/></Relationships>')
    override = (b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxml'
                b'formats-officedocument.spreadsheetml.calcChain+xml"/></Types>')
    edit_zip(path, {"xl/calcChain.xml": CALC_CHAIN},
             {"xl/_rels/workbook.xml.rels": (b"</Relationships>", rel),
              "[Content_Types].xml": (b"</Types>", override)})
    return path


def test_rewriting_a_tab_that_had_formulas_drops_the_calculation_chain(tmp_path: Path) -> None:
    path = with_calc_chain(tmp_path / "program.xlsx", formula_on_pairings=True)
    ExcelBackend(path).write([pairings()])
    parts = zip_parts(path)
    assert "xl/calcChain.xml" not in parts
    assert b"calcChain" not in parts["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in parts["[Content_Types].xml"]
    assert openpyxl.load_workbook(path)["Mentors"]["E2"].value == "=SUM(C2:C3)"


def test_the_calculation_chain_stays_when_no_rewritten_tab_had_formulas(tmp_path: Path) -> None:
    path = with_calc_chain(tmp_path / "program.xlsx", formula_on_pairings=False)
    ExcelBackend(path).write([pairings()])
    assert zip_parts(path)["xl/calcChain.xml"] == CALC_CHAIN
    assert b'fullCalcOnLoad="1"' in zip_parts(path)["xl/workbook.xml"]


APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft '
    b"Excel</Application><HeadingPairs><vt:vector size=\"2\" baseType=\"variant\"><vt:variant>"
    b"<vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>4</vt:i4></vt:variant>"
    b'</vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="4" baseType="lpstr">'
    b"<vt:lpstr>Settings</vt:lpstr><vt:lpstr>Mentors</vt:lpstr><vt:lpstr>Pairings</vt:lpstr>"
    b"<vt:lpstr>Notes</vt:lpstr></vt:vector></TitlesOfParts></Properties>"
)


def test_new_tabs_are_appended_with_their_own_ids(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    edit_zip(path, {"docProps/app.xml": APP_XML}, {})
    ExcelBackend(path).write([dashboard(), Sheet(Table("Sync Log", ["When"]))])

    parts = zip_parts(path)
    book = ET.fromstring(parts["xl/workbook.xml"])
    sheets = [(e.get("name"), e.get("sheetId")) for e in book.iter(f"{MAIN_NS}sheet")]
    assert [name for name, _ in sheets][-2:] == ["Dashboard", "Sync Log"]
    assert len({number for _, number in sheets}) == len(sheets)
    for tab in ("Dashboard", "Sync Log"):
        assert f'PartName="/{sheet_part(path, tab)}"'.encode() in parts["[Content_Types].xml"]
    app = parts["docProps/app.xml"]
    assert b"<vt:i4>6</vt:i4>" in app and b'<vt:vector size="6" baseType="lpstr">' in app
    assert app.endswith(b"<vt:lpstr>Dashboard</vt:lpstr><vt:lpstr>Sync Log</vt:lpstr>"
                        b"</vt:vector></TitlesOfParts></Properties>")


def test_a_hidden_tab_is_hidden_and_never_left_shown(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    book = openpyxl.load_workbook(path)
    book.active = book.sheetnames.index("Pairings")
    book.save(path)
    settings_before = sheet_xml(path, "Settings")

    ExcelBackend(path).write([Sheet(pairings().table, SheetFormat(hidden=True))])

    book = openpyxl.load_workbook(path)
    assert book["Pairings"].sheet_state == "hidden"
    assert not book["Pairings"].sheet_view.tabSelected
    assert book.active.title == "Settings" and book["Settings"].sheet_view.tabSelected
    after = sheet_xml(path, "Settings")  # only its view's selected mark changed
    assert after.replace(b' tabSelected="1"', b"") == settings_before.replace(
        b' tabSelected="1"', b"")


def test_the_chart_is_drawn_once_and_survives_later_syncs(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    backend = ExcelBackend(path, keep_backups=0)
    backend.write([dashboard()])
    drawn = {n: c for n, c in zip_parts(path).items() if n.startswith(("xl/drawings/",
                                                                        "xl/charts/"))}
    assert sorted(drawn) == ["xl/charts/chart1.xml", "xl/drawings/_rels/drawing1.xml.rels",
                             "xl/drawings/drawing1.xml"]
    assert b"<c:f>'Dashboard'!$B$2:$B$4</c:f>" in drawn["xl/charts/chart1.xml"]
    assert len(openpyxl.load_workbook(path)["Dashboard"]._charts) == 1

    table = Table("Dashboard", ["Status", "Pairs"], [["Active", 9], ["Paused", 0], ["Ended", 1]])
    backend.write([Sheet(table, dashboard().format)])

    parts = zip_parts(path)
    assert {n: parts[n] for n in drawn} == drawn
    assert not [n for n in parts if n.startswith("xl/charts/") and n not in drawn]
    assert backend.read().get("Dashboard") == table


def test_a_second_sync_with_nothing_new_leaves_the_file_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "program.xlsx"
    today = dt.date(2026, 11, 24)
    app.new_workbook(str(path), "general", sample=40, today=dt.date(2026, 11, 25))
    assert app.sync_workbook(str(path), today, keep_backups=0).written
    content = path.read_bytes()
    assert not app.sync_workbook(str(path), today, keep_backups=0).written
    assert path.read_bytes() == content


# -- what the coordinator set on an owned tab, odd and damaged packages ---------------------


def test_the_coordinators_settings_on_an_owned_tab_stay(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book["Pairings"]
    ws.sheet_properties.tabColor = "FF00B050"
    ws.column_dimensions["B"].hidden = True
    ws.oddHeader.center.text = "Confidential"
    ws.page_setup.orientation = "landscape"
    ws.merge_cells("C1:D1")
    book.save(path)

    ExcelBackend(path).write([formatted_pairings()])

    ws = openpyxl.load_workbook(path)["Pairings"]
    assert ws.sheet_properties.tabColor.rgb == "FF00B050"
    assert ws.column_dimensions["B"].hidden and ws.column_dimensions["D"].width == 45
    assert ws.oddHeader.center.text == "Confidential"
    assert ws.page_setup.orientation == "landscape"
    assert not ws.merged_cells.ranges
    names = children(sheet_xml(path, "Pairings"))
    ranks = [ORDER.index(n) for n in names]
    assert ranks == sorted(ranks), names


EXCEL_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="http://'
    'schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup'
    '-compatibility/2006" mc:Ignorable="x14ac xr" xmlns:x14ac="http://schemas.microsoft.com/'
    'office/spreadsheetml/2009/9/ac" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml'
    '/2014/revision" xr:uid="{00000000-0001-0000-0000-000000000000}"><sheetPr><tabColor '
    'rgb="FFFF0000"/></sheetPr><dimension ref="A1:B2"/><sheetViews><sheetView tabSelected="1" '
    'zoomScale="120" workbookViewId="0"><selection activeCell="B2" sqref="B2"/></sheetView>'
    '</sheetViews><sheetFormatPr defaultRowHeight="14.4" x14ac:dyDescent="0.3"/><cols><col '
    'min="1" max="2" width="12.6640625" style="0" customWidth="1"/></cols><sheetData><row r="1" '
    'spans="1:2" x14ac:dyDescent="0.3"><c r="A1" t="s"><v>0</v></c><c r="B1"><f>1+1</f><v>2</v>'
    "</c></row></sheetData><mergeCells count=\"1\"><mergeCell ref=\"A3:B3\"/></mergeCells>"
    '<phoneticPr fontId="2" type="noConversion"/><pageMargins left="0.7" right="0.7" top="0.75"'
    ' bottom="0.75" header="0.3" footer="0.3"/><extLst><ext uri="{78C0D931-6437-407d-A8EE-'
    'F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.'
    'com/office/excel/2006/main"><x14:cfRule type="dataBar" id="{1}"><x14:dataBar/></x14:cfRule>'
    "<xm:sqref>B1:B3</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>"
    "</extLst></worksheet>"
)


@pytest.mark.filterwarnings("ignore:Conditional Formatting extension")  # openpyxl's reading
def test_a_tab_excel_wrote_keeps_its_extensions_in_schema_order(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    edit_zip(path, {sheet_part(path, "Pairings"): EXCEL_SHEET.encode()}, {})

    ExcelBackend(path).write([formatted_pairings()])

    xml = sheet_xml(path, "Pairings")
    names = children(xml)
    assert names == ["sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData",
                     "phoneticPr", "conditionalFormatting", "dataValidations", "pageMargins",
                     "extLst"]
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml')
    assert b'mc:Ignorable="x14ac xr"' in xml and b"<x14:dataBar/>" in xml
    assert b'<sheetView tabSelected="1" zoomScale="120" workbookViewId="0"><pane ' in xml
    ws = openpyxl.load_workbook(path)["Pairings"]
    assert ws["A2"].value == "P-001" and ws.sheet_properties.tabColor.rgb == "FFFF0000"
    assert ExcelBackend(path).read().get("Pairings").rows == formatted_pairings().table.rows


def test_a_worksheet_written_with_a_namespace_prefix_is_patched(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    part = sheet_part(path, "Pairings")
    xml = zip_parts(path)[part].decode()
    xml = re.sub(r"<(/?)(?=[a-zA-Z])", r"<\1x:", xml).replace("<x:?xml", "<?xml")
    xml = xml.replace("xmlns=", "xmlns:x=", 1)
    edit_zip(path, {part: xml.encode()}, {})

    ExcelBackend(path).write([formatted_pairings()])

    written = sheet_xml(path, "Pairings")
    assert b"<x:sheetData><x:row" in written and b"<c " not in written
    ws = openpyxl.load_workbook(path)["Pairings"]
    assert ws["A2"].value == "P-001" and ws.freeze_panes == "A2"
    assert len(ws.data_validations.dataValidation) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(b"xl/workbook.xml", b"xl/workbook.xmX"),
        lambda data: zip_with(data, "xl/styles.xml", b"<styleSheet"),
        lambda data: zip_with(data, "xl/workbook.xml", b"<workbook/>"),
    ],
)
def test_a_damaged_workbook_gives_a_clear_error_and_is_left_alone(tmp_path: Path, damage) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    path.write_bytes(damage(path.read_bytes()))
    data = path.read_bytes()
    with pytest.raises(WorkbookAccessError) as caught:
        ExcelBackend(path).write([pairings()])
    assert caught.value.exit_code == 3
    assert "program.xlsx is damaged" in caught.value.message and caught.value.fix
    assert path.read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["program.xlsx"]


def zip_with(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item))
    return out.getvalue()


def test_a_chart_sheet_with_an_owned_tabs_name_is_refused(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    book = openpyxl.load_workbook(path)
    book.create_chartsheet("Dashboard")
    book.save(path)
    with pytest.raises(WorkbookAccessError) as caught:
        ExcelBackend(path).write([dashboard()])
    assert "chart sheet" in caught.value.message and "'Dashboard'" in caught.value.message


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    empty = empty_workbook(dt.datetime(2026, 1, 1))
    first = patch_workbook(empty, [formatted_pairings(), dashboard()])
    assert patch_workbook(empty, [formatted_pairings(), dashboard()]) == first
    made = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for path in made:
        app.new_workbook(str(path), "peer", sample=20, today=dt.date(2026, 11, 25))
    # Byte for byte but the moment of creation, which the two calls may see a second apart.
    first_parts, second_parts = (_without_creation_time(zip_parts(path)) for path in made)
    differ = [name for name in {*first_parts, *second_parts}
              if first_parts.get(name) != second_parts.get(name)]
    assert not differ and list(first_parts) == list(second_parts), differ


def _without_creation_time(parts: dict[str, bytes]) -> dict[str, bytes]:
    stamp = rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
    core = parts["docProps/core.xml"]
    assert len(re.findall(stamp, core)) == 2  # created and modified
    return {**parts, "docProps/core.xml": re.sub(stamp, b"", core)}


@needs_libreoffice
def test_libreoffice_opens_a_synced_workbook_and_saves_it_back(tmp_path: Path) -> None:
    path = tmp_path / "program.xlsx"
    today = dt.date(2026, 11, 24)
    app.new_workbook(str(path), "general", sample=300, today=dt.date(2026, 11, 25))
    app.sync_workbook(str(path), today, keep_backups=0)
    out = tmp_path / "libreoffice"
    convert([path], "xlsx", out)
    ours, theirs = ExcelBackend(path).read(), ExcelBackend(out / "program.xlsx").read()
    for tab in ("Pairings", "Schedule", "Follow-ups", "Dashboard", "Sync Log"):
        assert theirs.get(tab).keys() == ours.get(tab).keys(), tab
    assert len(openpyxl.load_workbook(out / "program.xlsx")["Dashboard"]._charts) == 1


MACRO_MAIN = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
SHEET_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


def test_a_macro_workbook_keeps_its_macros_and_stays_macro_enabled(tmp_path: Path) -> None:
    path = tmp_path / "program.xlsm"
    app.new_workbook(str(tmp_path / "program.xlsx"), "general", sample=30,
                     today=dt.date(2026, 11, 25))
    (tmp_path / "program.xlsx").rename(path)
    macros = b"\xd0\xcf\x11\xe0 a compiled VBA project, kept as it is " * 50
    rel = (b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/'
           b'relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
    edit_zip(path, {"xl/vbaProject.bin": macros},
             {"[Content_Types].xml": (SHEET_MAIN, MACRO_MAIN),
              "xl/_rels/workbook.xml.rels": (b"</Relationships>", rel)})
    edit_zip(path, {}, {"[Content_Types].xml": (b"<Default ", b'<Default Extension="bin" '
                        b'ContentType="application/vnd.ms-office.vbaProject"/><Default ')})
    report = app.sync_workbook(str(path), dt.date(2026, 11, 24), keep_backups=0)
    assert report.outcome.new_pairs
    parts = zip_parts(path)
    assert parts["xl/vbaProject.bin"] == macros
    assert MACRO_MAIN in parts["[Content_Types].xml"]
    assert b"vbaProject.bin" in parts["xl/_rels/workbook.xml.rels"]
    book = openpyxl.load_workbook(path, keep_vba=True)
    assert book.vba_archive is not None and "Pairings" in book.sheetnames
