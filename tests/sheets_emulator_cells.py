"""batchUpdate requests on cells, sheets and dimensions for the Sheets API emulator (test
equipment): updateCells, repeatCell, add/delete/update sheets, and rows and columns."""

from __future__ import annotations

from typing import Any

from sheets_emulator_state import (
    VALUE_KINDS,
    WRITABLE_CELL_FIELDS,
    Sheet,
    Spreadsheet,
    _inside,
    apply_mask,
    bad_request,
    check_in_grid,
    check_unprotected,
    format_range,
    grid_box,
    jcopy,
    parse_mask,
)
from sheets_emulator_values import CellTooLong, check_text


def _check_cell(cell: Any, where: str) -> dict[str, Any]:
    cell = cell or {}
    uev = cell.get("userEnteredValue") or {}
    kinds = [k for k in VALUE_KINDS if uev.get(k) is not None]
    if len(kinds) > 1:
        raise bad_request(f"{where}: oneof field 'value' is already set. Cannot set '{kinds[1]}'")
    try:
        check_text(cell)
    except CellTooLong as err:
        raise bad_request(str(err)) from None
    return cell


def _masked_cell(sheet: Sheet, key: tuple[int, int], src: dict, paths: list) -> None:
    cell = apply_mask(sheet.cells.get(key, {}), src, paths, WRITABLE_CELL_FIELDS)
    sheet.set_cell(*key, cell)


def update_cells(ss: Spreadsheet, req: dict[str, Any]) -> None:
    paths = parse_mask(req.get("fields"), "CellData")
    rows = req.get("rows") or []
    if ("start" in req) == ("range" in req):
        raise bad_request("Exactly one of 'start' or 'range' must be set.")
    grid = [[_check_cell(cd, f"rows[{i}].values[{j}]") for j, cd in
             enumerate((row or {}).get("values") or [])] for i, row in enumerate(rows)]
    n_rows, n_cols = len(grid), max((len(r) for r in grid), default=0)
    if "start" in req:
        start = req["start"] or {}
        sheet = ss.by_id(start.get("sheetId"))
        r0, c0 = int(start.get("rowIndex") or 0), int(start.get("columnIndex") or 0)
        box = (r0, r0 + max(n_rows, 1), c0, c0 + max(n_cols, 1))
        check_in_grid(sheet, box)
        check_unprotected(ss, sheet, box)
        for i, line in enumerate(grid):
            for j, cd in enumerate(line):
                _masked_cell(sheet, (r0 + i, c0 + j), cd, paths)
        return
    sheet, box = grid_box(ss, req["range"])
    check_unprotected(ss, sheet, box)
    r0, r1, c0, c1 = box
    if n_rows > r1 - r0 or n_cols > c1 - c0:
        raise bad_request(
            f"Attempting to write {n_rows}x{n_cols} cells into range "
            f"{format_range(sheet.title, box)}"
        )
    targets = {k for k in sheet.cells if _inside(k, box)}
    targets |= {(r0 + i, c0 + j) for i, line in enumerate(grid) for j in range(len(line))}
    for key in targets:
        i, j = key[0] - r0, key[1] - c0
        src = grid[i][j] if i < n_rows and j < len(grid[i]) else {}
        _masked_cell(sheet, key, src, paths)


def repeat_cell(ss: Spreadsheet, req: dict[str, Any]) -> None:
    paths = parse_mask(req.get("fields"), "CellData")
    sheet, box = grid_box(ss, req.get("range"))
    check_unprotected(ss, sheet, box)
    src = _check_cell(req.get("cell"), "cell")
    r0, r1, c0, c1 = box
    if apply_mask({}, src, paths, WRITABLE_CELL_FIELDS):
        targets = [(r, c) for r in range(r0, r1) for c in range(c0, c1)]
    else:
        targets = [k for k in sheet.cells if _inside(k, box)]
    for key in targets:
        _masked_cell(sheet, key, src, paths)


