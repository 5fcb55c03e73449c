"""In-memory spreadsheet state for the Sheets API emulator (test equipment).

Cells are stored the way the Sheets API describes them (a CellData subset per cell:
``userEnteredValue``, ``userEnteredFormat``, ``note``, ``dataValidation`` ...), so field masks,
typed values and formats behave as in Google Sheets. Formulas are stored, never computed.
"""

from __future__ import annotations

import pickle
import random
import re
from dataclasses import dataclass, field
from typing import Any

from sheets_emulator_schema import check_mask, mask_paths, schemas
from sheets_emulator_values import (
    CellTooLong,
    check_text,
    effective_value,
    raw_entered,
    render_cell,
    user_entered,
)

DEFAULT_ROWS = 1000
DEFAULT_COLUMNS = 26
MAX_CELLS = 10_000_000
WRITABLE_CELL_FIELDS = (
    "userEnteredValue", "userEnteredFormat", "note", "dataValidation", "textFormatRuns",
    "pivotTable", "dataSourceFormula", "chipRuns",
)
VALUE_KINDS = ("stringValue", "numberValue", "boolValue", "formulaValue", "errorValue")

Box = tuple[int, int, int, int]  # start row, end row (exclusive), start col, end col (exclusive)


class ApiError(Exception):
    """An error answered the Google way: {"error": {"code", "message", "status"}}."""

    STATUS = {
        400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
        404: "NOT_FOUND", 409: "ABORTED", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL",
        501: "UNIMPLEMENTED", 502: "UNAVAILABLE", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
    }

    def __init__(self, code: int, message: str, violations: list | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.violations = violations or []

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "status": self.STATUS.get(self.code, "UNKNOWN"),
        }
        if self.violations:
            error["details"] = [
                {
                    "@type": "type.googleapis.com/google.rpc.BadRequest",
                    "fieldViolations": [
                        {"field": path, "description": text} for path, text in self.violations
                    ],
                }
            ]
        return {"error": error}


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def jcopy(value: Any) -> Any:
    """Deep copy of JSON-like data (dicts, lists, scalars); much faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {k: jcopy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jcopy(v) for v in value]
    return value


# -------------------------------------------------------------------------------- A1 notation


def col_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def col_index(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number - 1


def quote_title(title: str) -> str:
    simple = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title)
    looks_like_ref = re.fullmatch(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*", title)
    if simple and not looks_like_ref:
        return title
    return "'" + title.replace("'", "''") + "'"


def a1(row: int, col: int) -> str:
    return f"{col_letters(col)}{row + 1}"


def format_range(title: str, box: Box) -> str:
    r0, r1, c0, c1 = box
    start, end = a1(r0, c0), a1(max(r1 - 1, r0), max(c1 - 1, c0))
    cells = start if start == end else f"{start}:{end}"
    return f"{quote_title(title)}!{cells}"


def split_range(text: str) -> tuple[str | None, str | None]:
    """("Sheet title" or None, "A1 part" or None) of a range; raises ValueError if malformed."""
    if text.startswith("'"):
        i, title = 1, []
        while True:
            j = text.find("'", i)
            if j < 0:
                raise ValueError(text)
            title.append(text[i:j])
            if text[j + 1 : j + 2] == "'":
                title.append("'")
                i = j + 2
                continue
            rest = text[j + 1 :]
            break
        if rest == "":
            return "".join(title), None
        if not rest.startswith("!") or len(rest) == 1:
            raise ValueError(text)
        return "".join(title), rest[1:]
    if "!" in text:
        title, _, cells = text.rpartition("!")
        if not title or not cells:
            raise ValueError(text)
        return title, cells
    return None, text


_A1_END = re.compile(r"\$?([A-Za-z]{0,3})\$?(\d*)")


def parse_a1(text: str) -> tuple[int, int | None, int, int | None] | None:
    """(r0, r1, c0, c1) of "A1", "A1:B2", "A:C", "2:5", "A2:C" (None = unbounded) or None."""
    parts = text.split(":")
    if len(parts) > 2:
        return None
    ends = []
    for part in parts:
        match = _A1_END.fullmatch(part)
        if not match or not (match.group(1) or match.group(2)):
            return None
        col = col_index(match.group(1)) if match.group(1) else None
        row = int(match.group(2)) - 1 if match.group(2) else None
        if row is not None and row < 0:
            return None
        ends.append((row, col))
    if len(ends) == 1:
        row, col = ends[0]
        if row is None or col is None:
            return None
        return row, row + 1, col, col + 1
    (ra, ca), (rb, cb) = ends
    if (ra is None) != (rb is None) and ca is None and cb is None:
        return None
    if ca is None and cb is not None and ra is not None:  # "5:B7" is not a range
        return None
    r0 = 0 if ra is None else ra
    c0 = 0 if ca is None else ca
    r1 = None if rb is None else rb + 1
    c1 = None if cb is None else cb + 1
    if ra is not None and rb is None and ca is None:  # "2:C" style is not valid
        return None
    if r1 is not None and r1 <= r0:
        r0, r1 = r1 - 1, r0 + 1
    if c1 is not None and c1 <= c0:
        c0, c1 = c1 - 1, c0 + 1
    return r0, r1, c0, c1


# ------------------------------------------------------------------------------------ model


def _default_sheet_properties(sheet_id: int, title: str, index: int) -> dict[str, Any]:
    return {
        "sheetId": sheet_id,
        "title": title,
        "index": index,
        "sheetType": "GRID",
        "gridProperties": {"rowCount": DEFAULT_ROWS, "columnCount": DEFAULT_COLUMNS},
    }


@dataclass
class Sheet:
    properties: dict[str, Any]
    cells: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    conditional_formats: list[dict[str, Any]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    row_metadata: dict[int, dict[str, Any]] = field(default_factory=dict)
    column_metadata: dict[int, dict[str, Any]] = field(default_factory=dict)
    borders: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None
    protected_ranges: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.properties["title"]

    @property
    def sheet_id(self) -> int:
        return self.properties["sheetId"]

    @property
    def grid(self) -> dict[str, Any]:
        return self.properties.setdefault("gridProperties", {})

    @property
    def rows(self) -> int:
        return int(self.grid.get("rowCount", 0))

    @property
    def cols(self) -> int:
        return int(self.grid.get("columnCount", 0))

    def full_box(self) -> Box:
        return 0, self.rows, 0, self.cols

    def value_extent(self, box: Box) -> tuple[int, int]:
        """(rows, cols) from the box's corner up to the last cell holding a value."""
        r0, r1, c0, c1 = box
        last_r, last_c = -1, -1
        for (r, c), cell in self.cells.items():
            if r0 <= r < r1 and c0 <= c < c1 and cell.get("userEnteredValue"):
                last_r, last_c = max(last_r, r), max(last_c, c)
        return last_r - r0 + 1, last_c - c0 + 1

    def set_cell(self, row: int, col: int, cell: dict[str, Any]) -> None:
        if cell:
            self.cells[(row, col)] = cell
        else:
            self.cells.pop((row, col), None)

    def to_json(self, include_grid: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"properties": jcopy(self.properties)}
        if include_grid:
            out["data"] = [self._grid_data()]
        for key, value in (
            ("merges", self.merges), ("conditionalFormats", self.conditional_formats),
            ("charts", self.charts), ("protectedRanges", self.protected_ranges),
            ("basicFilter", self.basic_filter),
        ):
            if value:
                out[key] = jcopy(value)
        return out

    def _grid_data(self) -> dict[str, Any]:
        rows = max((r for r, _ in self.cells), default=-1) + 1
        cols = max((c for _, c in self.cells), default=-1) + 1
        row_data = []
        for r in range(rows):
            values = []
            for c in range(cols):
                cell = jcopy(self.cells.get((r, c), {}))
                if cell.get("userEnteredValue"):
                    if (ev := effective_value(cell)) is not None:
                        cell["effectiveValue"] = ev
                    cell["formattedValue"] = str(render_cell(cell, "FORMATTED_VALUE", ""))
                values.append(cell)
            row_data.append({"values": values} if any(values) else {})
        return {
            "startRow": 0,
            "startColumn": 0,
            "rowData": row_data,
            "rowMetadata": [self.row_metadata.get(i, {"pixelSize": 21}) for i in range(self.rows)],
            "columnMetadata": [
                self.column_metadata.get(i, {"pixelSize": 100}) for i in range(self.cols)
            ],
        }

    def snapshot(self) -> dict[str, Any]:
        return jcopy(
            {
                "properties": self.properties,
                "cells": {a1(r, c): cell for (r, c), cell in sorted(self.cells.items())},
                "conditionalFormats": self.conditional_formats,
                "charts": self.charts,
                "merges": self.merges,
                "rowMetadata": dict(sorted(self.row_metadata.items())),
                "columnMetadata": dict(sorted(self.column_metadata.items())),
                "borders": self.borders,
                "basicFilter": self.basic_filter,
                "protectedRanges": self.protected_ranges,
            }
        )


