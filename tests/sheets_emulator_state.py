"""In-memory spreadsheet state for the Sheets API emulator (test equipment).

Cells are stored the way the Sheets API describes them (a CellData subset per cell:
``userEnteredValue``, ``userEnteredFormat``, ``note``, ``dataValidation`` ...), so field masks,
typed values and formats behave as in Google Sheets. Formulas are stored, never computed.
A stored cell is never changed in place: a write stores a new dict (``Sheet.set_cell``), so
copies of a sheet can share its cells.
"""

from __future__ import annotations

import pickle
import random
import re
from dataclasses import dataclass, field, fields
from typing import Any

from sheets_emulator_schema import check_mask, mask_paths
from sheets_emulator_typing import raw_entered, sheet_today, user_entered
from sheets_emulator_values import CellTooLong, check_text, effective_value, render_cell

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
    """Deep copy of JSON-like data (dicts, lists, scalars), by a pickle round trip: for a
    whole tab, several times faster than copying item by item in Python."""
    if isinstance(value, dict | list):
        return pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
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

    def clone(self) -> Sheet:
        """A copy to change. Cells are shared: a stored cell is never changed in place (every
        write stores a new dict), which is what makes a batch's copy cheap."""
        rest = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "cells"}
        return Sheet(cells=dict(self.cells), **jcopy(rest))

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
        """Everything the sheet holds, to compare. The cells are shared, not copied: they are
        never changed in place (read them; don't change them)."""
        cells = {a1(r, c): cell for (r, c), cell in sorted(self.cells.items())}
        return {"cells": cells, **jcopy(
            {
                "properties": self.properties,
                "conditionalFormats": self.conditional_formats,
                "charts": self.charts,
                "merges": self.merges,
                "rowMetadata": dict(sorted(self.row_metadata.items())),
                "columnMetadata": dict(sorted(self.column_metadata.items())),
                "borders": self.borders,
                "basicFilter": self.basic_filter,
                "protectedRanges": self.protected_ranges,
            }
        )}


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
        """An independent copy (batch requests are applied to one: all or nothing)."""
        return Spreadsheet(self.spreadsheet_id, jcopy(self.properties),
                           [sheet.clone() for sheet in self.sheets], self.id_counter, self.caller)

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
    typing = input_option == "USER_ENTERED"
    locale = ss.properties.get("locale")
    today = sheet_today(ss.properties.get("timeZone"))  # the year of a date typed without one
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
                entered = user_entered(value, locale, today) if typing else raw_entered(value)
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


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def _box_of(sheet: Sheet, gr: dict[str, Any]) -> Box:
    return (
        int(gr.get("startRowIndex") or 0),
        sheet.rows if gr.get("endRowIndex") is None else int(gr["endRowIndex"]),
        int(gr.get("startColumnIndex") or 0),
        sheet.cols if gr.get("endColumnIndex") is None else int(gr["endColumnIndex"]),
    )
