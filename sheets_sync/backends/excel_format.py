"""The openpyxl side of the Excel backend, without file handling: putting a Table and its
SheetFormat onto a worksheet, and spotting what openpyxl could not carry over on saving."""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.drawing.image import PILImage
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation, DataValidationList
from openpyxl.worksheet.worksheet import Worksheet

from sheets_sync.model import Cell as Value
from sheets_sync.model import Sheet, SheetFormat, Table, is_blank, normalise_header

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"
MAX_CELL_TEXT = 32767  # Excel's limit; longer text makes Excel "repair" the file
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 10.0, 60.0
ESCAPE_LIKE_RE = re.compile(r"_x[0-9A-Fa-f]{4}_")
SPARE_ROWS = 200  # dropdowns/highlights reach below the data so new rows get them too
MIN_RULE_ROWS = 1000

# What openpyxl silently drops on load+save, by where it lives in the .xlsx zip.
LOSSY_PARTS = (
    ("xl/slicers/", "slicers"),
    ("xl/slicerCaches/", "slicers"),
    ("xl/timelines/", "timelines"),
    ("xl/timelineCaches/", "timelines"),
    ("xl/ctrlProps/", "form controls (buttons, check boxes)"),
    ("xl/activeX/", "ActiveX controls"),
    ("xl/embeddings/", "embedded objects"),
    ("xl/threadedComments/", "threaded comments"),
    ("xl/model/", "a data model (Power Pivot)"),
    ("xl/charts/chartEx", "new-style charts (waterfall, treemap, funnel...)"),
    ("xl/richData/", "pictures in cells or linked data types (Stocks, Geography)"),
    ("xl/connections.xml", "data connections (Get Data / Power Query)"),
    ("xl/queryTables/", "data connections (Get Data / Power Query)"),
)
DYNAMIC_ARRAYS = "dynamic-array formulas (FILTER, SORT, UNIQUE...; they would lose their spill)"
SHEET_EXTENSIONS = {
    b"sparklineGroup": "sparklines",
    b"slicerList": "slicers",
    b"timelineRef": "timelines",
    b"dataValidation": "Excel-2010 dropdown lists (for example lists read from another tab)",
    b"conditionalFormatting": "Excel-2010 conditional formatting (data bars, icon sets)",
}
EXTLST_RE = re.compile(rb"<(?:\w+:)?extLst\b.*?</(?:\w+:)?extLst>", re.S)
SHEET_EXT_RE = re.compile(rb"<(?:\w+:)?(" + b"|".join(SHEET_EXTENSIONS) + rb")\b")
SHAPE_RE = re.compile(rb"<(?:\w+:)?(?:sp|grpSp|cxnSp)\b")
PICTURE_RE = re.compile(rb"<(?:\w+:)?pic\b")
SPILL_RE = re.compile(rb"<(?:\w+:)?c\s[^>]*?\bcm=")  # cell metadata = a dynamic array


def inert_text(value: str) -> str:
    """Text that reads back exactly as typed: no XML-illegal characters, one kind of line
    break (a bare CR would come back as LF and make every sync look like a change), and a
    literal "_x0041_" escaped, since Excel and calamine decode that form as a character."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return ESCAPE_LIKE_RE.sub(r"_x005F\g<0>", text[:MAX_CELL_TEXT])


def set_value(cell: Cell, value: Value) -> None:
    """Store one value with the type it has; text is always a string cell, never a formula."""
    if isinstance(value, str):
        cell.value = inert_text(value)
        cell.data_type = "s"  # openpyxl would otherwise turn "=..." into a formula
        return
    if isinstance(value, float) and not math.isfinite(value):
        value = None  # NaN/inf have no Excel form; NaN already means blank in cell_key
    elif isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones; keep the wall time
    cell.value = value
    if isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, dt.time):
        cell.number_format = TIME_FORMAT


def find_tab(book: Workbook, name: str) -> Worksheet | None:
    if name in book.sheetnames:
        return book[name]
    wanted = normalise_header(name)
    for title in book.sheetnames:
        if normalise_header(title) == wanted:
            return book[title]
    return None


def settle_views(book: Workbook) -> None:
    """Excel refuses a workbook whose active or selected tab is hidden."""
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            ws.sheet_view.tabSelected = False
    if visible and book.active not in visible:
        book.active = book.worksheets.index(visible[0])
        visible[0].sheet_view.tabSelected = True


def clear_sheet(ws: Worksheet) -> None:
    """Empty a tab the engine owns, dropping what the previous sync drew on it."""
    if ws.max_row:
        ws.delete_rows(1, ws.max_row)
    ws.merged_cells = MultiCellRange()
    ws.data_validations = DataValidationList()
    ws.conditional_formatting = ConditionalFormattingList()
    ws._charts = []  # no public API; charts are redrawn from SheetFormat.chart


def fill_sheet(ws: Worksheet, sheet: Sheet) -> None:
    """Write the table's values, then its look."""
    table, fmt = sheet.table, sheet.format
    for row_number, row in enumerate(table.grid(), start=1):
        for col_number, value in enumerate(row, start=1):
            if not is_blank(value):  # whitespace-only text would read back blank anyway
                set_value(ws.cell(row=row_number, column=col_number), value)
    apply_format(ws, table, fmt)
    _fit_tables(ws, table)


