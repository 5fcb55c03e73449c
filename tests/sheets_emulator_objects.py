"""batchUpdate requests on the objects of a sheet for the Sheets API emulator (test equipment):
validations, conditional formats, charts, borders, merges, filters and protections, and
batch_update itself, which applies a list of requests all or nothing."""

from __future__ import annotations

from typing import Any

from sheets_emulator_cells import (
    add_sheet,
    append_dimension,
    auto_resize_dimensions,
    delete_dimension,
    delete_sheet,
    insert_dimension,
    repeat_cell,
    update_cells,
    update_dimension_properties,
    update_sheet_properties,
    update_spreadsheet_properties,
)
from sheets_emulator_schema import schemas
from sheets_emulator_state import (
    MAX_CELLS,
    ApiError,
    Sheet,
    Spreadsheet,
    _box_of,
    _inside,
    _overlaps,
    bad_request,
    check_unprotected,
    grid_box,
    jcopy,
)


def set_data_validation(ss: Spreadsheet, req: dict[str, Any]) -> None:
    sheet, box = grid_box(ss, req.get("range"))
    check_unprotected(ss, sheet, box)
    rule = req.get("rule")
    if rule is not None and not (rule.get("condition") or {}).get("type"):
        raise bad_request("A data validation rule needs a condition type.")
    r0, r1, c0, c1 = box
    targets = (
        [(r, c) for r in range(r0, r1) for c in range(c0, c1)]
        if rule is not None else [k for k in sheet.cells if _inside(k, box)]
    )
    # One copy for the whole range: a cell's rule is replaced, never changed in place.
    copied = jcopy(rule)
    for key in targets:
        cell = dict(sheet.cells.get(key, {}))
        if copied is None:
            cell.pop("dataValidation", None)
        else:
            cell["dataValidation"] = copied
        sheet.set_cell(*key, cell)


def _rule_sheet(ss: Spreadsheet, rule: dict[str, Any]) -> Sheet:
    ranges = rule.get("ranges") or []
    if not ranges:
        raise bad_request("A conditional format rule needs at least one range.")
    if ("booleanRule" in rule) == ("gradientRule" in rule):
        raise bad_request("A conditional format rule needs exactly one of booleanRule or "
                          "gradientRule.")
    sheets = {grid_box(ss, r)[0].sheet_id for r in ranges}
    if len(sheets) > 1:
        raise bad_request("All ranges of a conditional format rule must be on the same sheet.")
    return ss.by_id(sheets.pop())


def add_conditional_format_rule(ss: Spreadsheet, req: dict[str, Any]) -> None:
    rule = jcopy(req.get("rule") or {})
    sheet = _rule_sheet(ss, rule)
    index = int(req.get("index") or 0)
    sheet.conditional_formats.insert(min(index, len(sheet.conditional_formats)), rule)


def _cf_index(sheet: Sheet, index: Any) -> int:
    i = int(index or 0)
    if not 0 <= i < len(sheet.conditional_formats):
        raise bad_request(f"No conditional format on sheet {sheet.sheet_id} at index {i}")
    return i


def update_conditional_format_rule(ss: Spreadsheet, req: dict[str, Any]) -> dict[str, Any]:
    sheet = ss.by_id(req.get("sheetId"))
    i = _cf_index(sheet, req.get("index"))
    old = sheet.conditional_formats[i]
    if req.get("rule") is not None:
        new = jcopy(req["rule"])
        if _rule_sheet(ss, new) is not sheet:
            raise bad_request("Cannot move a conditional format rule to another sheet.")
        sheet.conditional_formats[i] = new
        return {"updateConditionalFormatRule": {"newRule": new, "newIndex": i,
                                                "oldRule": old, "oldIndex": i}}
    new_index = int(req.get("newIndex") or 0)
    sheet.conditional_formats.pop(i)
    sheet.conditional_formats.insert(min(new_index, len(sheet.conditional_formats)), old)
    return {"updateConditionalFormatRule": {"newRule": old, "newIndex": new_index,
                                            "oldIndex": i}}


def delete_conditional_format_rule(ss: Spreadsheet, req: dict[str, Any]) -> dict[str, Any]:
    sheet = ss.by_id(req.get("sheetId"))
    rule = sheet.conditional_formats.pop(_cf_index(sheet, req.get("index")))
    return {"deleteConditionalFormatRule": {"rule": rule}}


