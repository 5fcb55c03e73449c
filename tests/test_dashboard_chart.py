"""The Dashboard's chart counts in whole numbers: in an .xlsx its value axis marks every count
while the counts are small (not 0, 0.2, 0.4 ... for one or two pairs) and leaves the spacing
to the application once they are large, in a format without decimals; a chart an older version
drew, or one restyled, is left as it is. On Google Sheets, whose API sets no tick spacing, the
axis starts at zero."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import GoogleWorkbook
from test_excel_backend import coordinator_workbook, dashboard, edit_zip
from test_xlsx_patch import zip_parts

from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.model import Sheet, Table

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


def value_axis(path: Path) -> tuple[str | None, str | None]:
    """The chart's value axis: (its major unit, its number format)."""
    (chart,) = [c for n, c in zip_parts(path).items() if n.startswith("xl/charts/")]
    axis = ET.fromstring(chart).find(f"{C}chart/{C}plotArea/{C}valAx")
    assert axis is not None
    unit, shown = axis.find(f"{C}majorUnit"), axis.find(f"{C}numFmt")
    return (None if unit is None else unit.get("val"),
            None if shown is None else shown.get("formatCode"))


def counts(*pairs: int) -> Sheet:
    sheet = dashboard()
    rows = [[label, n] for label, n in zip(("Active", "Paused", "Ended"), pairs, strict=True)]
    return Sheet(Table("Dashboard", sheet.table.header, rows), sheet.format)


def test_an_xlsx_chart_counts_one_by_one_until_the_counts_grow(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    backend = ExcelBackend(path, keep_backups=0)
    backend.write([counts(1, 0, 2)])
    assert value_axis(path) == ("1", "0")
    backend.write([counts(250, 12, 40)])  # a mark for each would crowd the axis
    assert value_axis(path) == (None, "0")
    backend.write([counts(3, 1, 2)])
    assert value_axis(path) == ("1", "0")


def test_an_xlsx_chart_an_older_version_drew_keeps_its_look(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    backend = ExcelBackend(path, keep_backups=0)
    backend.write([counts(1, 0, 2)])
    (name,) = [n for n in zip_parts(path) if n.startswith("xl/charts/")]
    older = (zip_parts(path)[name].replace(b'<c:majorUnit val="1"/>', b"")
             .replace(b'formatCode="0" sourceLinked="0"', b'formatCode="General" '
                      b'sourceLinked="1"'))
    edit_zip(path, {name: older}, {})
    for sheet in (counts(2, 1, 0), counts(250, 12, 40)):
        ExcelBackend(path, keep_backups=0).write([sheet])
        assert zip_parts(path)[name] == older


def test_a_google_sheets_chart_starts_at_zero(sheets_api) -> None:
    book = GoogleWorkbook(sheets_api).new(sample=10)
    (chart,) = sheets_api.charts(book.id, "Dashboard")
    axis = chart["spec"]["basicChart"]["axis"]
    assert axis == [{"position": "BOTTOM_AXIS",
                     "viewWindowOptions": {"viewWindowMin": 0, "viewWindowMode": "EXPLICIT"}}]
