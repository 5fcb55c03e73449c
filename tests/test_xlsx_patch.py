"""The zip-level writer: only the engine's tabs (and the few package parts that list them)
change; everything else in the workbook -- shapes, sparklines, slicers, other tabs, their
styles -- is carried over byte for byte, and what is written reads back right."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill
from test_excel_backend import (
    coordinator_workbook,
    dashboard,
    edit_zip,
    formatted_pairings,
    pairings,
    sheet_part,
    sheet_xml,
)

from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.model import Sheet, Table

MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# The parts that list the tabs and their formats; every other part not of an owned tab must
# come out byte-identical.
PACKAGE_LEVEL = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                 "xl/styles.xml", "docProps/app.xml"}


def zip_parts(source: Path | bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_infos(path: Path) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: info for info in archive.infolist()}


def assert_untouched(before: dict[str, bytes], after: dict[str, bytes],
                     rewritten: set[str]) -> None:
    for name, content in before.items():
        if name in PACKAGE_LEVEL or name in rewritten:
            continue
        assert name in after, f"{name} was dropped"
        assert after[name] == content, f"{name} was changed"


def children(xml: bytes) -> list[str]:
    return [element.tag.rpartition("}")[2] for element in ET.fromstring(xml)]


# -- what openpyxl could not carry over, carried over ---------------------------------------

DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
X14_NS = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM_NS = "http://schemas.microsoft.com/office/excel/2006/main"
SHAPE_DRAWING = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<xdr:wsDr xmlns:xdr="{DRAWING_NS}" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:twoCellAnchor>'
    "<xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>"
    "<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff>"
    "<xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
    '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1"/>'
    '<xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="rect"><a:avLst/>'
    "</a:prstGeom></xdr:spPr><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>Remember to call Ann</a:t>"
    "</a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>"
).encode()
SHEET_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdShape" Target="../drawings/{}" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"/>'
    "</Relationships>"
)
SPARKLINES = (
    f'<extLst><ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14_NS}">'
    f'<x14:sparklineGroups xmlns:xm="{XM_NS}"><x14:sparklineGroup displayEmptyCellsAs="gap">'
    '<x14:colorSeries rgb="FF376092"/><x14:sparklines><x14:sparkline>'
    "<xm:f>Mentors!C2:C3</xm:f><xm:sqref>F2</xm:sqref></x14:sparkline></x14:sparklines>"
    "</x14:sparklineGroup></x14:sparklineGroups></ext></extLst>"
).encode()
X14_VALIDATION = (
    f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14_NS}">'
    f'<x14:dataValidations count="1" xmlns:xm="{XM_NS}">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1>'
    "<xm:f>Settings!$A$2:$A$5</xm:f></x14:formula1><xm:sqref>C2:C50</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext></extLst>"
).encode()


def add_shape(path: Path, tab: str) -> str:
    """Draw a text box on a tab (as Excel would: a drawing part); the drawing's part name."""
    part = sheet_part(path, tab)
    folder, name = part.rsplit("/", 1)
    taken = set(zip_parts(path))
    drawing = next(f"xl/drawings/drawing{n}.xml" for n in range(1, 99)
                   if f"xl/drawings/drawing{n}.xml" not in taken)
    link = (
        b'<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        b' r:id="rIdShape"/></worksheet>'
    )
    override = (
        f'<Override PartName="/{drawing}" '
        'ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>'
    ).encode()
    rels = SHEET_RELS.format(drawing.rsplit("/", 1)[1]).encode()
    edit_zip(
        path,
        {drawing: SHAPE_DRAWING, f"{folder}/_rels/{name}.rels": rels},
        {part: (b"</worksheet>", link), "[Content_Types].xml": (b"</Types>", override)},
    )
    return drawing


def add_sheet_extension(path: Path, tab: str, extension: bytes) -> None:
    edit_zip(path, {}, {sheet_part(path, tab): (b"</worksheet>", extension + b"</worksheet>")})


def add_dynamic_array(path: Path) -> None:
    part = sheet_part(path, "Mentors")
    edit_zip(path, {"xl/metadata.xml": b"<metadata/>"}, {part: (b'<c r="E2"', b'<c r="E2" cm="1"')})