def add_chart(ss: Spreadsheet, req: dict[str, Any]) -> dict[str, Any]:
    chart = jcopy(req.get("chart") or {})
    position = chart.get("position") or {}
    if "overlayPosition" in position:
        sheet_id = ((position["overlayPosition"] or {}).get("anchorCell") or {}).get("sheetId")
    elif "sheetId" in position:
        sheet_id = position["sheetId"]
    else:
        raise bad_request("The emulator needs chart.position.overlayPosition or sheetId.")
    sheet = ss.by_id(sheet_id)
    anchor = (position.get("overlayPosition") or {}).get("anchorCell") or {}
    if anchor:
        row, column = int(anchor.get("rowIndex") or 0), int(anchor.get("columnIndex") or 0)
        if not (0 <= row < sheet.rows and 0 <= column < sheet.cols):
            raise bad_request(
                f"GridCoordinate{{sheetId={sheet.sheet_id}, rowIndex={row}, columnIndex={column}}}"
                f" is outside the grid of {sheet.title!r}. Max rows: {sheet.rows}, max columns: "
                f"{sheet.cols}")
    _check_sources(ss, chart.get("spec") or {})
    if chart.get("chartId") is None:
        chart["chartId"] = ss.new_id()
    elif chart["chartId"] in ss._used_ids():
        raise bad_request(f"An object with id {chart['chartId']} already exists.")
    if not chart.get("spec"):
        raise bad_request("A chart needs a spec.")
    sheet.charts.append(chart)
    return {"addChart": {"chart": jcopy(chart)}}


def _find_chart(ss: Spreadsheet, chart_id: Any) -> tuple[Sheet, dict[str, Any]]:
    for sheet in ss.sheets:
        for chart in sheet.charts:
            if chart.get("chartId") == int(chart_id or 0):
                return sheet, chart
    raise bad_request(f"No chart with id: {chart_id}")


def _check_sources(ss: Spreadsheet, spec: Any) -> None:
    """Every range a chart draws from lies inside its sheet's grid and, as Google requires of
    a chart's source ranges, is one row or one column long (exactly one of its dimensions has
    length 1); the domain and each series have the same number of source ranges."""
    counts = set()
    basic = spec.get("basicChart") if isinstance(spec, dict) else None
    for part in [*((basic or {}).get("domains") or []), *((basic or {}).get("series") or [])]:
        data = (part or {}).get("domain") or (part or {}).get("series") or {}
        counts.add(len((data.get("sourceRange") or {}).get("sources") or []))
    if len(counts) > 1:
        raise bad_request("The domain and all series must have the same number of source "
                          "ranges.")
    _walk_sources(ss, spec)


def _walk_sources(ss: Spreadsheet, spec: Any) -> None:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "sources" and isinstance(value, list):
                for source in value:
                    _, (r0, r1, c0, c1) = grid_box(ss, source)
                    if (r1 - r0 == 1) == (c1 - c0 == 1):
                        raise bad_request(f"Invalid chart source range {source}: exactly one "
                                          "dimension must have a length of 1.")
            else:
                _walk_sources(ss, value)
    elif isinstance(spec, list):
        for value in spec:
            _walk_sources(ss, value)


def update_chart_spec(ss: Spreadsheet, req: dict[str, Any]) -> None:
    _check_sources(ss, req.get("spec") or {})
    _, chart = _find_chart(ss, req.get("chartId"))
    chart["spec"] = jcopy(req.get("spec") or {})


def delete_embedded_object(ss: Spreadsheet, req: dict[str, Any]) -> None:
    sheet, chart = _find_chart(ss, req.get("objectId"))
    sheet.charts.remove(chart)


def update_borders(ss: Spreadsheet, req: dict[str, Any]) -> None:
    sheet, _ = grid_box(ss, req.get("range"))
    sheet.borders.append(jcopy(req))


def merge_cells(ss: Spreadsheet, req: dict[str, Any]) -> None:
    sheet, box = grid_box(ss, req.get("range"))
    r0, r1, c0, c1 = box
    kind = req.get("mergeType") or "MERGE_ALL"
    if kind == "MERGE_ROWS":
        boxes = [(r, r + 1, c0, c1) for r in range(r0, r1)]
    elif kind == "MERGE_COLUMNS":
        boxes = [(r0, r1, c, c + 1) for c in range(c0, c1)]
    else:
        boxes = [box]
    for new in boxes:
        if any(_overlaps(new, _box_of(sheet, m)) for m in sheet.merges):
            raise bad_request("You can't merge cells that are already merged (unmerge first).")
        if (new[1] - new[0]) * (new[3] - new[2]) > 1:
            sheet.merges.append({"sheetId": sheet.sheet_id, "startRowIndex": new[0],
                                 "endRowIndex": new[1], "startColumnIndex": new[2],
                                 "endColumnIndex": new[3]})


