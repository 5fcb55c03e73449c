"""Re-reads that keep writes honest: just before writing, the rows about to be written are read
again (one small request) so that an edit made during the sync is never overwritten; and a
write whose answer never came is read back before it is sent again."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sheets_sync.backends.google.batches import Part
from sheets_sync.backends.google.cells import read_value, same_cell
from sheets_sync.backends.google.client import GOOGLE_BASE, RetryingHTTPClient, compact
from sheets_sync.backends.google.looks import grid_range
from sheets_sync.backends.google.plan import Known, Plan
from sheets_sync.errors import WorkbookChanged
from sheets_sync.model import Cell

Span = tuple[str, int, int, int, int]  # tab, sheet id, rows [a, b), columns [0, c)


def read_spans(http: RetryingHTTPClient, spreadsheet: str, spans: list[Span],
               known: Known) -> list[list[list[Cell]]]:
    """The values in these ranges now, in one values:batchGetByDataFilter (a POST: the ranges
    go in the body, however many there are)."""
    filters = [{"gridRange": grid_range(sheet_id, (start, end), (0, width))}
               for _title, sheet_id, start, end, width in spans]
    body = {"dataFilters": filters, "valueRenderOption": "UNFORMATTED_VALUE",
            "dateTimeRenderOption": "FORMATTED_STRING", "majorDimension": "ROWS"}
    url = f"{GOOGLE_BASE}/v4/spreadsheets/{spreadsheet}/values:batchGetByDataFilter"
    answer = http.post(url, compact(body), idempotent=True) or {}
    where = {json.dumps(f, sort_keys=True): i for i, f in enumerate(filters)}
    found: list[list[list[Cell]]] = [[] for _ in spans]
    for matched in answer.get("valueRanges") or []:
        for echoed in matched.get("dataFilters") or []:
            index = where.get(json.dumps(echoed, sort_keys=True))
            if index is not None:
                rows = (matched.get("valueRange") or {}).get("values") or []
                found[index] = [[read_value(v, known.words) for v in row] for row in rows]
    return found


def check_unchanged(http: RetryingHTTPClient, spreadsheet: str, plan: Plan,
                    known: Known) -> None:
    """Raise WorkbookChanged (nothing written yet) when a row about to be written changed
    since the sync read it: someone edited it meanwhile, or moved rows."""
    if not plan.guard:
        return
    for span, now in zip(plan.guard, read_spans(http, spreadsheet, plan.guard, known),
                         strict=True):
        title, _sheet_id, start, end, width = span
        then = known.grids.get(title, [])
        for row in range(start, end):
            before = then[row] if row < len(then) else []
            after = now[row - start] if row - start < len(now) else []
            for column in range(width):
                if not same_cell(_at(before, column), _at(after, column)):
                    raise WorkbookChanged(
                        f"Someone changed the {title} tab (row {row + 1}) while the sync ran, "
                        "so it wrote nothing.",
                        fix="Run the sync again; it starts over by itself a few times first.")


def applied_check(http: RetryingHTTPClient, spreadsheet: str, part: Part,
                  known: Known) -> Callable[[], bool]:
    """Whether ``part`` landed although its answer never came: its tabs exist, its grids have
    grown, and its cells read back as written (a batchUpdate is all or nothing)."""

    def applied() -> bool:
        if part.added or part.rows:
            sheets = _sheets(http, spreadsheet)
            if any(title not in sheets for title in part.added):
                return False
            for title, rows in part.rows.items():
                grid = sheets.get(title, {}).get("gridProperties", {})
                if grid.get("rowCount", 0) < rows:
                    return False
        if not part.blocks:
            return True
        spans = [(b.title, b.sheet_id, b.row, b.row + len(b.values), b.column + len(b.values[0]))
                 for b in part.blocks]
        for block, now in zip(part.blocks, read_spans(http, spreadsheet, spans, known),
                              strict=True):
            for offset, wanted in enumerate(block.values):
                got = now[offset] if offset < len(now) else []
                for column, value in enumerate(wanted, start=block.column):
                    if not same_cell(_at(got, column), value):
                        return False
        return True

    return applied


def _sheets(http: RetryingHTTPClient, spreadsheet: str) -> dict[str, dict[str, Any]]:
    data = http.fetch_sheet_metadata(
        spreadsheet, params={"fields": "sheets(properties(title,gridProperties))"})
    return {s["properties"]["title"]: s["properties"] for s in data.get("sheets", [])}


def _at(row: list[Cell], column: int) -> Cell:
    return row[column] if column < len(row) else None
