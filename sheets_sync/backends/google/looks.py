"""How a tab looks, in batchUpdate requests: header, widths, dropdowns, wrapped text, colours and
the chart. Everything here is driven by the tab's SheetFormat, never by column names.

Row heights are never set: Google fits a row to its wrapped text unless a height was pinned.
Print setup (``SheetFormat.landscape``) has no request in the Sheets API, so it is left to the
coordinator's File > Print settings on Google Sheets.
"""

from __future__ import annotations

import re
from typing import Any

from sheets_sync.model import Cells, SeriesChart, Sheet, column_letter, normalise_header

HEADER_FILL = {"red": 0.87, "green": 0.92, "blue": 0.97}
_CELL = re.compile(r"([A-Za-z]{1,3})(\d+)")
_RECENT = re.compile(r"=ISNUMBER\(\$(?P<c>[A-Z]{1,3})2\)\*\(\$(?P=c)2>TODAY\(\)-\d+\)")


def grid_range(sheet_id: int, rows: tuple[int, int | None] | None = None,
               columns: tuple[int, int] | None = None) -> dict[str, int]:
    """A GridRange; a row range ending in None is unbounded (it reaches every row, also rows
    added later)."""
    found: dict[str, int] = {"sheetId": sheet_id}
    if rows:
        found["startRowIndex"] = rows[0]
        if rows[1] is not None:
            found["endRowIndex"] = rows[1]
    if columns:
        found.update(startColumnIndex=columns[0], endColumnIndex=columns[1])
    return found


def anchor_cell(sheet: Sheet) -> tuple[int, int] | None:
    """(row, column) index of the chart's top-left cell, if the tab has a chart."""
    chart = sheet.format.chart
    if chart is None:
        return None
    found = _CELL.fullmatch(chart.anchor)
    if found is None:
        return 1, len(sheet.table.header) + 1
    column = 0
    for letter in found[1].upper():
        column = column * 26 + ord(letter) - 64
    return int(found[2]) - 1, column - 1


def new_tab_looks(sheet_id: int, sheet: Sheet, rows: int) -> list[dict[str, Any]]:
    """Everything a tab made now gets: header, widths, column looks, colours, chart."""
    header, fmt = sheet.table.header, sheet.format
    found = [header_look(sheet_id, (0, max(1, len(header))))]
    if fmt.bold_first_column and sheet.table.rows:
        found.append(_repeat(sheet_id, (1, rows), (0, 1),
                             {"textFormat": {"bold": True}}, "textFormat.bold"))
    everything = set(range(len(header)))
    found += _widths(sheet_id, sheet, everything)
    found += column_looks(sheet_id, sheet, everything, (1, rows))
    found += _highlights(sheet_id, sheet, everything)
    found += recent_rule(sheet_id, sheet, [])[1]
    if fmt.chart is not None:
        found.append(_chart(sheet_id, sheet))
    found += [_add_series_chart(sheet_id, chart) for chart in fmt.charts]
    return found


def chart_updates(sheet_id: int, sheet: Sheet, existing: list[dict[str, Any]]
                  ) -> list[dict[str, Any]]:
    """A tab's charts of several series, made to fit its cells as they now stand: a chart
    found by its title is updated when its ranges differ, one not found is added."""
    by_title = {(c.get("spec") or {}).get("title"): c for c in existing}
    found = []
    for chart in sheet.format.charts:
        spec = series_chart_spec(sheet_id, chart)
        old = by_title.get(chart.title)
        if old is None:
            found.append(_add_series_chart(sheet_id, chart))
        elif _fingerprint(old.get("spec") or {}) != _fingerprint(spec):
            found.append({"updateChartSpec": {"chartId": old["chartId"], "spec": spec}})
    return found


def series_chart_spec(sheet_id: int, chart: SeriesChart) -> dict[str, Any]:
    """Each range's first cell is a header: the series' name (headerCount 1)."""

    def data(cells: Cells) -> dict[str, Any]:
        box = grid_range(sheet_id, (cells.first_row - 1, cells.last_row),
                         (cells.first_column - 1, cells.last_column))
        return {"sourceRange": {"sources": [box]}}

    axis = "BOTTOM_AXIS" if chart.bars else "LEFT_AXIS"
    return {"title": chart.title, "basicChart": {
        "chartType": "BAR" if chart.bars else "COLUMN", "legendPosition": "BOTTOM_LEGEND",
        "headerCount": 1,
        "domains": [{"domain": data(chart.categories), "reversed": chart.reverse}],
        "series": [{"series": data(s), "targetAxis": axis} for s in chart.series]}}


def _add_series_chart(sheet_id: int, chart: SeriesChart) -> dict[str, Any]:
    found = _CELL.fullmatch(chart.anchor)
    row, column = (int(found[2]) - 1, _column_index(found[1])) if found else (0, 0)
    return {"addChart": {"chart": {
        "spec": series_chart_spec(sheet_id, chart),
        "position": {"overlayPosition": {"anchorCell": {
            "sheetId": sheet_id, "rowIndex": row, "columnIndex": column}}}}}}


