"""What a write sends: only the cells that changed, in batchUpdate requests of at most 2 MB,
ordered so that a failure between two of them loses nothing and the next sync completes it.

Cells are compared with what the last read found, so a column the coordinator added (its
formulas, formats and validations) and any cell the engine did not change are never written.
Rows are written where they are; only an engine tab's own columns are ever touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sheets_sync.backends.google.batches import (
    MAX_BODY,
    Block,
    Part,
    Unit,
    dump,
    pack,
    update_cells,
)
from sheets_sync.backends.google.cells import (
    VALUE,
    VALUE_AND_FORMAT,
    cell_data,
    fit_text,
    is_date,
    read_value,
    same_cell,
)
from sheets_sync.backends.google.dates import DateWords
from sheets_sync.backends.google.looks import (
    added_column_looks,
    anchor_cell,
    chart_updates,
    column_looks,
    grid_range,
    new_tab_looks,
    recent_rule,
    unbounded_rules,
)
from sheets_sync.model import PAIRINGS, SYNC_LOG, Cell, Sheet, normalise_header

MIN_ROWS, MIN_COLUMNS = 1000, 26  # a new tab's grid, as Google makes one
GUARD_GAP = 8  # rows written this close together are re-checked as one range

# Write order. The pairs are the decisions and everything else derives from them, so they go
# last (new pairs before changes to existing ones), and the Sync Log line after them: a failure
# part-way leaves earlier decisions standing and the next sync recomputes the rest.
STRUCTURE, LOOKS, DERIVED, NEW_PAIRS, PAIRS, LOG = range(6)


@dataclass
class Known:
    """What the last read found: tab properties, colour rules, and every tab's values."""

    sheets: dict[str, dict[str, Any]]
    rules: dict[str, list[dict[str, Any]]]
    grids: dict[str, list[list[Cell]]]
    words: DateWords
    charts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def find(self, name: str) -> str | None:
        wanted = normalise_header(name)
        return next((t for t in self.sheets if normalise_header(t) == wanted), None)


@dataclass
class Plan:
    parts: list[Part]
    guard: list[tuple[str, int, int, int, int]]  # tab, sheet id, rows [a, b), columns [0, c)
    added: dict[str, int]  # tabs made, by sheet id

    def __bool__(self) -> bool:
        return bool(self.parts)


def plan_write(sheets: Sequence[Sheet], known: Known, max_body: int = MAX_BODY,
               last: Sequence[dict[str, Any]] = ()) -> Plan:
    """The requests that make these tabs read as given (tabs missing are added at the end)."""
    units: list[Unit] = []
    next_id = max((p["sheetId"] for p in known.sheets.values()), default=0) + 1
    guard: list[tuple[str, int, int, int, int]] = []
    added: dict[str, int] = {}
    cap = max_body - 64
    for sheet in sheets:
        title = known.find(sheet.name)
        grid = sheet.table.grid()
        rank = LOG if sheet.name == SYNC_LOG else DERIVED
        if title is None:
            sheet_id, next_id = next_id, next_id + 1
            rows, cols = _new_grid(sheet, len(grid))
            units.append(Unit(STRUCTURE, dump({"addSheet": {"properties": {
                "sheetId": sheet_id, "title": sheet.name, "hidden": sheet.format.hidden,
                "gridProperties": {"rowCount": rows, "columnCount": cols,
                                   "frozenRowCount": sheet.format.frozen_rows}}}}),
                sheet.name, added=sheet.name))
            added[sheet.name] = sheet_id
            looks, old, old_rows = new_tab_looks(sheet_id, sheet, rows), [], 0
        else:
            props = known.sheets[title]
            sheet_id = props["sheetId"]
            old = known.grids.get(title, [])
            old_width = len(old[0]) if old else 0
            runs = _inserted_columns(old[0] if old else [], sheet.table.header)
            for start, count in runs:  # a newer version's columns, moving the ones after
                units.append(Unit(STRUCTURE, dump({"insertDimension": {
                    "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": start,
                              "endIndex": start + count}, "inheritFromBefore": False}}),
                    sheet.name))
                units.append(Unit(STRUCTURE, dump({"setDataValidation": {  # not inherited
                    "range": grid_range(sheet_id, (1, None), (start, start + count))}}),
                    sheet.name))
            old = _with_columns(old, runs)
            old_rows, looks, growth = _grown(sheet_id, sheet, props, len(grid), old, known,
                                             title, sum(c for _s, c in runs))
            units += [Unit(STRUCTURE, dump(r), sheet.name, rows=size) for r, size in growth]
        units += [Unit(LOOKS, dump(r), sheet.name) for r in looks]
        for block, group, cells in _changed_blocks(old, grid, sheet, known.words):
            block.title, block.sheet_id = sheet.name, sheet_id
            if sheet.name == PAIRINGS:
                rank = NEW_PAIRS if block.row >= len(old) else PAIRS
            if title is not None and block.row < old_rows:
                width = old_width if runs else block.column + len(block.values[0])
                guard.append((title, sheet_id, block.row,
                              min(block.row + len(block.values), old_rows), max(1, width)))
            units += [Unit(rank, text, sheet.name, piece)
                      for text, piece in update_cells(block, group, cells, cap)]
    units.sort(key=lambda unit: unit.rank)
    units += [Unit(LOG + 1, dump(r), "") for r in last]
    return Plan(pack(units, cap), _merge_guard(guard), added)


