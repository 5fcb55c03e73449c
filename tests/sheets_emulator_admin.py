"""The admin API of the Sheets API emulator (test equipment): seed spreadsheets, type values as
a coordinator would, and look at everything stored, without going through HTTP; and the log of
requests received."""

from __future__ import annotations

import random
import string
import threading
from typing import TYPE_CHECKING, Any

from sheets_emulator_state import Sheet, Spreadsheet, a1, grid_box, jcopy, parse_a1
from sheets_emulator_values import (
    cell_from_python,
    cell_kind,
    cell_python,
    number_format_of,
    render_cell,
)

if TYPE_CHECKING:
    from sheets_emulator import LoggedRequest

_ID_ALPHABET = string.ascii_letters + string.digits + "-_"


class AdminMixin:
    """The admin half of SheetsEmulator."""

    _lock: threading.RLock
    _books: dict[str, Spreadsheet]
    _ids: random.Random
    requests: list[LoggedRequest]

    # ------------------------------------------------------------------------- admin API

    def create_spreadsheet(
        self,
        spreadsheet_id: str | None = None,
        tabs: dict[str, list[list[Any]]] | None = None,
        title: str = "Program",
        locale: str = "en_US",
        time_zone: str = "Etc/GMT",
    ) -> str:
        """Add a spreadsheet; tabs map titles to rows of Python values.

        str -> string cell (even "=..."), int/float -> number, bool -> bool, None -> empty,
        date/datetime/time -> serial number with a DATE/DATE_TIME/TIME numberFormat,
        formula("=...") -> formula, Formatted(value, numberFormat) -> value with that format.
        Each tab gets a grid of at least 1000 rows x 26 columns, like a new Google sheet.
        """
        with self._lock:
            if spreadsheet_id is None:
                spreadsheet_id = "1" + "".join(self._ids.choices(_ID_ALPHABET, k=43))
            if spreadsheet_id in self._books:
                raise ValueError(f"spreadsheet {spreadsheet_id!r} already exists")
            book = Spreadsheet.new(spreadsheet_id, title)
            book.properties.update(locale=locale, timeZone=time_zone)
            for tab, rows in (tabs or {"Sheet1": []}).items():
                self._add_tab(book, tab, rows)
            self._books[spreadsheet_id] = book
            return spreadsheet_id

    def add_sheet(
        self, spreadsheet_id: str, title: str, rows: list[list[Any]] | None = None
    ) -> int:
        """Add a tab (as a coordinator would) and return its sheetId."""
        with self._lock:
            book = self._book(spreadsheet_id)
            if book.by_title(title) is not None:
                raise ValueError(f"tab {title!r} already exists")
            return self._add_tab(book, title, rows or []).sheet_id

    def set_values(
        self, spreadsheet_id: str, title: str, start: str, rows: list[list[Any]]
    ) -> None:
        """Type admin values into a tab from cell `start` on (grows the grid if needed)."""
        with self._lock:
            sheet = self._sheet(spreadsheet_id, title)
            parsed = parse_a1(start)
            if parsed is None:
                raise ValueError(f"bad cell {start!r}")
            self._fill(sheet, parsed[0], parsed[2], rows)

    def protect(self, spreadsheet_id: str, title: str, cells: str | None = None,
                editors: tuple[str, ...] = ()) -> None:
        """Protect a tab (or its A1 range ``cells``) as its owner would: only ``editors`` may
        change it through the API."""
        with self._lock:
            book = self._book(spreadsheet_id)
            sheet = self._sheet(spreadsheet_id, title)
            if cells is None:
                grid = {"sheetId": sheet.sheet_id}
            else:
                _sheet, box = book.resolve(f"'{title}'!{cells}")
                grid = {"sheetId": sheet.sheet_id, "startRowIndex": box[0],
                        "endRowIndex": box[1], "startColumnIndex": box[2],
                        "endColumnIndex": box[3]}
            grid_box(book, grid)
            sheet.protected_ranges.append({"protectedRangeId": book.new_id(), "range": grid,
                                           "editors": {"users": list(editors)}})

    def delete_spreadsheet(self, spreadsheet_id: str) -> None:
        with self._lock:
            self._books.pop(spreadsheet_id, None)

    def spreadsheet_ids(self) -> list[str]:
        with self._lock:
            return list(self._books)

    def titles(self, spreadsheet_id: str) -> list[str]:
        with self._lock:
            return [s.title for s in self._book(spreadsheet_id).sheets]

    def grid(self, spreadsheet_id: str, title: str, *, dates: bool = True) -> list[list[Any]]:
        """The tab's values as a rectangle from A1 to the last value (None = empty cell).

        Numbers come back as int when integral; date-formatted numbers as date/datetime/time
        (or as the serial number with dates=False); formulas as Formula("=...").
        """
        with self._lock:
            sheet = self._sheet(spreadsheet_id, title)
            n_rows, n_cols = sheet.value_extent(sheet.full_box())
            return [
                [cell_python(sheet.cells.get((r, c), {}), dates) for c in range(n_cols)]
                for r in range(n_rows)
            ]

    def cell(self, spreadsheet_id: str, title: str, ref: str) -> dict[str, Any]:
        """{"value", "kind", "formula", "numberFormat", "formatted", "format", "note",
        "dataValidation"} of one cell; kind is string/number/bool/formula/error/empty."""
        with self._lock:
            sheet = self._sheet(spreadsheet_id, title)
            parsed = parse_a1(ref)
            if parsed is None:
                raise ValueError(f"bad cell {ref!r}")
            data = jcopy(sheet.cells.get((parsed[0], parsed[2]), {}))
            uev = data.get("userEnteredValue") or {}
            kind = cell_kind(data)
            value = None if kind == "formula" else cell_python(data, dates=False)
            return {
                "value": value,
                "kind": kind,
                "formula": uev.get("formulaValue"),
                "numberFormat": number_format_of(data) or None,
                "formatted": render_cell(data, "FORMATTED_VALUE", "SERIAL_NUMBER"),
                "format": data.get("userEnteredFormat"),
                "note": data.get("note"),
                "dataValidation": data.get("dataValidation"),
            }

    def snapshot(self, spreadsheet_id: str) -> dict[str, Any]:
        """A deep, comparable copy of the whole spreadsheet (use == for "unchanged")."""
        with self._lock:
            return self._book(spreadsheet_id).snapshot()

    def spreadsheet_properties(self, spreadsheet_id: str) -> dict[str, Any]:
        with self._lock:
            return jcopy(self._book(spreadsheet_id).properties)

    def sheet_properties(
        self, spreadsheet_id: str, title: str | None = None
    ) -> dict[str, Any] | list[dict[str, Any]]:
        """SheetProperties of one tab, or of every tab in order when title is None."""
        with self._lock:
            if title is None:
                return [jcopy(s.properties) for s in self._book(spreadsheet_id).sheets]
            return jcopy(self._sheet(spreadsheet_id, title).properties)

    def sheet_state(self, spreadsheet_id: str, title: str) -> dict[str, Any]:
        """Everything stored for a tab: properties, cells (by A1), conditionalFormats, charts,
        merges, rowMetadata/columnMetadata (pixel sizes), borders, basicFilter,
        protectedRanges."""
        with self._lock:
            return self._sheet(spreadsheet_id, title).snapshot()

    def validations(self, spreadsheet_id: str, title: str) -> dict[str, dict[str, Any]]:
        """Data-validation rules by cell ("B2": rule)."""
        with self._lock:
            sheet = self._sheet(spreadsheet_id, title)
            return {
                a1(r, c): jcopy(cell["dataValidation"])
                for (r, c), cell in sorted(sheet.cells.items())
                if cell.get("dataValidation")
            }

    def conditional_formats(self, spreadsheet_id: str, title: str) -> list[dict[str, Any]]:
        with self._lock:
            return jcopy(self._sheet(spreadsheet_id, title).conditional_formats)

    def charts(self, spreadsheet_id: str, title: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            book = self._book(spreadsheet_id)
            sheets = book.sheets if title is None else [self._sheet(spreadsheet_id, title)]
            return [jcopy(c) for s in sheets for c in s.charts]

    def merges(self, spreadsheet_id: str, title: str) -> list[dict[str, Any]]:
        with self._lock:
            return jcopy(self._sheet(spreadsheet_id, title).merges)

    def dimension_sizes(self, spreadsheet_id: str, title: str) -> dict[str, dict[int, int]]:
        """{"ROWS": {index: pixelSize}, "COLUMNS": {...}} as set by updateDimensionProperties."""
        with self._lock:
            sheet = self._sheet(spreadsheet_id, title)
            return {
                name: {i: p["pixelSize"] for i, p in sorted(meta.items()) if "pixelSize" in p}
                for name, meta in (("ROWS", sheet.row_metadata),
                                   ("COLUMNS", sheet.column_metadata))
            }

    # ---------------------------------------------------------------------- request log

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    def reads(self) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.requests if r.is_read]

    def writes(self) -> list[LoggedRequest]:
        with self._lock:
            return [r for r in self.requests if r.is_write]

    def count(self, kind: str = "all") -> int:
        """How many logged requests: "all", "reads", "writes", an HTTP method ("GET"), or an
        endpoint: "get", "batchUpdate", "values.get", "values.batchGet", "values.update",
        "values.batchUpdate", "values.clear", "values.batchClear" (a "spreadsheets." prefix
        is accepted too)."""
        with self._lock:
            return sum(1 for r in self.requests if self._is_kind(r, kind))

    @staticmethod
    def _is_kind(entry: LoggedRequest, kind: str) -> bool:
        if kind == "all":
            return True
        if kind in ("read", "reads"):
            return entry.is_read
        if kind in ("write", "writes"):
            return entry.is_write
        if kind.isupper():
            return entry.method == kind
        return entry.endpoint == kind.removeprefix("spreadsheets.")

    def value_input_options(self) -> list[str]:
        """Every valueInputOption seen, in order (assert "USER_ENTERED" never appears)."""
        with self._lock:
            return [r.value_input_option for r in self.requests if r.value_input_option]

    # ------------------------------------------------------------------------- internals

    def _book(self, spreadsheet_id: str) -> Spreadsheet:
        try:
            return self._books[spreadsheet_id]
        except KeyError:
            raise KeyError(f"no spreadsheet {spreadsheet_id!r}") from None

    def _sheet(self, spreadsheet_id: str, title: str) -> Sheet:
        sheet = self._book(spreadsheet_id).by_title(title)
        if sheet is None or sheet.title != title:
            raise KeyError(f"no tab {title!r} in {spreadsheet_id!r}")
        return sheet

    def _add_tab(self, book: Spreadsheet, title: str, rows: list[list[Any]]) -> Sheet:
        sheet = book.add_sheet(title)
        self._fill(sheet, 0, 0, rows)
        return sheet

    @staticmethod
    def _fill(sheet: Sheet, r0: int, c0: int, rows: list[list[Any]]) -> None:
        grid = sheet.grid
        grid["rowCount"] = max(sheet.rows, r0 + len(rows))
        grid["columnCount"] = max(sheet.cols, c0 + max((len(r) for r in rows), default=0))
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                cell = jcopy(sheet.cells.get((r0 + i, c0 + j), {}))
                cell.pop("userEnteredValue", None)
                new = cell_from_python(value)
                cell.update({k: v for k, v in new.items() if k != "userEnteredFormat"})
                if "userEnteredFormat" in new:
                    cell.setdefault("userEnteredFormat", {}).update(new["userEnteredFormat"])
                sheet.set_cell(r0 + i, c0 + j, cell)
