"""The openpyxl side of the Excel backend, without file handling: putting a Table and its
SheetFormat onto a worksheet, and spotting what openpyxl could not carry over on saving."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
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