@dataclass
class Spreadsheet:
    spreadsheet_id: str
    properties: dict[str, Any]
    sheets: list[Sheet] = field(default_factory=list)
    id_counter: int = 0
    caller: str = ""  # the account making the current request ("" when unauthenticated)

    @classmethod
    def new(cls, spreadsheet_id: str, title: str) -> Spreadsheet:
        return cls(
            spreadsheet_id,
            {
                "title": title,
                "locale": "en_US",
                "autoRecalc": "ON_CHANGE",
                "timeZone": "Etc/GMT",
                "defaultFormat": {
                    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
                    "verticalAlignment": "BOTTOM",
                    "wrapStrategy": "OVERFLOW_CELL",
                    "textFormat": {"fontFamily": "arial", "fontSize": 10},
                },
            },
        )

    def clone(self) -> Spreadsheet:
        """An independent deep copy (batch requests are applied to one: all or nothing)."""
        return pickle.loads(pickle.dumps(self, pickle.HIGHEST_PROTOCOL))

    def new_id(self) -> int:
        """A fresh, deterministic, Google-looking id (sheets, charts, protected ranges)."""
        while True:
            self.id_counter += 1
            candidate = random.Random(f"{self.spreadsheet_id}/{self.id_counter}").randrange(
                1, 2**31 - 1
            )
            if candidate not in self._used_ids():
                return candidate

    def _used_ids(self) -> set[int]:
        used = {s.sheet_id for s in self.sheets}
        for sheet in self.sheets:
            used |= {c.get("chartId") for c in sheet.charts}
            used |= {p.get("protectedRangeId") for p in sheet.protected_ranges}
        return used

    def reindex(self) -> None:
        for i, sheet in enumerate(self.sheets):
            sheet.properties["index"] = i

    def by_id(self, sheet_id: Any) -> Sheet:
        sid = int(sheet_id or 0)
        for sheet in self.sheets:
            if sheet.sheet_id == sid:
                return sheet
        raise bad_request(f"No grid with id: {sid}")

    def by_title(self, title: str) -> Sheet | None:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        for sheet in self.sheets:
            if sheet.title.lower() == title.lower():
                return sheet
        return None

    def add_sheet(self, title: str, sheet_id: int | None = None, index: int | None = None) -> Sheet:
        if sheet_id is None:
            sheet_id = 0 if not self.sheets else self.new_id()
        position = len(self.sheets) if index is None else min(index, len(self.sheets))
        sheet = Sheet(_default_sheet_properties(sheet_id, title, position))
        self.sheets.insert(position, sheet)
        self.reindex()
        return sheet

    def total_cells(self) -> int:
        return sum(s.rows * s.cols for s in self.sheets)

    # -------------------------------------------------------------------------- ranges

    def resolve(self, text: str) -> tuple[Sheet, Box]:
        """The sheet and bounded box of an A1 range; errors like Google for bad ranges."""
        unable = bad_request(f"Unable to parse range: {text}")
        try:
            title, cells = split_range(text.strip())
        except ValueError:
            raise unable from None
        if title is None:
            sheet = self.by_title(cells or "")
            if sheet is not None:
                return sheet, sheet.full_box()
            if not self.sheets:
                raise unable
            sheet = self.sheets[0]
        else:
            sheet = self.by_title(title)
            if sheet is None:
                raise unable
            if cells is None:
                return sheet, sheet.full_box()
        parsed = parse_a1(cells or "")
        if parsed is None:
            raise unable
        r0, r1, c0, c1 = parsed
        box = (r0, sheet.rows if r1 is None else r1, c0, sheet.cols if c1 is None else c1)
        check_in_grid(sheet, box)
        return sheet, box

    def to_json(self, include_grid: bool = False) -> dict[str, Any]:
        return {
            "spreadsheetId": self.spreadsheet_id,
            "properties": jcopy(self.properties),
            "sheets": [s.to_json(include_grid) for s in self.sheets],
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit",
        }

    def snapshot(self) -> dict[str, Any]:
        return {
            "spreadsheetId": self.spreadsheet_id,
            "properties": jcopy(self.properties),
            "sheets": [s.snapshot() for s in self.sheets],
        }