def _new_grid(sheet: Sheet, rows: int) -> tuple[int, int]:
    anchor = anchor_cell(sheet) or (0, 0)
    return (max(rows, MIN_ROWS, anchor[0] + 1),
            max(len(sheet.table.header), MIN_COLUMNS, anchor[1] + 1))


def _inserted_columns(old_header: list[Cell], new_header: list[str]) -> list[tuple[int, int]]:
    """Where a tab gains columns between the ones it had (a newer version's columns), as
    (position, count) runs in the new layout; [] unless the old header is kept, in order."""
    old = [normalise_header(h) for h in old_header]
    while old and not old[-1]:
        old.pop()
    matched, runs = 0, list[tuple[int, int]]()
    for index, title in enumerate(new_header):
        if matched < len(old) and normalise_header(title) == old[matched]:
            matched += 1
        elif matched < len(old):
            if runs and runs[-1][0] + runs[-1][1] == index:
                runs[-1] = (runs[-1][0], runs[-1][1] + 1)
            else:
                runs.append((index, 1))
    return runs if old and matched == len(old) else []


def _with_columns(grid: list[list[Cell]], runs: list[tuple[int, int]]) -> list[list[Cell]]:
    """The old values as they stand once blank columns are inserted at these runs."""
    if not runs:
        return grid
    moved = []
    for row in grid:
        row = list(row)
        for start, count in runs:
            if start <= len(row):
                row[start:start] = [None] * count
        moved.append(row)
    return moved


def _grown(sheet_id: int, sheet: Sheet, props: dict[str, Any], needed: int,
           old: list[list[Cell]], known: Known, title: str, inserted: int = 0
           ) -> tuple[int, list[dict[str, Any]],
                      list[tuple[dict[str, Any], tuple[str, int] | None]]]:
    """An existing tab: rows and columns it must gain, and looks for what it gains."""
    size = props.get("gridProperties", {})
    rows, cols = size.get("rowCount", 0), size.get("columnCount", 0) + inserted
    growth: list[tuple[dict[str, Any], tuple[str, int] | None]] = []
    if needed > rows:
        growth.append(({"appendDimension": {"sheetId": sheet_id, "dimension": "ROWS",
                                            "length": needed - rows}}, (title, needed)))
    if len(sheet.table.header) > cols:
        growth.append(({"appendDimension": {"sheetId": sheet_id, "dimension": "COLUMNS",
                                            "length": len(sheet.table.header) - cols}}, None))
    header = [str(v) if v is not None else "" for v in old[0]] if old else []
    updated, added = recent_rule(sheet_id, sheet, known.rules.get(title, []))
    looks = updated + added_column_looks(sheet_id, sheet, header, max(rows, needed))
    looks += column_looks(sheet_id, sheet, None, (rows, needed))
    looks += unbounded_rules(sheet_id, sheet, known.rules.get(title, []))
    looks += chart_updates(sheet_id, sheet, known.charts.get(title, [])) + added
    return rows, looks, growth