def unmerge_cells(ss: Spreadsheet, req: dict[str, Any]) -> None:
    sheet, box = grid_box(ss, req.get("range"))
    sheet.merges = [m for m in sheet.merges if not _overlaps(box, _box_of(sheet, m))]


def set_basic_filter(ss: Spreadsheet, req: dict[str, Any]) -> None:
    flt = jcopy(req.get("filter") or {})
    sheet, _ = grid_box(ss, flt.get("range"))
    flt["range"]["sheetId"] = sheet.sheet_id
    sheet.basic_filter = flt


def clear_basic_filter(ss: Spreadsheet, req: dict[str, Any]) -> None:
    ss.by_id(req.get("sheetId")).basic_filter = None


def add_protected_range(ss: Spreadsheet, req: dict[str, Any]) -> dict[str, Any]:
    protected = jcopy(req.get("protectedRange") or {})
    if "range" not in protected:
        raise bad_request("The emulator needs protectedRange.range.")
    sheet, _ = grid_box(ss, protected["range"])
    if protected.get("protectedRangeId") is None:
        protected["protectedRangeId"] = ss.new_id()
    sheet.protected_ranges.append(protected)
    return {"addProtectedRange": {"protectedRange": jcopy(protected)}}


def delete_protected_range(ss: Spreadsheet, req: dict[str, Any]) -> None:
    wanted = int(req.get("protectedRangeId") or 0)
    for sheet in ss.sheets:
        for protected in sheet.protected_ranges:
            if protected.get("protectedRangeId") == wanted:
                sheet.protected_ranges.remove(protected)
                return
    raise bad_request(f"No protected range with id: {wanted}")


HANDLERS = {
    "addSheet": add_sheet,
    "deleteSheet": delete_sheet,
    "updateSheetProperties": update_sheet_properties,
    "updateSpreadsheetProperties": update_spreadsheet_properties,
    "updateCells": update_cells,
    "repeatCell": repeat_cell,
    "appendDimension": append_dimension,
    "insertDimension": insert_dimension,
    "deleteDimension": delete_dimension,
    "updateDimensionProperties": update_dimension_properties,
    "autoResizeDimensions": auto_resize_dimensions,
    "setDataValidation": set_data_validation,
    "addConditionalFormatRule": add_conditional_format_rule,
    "updateConditionalFormatRule": update_conditional_format_rule,
    "deleteConditionalFormatRule": delete_conditional_format_rule,
    "addChart": add_chart,
    "updateChartSpec": update_chart_spec,
    "deleteEmbeddedObject": delete_embedded_object,
    "updateBorders": update_borders,
    "mergeCells": merge_cells,
    "unmergeCells": unmerge_cells,
    "setBasicFilter": set_basic_filter,
    "clearBasicFilter": clear_basic_filter,
    "addProtectedRange": add_protected_range,
    "deleteProtectedRange": delete_protected_range,
}


def batch_update(ss: Spreadsheet, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Apply batchUpdate requests to ss in place (callers pass a copy: all or nothing)."""
    known = set(schemas()["Request"]["properties"])
    replies = []
    for i, request in enumerate(requests):
        kinds = [k for k, v in (request or {}).items() if v is not None]
        if not kinds:
            raise bad_request(f"Invalid requests[{i}]: No request set.")
        if len(kinds) > 1:
            raise bad_request(
                f"Invalid requests[{i}]: oneof field 'kind' is already set. "
                f"Cannot set '{kinds[1]}'"
            )
        kind = kinds[0]
        handler = HANDLERS.get(kind)
        if handler is None:
            reason = "not supported by the emulator" if kind in known else "unknown request"
            raise bad_request(f"Invalid requests[{i}].{kind}: {reason}.")
        try:
            reply = handler(ss, request[kind])
        except ApiError as err:
            raise bad_request(f"Invalid requests[{i}].{kind}: {err.message}") from None
        except (TypeError, ValueError, KeyError, AttributeError) as err:
            raise bad_request(f"Invalid requests[{i}].{kind}: malformed request ({err})") from None
        if ss.total_cells() > MAX_CELLS:
            raise bad_request(
                f"Invalid requests[{i}].{kind}: This action would increase the number of cells "
                f"in the workbook above the limit of {MAX_CELLS} cells."
            )
        replies.append(reply or {})
    return replies