def apply_format(ws: Worksheet, table: Table, fmt: SheetFormat) -> None:
    width = len(table.header)
    last_rule_row = max(len(table.rows) + 1 + SPARE_ROWS, MIN_RULE_ROWS)
    for col in range(1, width + 1):
        cell = ws.cell(row=1, column=col)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    ws.freeze_panes = f"A{fmt.frozen_rows + 1}" if fmt.frozen_rows > 0 else None
    wrap = {normalise_header(h) for h in fmt.wrap_columns}
    for index, head in enumerate(table.header):
        letter = get_column_letter(index + 1)
        ws.column_dimensions[letter].width = _width(table, index, fmt)
        if normalise_header(head) in wrap:
            for row in range(2, len(table.rows) + 2):
                ws.cell(row=row, column=index + 1).alignment = WRAP
    if fmt.bold_first_column and width:
        for row in range(2, len(table.rows) + 2):
            ws.cell(row=row, column=1).font = BOLD
    _add_dropdowns(ws, table, fmt, last_rule_row)
    _add_highlights(ws, table, fmt, last_rule_row)
    if fmt.chart is not None and fmt.chart.last_row >= fmt.chart.first_row:
        _add_chart(ws, fmt)
    if fmt.hidden:  # otherwise keep whatever the coordinator chose for this tab
        ws.sheet_state = "hidden"


def _width(table: Table, index: int, fmt: SheetFormat) -> float:
    wanted = normalise_header(table.header[index])
    for head, width in fmt.widths.items():
        if normalise_header(head) == wanted:
            return width
    longest = max((_display_length(v) for v in table.values(index)), default=0)
    longest = max(longest, len(table.header[index]))
    return min(MAX_WIDTH, max(MIN_WIDTH, longest + 2.0))


def _display_length(value: Value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return len(DATE_FORMAT)
    return max((len(line) for line in str(value).split("\n")), default=0)


def _column_range(table: Table, header: str, last_row: int) -> str | None:
    index = table.column(header)
    if index is None:
        return None
    letter = get_column_letter(index + 1)
    return f"{letter}2:{letter}{last_row}"


def _dropdown(formula: str) -> DataValidation:
    # A warning (not a stop) so the coordinator may still type a value that is not listed.
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showDropDown=False,  # False means "show the arrow" in Excel's inverted flag
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Not one of the usual values",
        error="This value is not in the list. Keep it anyway?",
    )


def _add_dropdowns(ws: Worksheet, table: Table, fmt: SheetFormat, last_row: int) -> None:
    for header, options in fmt.dropdowns.items():
        formula = _list_formula(options)
        target = _column_range(table, header, last_row)
        if formula and target:
            validation = _dropdown(formula)
            validation.add(target)
            ws.add_data_validation(validation)
    for header, source in fmt.dropdown_ranges.items():
        target = _column_range(table, header, last_row)
        if target:
            validation = _dropdown(source)
            validation.add(target)
            ws.add_data_validation(validation)