@pytest.mark.parametrize(
    ("damage", "kept"),
    [
        (lambda p: add_shape(p, "Notes"), "xl/drawings/drawing1.xml"),
        (lambda p: add_sheet_extension(p, "Mentors", SPARKLINES), "sparklineGroup"),
        (lambda p: add_sheet_extension(p, "Mentors", X14_VALIDATION), "x14:dataValidation"),
        (lambda p: edit_zip(p, {"xl/threadedComments/threadedComment1.xml": b"<x/>"}, {}),
         "xl/threadedComments/threadedComment1.xml"),
        (lambda p: edit_zip(p, {"xl/slicers/slicer1.xml": b"<x/>"}, {}), "xl/slicers/slicer1.xml"),
        (lambda p: edit_zip(p, {"xl/embeddings/oleObject1.bin": b"\0"}, {}),
         "xl/embeddings/oleObject1.bin"),
        (lambda p: edit_zip(p, {"xl/model/item.data": b"\0"}, {}), "xl/model/item.data"),
        (add_dynamic_array, 'cm="1"'),
    ],
)
def test_what_openpyxl_would_drop_is_carried_over_byte_for_byte(tmp_path: Path, damage,
                                                                 kept: str) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    damage(path)
    before = zip_parts(path)

    ExcelBackend(path).write([pairings(), dashboard()])

    after = zip_parts(path)
    assert_untouched(before, after, {sheet_part(path, "Pairings")})
    assert any(name == kept or kept.encode() in content for name, content in after.items())
    assert ExcelBackend(path).read().get("Pairings").rows[0][0] == "P-001"


