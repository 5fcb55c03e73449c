"""Cells and formats in the Sheets API's terms: typed values (never parsed) and the requests
that give a tab its look."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from sheets_sync.model import Cell, Sheet, date_serial

MAX_TEXT = 50_000  # Google's limit on one cell
DATE = {"type": "DATE", "pattern": "yyyy-mm-dd"}
DATE_TIME = {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm"}
TIME = {"type": "TIME", "pattern": "hh:mm"}
HEADER_FILL = {"red": 0.87, "green": 0.92, "blue": 0.97}


def cell_data(value: Cell) -> dict[str, Any]:
    """One cell as CellData: text is a stringValue, so nothing typed into a form is ever parsed
    as a formula, number or date."""
    if value is None or (isinstance(value, str) and value == ""):
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return {}
        return {"userEnteredValue": {"numberValue": value}}
    if isinstance(value, dt.datetime):
        return _dated(date_serial(value), DATE_TIME)
    if isinstance(value, dt.date):
        return _dated(date_serial(value), DATE)
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return _dated(seconds / 86400, TIME)
    return {"userEnteredValue": {"stringValue": str(value)[:MAX_TEXT]}}


def _dated(serial: float, number_format: dict[str, str]) -> dict[str, Any]:
    return {"userEnteredValue": {"numberValue": round(serial, 8)},
            "userEnteredFormat": {"numberFormat": number_format}}


def read_value(value: Any) -> Cell:
    """A value from values:batchGet (UNFORMATTED_VALUE): "" is blank, integral floats ints."""
    if value == "" or value is None:
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def grid_range(sheet_id: int, rows: tuple[int, int] | None = None,
               columns: tuple[int, int] | None = None) -> dict[str, int]:
    found: dict[str, int] = {"sheetId": sheet_id}
    if rows:
        found.update(startRowIndex=rows[0], endRowIndex=rows[1])
    if columns:
        found.update(startColumnIndex=columns[0], endColumnIndex=columns[1])
    return found


def look_requests(sheet_id: int, sheet: Sheet, row_count: int) -> list[dict[str, Any]]:
    """Bold, shaded header and dropdowns: safe to send on every write (they replace)."""
    header = sheet.table.header
    found: list[dict[str, Any]] = [{"repeatCell": {
        "range": grid_range(sheet_id, (0, 1), (0, max(1, len(header)))),
        "cell": {"userEnteredFormat": {"textFormat": {"bold": True},
                                       "backgroundColor": HEADER_FILL}},
        "fields": "userEnteredFormat.textFormat.bold,userEnteredFormat.backgroundColor"}}]
    fmt = sheet.format
    for title, options in fmt.dropdowns.items():
        condition = {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": o} for o in options]}
        found += _validation(sheet_id, header, title, condition, row_count)
    for title, source in fmt.dropdown_ranges.items():
        condition = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": f"={source}"}]}
        found += _validation(sheet_id, header, title, condition, row_count)
    return found


def _validation(sheet_id: int, header: list[str], title: str, condition: dict[str, Any],
                row_count: int) -> list[dict[str, Any]]:
    if title not in header or row_count < 2:
        return []
    column = header.index(title)
    return [{"setDataValidation": {
        "range": grid_range(sheet_id, (1, row_count), (column, column + 1)),
        "rule": {"condition": condition, "strict": False, "showCustomUi": True}}}]


def first_look_requests(sheet_id: int, sheet: Sheet, row_count: int) -> list[dict[str, Any]]:
    """Widths, highlights and the chart: sent once, when the tab is made (they would pile up)."""
    header, fmt = sheet.table.header, sheet.format
    found: list[dict[str, Any]] = []
    for column, title in enumerate(header):
        width = fmt.widths.get(title, max(12, min(40, len(title) + 4)))
        found.append({"updateDimensionProperties": {
            "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": column,
                      "endIndex": column + 1},
            "properties": {"pixelSize": int(width * 7)}, "fields": "pixelSize"}})
    for title, colours in fmt.highlights.items():
        if title not in header:
            continue
        column = header.index(title)
        for text, colour in colours.items():
            found.append({"addConditionalFormatRule": {"index": 0, "rule": {
                "ranges": [grid_range(sheet_id, (1, row_count), (column, column + 1))],
                "booleanRule": {
                    "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": text}]},
                    "format": {"backgroundColor": _rgb(colour)}}}}})
    if fmt.chart is not None:
        found.append(_chart(sheet_id, sheet))
    return found


def _rgb(hex_colour: str) -> dict[str, float]:
    red, green, blue = (int(hex_colour[k:k + 2], 16) / 255 for k in (0, 2, 4))
    return {"red": round(red, 3), "green": round(green, 3), "blue": round(blue, 3)}


def _chart(sheet_id: int, sheet: Sheet) -> dict[str, Any]:
    chart = sheet.format.chart
    assert chart is not None
    rows = (chart.first_row - 1, chart.last_row)

    def series(column: int) -> dict[str, Any]:
        return {"sourceRange": {"sources": [grid_range(sheet_id, rows, (column, column + 1))]}}

    return {"addChart": {"chart": {
        "spec": {"title": chart.title, "basicChart": {
            "chartType": "BAR", "legendPosition": "NO_LEGEND",
            "domains": [{"domain": series(chart.label_column)}],
            "series": [{"series": series(chart.value_column), "targetAxis": "BOTTOM_AXIS"}]}},
        "position": {"overlayPosition": {"anchorCell": {
            "sheetId": sheet_id, "rowIndex": 1, "columnIndex": len(sheet.table.header) + 1}}}}}}