def _check_sheet_shape(ss: Spreadsheet, sheet: Sheet) -> None:
    if not sheet.title or not sheet.title.strip():
        raise bad_request("Sheet title must not be empty.")
    for other in ss.sheets:
        if other is not sheet and other.title.lower() == sheet.title.lower():
            raise bad_request(
                f'A sheet with the name "{sheet.title}" already exists. '
                "Please enter another name."
            )
        if other is not sheet and other.sheet_id == sheet.sheet_id:
            raise bad_request(f"A sheet with the id {sheet.sheet_id} already exists.")
    if sheet.sheet_id < 0:
        raise bad_request(f"Invalid sheetId: {sheet.sheet_id}")
    if sheet.properties.get("sheetType", "GRID") == "GRID":
        if sheet.rows < 1 or sheet.cols < 1:
            raise bad_request("A grid sheet must have at least one row and one column.")
        if int(sheet.grid.get("frozenRowCount") or 0) >= sheet.rows:
            raise bad_request("You can't freeze all visible rows on the sheet.")
        if int(sheet.grid.get("frozenColumnCount") or 0) >= sheet.cols:
            raise bad_request("You can't freeze all visible columns on the sheet.")
    if all(s.properties.get("hidden") for s in ss.sheets):
        raise bad_request("You can't hide all the sheets in a document.")
    # Shrinking the grid drops whatever lay outside it.
    for key in [k for k in sheet.cells if k[0] >= sheet.rows or k[1] >= sheet.cols]:
        del sheet.cells[key]


def add_sheet(ss: Spreadsheet, req: dict[str, Any]) -> dict[str, Any]:
    props = jcopy(req.get("properties") or {})
    title = props.get("title")
    if title is None:
        n = len(ss.sheets) + 1
        while ss.by_title(f"Sheet{n}") is not None:
            n += 1
        title = f"Sheet{n}"
    sheet_id = props.get("sheetId")
    index = props.get("index")
    sheet = ss.add_sheet(
        title,
        int(sheet_id) if sheet_id is not None else ss.new_id(),
        None if index is None else max(0, int(index)),
    )
    grid = {**sheet.grid, **(props.pop("gridProperties", None) or {})}
    props.pop("index", None)
    sheet.properties.update({k: v for k, v in props.items() if v is not None})
    sheet.properties["gridProperties"] = grid
    sheet.properties["title"] = title
    _check_sheet_shape(ss, sheet)
    return {"addSheet": {"properties": jcopy(sheet.properties)}}


def delete_sheet(ss: Spreadsheet, req: dict[str, Any]) -> None:
    sheet = ss.by_id(req.get("sheetId"))
    if len(ss.sheets) == 1:
        raise bad_request("You can't remove all the sheets in a document.")
    ss.sheets.remove(sheet)
    ss.reindex()
    if all(s.properties.get("hidden") for s in ss.sheets):
        raise bad_request("You can't remove the last visible sheet in a document.")


def update_sheet_properties(ss: Spreadsheet, req: dict[str, Any]) -> None:
    props = req.get("properties") or {}
    paths = parse_mask(req.get("fields"), "SheetProperties")
    sheet = ss.by_id(props.get("sheetId"))
    old_index = ss.sheets.index(sheet)
    updated = apply_mask(sheet.properties, props, paths, keep=("sheetId", "gridProperties"))
    if updated.get("sheetId") != sheet.sheet_id:
        raise bad_request("The sheetId of a sheet cannot be changed.")
    updated.setdefault("sheetType", "GRID")
    updated.setdefault("gridProperties", {})
    sheet.properties = updated
    if any(p[0] in ("index", "*") for p in paths) and updated.get("index") is not None:
        target = max(0, int(updated["index"]))
        if target > old_index:  # indexes count positions before the move
            target -= 1
        ss.sheets.remove(sheet)
        ss.sheets.insert(min(target, len(ss.sheets)), sheet)
    ss.reindex()
    _check_sheet_shape(ss, sheet)