def test_a_shape_drawn_on_an_owned_tab_stays_on_it(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    drawing = add_shape(path, "Pairings")
    before = zip_parts(path)
    ExcelBackend(path).write([Sheet(pairings().table, dashboard().format)])  # wants a chart
    after = zip_parts(path)
    assert_untouched(before, after, {sheet_part(path, "Pairings")})
    assert b'<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/' \
           b'relationships" r:id="rIdShape"/>' in after[sheet_part(path, "Pairings")]
    assert after[drawing] == SHAPE_DRAWING and not any(n.startswith("xl/charts/") for n in after)


def test_every_part_but_the_owned_tabs_is_byte_identical(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    add_shape(path, "Notes")
    before = zip_parts(path)
    kept = set(before) - PACKAGE_LEVEL - {sheet_part(path, "Pairings")}
    old = {name: info for name, info in zip_infos(path).items() if name in kept}
    log = Sheet(Table("Sync Log", ["When"], [[dt.datetime(2024, 1, 1, 9)]]))

    ExcelBackend(path).write([formatted_pairings(), dashboard(), log])

    after = zip_parts(path)
    assert_untouched(before, after, {sheet_part(path, "Pairings")})
    added = set(after) - set(before)
    assert {n for n in added if n.startswith("xl/worksheets/sheet")} == {
        sheet_part(path, "Dashboard"), sheet_part(path, "Sync Log")}
    assert openpyxl.load_workbook(path).sheetnames == [
        "Settings", "Mentors", "Pairings", "Notes", "Dashboard", "Sync Log"]
    # ...and copied as stored, without being inflated and deflated again
    stored = {name: (info.CRC, info.compress_size) for name, info in zip_infos(path).items()}
    assert {n: stored[n] for n in kept} == {n: (i.CRC, i.compress_size) for n, i in old.items()}


# -- values and types ---------------------------------------------------------------------

TYPED = [
    ["Date", "When", "Time", "Flag", "Count", "Ratio", "NaN", "Inf", "Text", "Blank", "Lead",
     "Escape", "Markup", "Big", "NumPy"],
    [dt.date(2024, 3, 1), dt.datetime(2024, 3, 2, 17, 45, tzinfo=ZoneInfo("America/New_York")),
     dt.time(9, 15), True, 3, 2.5, float("nan"), float("-inf"), "=1+1", "   ", " lead\nmore ",
     "_x0041_", 'a & <b> "c"', 10**12, np.int64(7)],
    [dt.date(1900, 1, 5), dt.datetime(2024, 3, 2), None, False, -7, 0.1, None, None, "+1+1",
     "", "tab\there", "x", "'", -(10**15), np.float64(1.25)],
]


def test_values_read_back_with_their_types(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    sheet = Sheet(Table("Pairings", TYPED[0], [list(r) for r in TYPED[1:]]))
    backend = ExcelBackend(path)
    backend.write([sheet])

    read = backend.read().get("Pairings")
    assert read is not None
    assert read.rows[0] == [dt.date(2024, 3, 1), dt.datetime(2024, 3, 2, 17, 45), dt.time(9, 15),
                            True, 3, 2.5, None, None, "=1+1", None, " lead\nmore ", "_x0041_",
                            'a & <b> "c"', 10**12, 7]
    assert read.rows[1] == [dt.date(1900, 1, 5), dt.date(2024, 3, 2), None, False, -7, 0.1, None,
                            None, "+1+1", None, "tab\there", "x", "'", -(10**15), 1.25]
    ws = openpyxl.load_workbook(path)["Pairings"]
    assert ws["A2"].value == dt.datetime(2024, 3, 1) and ws["A2"].number_format == "yyyy-mm-dd"
    assert ws["B2"].number_format == "yyyy-mm-dd hh:mm" and ws["C2"].number_format == "hh:mm"
    assert (ws["D2"].data_type, ws["I2"].data_type, ws["I2"].value) == ("b", "s", "=1+1")
    assert ws["K2"].value == " lead\nmore " and ws["M2"].value == 'a & <b> "c"'
    xml = sheet_xml(path, "Pairings")
    assert not re.search(rb"<f[ >/]", xml)
    assert b'<t xml:space="preserve"> lead' in xml


def test_numbers_are_written_in_their_shortest_exact_form(tmp_path: Path) -> None:
    """78.6 as "78.6" (not 78.59999999999999) and every float back bit for bit."""
    floats = [78.6, 0.1 + 0.2, 1e-7, 2.5e17, 46023.395833333336]
    path = coordinator_workbook(tmp_path / "program.xlsx")
    table = Table("Pairings", [f"N{k}" for k in range(len(floats) + 1)],
                  [[*floats, 12345678901234567]])
    backend = ExcelBackend(path)
    backend.write([Sheet(table)])
    xml = sheet_xml(path, "Pairings")
    assert b"<v>78.6</v>" in xml and b"<v>12345678901234567</v>" in xml
    ws = openpyxl.load_workbook(path)["Pairings"]
    assert [ws.cell(row=2, column=k + 1).value for k in range(len(floats))] == floats


def test_a_header_cell_is_bold_on_a_fill_even_when_blank(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    ExcelBackend(path).write([Sheet(Table("Pairings", ["Pair ID", "", "Notes"], [["P-1"]]))])
    ws = openpyxl.load_workbook(path)["Pairings"]
    assert all(ws[c].font.bold and ws[c].fill.fgColor.rgb == "FFDDEBF7" for c in ("A1", "B1", "C1"))
    assert ws["A2"].value == "P-1" and not ws["A2"].font.bold


# -- styles ---------------------------------------------------------------------------------


def styled_workbook(path: Path) -> Path:
    coordinator_workbook(path)
    book = openpyxl.load_workbook(path)
    mentors = book["Mentors"]
    mentors["A1"].font = Font(bold=True, color="FFC00000")
    mentors["A1"].fill = PatternFill("solid", start_color="FFFFFF00", end_color="FFFFFF00")
    mentors["C2"].number_format = "0.00%"
    book.save(path)
    return path


def cell_styles(path: Path, tab: str) -> dict[str, tuple]:
    ws = openpyxl.load_workbook(path)[tab]
    return {c.coordinate: (c.style_id, c.font.b, c.font.color and c.font.color.rgb,
                           c.fill.fgColor.rgb, c.number_format)
            for row in ws.iter_rows() for c in row}


def xf_list(path: Path, section: str) -> list[bytes]:
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read("xl/styles.xml"))
    found = root.find(MAIN_NS + section)
    return [] if found is None else [ET.tostring(item) for item in found]


def test_untouched_cells_keep_their_style_and_styles_are_only_appended(tmp_path: Path) -> None:
    path = styled_workbook(tmp_path / "program.xlsx")
    before = cell_styles(path, "Mentors")
    sections = {s: xf_list(path, s) for s in ("cellXfs", "fonts", "fills", "numFmts", "dxfs")}

    ExcelBackend(path).write([formatted_pairings(), dashboard()])

    assert cell_styles(path, "Mentors") == before
    assert before["A1"][1:4] == (True, "FFC00000", "FFFFFF00")
    for section, old in sections.items():
        new = xf_list(path, section)
        assert new[:len(old)] == old, section
    assert len(xf_list(path, "cellXfs")) > len(sections["cellXfs"])


def test_styles_do_not_grow_sync_after_sync(tmp_path: Path) -> None:
    path = styled_workbook(tmp_path / "program.xlsx")
    log = Sheet(Table("Sync Log", ["When"], [[dt.datetime(2024, 1, 1, 9)]]))
    backend = ExcelBackend(path, keep_backups=0)
    backend.write([formatted_pairings(), dashboard(), log])
    styles = zip_parts(path)["xl/styles.xml"]
    for rows in (2, 5):
        backend.write([Sheet(pairings(rows).table, formatted_pairings().format), dashboard(), log])
        assert zip_parts(path)["xl/styles.xml"] == styles