def _changed_blocks(old: list[list[Cell]], new: list[list[Cell]], sheet: Sheet,
                    words: DateWords) -> list[tuple[Block, str, list[list[dict[str, Any]]]]]:
    """Rectangles of changed cells in the tab's own columns: runs of changed cells in a row
    (same write fields), joined with the same run in the rows below."""
    width = len(sheet.table.header)
    patterns = _patterns(sheet)
    active: dict[tuple[int, int, str], tuple[Block, str, list]] = {}
    found = []
    for r in range(max(len(old), len(new))):
        old_row = _padded(old[r] if r < len(old) else [], width)
        new_row = _padded(new[r] if r < len(new) else [], width)
        if old_row == new_row:
            active = {}
            continue
        runs = _row_runs(old_row, new_row, patterns, words)
        following = {}
        for start, group, cells, values in runs:
            key = (start, start + len(cells), group)
            current = active.get(key)
            if current is not None and current[0].row + len(current[0].values) == r:
                current[0].values.append(values)
                current[2].append(cells)
            else:
                current = (Block("", 0, r, start, [values]), group, [cells])
                found.append(current)
            following[key] = current
        active = following
    return found


def _row_runs(old_row: list[Cell], new_row: list[Cell], patterns: list[str | None],
              words: DateWords) -> list[tuple[int, str, list[dict[str, Any]], list[Cell]]]:
    runs: list[tuple[int, str, list[dict[str, Any]], list[Cell]]] = []
    for column, (was, value) in enumerate(zip(old_row, new_row, strict=True)):
        shown = _as_read(value, words)
        if same_cell(was, shown):
            continue
        data = cell_data(value, patterns[column])
        group = VALUE_AND_FORMAT if "userEnteredFormat" in data or is_date(was) else VALUE
        last = runs[-1] if runs else None
        if last and last[0] + len(last[2]) == column and last[1] == group:
            last[2].append(data)
            last[3].append(shown)
        else:
            runs.append((column, group, [data], [shown]))
    return runs


def _as_read(value: Cell, words: DateWords) -> Cell:
    """A value as it will read back: text cut to the cell limit, text showing a date a date."""
    if isinstance(value, str):
        return read_value(fit_text(value), words)
    if isinstance(value, float) and value != value:
        return None
    return value


def _patterns(sheet: Sheet) -> list[str | None]:
    fmt = sheet.format
    wanted = {normalise_header(h): p for h, p in fmt.number_formats.items()}
    return [wanted.get(normalise_header(h)) for h in sheet.table.header]


def _padded(row: list[Cell], width: int) -> list[Cell]:
    if len(row) >= width:
        return row[:width]
    return list(row) + [None] * (width - len(row))


def _merge_guard(spans: list[tuple[str, int, int, int, int]]):
    """Written rows of existing tabs as few ranges: rows close together join one range."""
    merged: list[tuple[str, int, int, int, int]] = []
    for title, sheet_id, start, end, width in sorted(spans, key=lambda s: (s[1], s[2])):
        if merged and merged[-1][1] == sheet_id and start <= merged[-1][3] + GUARD_GAP:
            last = merged[-1]
            merged[-1] = (title, sheet_id, last[2], max(last[3], end), max(last[4], width))
        else:
            merged.append((title, sheet_id, start, end, width))
    return merged
