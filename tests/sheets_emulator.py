"""A local Google Sheets API v4 emulator — test equipment, served over real HTTP.

    with running_emulator() as emu:
        sid = emu.create_spreadsheet(tabs={"Mentors": [["Name", "Age"], ["Ann", 34]]})
        # point the product (SHEETS_SYNC_API_URL) or gspread at emu.base_url ...
        assert emu.grid(sid, "Mentors") == [["Name", "Age"], ["Ann", 34]]

Paths are Google's (``/v4/spreadsheets/...``): a client swaps "https://sheets.googleapis.com"
for ``base_url``. Request bodies and query strings are checked against the Sheets v4
discovery document (see sheets_emulator_schema), spreadsheets.batchUpdate is all-or-nothing,
and faults (errors, stalls, dropped connections, missing shares) can be injected per request.
State lives in memory (sheets_emulator_state); the admin API below reads and seeds it directly.
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import string
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from sheets_emulator_auth import TOKEN_PATH, UNAUTHENTICATED, TokenDesk
from sheets_emulator_faults import (
    DENY_MESSAGES,
    FAULT_MESSAGES,
    HTML_ERROR,
    Fault,
    FaultsMixin,
    Hook,
    service_disabled,
)
from sheets_emulator_objects import batch_update
from sheets_emulator_schema import (
    apply_fields,
    check_fields,
    methods,
    parse_fields,
    validate_body,
    validate_query,
    validate_response,
)
from sheets_emulator_state import (
    ApiError,
    Sheet,
    Spreadsheet,
    a1,
    bad_request,
    clear_values,
    col_index,
    format_range,
    grid_box,
    jcopy,
    parse_a1,
    read_values,
    write_values,
)
from sheets_emulator_values import (
    Formatted,
    Formula,
    cell_from_python,
    cell_kind,
    cell_python,
    formula,
    number_format_of,
    render_cell,
)
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

__all__ = [
    "GOOGLE_BASE_URL", "ApiError", "Formatted", "Formula", "LoggedRequest", "SheetsEmulator",
    "col_index", "formula", "running_emulator",
]

GOOGLE_BASE_URL = "https://sheets.googleapis.com"
_ID_ALPHABET = string.ascii_letters + string.digits + "-_"
WARN_BYTES = 2_000_000  # Google recommends request bodies of at most 2 MB
LIMIT_BYTES = 10 * 1024 * 1024  # and refuses bodies over 10 MB
TOO_LARGE = f"Request payload size exceeds the limit: {LIMIT_BYTES} bytes."


@dataclass
class LoggedRequest:
    """One HTTP request the emulator received (faulted ones included)."""

    method: str
    path: str
    query: dict[str, list[str]]
    json: Any
    timestamp: float  # time.time() at arrival
    monotonic: float  # time.monotonic() at arrival, for measuring back-off gaps
    endpoint: str = ""  # discovery id without "spreadsheets.", e.g. "values.batchGet"
    spreadsheet_id: str | None = None
    status: int | None = None  # None: dropped, or not answered yet
    fault: str | None = None  # "fail", "stall", "drop" or "deny" when one was injected
    size: int = 0  # bytes in the request body
    answer_size: int = 0  # bytes in the response body
    account: str = ""  # who the Bearer token was issued to ("" when unauthenticated)

    @property
    def is_read(self) -> bool:
        return self.method == "GET" or self.endpoint == "values.batchGetByDataFilter"

    @property
    def is_write(self) -> bool:
        return self.method in ("POST", "PUT") and not self.is_read and \
            self.path != TOKEN_PATH

    @property
    def value_input_option(self) -> str | None:
        if self.query.get("valueInputOption"):
            return self.query["valueInputOption"][0]
        if isinstance(self.json, dict):
            return self.json.get("valueInputOption")
        return None


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def log(self, type: str, message: str, *args: Any) -> None:  # noqa: A002 - werkzeug's name
        pass


class _Dropped(ConnectionAbortedError):
    """Raised inside the WSGI app to make werkzeug abandon the connection without a reply."""


class SheetsEmulator(FaultsMixin):
    """In-memory Google Sheets API v4 over HTTP on 127.0.0.1 (see the module docstring)."""

    def __init__(self, *, check_responses: bool = True) -> None:
        self.check_responses = check_responses
        self.requests: list[LoggedRequest] = []
        self.internal_errors: list[str] = []
        self._books: dict[str, Spreadsheet] = {}
        self._faults: list[Fault] = []
        self._hooks: list[Hook] = []
        self._denied: dict[str, int] = {}
        self._disabled_project: str | None = None
        self.tokens = TokenDesk()
        self.warnings: list[str] = []  # requests over Google's recommended 2 MB
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._ids = random.Random("sheets-emulator")

    # ------------------------------------------------------------------------- lifecycle

    def start(self) -> SheetsEmulator:
        if self._server is not None:
            return self
        self._stopping.clear()
        self._server = make_server(
            "127.0.0.1", 0, self._wsgi, threaded=True, request_handler=_QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
            name="sheets-emulator", daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._stopping.set()  # ends stalls early
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> SheetsEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the emulator is not running; call start()")
        return f"http://127.0.0.1:{self._server.server_port}"

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

    # ------------------------------------------------------------------------------ HTTP

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        raw_path = urlsplit(environ.get("RAW_URI") or request.path).path
        query = {k: request.args.getlist(k) for k in request.args}
        body_bytes = request.get_data()
        entry = LoggedRequest(
            method=request.method, path=unquote(raw_path), query=query, json=None,
            timestamp=time.time(), monotonic=time.monotonic(), size=len(body_bytes),
        )
        with self._lock:
            self.requests.append(entry)
        if entry.path == TOKEN_PATH and request.method == "POST":
            response = self._fault_response(entry, environ) or self._token(request)
        elif len(body_bytes) > LIMIT_BYTES:
            response = self._error(ApiError(400, TOO_LARGE))
        else:
            if len(body_bytes) > WARN_BYTES:
                with self._lock:
                    self.warnings.append(f"{request.method} {entry.path}: {len(body_bytes)} "
                                         "bytes, over Google's recommended 2 MB")
            response = self._api(entry, raw_path, query, body_bytes, environ)
        entry.status = response.status_code
        entry.answer_size = len(response.get_data())
        return response(environ, start_response)

    def _api(self, entry: LoggedRequest, raw_path: str, query: dict, body_bytes: bytes,
             environ: dict[str, Any]) -> Response:
        body: Any = None
        body_error = None
        if body_bytes:
            try:
                body = json.loads(body_bytes)
            except ValueError as err:
                body_error = f"Invalid JSON payload received. {err}"
        entry.json = body
        try:
            route = self._route(entry.method, raw_path)
        except ApiError as err:
            return self._error(err)
        entry.endpoint = route[0].removeprefix("spreadsheets.")
        entry.spreadsheet_id = route[1]
        return self._answer(entry, route, query, body, body_error, environ)

    def _token(self, request: Request) -> Response:
        status, payload = self.tokens.answer(dict(request.form))
        return self._json(payload, status)

    def _fault_response(self, entry: LoggedRequest, environ: dict[str, Any]
                        ) -> Response | None:
        """The injected fault's answer for this request, if one is due (None: answer it)."""
        fault = self._take_fault(entry.method, entry.path)
        if fault is None:
            return None
        entry.fault = fault.kind
        if fault.kind == "stall":
            self._stopping.wait(fault.seconds)
        if fault.kind == "drop" or (fault.kind == "stall" and not fault.apply):
            sock = environ.get("werkzeug.socket")
            with contextlib.suppress(OSError):
                if sock is not None:
                    sock.shutdown(socket.SHUT_RDWR)
            raise _Dropped("connection dropped by SheetsEmulator fault injection")
        if fault.kind != "fail":
            return None
        if fault.html:
            response = Response(HTML_ERROR.format(status=fault.status), status=fault.status,
                                content_type="text/html; charset=UTF-8")
        else:
            message = fault.message or FAULT_MESSAGES.get(fault.status, "Injected failure.")
            response = self._error(ApiError(fault.status, message))
        if fault.retry_after is not None:
            response.headers["Retry-After"] = f"{fault.retry_after:g}"
        return response

    def _answer(
        self, entry: LoggedRequest, route: tuple, query: dict, body: Any,
        body_error: str | None, environ: dict[str, Any],
    ) -> Response:
        faulted = self._fault_response(entry, environ)
        if faulted is not None:
            return faulted
        self._run_hooks(entry.method, entry.path)
        account = self.tokens.account(environ.get("HTTP_AUTHORIZATION"))
        if account is None:
            return self._error(ApiError(401, UNAUTHENTICATED))
        entry.account = account
        with self._lock:
            disabled = self._disabled_project
        if disabled is not None:
            return self._json(service_disabled(disabled), 403)
        try:
            return self._json(self._dispatch(entry, route, query, body, body_error))
        except ApiError as err:
            return self._error(err)
        except Exception:  # a bug in the emulator: make it loud
            text = traceback.format_exc()
            with self._lock:
                self.internal_errors.append(text)
            return self._error(ApiError(500, "SheetsEmulator internal error:\n" + text))

    @staticmethod
    def _route(method: str, raw_path: str) -> tuple[str, str, str | None]:
        """(discovery method id, spreadsheet id, range) for a Google path."""
        parts = raw_path.split("/")
        not_found = ApiError(404, f"Method not found: {method} {unquote(raw_path)}")
        if len(parts) < 4 or parts[:3] != ["", "v4", "spreadsheets"] or not parts[3]:
            raise not_found
        head, _, verb = parts[3].partition(":")
        sid = unquote(head)
        rest = parts[4:]
        if not rest:
            top = {
                ("GET", ""): "spreadsheets.get",
                ("POST", "batchUpdate"): "spreadsheets.batchUpdate",
            }
            if (method, verb) not in top:
                raise not_found
            return top[(method, verb)], sid, None
        if verb or rest[0].partition(":")[0] != "values":
            raise not_found
        values_verb = rest[0].partition(":")[2]
        if len(rest) == 1:
            names = {
                ("GET", "batchGet"): "spreadsheets.values.batchGet",
                ("POST", "batchUpdate"): "spreadsheets.values.batchUpdate",
                ("POST", "batchClear"): "spreadsheets.values.batchClear",
            }
            names[("POST", "batchGetByDataFilter")] = "spreadsheets.values.batchGetByDataFilter"
            if (method, values_verb) in names:
                return names[(method, values_verb)], sid, None
            if values_verb in ("batchUpdateByDataFilter", "batchClearByDataFilter"):
                raise ApiError(501, f"values:{values_verb} is not implemented by the emulator")
            raise not_found
        if len(rest) != 2 or values_verb:
            raise not_found
        raw_range, range_verb = rest[1], ""
        for suffix in (":clear", ":append"):
            if raw_range.endswith(suffix):
                raw_range, range_verb = raw_range[: -len(suffix)], suffix[1:]
        single = {
            ("GET", ""): "spreadsheets.values.get",
            ("PUT", ""): "spreadsheets.values.update",
            ("POST", "clear"): "spreadsheets.values.clear",
        }
        if (method, range_verb) == ("POST", "append"):
            raise ApiError(501, "values:append is not implemented by the emulator")
        if (method, range_verb) not in single:
            raise not_found
        return single[(method, range_verb)], sid, unquote(raw_range)

    def _dispatch(
        self, entry: LoggedRequest, route: tuple, query: dict[str, list[str]], body: Any,
        body_error: str | None,
    ) -> dict[str, Any]:
        method_id, sid, range_text = route
        violations = validate_query(method_id, query)
        if body_error:
            raise ApiError(400, body_error)
        if methods()[method_id].get("request") is not None or body is not None:
            violations += validate_body(method_id, body)
        if violations:
            raise ApiError(400, "\n".join(v[1] for v in violations), violations)
        fields = query.get("fields", [""])[0]
        try:
            tree = parse_fields(fields) if fields else {}
        except ValueError as err:
            raise ApiError(400, str(err)) from None
        response_schema = methods()[method_id].get("response") or {}
        bad = check_fields(tree, response_schema)
        if bad:
            raise ApiError(400, f"Invalid field selection {bad[0]}")
        with self._lock:
            if sid in self._denied:
                entry.fault = "deny"
                status = self._denied[sid]
                raise ApiError(status, DENY_MESSAGES[status])
            book = self._books.get(sid)
            if book is None:
                raise ApiError(404, "Requested entity was not found.")
            book.caller = entry.account
            prefix = "_do_values_" if method_id.startswith("spreadsheets.values.") else "_do_"
            handler = getattr(self, prefix + method_id.rsplit(".", 1)[-1])
            result = handler(book, query, body or {}, range_text, tree)
        if self.check_responses:
            problems = validate_response(method_id, result)
            if problems:
                text = f"{method_id} response breaks the discovery schema: {problems}"
                with self._lock:
                    self.internal_errors.append(text)
                raise ApiError(500, text)
        return apply_fields(result, tree)

    # ------------------------------------------------------------------------ endpoints

    @staticmethod
    def _opt(query: dict[str, list[str]], name: str, default: str) -> str:
        return (query.get(name) or [default])[0]

    def _do_get(self, book: Spreadsheet, query: dict, _body: dict, _range: Any,
                tree: dict) -> dict[str, Any]:
        if tree:
            sheets = tree.get("sheets")
            grid = "*" in tree or sheets == {} or bool(sheets and ("data" in sheets
                                                                   or "*" in sheets))
        else:
            grid = self._opt(query, "includeGridData", "false").lower() in ("true", "1")
        return book.to_json(include_grid=grid)

    def _do_batchUpdate(self, book: Spreadsheet, _query: dict, body: dict, _range: Any,
                        _tree: dict) -> dict[str, Any]:
        requests = body.get("requests") or []
        if not requests:
            raise bad_request("Must specify at least one request.")
        work = book.clone()
        replies = batch_update(work, requests)
        self._books[book.spreadsheet_id] = work  # all or nothing
        out: dict[str, Any] = {"spreadsheetId": work.spreadsheet_id, "replies": replies}
        if body.get("includeSpreadsheetInResponse"):
            out["updatedSpreadsheet"] = work.to_json(bool(body.get("responseIncludeGridData")))
        return out

    @classmethod
    def _render_opts(cls, query: dict) -> tuple[str, str, str]:
        return (
            cls._opt(query, "valueRenderOption", "FORMATTED_VALUE"),
            cls._opt(query, "dateTimeRenderOption", "SERIAL_NUMBER"),
            cls._opt(query, "majorDimension", "ROWS"),
        )

    def _do_values_get(self, book: Spreadsheet, query: dict, _body: dict, range_text: str,
                       _tree: dict) -> dict[str, Any]:
        return read_values(book, range_text, *self._render_opts(query))

    def _do_values_batchGet(self, book: Spreadsheet, query: dict, _body: dict, _range: Any,
                            _tree: dict) -> dict[str, Any]:
        options = self._render_opts(query)
        out: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
        ranges = query.get("ranges") or []
        if ranges:
            out["valueRanges"] = [read_values(book, text, *options) for text in ranges]
        return out

    def _do_values_batchGetByDataFilter(self, book: Spreadsheet, _query: dict, body: dict,
                                        _range: Any, _tree: dict) -> dict[str, Any]:
        options = (body.get("valueRenderOption") or "FORMATTED_VALUE",
                   body.get("dateTimeRenderOption") or "SERIAL_NUMBER",
                   body.get("majorDimension") or "ROWS")
        matched = []
        for i, data_filter in enumerate(body.get("dataFilters") or []):
            if "gridRange" in data_filter:
                sheet, box = grid_box(book, data_filter["gridRange"])
                text = format_range(sheet.title, box)
            elif "a1Range" in data_filter:
                text = data_filter["a1Range"]
            else:
                raise ApiError(501, f"dataFilters[{i}]: only gridRange and a1Range filters are "
                                    "implemented by the emulator")
            matched.append({"valueRange": read_values(book, text, *options),
                            "dataFilters": [jcopy(data_filter)]})
        out: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
        if matched:
            out["valueRanges"] = matched
        return out

    @staticmethod
    def _input_option(option: str | None) -> str:
        if option in (None, "", "INPUT_VALUE_OPTION_UNSPECIFIED"):
            raise bad_request("'valueInputOption' is required but not specified")
        return option

    def _do_values_update(self, book: Spreadsheet, query: dict, body: dict, range_text: str,
                          _tree: dict) -> dict[str, Any]:
        option = self._input_option(self._opt(query, "valueInputOption", ""))
        if body.get("range") and book.resolve(body["range"]) != book.resolve(range_text):
            raise bad_request(
                f"Requested range [{range_text}] does not match the range in the request body "
                f"[{body['range']}]"
            )
        work = book.clone()
        reply = write_values(work, range_text, body.get("values"), body.get("majorDimension"),
                             option)
        self._books[book.spreadsheet_id] = work
        self._with_data(work, reply, query.get("includeValuesInResponse", ["false"])[0],
                        self._opt(query, "responseValueRenderOption", "FORMATTED_VALUE"),
                        self._opt(query, "responseDateTimeRenderOption", "SERIAL_NUMBER"))
        return reply

    @staticmethod
    def _with_data(book: Spreadsheet, reply: dict, include: Any, render: str, dates: str) -> None:
        if str(include).lower() in ("true", "1") and "updatedRange" in reply:
            reply["updatedData"] = read_values(book, reply["updatedRange"], render, dates, "ROWS")

    def _do_values_batchUpdate(self, book: Spreadsheet, _query: dict, body: dict, _range: Any,
                               _tree: dict) -> dict[str, Any]:
        option = self._input_option(body.get("valueInputOption"))
        work = book.clone()
        responses = []
        for i, value_range in enumerate(body.get("data") or []):
            if not value_range.get("range"):
                raise bad_request(f"data[{i}].range is required")
            reply = write_values(work, value_range["range"], value_range.get("values"),
                                 value_range.get("majorDimension"), option)
            self._with_data(work, reply, body.get("includeValuesInResponse"),
                            body.get("responseValueRenderOption") or "FORMATTED_VALUE",
                            body.get("responseDateTimeRenderOption") or "SERIAL_NUMBER")
            responses.append(reply)
        self._books[book.spreadsheet_id] = work
        out: dict[str, Any] = {"spreadsheetId": work.spreadsheet_id}
        if responses:
            out.update(
                totalUpdatedRows=sum(r.get("updatedRows", 0) for r in responses),
                totalUpdatedColumns=sum(r.get("updatedColumns", 0) for r in responses),
                totalUpdatedCells=sum(r.get("updatedCells", 0) for r in responses),
                totalUpdatedSheets=len({r["updatedRange"].rsplit("!", 1)[0]
                                        for r in responses if "updatedRange" in r}),
                responses=responses,
            )
        return out

    def _do_values_clear(self, book: Spreadsheet, _query: dict, _body: dict, range_text: str,
                         _tree: dict) -> dict[str, Any]:
        return {"spreadsheetId": book.spreadsheet_id, "clearedRange": clear_values(book,
                                                                                   range_text)}

    def _do_values_batchClear(self, book: Spreadsheet, _query: dict, body: dict, _range: Any,
                              _tree: dict) -> dict[str, Any]:
        work = book.clone()
        cleared = [clear_values(work, text) for text in body.get("ranges") or []]
        self._books[book.spreadsheet_id] = work
        return {"spreadsheetId": work.spreadsheet_id, "clearedRanges": cleared}

    # ---------------------------------------------------------------------- responses

    @staticmethod
    def _json(payload: dict[str, Any], status: int = 200) -> Response:
        return Response(
            json.dumps(payload, ensure_ascii=False),
            status=status,
            content_type="application/json; charset=UTF-8",
        )

    def _error(self, err: ApiError) -> Response:
        return self._json(err.body(), err.code)


@contextlib.contextmanager
def running_emulator(**kwargs: Any) -> Iterator[SheetsEmulator]:
    """A started SheetsEmulator, stopped on exit."""
    emulator = SheetsEmulator(**kwargs)
    emulator.start()
    try:
        yield emulator
    finally:
        emulator.stop()