def _list_formula(options: Iterable[str]) -> str | None:
    """Excel's inline list: quoted, comma-separated, at most 255 characters. Options that
    cannot be written inline (commas, quotes, too long) get no dropdown rather than a broken one."""
    items = [inert_text(str(o)) for o in options]
    if not items or any("," in o or '"' in o for o in items):
        return None
    formula = '"' + ",".join(items) + '"'
    return formula if len(formula) <= 257 else None


def _add_highlights(ws: Worksheet, table: Table, fmt: SheetFormat, last_row: int) -> None:
    for header, colours in fmt.highlights.items():
        target = _column_range(table, header, last_row)
        if not target:
            continue
        for value, rgb in colours.items():
            colour = rgb.lstrip("#").upper()
            fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
            literal = '"' + inert_text(str(value)).replace('"', '""') + '"'
            rule = CellIsRule(operator="equal", formula=[literal], fill=fill)
            ws.conditional_formatting.add(target, rule)


def _add_chart(ws: Worksheet, fmt: SheetFormat) -> None:
    spec = fmt.chart
    assert spec is not None
    chart = BarChart()
    chart.title = spec.title
    chart.legend = None
    rows = {"min_row": spec.first_row, "max_row": spec.last_row}
    chart.add_data(Reference(ws, min_col=spec.value_column + 1, **rows), titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=spec.label_column + 1, **rows))
    ws.add_chart(chart, spec.anchor)


def _fit_tables(ws: Worksheet, table: Table) -> None:
    """Excel tables (Insert > Table) on a rewritten tab must match its new header and size,
    or Excel "repairs" the file on opening; one that cannot match is removed."""
    names = [h.strip() for h in table.header]
    usable = bool(names) and all(names) and len({n.casefold() for n in names}) == len(names)
    for index, name in enumerate(list(ws.tables)):
        if not usable or index > 0:
            del ws.tables[name]
            continue
        item = ws.tables[name]
        item.ref = f"A1:{get_column_letter(len(names))}{max(len(table.rows) + 1, 2)}"
        item.totalsRowCount = None
        item.tableColumns = []  # openpyxl renames them from the header cells on save
        if item.autoFilter is not None:
            item.autoFilter.ref = item.ref


# -- what openpyxl would drop -----------------------------------------------------------