def _fingerprint(spec: dict[str, Any]) -> tuple[Any, ...]:
    """What of a chart's spec this program sets, as Google reads it back (it fills in more)."""
    basic = spec.get("basicChart") or {}

    def ranges(data: dict[str, Any]) -> tuple[Any, ...]:
        sources = ((data or {}).get("sourceRange") or {}).get("sources") or []
        return tuple((r.get("sheetId", 0), r.get("startRowIndex", 0), r.get("endRowIndex"),
                      r.get("startColumnIndex", 0), r.get("endColumnIndex")) for r in sources)

    return (spec.get("title"), basic.get("chartType"), basic.get("headerCount"),
            tuple((ranges(d.get("domain")), bool(d.get("reversed")))
                  for d in basic.get("domains") or []),
            tuple(ranges(s.get("series")) for s in basic.get("series") or []))


def _column_index(letters: str) -> int:
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return column - 1


def added_column_looks(sheet_id: int, sheet: Sheet, old_header: list[str],
                       rows: int) -> list[dict[str, Any]]:
    """Looks for columns an existing tab gains (a newer version's column, say)."""
    known = {normalise_header(h) for h in old_header}
    added = {i for i, h in enumerate(sheet.table.header) if normalise_header(h) not in known}
    if not added:
        return []
    return [*(header_look(sheet_id, (c, c + 1)) for c in sorted(added)),
            *_widths(sheet_id, sheet, added), *column_looks(sheet_id, sheet, added, (1, rows)),
            *_highlights(sheet_id, sheet, added)]


def header_look(sheet_id: int, columns: tuple[int, int]) -> dict[str, Any]:
    return _repeat(sheet_id, (0, 1), columns,
                   {"textFormat": {"bold": True}, "backgroundColor": HEADER_FILL},
                   "textFormat.bold,backgroundColor")


