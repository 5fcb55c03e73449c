"""Google Sheets: read with two requests, write only the cells that changed."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

import requests
from google.auth.exceptions import RefreshError, TransportError
from gspread.exceptions import APIError

from sheets_sync.backends.google.auth import Connection, connect
from sheets_sync.backends.google.batches import MAX_BODY
from sheets_sync.backends.google.cells import read_value
from sheets_sync.backends.google.checks import applied_check, check_unchanged
from sheets_sync.backends.google.client import GOOGLE_BASE, RetryPolicy
from sheets_sync.backends.google.dates import date_words
from sheets_sync.backends.google.plan import Known, Plan, plan_write
from sheets_sync.backends.google.problems import explain
from sheets_sync.errors import SheetsSyncError, UsageError, WorkbookAccessError
from sheets_sync.model import Sheet, Snapshot, Table

URL_ID = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
BARE_ID = re.compile(r"^[A-Za-z0-9_-]{25,}$")
METADATA_FIELDS = ("spreadsheetId,properties(title,locale,timeZone),"
                   "sheets(properties(sheetId,title,index,hidden,gridProperties),"
                   "conditionalFormats,charts(chartId,spec))")


def spreadsheet_id(target: str) -> str | None:
    """The spreadsheet ID in a Google Sheets URL, or TARGET itself if it looks like one."""
    found = URL_ID.search(target)
    if found:
        return found.group(1)
    return target if BARE_ID.match(target) else None


class GoogleBackend:
    """A Google spreadsheet. ``policy``, ``api_url`` and ``max_body`` are for tests and
    benchmarks: how long to keep trying, a local API server to authenticate against, and the
    largest request body."""

    def __init__(self, target: str, credentials: str | None = None,
                 policy: RetryPolicy | None = None, api_url: str | None = None,
                 max_body: int = MAX_BODY) -> None:
        found = spreadsheet_id(target)
        if found is None:
            raise UsageError(f"'{target}' is not a Google Sheets URL or spreadsheet ID.",
                             fix="Copy the address of the spreadsheet from your browser.")
        self.target = target
        self.id = found
        self.max_body = max_body
        self._credentials = credentials
        self._policy = policy
        self._api_url = api_url
        self._connection: Connection | None = None
        self._known: Known | None = None  # what the last read found, for the next write

    @property
    def http(self):
        if self._connection is None:
            self._connection = connect(self._credentials, self._policy, self._api_url)
        return self._connection.http

    # -- reading -------------------------------------------------------------------------
    def _metadata(self) -> dict[str, Any]:
        return self.http.fetch_sheet_metadata(self.id, params={"fields": METADATA_FIELDS})

    def read(self) -> Snapshot:
        """Metadata, then every tab's values in ONE values:batchGet: numbers as numbers and
        date cells as the text they show, read back as dates in the spreadsheet's locale."""
        with self._errors():
            meta = self._metadata()
            props = meta.get("properties", {})
            words = date_words(props.get("locale"))
            sheets = {s["properties"]["title"]: s for s in meta.get("sheets", [])}
            titles = list(sheets)
            data = self.http.values_batch_get(self.id, [_quoted(t) for t in titles], params={
                "valueRenderOption": "UNFORMATTED_VALUE",
                "dateTimeRenderOption": "FORMATTED_STRING",
                "majorDimension": "ROWS"}) if titles else {}
        grids = {}
        for title, value_range in zip(titles, data.get("valueRanges", []), strict=False):
            grids[title] = [[read_value(v, words) for v in row]
                            for row in value_range.get("values", [])]
        self._known = Known({t: s["properties"] for t, s in sheets.items()},
                            {t: s.get("conditionalFormats", []) for t, s in sheets.items()},
                            grids, words,
                            {t: s.get("charts", []) for t, s in sheets.items()})
        return Snapshot({t: Table.from_grid(t, grids.get(t, [])) for t in titles},
                        time_zone=props.get("timeZone"), locale=props.get("locale"),
                        title=props.get("title"))

    # -- writing -------------------------------------------------------------------------
    def write(self, sheets: Sequence[Sheet]) -> None:
        """Write what changed in these tabs since the last read (adding missing tabs), after
        checking that nobody changed those rows meanwhile (else WorkbookChanged, nothing
        written). A write over 2 MB goes in parts, the pairs last."""
        known = self._known
        if known is None:
            self.read()
            known = self._known
        assert known is not None
        plan = plan_write(sheets, known, self.max_body)
        try:
            if plan:
                with self._errors(writing=True):
                    check_unchanged(self.http, self.id, plan, known)
                self._send(plan, known)
        finally:
            self._known = None  # sheet ids, sizes and values may have changed: read again

    def create(self, sheets: Sequence[Sheet]) -> None:
        """Lay out a program in an existing spreadsheet (shared with us)."""
        present = self.read()
        known = self._known
        assert known is not None
        clash = [s.name for s in sheets if known.find(s.name)]
        if clash:
            raise UsageError(f"The spreadsheet already has tabs named {', '.join(clash)}.",
                             fix="Use a new, empty spreadsheet for a new program.")
        # A new spreadsheet's own empty first tab goes once the others are there (last, so
        # that it stays if the layout fails part-way); a tab holding anything stays.
        empty = [{"deleteSheet": {"sheetId": p["sheetId"]}} for title, p in known.sheets.items()
                 if not present.tabs[title].header]
        plan = plan_write(sheets, known, self.max_body, last=empty)
        try:
            self._send(plan, known)
        except SheetsSyncError as error:
            if not self._undo(plan):
                raise
            raise WorkbookAccessError(error.message, fix="The tabs it had added were removed "
                                      "again; run the command once more later.") from None
        finally:
            self._known = None

    def _send(self, plan: Plan, known: Known) -> None:
        url = f"{GOOGLE_BASE}/v4/spreadsheets/{self.id}:batchUpdate"
        for done, part in enumerate(plan.parts):
            written = "nothing was written" if done == 0 else \
                f"{done} of {len(plan.parts)} parts were written; the next sync completes them"
            with self._errors(written, part.tabs, writing=True):
                self.http.post(url, part.body(),
                               applied=applied_check(self.http, self.id, part, known))

    def _undo(self, plan: Plan) -> bool:
        """After a layout failed part-way, remove the tabs it added (best effort)."""
        if not plan.added or len(plan.parts) < 2:
            return False
        body = {"requests": [{"deleteSheet": {"sheetId": i}} for i in plan.added.values()]}
        with suppress(APIError, requests.RequestException, RefreshError, TransportError):
            self.http.batch_update(self.id, body)
            return True
        return False

    # -- errors ----------------------------------------------------------------------------
    @contextmanager
    def _errors(self, written: str = "nothing was written", tabs: list[str] | None = None,
                writing: bool = False) -> Iterator[None]:
        """Google's errors, said so a coordinator can act on them."""
        try:
            yield
        except (APIError, RefreshError, TransportError, requests.ConnectionError,
                requests.Timeout) as error:
            raise explain(error, self.id, self._connection, written, tabs,
                          writing) from None
        except requests.RequestException:
            raise WorkbookAccessError("Could not talk to Google Sheets.",
                                      fix=f"Run the sync again; {written}.") from None


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"