def update_spreadsheet_properties(ss: Spreadsheet, req: dict[str, Any]) -> None:
    paths = parse_mask(req.get("fields"), "SpreadsheetProperties")
    ss.properties = apply_mask(ss.properties, req.get("properties") or {}, paths)
    if not ss.properties.get("title"):
        raise bad_request("The spreadsheet title must not be empty.")


def _dimension(req_range: dict[str, Any] | None, ss: Spreadsheet) -> tuple[Sheet, str, int, int]:
    rng = req_range or {}
    sheet = ss.by_id(rng.get("sheetId"))
    dim = rng.get("dimension")
    if dim not in ("ROWS", "COLUMNS"):
        raise bad_request("dimension must be ROWS or COLUMNS.")
    count = sheet.rows if dim == "ROWS" else sheet.cols
    start = int(rng.get("startIndex") or 0)
    end = count if rng.get("endIndex") is None else int(rng["endIndex"])
    if not 0 <= start <= end:
        raise bad_request(f"Invalid dimension range: [{start}, {end})")
    return sheet, dim, start, end


def _shift_index(i: int, start: int, delta: int) -> int | None:
    """Where index i goes after inserting (delta > 0) or deleting (delta < 0) at start."""
    if i < start:
        return i
    if delta < 0 and i < start - delta:
        return None
    return i + delta


def _shift_grid_range(gr: dict[str, Any], dim: str, start: int, delta: int) -> bool:
    """Shift a GridRange in place for an insert (delta > 0) or delete (delta < 0) at start;
    False if a deletion swallowed it."""
    lo, hi = ("startRowIndex", "endRowIndex") if dim == "ROWS" else (
        "startColumnIndex", "endColumnIndex")

    def move(x: int, is_end: bool) -> int:
        if delta > 0:
            return x + delta if (x > start if is_end else x >= start) else x
        cut_end = start - delta
        return x if x <= start else x + delta if x >= cut_end else start

    a = move(int(gr.get(lo) or 0), False)
    gr[lo] = a
    if gr.get(hi) is None:
        return True
    gr[hi] = move(int(gr[hi]), True)
    return gr[hi] > a


def _shift_sheet(sheet: Sheet, dim: str, start: int, delta: int) -> None:
    axis = 0 if dim == "ROWS" else 1
    cells = {}
    for key, cell in sheet.cells.items():
        moved = _shift_index(key[axis], start, delta)
        if moved is not None:
            cells[(moved, key[1]) if axis == 0 else (key[0], moved)] = cell
    sheet.cells = cells
    meta_name = "row_metadata" if axis == 0 else "column_metadata"
    meta = {}
    for i, props in getattr(sheet, meta_name).items():
        moved = _shift_index(i, start, delta)
        if moved is not None:
            meta[moved] = props
    setattr(sheet, meta_name, meta)
    sheet.merges = [m for m in sheet.merges if _shift_grid_range(m, dim, start, delta)]
    for rule in sheet.conditional_formats:
        rule["ranges"] = [r for r in rule.get("ranges", []) if _shift_grid_range(r, dim, start,
                                                                                 delta)]
    sheet.conditional_formats = [r for r in sheet.conditional_formats if r["ranges"]]
    sheet.protected_ranges = [
        p for p in sheet.protected_ranges
        if "range" not in p or _shift_grid_range(p["range"], dim, start, delta)
    ]
    if sheet.basic_filter and not _shift_grid_range(
        sheet.basic_filter.setdefault("range", {}), dim, start, delta
    ):
        sheet.basic_filter = None
    key = "rowCount" if axis == 0 else "columnCount"
    sheet.grid[key] = int(sheet.grid.get(key, 0)) + delta
    frozen_key = "frozenRowCount" if axis == 0 else "frozenColumnCount"
    frozen = int(sheet.grid.get(frozen_key) or 0)
    if frozen:
        if delta > 0 and start < frozen:
            sheet.grid[frozen_key] = frozen + delta
        elif delta < 0 and start < frozen:
            sheet.grid[frozen_key] = frozen - (min(frozen, start - delta) - start)