def column_looks(sheet_id: int, sheet: Sheet, columns: set[int] | None,
                 rows: tuple[int, int]) -> list[dict[str, Any]]:
    """Dropdowns and wrapped text of these columns (all when None) over a block of rows: sent
    when a tab is made and for the rows a tab grows by (new rows do not inherit them)."""
    if rows[1] <= rows[0]:
        return []
    fmt, found = sheet.format, []
    conditions: list[tuple[str, dict[str, Any]]] = [
        (title, {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": o} for o in options]})
        for title, options in fmt.dropdowns.items()]
    conditions += [(title, {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": f"={src}"}]})
                   for title, src in fmt.dropdown_ranges.items()]
    for title, condition in conditions:
        column = sheet.table.column(title)
        if column is not None and (columns is None or column in columns):
            found.append({"setDataValidation": {
                "range": grid_range(sheet_id, rows, (column, column + 1)),
                "rule": {"condition": condition, "strict": False, "showCustomUi": True}}})
    for title in fmt.wrap_columns:
        column = sheet.table.column(title)
        if column is not None and (columns is None or column in columns):
            found.append(_repeat(sheet_id, rows, (column, column + 1),
                                 {"wrapStrategy": "WRAP"}, "wrapStrategy"))
    return found


def unbounded_rules(sheet_id: int, sheet: Sheet,
                    rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Our colour rules that a workbook made by an older version ends at a fixed row, made to
    reach every row (rows past the end were never coloured)."""
    found = []
    for index, rule in enumerate(rules):
        ranges = rule.get("ranges") or []
        condition = (rule.get("booleanRule") or {}).get("condition") or {}
        texts = [v.get("userEnteredValue") for v in condition.get("values") or []]
        if len(ranges) != 1 or "endRowIndex" not in ranges[0] or len(texts) != 1:
            continue
        column = ranges[0].get("startColumnIndex", 0)
        ours = any(sheet.table.column(title) == column and texts[0] in colours
                   for title, colours in sheet.format.highlights.items())
        if ours and condition.get("type") == "TEXT_EQ" and ranges[0].get("startRowIndex") == 1:
            grown = {**rule, "ranges": [{k: v for k, v in ranges[0].items()
                                         if k != "endRowIndex"}]}
            found.append({"updateConditionalFormatRule": {
                "index": index, "sheetId": sheet_id, "rule": grown}})
    return found


def recent_rule(sheet_id: int, sheet: Sheet, rules: list[dict[str, Any]]
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The colour for rows whose date is recent (``SheetFormat.recent``), as a custom-formula
    rule: added when the tab has none of ours (also to a tab an older version made), updated
    when ours differs, and left alone when it is as wanted. ``rules``: the tab's rules as
    read. (Requests updating a rule, to go before any other request; requests adding one, to
    go after every other: an added rule moves the indexes of those below it.)"""
    wanted = _recent(sheet_id, sheet)
    if wanted is None:
        return [], []
    for index, rule in enumerate(rules):
        columns = [_span(r)[3:] for r in rule.get("ranges") or []]
        if _recent_formula(rule) is not None and columns == [_span(wanted["ranges"][0])[3:]]:
            if _rule_key(rule) == _rule_key(wanted):
                return [], []
            return [{"updateConditionalFormatRule": {"index": index, "sheetId": sheet_id,
                                                     "rule": wanted}}], []
    return [], [{"addConditionalFormatRule": {"index": 0, "rule": wanted}}]


def _recent(sheet_id: int, sheet: Sheet) -> dict[str, Any] | None:
    if sheet.format.recent is None:
        return None
    header, date_header, days, colour = sheet.format.recent
    column, dated = sheet.table.column(header), sheet.table.column(date_header)
    if column is None or dated is None:
        return None
    cell = f"${column_letter(dated + 1)}2"  # relative to the range's first row, row 2
    # No argument separator: Sheets reads a formula in the spreadsheet's locale, where "," may
    # be the decimal comma; a product of the two conditions is true when both are.
    formula = f"=ISNUMBER({cell})*({cell}>TODAY()-{int(days)})"
    return {"ranges": [grid_range(sheet_id, (1, None), (column, column + 1))],
            "booleanRule": {
                "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": formula}]},
                "format": {"backgroundColor": _rgb(colour)}}}


def _recent_formula(rule: dict[str, Any]) -> str | None:
    """The formula of a rule the engine wrote for recent rows, None for any other rule."""
    condition = (rule.get("booleanRule") or {}).get("condition") or {}
    values = [v.get("userEnteredValue") or "" for v in condition.get("values") or []]
    if condition.get("type") != "CUSTOM_FORMULA" or len(values) != 1:
        return None
    return values[0] if _RECENT.fullmatch(values[0]) else None


def _rule_key(rule: dict[str, Any]) -> tuple:
    """What of a colour rule the engine sets, as Google reads it back."""
    colour = ((rule.get("booleanRule") or {}).get("format") or {}).get("backgroundColor") or {}
    return (tuple(_span(r) for r in rule.get("ranges") or []), _recent_formula(rule),
            tuple(round(colour.get(k, 0.0), 2) for k in ("red", "green", "blue")))


def _span(grid: dict[str, Any]) -> tuple:
    """A GridRange as Google reads it back, where a field at 0 is left out."""
    return (grid.get("sheetId", 0), grid.get("startRowIndex", 0), grid.get("endRowIndex"),
            grid.get("startColumnIndex", 0), grid.get("endColumnIndex"))


def _repeat(sheet_id: int, rows: tuple[int, int], columns: tuple[int, int],
            look: dict[str, Any], fields: str) -> dict[str, Any]:
    paths = ",".join(f"userEnteredFormat.{f}" for f in fields.split(","))
    return {"repeatCell": {"range": grid_range(sheet_id, rows, columns),
                           "cell": {"userEnteredFormat": look}, "fields": paths}}


def _widths(sheet_id: int, sheet: Sheet, columns: set[int]) -> list[dict[str, Any]]:
    widths = {normalise_header(h): w for h, w in sheet.format.widths.items()}
    found = []
    for column in sorted(columns):
        title = sheet.table.header[column]
        width = widths.get(normalise_header(title), max(12, min(40, len(title) + 4)))
        found.append({"updateDimensionProperties": {
            "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": column,
                      "endIndex": column + 1},
            "properties": {"pixelSize": int(width * 7)}, "fields": "pixelSize"}})
    return found


def _highlights(sheet_id: int, sheet: Sheet, columns: set[int]) -> list[dict[str, Any]]:
    """Colour rules reaching every row, however long the tab grows."""
    found = []
    for title, colours in sheet.format.highlights.items():
        column = sheet.table.column(title)
        if column is None or column not in columns:
            continue
        for text, colour in colours.items():
            found.append({"addConditionalFormatRule": {"index": 0, "rule": {
                "ranges": [grid_range(sheet_id, (1, None), (column, column + 1))],
                "booleanRule": {
                    "condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": text}]},
                    "format": {"backgroundColor": _rgb(colour)}}}}})
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

    row, column = anchor_cell(sheet) or (1, 0)
    # The Sheets API has no tick spacing for an axis (small counts are marked 0, 0.5, 1 as
    # Sheets chooses); only where the value axis starts can be set.
    counts = {"position": "BOTTOM_AXIS",
              "viewWindowOptions": {"viewWindowMin": 0, "viewWindowMode": "EXPLICIT"}}
    return {"addChart": {"chart": {
        "spec": {"title": chart.title, "basicChart": {
            "chartType": "BAR", "legendPosition": "NO_LEGEND", "axis": [counts],
            "domains": [{"domain": series(chart.label_column)}],
            "series": [{"series": series(chart.value_column), "targetAxis": "BOTTOM_AXIS"}]}},
        "position": {"overlayPosition": {"anchorCell": {
            "sheetId": sheet_id, "rowIndex": row, "columnIndex": column}}}}}}