def check_in_grid(sheet: Sheet, box: Box) -> None:
    r0, r1, c0, c1 = box
    if r1 > sheet.rows or c1 > sheet.cols or r0 < 0 or c0 < 0:
        raise bad_request(
            f"Range ({format_range(sheet.title, box)}) exceeds grid limits. "
            f"Max rows: {sheet.rows}, max columns: {sheet.cols}"
        )


PROTECTED = ("You are trying to edit a protected cell or object. Please contact the spreadsheet "
             "owner to remove protection if you need to edit.")


def check_unprotected(ss: Spreadsheet, sheet: Sheet, box: Box) -> None:
    """Refuse an edit of cells in a protected range the caller is not an editor of."""
    for protected in sheet.protected_ranges:
        editors = (protected.get("editors") or {}).get("users") or []
        if protected.get("warningOnly") or (ss.caller and ss.caller in editors):
            continue
        if _overlaps(box, _box_of(sheet, protected.get("range") or {})):
            raise bad_request(PROTECTED)


# ------------------------------------------------------------------------------ values API


def read_values(
    ss: Spreadsheet, text: str, value_render: str, date_render: str, major: str
) -> dict[str, Any]:
    sheet, box = ss.resolve(text)
    locale = ss.properties.get("locale")
    r0, _, c0, _ = box
    n_rows, n_cols = sheet.value_extent(box)
    matrix = [
        [render_cell(sheet.cells.get((r0 + i, c0 + j), {}), value_render, date_render, locale)
         for j in range(n_cols)]
        for i in range(n_rows)
    ]
    if major == "COLUMNS":
        matrix = [list(col) for col in zip(*matrix, strict=True)] if matrix else []
    trimmed = []
    for line in matrix:
        while line and line[-1] == "":
            line.pop()
        trimmed.append(line)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    out: dict[str, Any] = {
        "range": format_range(sheet.title, box),
        "majorDimension": "COLUMNS" if major == "COLUMNS" else "ROWS",
    }
    if trimmed:
        out["values"] = trimmed
    return out