def append_dimension(ss: Spreadsheet, req: dict[str, Any]) -> None:
    sheet = ss.by_id(req.get("sheetId"))
    length = int(req.get("length") or 0)
    if length < 1:
        raise bad_request("length must be at least 1.")
    dim = req.get("dimension")
    if dim not in ("ROWS", "COLUMNS"):
        raise bad_request("dimension must be ROWS or COLUMNS.")
    key = "rowCount" if dim == "ROWS" else "columnCount"
    sheet.grid[key] = int(sheet.grid.get(key, 0)) + length


def insert_dimension(ss: Spreadsheet, req: dict[str, Any]) -> None:
    sheet, dim, start, end = _dimension(req.get("range"), ss)
    if "endIndex" not in (req.get("range") or {}) or end == start:
        raise bad_request("insertDimension needs a non-empty range with an endIndex.")
    if req.get("inheritFromBefore") and start == 0:
        raise bad_request("Cannot inherit from before when inserting at index 0.")
    if start > (sheet.rows if dim == "ROWS" else sheet.cols):
        raise bad_request(f"Cannot insert at index {start}: the sheet has fewer {dim.lower()}.")
    _shift_sheet(sheet, dim, start, end - start)
    _shift_charts(ss, sheet, dim, start, end - start)


def _shift_charts(ss: Spreadsheet, sheet: Sheet, dim: str, start: int, delta: int) -> None:
    """Charts follow the cells they draw from, as formulas do, on any tab: their source ranges
    on this sheet, and the anchor of a chart sitting on it."""

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "sources" and isinstance(inner, list):
                    for source in inner:
                        if source.get("sheetId") == sheet.sheet_id:
                            _shift_grid_range(source, dim, start, delta)
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for other in ss.sheets:
        for chart in other.charts:
            walk(chart.get("spec"))
    for chart in sheet.charts:
        anchor = ((chart.get("position") or {}).get("overlayPosition") or {}).get("anchorCell")
        key = "rowIndex" if dim == "ROWS" else "columnIndex"
        if anchor and anchor.get(key) is not None:
            moved = _shift_index(int(anchor[key]), start, delta)
            anchor[key] = start if moved is None else moved


def delete_dimension(ss: Spreadsheet, req: dict[str, Any]) -> None:
    sheet, dim, start, end = _dimension(req.get("range"), ss)
    count = sheet.rows if dim == "ROWS" else sheet.cols
    check_in_grid(sheet, (start, end, 0, 1) if dim == "ROWS" else (0, 1, start, end))
    if start == 0 and end >= count:
        raise bad_request(f"You can't delete all the {dim.lower()} on the sheet.")
    _shift_sheet(sheet, dim, start, start - end)
    _shift_charts(ss, sheet, dim, start, start - end)
    _check_sheet_shape(ss, sheet)


def update_dimension_properties(ss: Spreadsheet, req: dict[str, Any]) -> None:
    if req.get("range") is None:
        raise bad_request("updateDimensionProperties needs a range.")
    sheet, dim, start, end = _dimension(req["range"], ss)
    paths = parse_mask(req.get("fields"), "DimensionProperties")
    count = sheet.rows if dim == "ROWS" else sheet.cols
    if end > count:
        check_in_grid(sheet, (start, end, 0, 1) if dim == "ROWS" else (0, 1, start, end))
    meta = sheet.row_metadata if dim == "ROWS" else sheet.column_metadata
    for i in range(start, end):
        updated = apply_mask(meta.get(i, {}), req.get("properties") or {}, paths)
        if updated:
            meta[i] = updated
        else:
            meta.pop(i, None)


def auto_resize_dimensions(ss: Spreadsheet, req: dict[str, Any]) -> None:
    if req.get("dimensions") is not None:
        sheet, dim, start, end = _dimension(req["dimensions"], ss)
        check_in_grid(sheet, (start, end, 0, 1) if dim == "ROWS" else (0, 1, start, end))
