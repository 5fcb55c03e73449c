"""A local Google Sheets API v4 emulator — test equipment, served over real HTTP.

    with running_emulator() as emu:
        sid = emu.create_spreadsheet(tabs={"Mentors": [["Name", "Age"], ["Ann", 34]]})
        # point the product (SHEETS_SYNC_API_URL) or gspread at emu.base_url ...
        assert emu.grid(sid, "Mentors") == [["Name", "Age"], ["Ann", 34]]

Paths are Google's (``/v4/spreadsheets/...``): a client swaps "https://sheets.googleapis.com"
for ``base_url``. Request bodies and query strings are checked against the Sheets v4
discovery document (see sheets_emulator_schema), spreadsheets.batchUpdate is all-or-nothing,
and Google's limits hold: grid bounds for every coordinate, 50,000 characters a cell, request
bodies over 2 MB warned about (``warnings``) and over 10 MB refused, protected ranges. Dates
render in the spreadsheet's locale, and USER_ENTERED text is read as Sheets reads typing ("3 Dec"
becomes a date cell; sheets_emulator_typing). Faults (errors as JSON or HTML pages, a disabled API,
stalls, dropped connections, missing shares) and hooks that edit the sheet at a chosen moment
can be injected per request (sheets_emulator_faults). A token endpoint at ``/token`` serves
google-auth (sheets_emulator_auth). State lives in memory (sheets_emulator_state); the admin
API (sheets_emulator_admin) reads and seeds it directly.
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

from sheets_emulator_admin import AdminMixin
from sheets_emulator_auth import TOKEN_PATH, UNAUTHENTICATED, TokenDesk
from sheets_emulator_endpoints import EndpointsMixin
from sheets_emulator_faults import (
    DENY_MESSAGES,
    FAULT_MESSAGES,
    HTML_ERROR,
    Fault,
    FaultsMixin,
    Hook,
    service_disabled,
)
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
    Spreadsheet,
    col_index,
)
from sheets_emulator_values import (
    Formatted,
    Formula,
    formula,
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


class SheetsEmulator(AdminMixin, EndpointsMixin, FaultsMixin):
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