def find_lossy_content(data: bytes) -> dict[str, set[str]]:
    """What in this .xlsx openpyxl would drop on load+save: description -> tabs (may be empty)."""
    found: dict[str, set[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        owners = _part_owners(archive)
        has_metadata = "xl/metadata.xml" in archive.namelist()

        def note(what: str, part: str) -> None:
            tabs = found.setdefault(what, set())
            if part in owners:
                tabs.add(owners[part])

        for part in archive.namelist():
            for prefix, what in LOSSY_PARTS:
                if part.lower().startswith(prefix.lower()):
                    note(what, part)
            if "/_rels/" in part or not part.endswith(".xml"):
                continue
            if part.startswith("xl/drawings/"):
                xml = archive.read(part)
                if SHAPE_RE.search(xml):
                    note("shapes (text boxes, arrows, drawn shapes)", part)
                if PILImage is None and PICTURE_RE.search(xml):
                    note("pictures (install the Pillow package to keep them)", part)
            elif part.startswith(("xl/worksheets/", "xl/chartsheets/")):
                xml = archive.read(part)
                if has_metadata and SPILL_RE.search(xml):
                    note(DYNAMIC_ARRAYS, part)
                if b"extLst" in xml:
                    for block in EXTLST_RE.finditer(xml):
                        for match in SHEET_EXT_RE.finditer(block.group(0)):
                            note(SHEET_EXTENSIONS[match.group(1)], part)
    return found


ERROR_CELL_RE = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?\bt=\"e\"[^>]*)(?<!/)>(.*?)</(?:\w+:)?c>", re.S
)
CELL_REF_RE = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]+)\"")
CELL_VALUE_RE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def find_error_cells(source: str | bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Cells showing an error (#REF!, #N/A, #DIV/0!...): tab -> (row, column) -> the error text,
    both 1-based. calamine reads them as blank; Google Sheets gives their text, and so do we."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
        for part, tab in _part_owners(archive).items():
            if not part.startswith("xl/worksheets/"):
                continue
            try:
                xml = archive.read(part)
            except KeyError:
                continue
            if b'"e"' not in xml:
                continue
            for match in ERROR_CELL_RE.finditer(xml):
                ref, value = CELL_REF_RE.search(match[1]), CELL_VALUE_RE.search(match[2])
                if ref and value and value[1].strip():
                    column = 0
                    for letter in ref[1].decode():
                        column = column * 26 + ord(letter) - 64
                    found.setdefault(tab, {})[(int(ref[2]), column)] = value[1].decode().strip()
    return found


# -- formula results ---------------------------------------------------------------------------
# openpyxl keeps a formula but drops its saved result, so after a save every reader that does not
# recalculate (calamine: the next sync) would see the cell blank. The results are put back.

CELL_RE = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
CELL_TYPE_RE = re.compile(rb"\bt=\"(\w*)\"")
FORMULA_RE = re.compile(rb"<(?:\w+:)?f\b")
RESULT_TYPES = (b"", b"n", b"str", b"b", b"e", b"d")  # not shared strings: their index changes
SAVED_FORMULA_RE = re.compile(
    rb"<c r=\"([A-Z]{1,3}[0-9]+)\"([^>]*?)>(<f\b[^>]*?(?:/>|>[^<]*</f>))(?:<v\s*/>|<v></v>)?</c>"
)


def formula_results(data: bytes) -> dict[str, dict[bytes, tuple[bytes, bytes]]]:
    """The saved result of every formula cell: tab -> cell reference -> (type, value XML)."""
    found: dict[str, dict[bytes, tuple[bytes, bytes]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part, tab in _part_owners(archive).items():
            if not part.startswith("xl/worksheets/"):
                continue
            try:
                xml = archive.read(part)
            except KeyError:
                continue
            if not FORMULA_RE.search(xml):
                continue
            for match in CELL_RE.finditer(xml):
                ref, value = CELL_REF_RE.search(match[1]), CELL_VALUE_RE.search(match[2])
                kind = CELL_TYPE_RE.search(match[1])
                kind_text = kind[1] if kind else b""
                if ref and value and FORMULA_RE.search(match[2]) and kind_text in RESULT_TYPES:
                    found.setdefault(tab, {})[ref[1] + ref[2]] = (kind_text, value[1])
    return found


def restore_formula_results(data: bytes, results: dict[str, dict[bytes, tuple[bytes, bytes]]]
                            ) -> bytes:
    """``data`` (as openpyxl saved it) with the formula results of ``results`` put back."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {part: results[tab] for part, tab in _part_owners(archive).items()
                 if part.startswith("xl/worksheets/") and results.get(tab)}
        if not parts:
            return data

        def restore(cells: dict[bytes, tuple[bytes, bytes]], match: re.Match[bytes]) -> bytes:
            saved = cells.get(match[1])
            if saved is None:
                return match[0]
            kind, value = saved
            attributes = CELL_TYPE_RE.sub(b"", match[2]) + (b' t="' + kind + b'"' if kind else b"")
            return b'<c r="' + match[1] + b'"' + attributes + b">" + match[3] + b"<v>" + value \
                + b"</v></c>"

        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                content = archive.read(info)
                if info.filename in parts:
                    cells = parts[info.filename]
                    content = SAVED_FORMULA_RE.sub(lambda m, c=cells: restore(c, m), content)
                out.writestr(info, content)
    return stream.getvalue()


def _part_owners(archive: zipfile.ZipFile) -> dict[str, str]:
    """Tab name of each sheet part and of each part a sheet links to (drawings, controls...)."""
    owners: dict[str, str] = {}
    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ET.ParseError):
        return owners
    links = _relations(archive, "xl/workbook.xml")
    for element in book.iter():
        if not element.tag.endswith("}sheet"):
            continue
        rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        part, name = links.get(rel_id or ""), element.get("name", "")
        if part:
            owners[part] = name
            for linked in _relations(archive, part).values():
                owners.setdefault(linked, name)
    return owners


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship id -> target part path, for one part."""
    folder, file_name = posixpath.split(part)
    try:
        root = ET.fromstring(archive.read(f"{folder}/_rels/{file_name}.rels"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {}
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        targets[rel.get("Id", "")] = posixpath.normpath(path)
    return targets