def write_values(
    ss: Spreadsheet, text: str, values: Any, major: str | None, input_option: str
) -> dict[str, Any]:
    """Write a ValueRange's values (the values.update semantics) and return the reply."""
    sheet, box = ss.resolve(text)
    values = values or []
    if not isinstance(values, list) or not all(isinstance(v, list) for v in values):
        raise bad_request("Invalid values: expected a list of lists")
    if major == "COLUMNS":
        width = max((len(v) for v in values), default=0)
        values = [[v[i] if i < len(v) else None for v in values] for i in range(width)]
    n_rows = len(values)
    n_cols = max((len(v) for v in values), default=0)
    r0, r1, c0, c1 = box
    single = (r1 - r0, c1 - c0) == (1, 1)
    whole = box == sheet.full_box()
    if not single and not whole and (n_rows > r1 - r0 or n_cols > c1 - c0):
        over_r = n_rows > r1 - r0
        where = f"row [{r0 + n_rows}]" if over_r else f"column [{col_letters(c0 + n_cols - 1)}]"
        raise bad_request(
            f"Requested writing within range [{format_range(sheet.title, box)}], "
            f"but tried writing to {where}"
        )
    written = (r0, r0 + n_rows, c0, c0 + n_cols)
    if n_rows and n_cols:
        check_in_grid(sheet, written)
        check_unprotected(ss, sheet, written)
    parse = user_entered if input_option == "USER_ENTERED" else raw_entered
    locale = ss.properties.get("locale")
    for i, line in enumerate(values):
        for j, value in enumerate(line):
            if value is None:
                continue
            if isinstance(value, list | dict):
                kind = "list_value" if isinstance(value, list) else "struct_value"
                raise bad_request(f"Invalid values[{i}][{j}]: {kind} {value!r}")
            cell = jcopy(sheet.cells.get((r0 + i, c0 + j), {}))
            if value == "":
                cell.pop("userEnteredValue", None)
            else:
                entered = parse(value, locale)
                try:
                    check_text(entered)
                except CellTooLong as err:
                    raise bad_request(str(err)) from None
                cell["userEnteredValue"] = entered["userEnteredValue"]
                if "userEnteredFormat" in entered:
                    fmt = cell.setdefault("userEnteredFormat", {})
                    fmt.setdefault("numberFormat", entered["userEnteredFormat"]["numberFormat"])
            sheet.set_cell(r0 + i, c0 + j, cell)
    reply: dict[str, Any] = {"spreadsheetId": ss.spreadsheet_id}
    if n_rows and n_cols:
        reply.update(
            updatedRange=format_range(sheet.title, written),
            updatedRows=n_rows,
            updatedColumns=n_cols,
            updatedCells=sum(1 for line in values for v in line if v is not None),
        )
    return reply


def clear_values(ss: Spreadsheet, text: str) -> str:
    sheet, box = ss.resolve(text)
    check_unprotected(ss, sheet, box)
    for key in [k for k in sheet.cells if _inside(k, box)]:
        cell = dict(sheet.cells[key])
        cell.pop("userEnteredValue", None)
        sheet.set_cell(*key, cell)
    return format_range(sheet.title, box)


