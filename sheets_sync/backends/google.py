"""Google Sheets: read with two requests, write with one atomic batchUpdate."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import requests
from gspread.exceptions import APIError

from sheets_sync.backends.google_auth import Connection, connect
from sheets_sync.backends.google_cells import (
    cell_data,
    first_look_requests,
    grid_range,
    look_requests,
    read_value,
)
from sheets_sync.backends.google_http import RetryPolicy
from sheets_sync.errors import UsageError, WorkbookAccessError
from sheets_sync.model import Sheet, Snapshot, Table, normalise_header

URL_ID = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
BARE_ID = re.compile(r"^[A-Za-z0-9_-]{25,}$")
METADATA_FIELDS = ("spreadsheetId,properties(title,locale,timeZone),"
                   "sheets(properties(sheetId,title,index,hidden,gridProperties))")
WRITE_FIELDS = "userEnteredValue,userEnteredFormat.numberFormat"
MIN_ROWS = 1000  # like a new Google sheet; dropdowns reach this far


def spreadsheet_id(target: str) -> str | None:
    """The spreadsheet ID in a Google Sheets URL, or TARGET itself if it looks like one."""
    found = URL_ID.search(target)
    if found:
        return found.group(1)
    return target if BARE_ID.match(target) else None


class GoogleBackend:
    def __init__(self, target: str, credentials: str | None = None,
                 policy: RetryPolicy | None = None) -> None:
        found = spreadsheet_id(target)
        if found is None:
            raise UsageError(f"'{target}' is not a Google Sheets URL or spreadsheet ID.",
                             fix="Copy the address of the spreadsheet from your browser.")
        self.target = target
        self.id = found
        self._credentials = credentials
        self._policy = policy
        self._connection: Connection | None = None
        self._sheets: dict[str, dict[str, Any]] | None = None  # title -> sheet properties

    @property
    def http(self):
        if self._connection is None:
            self._connection = connect(self._credentials, self._policy)
        return self._connection.http

    # -- reading -------------------------------------------------------------------------
    def exists(self) -> bool:
        with self._errors():
            return bool(self._metadata())

    def _metadata(self) -> dict[str, dict[str, Any]]:
        data = self.http.fetch_sheet_metadata(self.id, params={"fields": METADATA_FIELDS})
        self._sheets = {s["properties"]["title"]: s["properties"] for s in data.get("sheets", [])}
        return self._sheets

    def read(self) -> Snapshot:
        """Metadata, then every tab's values in ONE values:batchGet."""
        with self._errors():
            sheets = self._metadata()
            titles = list(sheets)
            if not titles:
                return Snapshot({})
            data = self.http.values_batch_get(self.id, [_quoted(t) for t in titles], params={
                "valueRenderOption": "UNFORMATTED_VALUE",
                "dateTimeRenderOption": "SERIAL_NUMBER", "majorDimension": "ROWS"})
        tabs = {}
        for title, value_range in zip(titles, data.get("valueRanges", []), strict=False):
            grid = [[read_value(v) for v in row] for row in value_range.get("values", [])]
            tabs[title] = Table.from_grid(title, grid)
        return Snapshot(tabs)

    # -- writing -------------------------------------------------------------------------
    def write(self, sheets: Sequence[Sheet]) -> None:
        """Replace these tabs (adding missing ones) in ONE atomic batchUpdate."""
        with self._errors():
            known = self._sheets if self._sheets is not None else self._metadata()
            body = {"requests": self._replace_requests(sheets, known)}
            self.http.batch_update(self.id, body)
        self._sheets = None  # sheet ids and sizes changed

    def create(self, sheets: Sequence[Sheet]) -> None:
        """Lay out a program in an existing spreadsheet (shared with us), in one batchUpdate."""
        present = self.read()
        with self._errors():
            known = self._sheets or {}
            clash = [s.name for s in sheets if _find(known, s.name)]
            if clash:
                raise UsageError(
                    f"The spreadsheet already has tabs named {', '.join(clash)}.",
                    fix="Use a new, empty spreadsheet for a new program.")
            requests_ = self._replace_requests(sheets, known)
            # A new spreadsheet's own empty first tab goes, now that there are others; a tab
            # holding anything (a form's responses, say) stays.
            requests_ += [{"deleteSheet": {"sheetId": p["sheetId"]}} for title, p in
                          known.items() if not present.tabs[title].header]
            self.http.batch_update(self.id, {"requests": requests_})
        self._sheets = None

    def _replace_requests(self, sheets: Sequence[Sheet], known: dict[str, dict[str, Any]]
                          ) -> list[dict[str, Any]]:
        next_id = max((p["sheetId"] for p in known.values()), default=0) + 1
        found: list[dict[str, Any]] = []
        for sheet in sheets:
            existing = _find(known, sheet.name)
            rows = max(len(sheet.table.rows) + 1, MIN_ROWS)
            columns = max(len(sheet.table.header), 1)
            grid = {"rowCount": rows, "columnCount": columns,
                    "frozenRowCount": sheet.format.frozen_rows}
            if existing is None:
                sheet_id, next_id = next_id, next_id + 1
                found.append({"addSheet": {"properties": {
                    "sheetId": sheet_id, "title": sheet.name, "hidden": sheet.format.hidden,
                    "gridProperties": grid}}})
            else:
                sheet_id = existing["sheetId"]
                size = existing.get("gridProperties", {})
                rows = max(rows, size.get("rowCount", 0))
                grid.update(rowCount=rows, columnCount=max(columns, size.get("columnCount", 0)))
                found.append({"updateSheetProperties": {
                    "properties": {"sheetId": sheet_id, "gridProperties": grid},
                    "fields": "gridProperties.rowCount,gridProperties.columnCount,"
                              "gridProperties.frozenRowCount"}})
                found.append({"updateCells": {"range": grid_range(sheet_id),
                                              "fields": WRITE_FIELDS}})
            found.append({"updateCells": {
                "start": {"sheetId": sheet_id, "rowIndex": 0, "columnIndex": 0},
                "rows": [{"values": [cell_data(v) for v in row]} for row in sheet.table.grid()],
                "fields": WRITE_FIELDS}})
            found += look_requests(sheet_id, sheet, rows)
            if existing is None:
                found += first_look_requests(sheet_id, sheet, rows)
        return found

    # -- errors ----------------------------------------------------------------------------
    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Google's errors, said so a coordinator can act on them; nothing half-written."""
        try:
            yield
        except APIError as error:
            raise self._explain(error) from None
        except (requests.ConnectionError, requests.Timeout):
            raise WorkbookAccessError(
                "Could not reach Google Sheets (no answer, even after several tries).",
                fix="Check the internet connection and run the sync again; nothing was "
                    "written.") from None

    def _explain(self, error: APIError) -> WorkbookAccessError:
        account = self._connection.account if self._connection else None
        if error.code == 403:
            who = f"the service account {account}" if account else "the Google account in use"
            return WorkbookAccessError(
                f"Google Sheets refused access to spreadsheet {self.id}.",
                fix=f"Open the spreadsheet, click Share and add {who} as an Editor.")
        if error.code == 404:
            return WorkbookAccessError(
                f"There is no spreadsheet with the ID {self.id}.",
                fix="Copy the spreadsheet's address from your browser and try again.")
        if error.code == 429 or error.code >= 500:
            return WorkbookAccessError(
                f"Google Sheets was too busy or failing (HTTP {error.code}), even after "
                "several tries.", fix="Run the sync again later; nothing was written.")
        message = str(error.error.get("message", ""))[:300]
        return WorkbookAccessError(f"Google Sheets rejected the request: {message}",
                                   fix="Check that the tabs are not protected, then try again.")


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _find(known: dict[str, dict[str, Any]], name: str) -> dict[str, Any] | None:
    wanted = normalise_header(name)
    return next((p for t, p in known.items() if normalise_header(t) == wanted), None)