def _inside(key: tuple[int, int], box: Box) -> bool:
    return box[0] <= key[0] < box[1] and box[2] <= key[1] < box[3]


# ------------------------------------------------------------------------------ field masks


def _get_path(obj: Any, path: list[str]) -> Any:
    for name in path:
        if not isinstance(obj, dict) or name not in obj:
            return None
        obj = obj[name]
    return obj


def _set_path(obj: dict[str, Any], path: list[str], value: Any) -> None:
    if value is None:
        parents = [obj]
        for name in path[:-1]:
            nxt = parents[-1].get(name)
            if not isinstance(nxt, dict):
                return
            parents.append(nxt)
        parents[-1].pop(path[-1], None)
        for depth in range(len(path) - 1, 0, -1):  # prune emptied parents
            if not parents[depth]:
                parents[depth - 1].pop(path[depth - 1], None)
        return
    for name in path[:-1]:
        if not isinstance(obj.get(name), dict):
            obj[name] = {}
        obj = obj[name]
    obj[path[-1]] = jcopy(value)


def apply_mask(
    dest: dict[str, Any], src: dict[str, Any], paths: list[list[str]],
    writable: tuple[str, ...] | None = None, keep: tuple[str, ...] = (),
) -> dict[str, Any]:
    """dest updated with src's values at the mask paths (absent in src = cleared)."""
    out = jcopy(dest)
    for path in paths:
        if path == ["*"]:
            kept = {k: out[k] for k in keep if k in out}
            out = {
                k: jcopy(v)
                for k, v in src.items()
                if v is not None and (writable is None or k in writable)
            }
            for k, v in kept.items():
                out.setdefault(k, v)
            continue
        if writable is not None and path[0] not in writable:
            continue  # read-only fields are ignored
        _set_path(out, path, _get_path(src, path))
    return out


def parse_mask(fields: Any, schema_name: str) -> list[list[str]]:
    if not fields:
        raise bad_request("At least one field must be specified in 'fields'.")
    paths = mask_paths(fields)
    bad = check_mask(paths, schema_name)
    if bad:
        raise bad_request(f"Invalid field mask path: '{bad[0]}' is not a field of {schema_name}.")
    return paths


# ------------------------------------------------------------------------- batchUpdate kinds


def grid_box(ss: Spreadsheet, gr: dict[str, Any] | None) -> tuple[Sheet, Box]:
    gr = gr or {}
    sheet = ss.by_id(gr.get("sheetId"))
    r0 = int(gr.get("startRowIndex") or 0)
    c0 = int(gr.get("startColumnIndex") or 0)
    r1 = sheet.rows if gr.get("endRowIndex") is None else int(gr["endRowIndex"])
    c1 = sheet.cols if gr.get("endColumnIndex") is None else int(gr["endColumnIndex"])
    if r1 < r0 or c1 < c0:
        raise bad_request(f"Invalid range: start index after end index ({gr})")
    check_in_grid(sheet, (r0, r1, c0, c1))
    return sheet, (r0, r1, c0, c1)


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


def delete_dimension(ss: Spreadsheet, req: dict[str, Any]) -> None:
    sheet, dim, start, end = _dimension(req.get("range"), ss)
    count = sheet.rows if dim == "ROWS" else sheet.cols
    check_in_grid(sheet, (start, end, 0, 1) if dim == "ROWS" else (0, 1, start, end))
    if start == 0 and end >= count:
        raise bad_request(f"You can't delete all the {dim.lower()} on the sheet.")
    _shift_sheet(sheet, dim, start, start - end)
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
    for key in targets:
        cell = dict(sheet.cells.get(key, {}))
        if rule is None:
            cell.pop("dataValidation", None)
        else:
            cell["dataValidation"] = jcopy(rule)
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
    """Every range a chart draws from lies inside its sheet's grid."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "sources" and isinstance(value, list):
                for source in value:
                    grid_box(ss, source)
            else:
                _check_sources(ss, value)
    elif isinstance(spec, list):
        for value in spec:
            _check_sources(ss, value)


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


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _box_of(sheet: Sheet, gr: dict[str, Any]) -> Box:
    return (
        int(gr.get("startRowIndex") or 0),
        sheet.rows if gr.get("endRowIndex") is None else int(gr["endRowIndex"]),
        int(gr.get("startColumnIndex") or 0),
        sheet.cols if gr.get("endColumnIndex") is None else int(gr["endColumnIndex"]),
    )


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

