"""Fault injection and hooks for the Sheets API emulator (test equipment): Google's errors as
Google sends them (JSON or an HTML page), stalls, dropped connections, missing shares, a
disabled API, and callbacks that edit the spreadsheet at a chosen moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FAULT_MESSAGES = {
    429: "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute per user' "
    "of service 'sheets.googleapis.com'.",
    500: "Internal error encountered.",
    502: "Bad gateway.",
    503: "The service is currently unavailable.",
    504: "The service timed out.",
}
DENY_MESSAGES = {
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
}
# Google's front end answers some 5xx with a page, not JSON (gspread then reports code -1).
HTML_ERROR = (
    "<!DOCTYPE html>\n<html lang=en>\n  <meta charset=utf-8>\n  <title>Error {status} (Server "
    "Error)!!1</title>\n  <p><b>{status}.</b> <ins>That’s an error.</ins>\n  <p>The server "
    "encountered a temporary error and could not complete your request.<p>Please try again in "
    "30 seconds.  <ins>That’s all we know.</ins>\n")


def service_disabled(project: str) -> dict[str, Any]:
    """The 403 a project that never enabled the Sheets API gets, as Google sends it."""
    url = f"https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project={project}"  # noqa: E501
    message = (f"Google Sheets API has not been used in project {project} before or it is "
               f"disabled. Enable it by visiting {url} then retry. If you enabled this API "
               "recently, wait a few minutes for the action to propagate to our systems and "
               "retry.")
    return {"error": {"code": 403, "message": message, "status": "PERMISSION_DENIED",
                      "details": [
                          {"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                           "reason": "SERVICE_DISABLED", "domain": "googleapis.com",
                           "metadata": {"consumer": f"projects/{project}",
                                        "service": "sheets.googleapis.com",
                                        "serviceTitle": "Google Sheets API",
                                        "containerInfo": project, "activationUrl": url}},
                          {"@type": "type.googleapis.com/google.rpc.LocalizedMessage",
                           "locale": "en-US", "message": message},
                          {"@type": "type.googleapis.com/google.rpc.Help",
                           "links": [{"description": "Google developers console API "
                                                     "activation", "url": url}]}]}}


@dataclass
class Fault:
    kind: str  # fail / stall / drop
    remaining: int
    status: int = 0
    retry_after: float | None = None
    seconds: float = 0.0
    method: str | None = None
    path_contains: str | None = None
    message: str | None = None
    apply: bool = True  # stall: process the request once the stall is over
    html: bool = False  # fail: answer with Google's HTML error page

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method:
            return False
        return not (self.path_contains and self.path_contains not in path)


@dataclass
class Hook:
    callback: Callable[[Any], None]
    remaining: int
    method: str | None = None
    path_contains: str | None = None


class FaultsMixin:
    """The fault-injection half of SheetsEmulator."""

    _lock: threading.RLock
    _faults: list[Fault]
    _hooks: list[Hook]
    _denied: dict[str, int]
    _disabled_project: str | None

    def fail_next(
        self, n: int = 1, status: int = 429, retry_after: float | None = None, *,
        method: str | None = None, path_contains: str | None = None, message: str | None = None,
        html: bool = False,
    ) -> None:
        """Answer the next n matching requests with a Google-style error (429, 500, 503 ...),
        as JSON or (html=True) as Google's HTML error page, with a Retry-After header when
        retry_after is given. Nothing is applied."""
        self._add_fault(Fault("fail", n, status=status, retry_after=retry_after, method=method,
                              path_contains=path_contains, message=message, html=html))

    def stall_next(
        self, n: int, seconds: float, *, method: str | None = None,
        path_contains: str | None = None, apply: bool = True,
    ) -> None:
        """Hold the next n matching requests for `seconds` (so a client timeout fires), then
        process and answer them normally — like a slow server that still did the work — or,
        with apply=False, drop them unapplied once the time is up."""
        self._add_fault(Fault("stall", n, seconds=seconds, method=method,
                              path_contains=path_contains, apply=apply))

    def drop_next(
        self, n: int = 1, *, method: str | None = None, path_contains: str | None = None
    ) -> None:
        """Close the connection of the next n matching requests without any response (the
        client sees a ConnectionError); nothing is applied; the server keeps serving."""
        self._add_fault(Fault("drop", n, method=method, path_contains=path_contains))

    def on_next(self, callback: Callable[[Any], None], n: int = 1, *,
                method: str | None = None, path_contains: str | None = None) -> None:
        """Call ``callback(emulator)`` just before the next n matching requests are processed:
        e.g. a coordinator's edit landing between a client's last read and its write."""
        if n < 1:
            raise ValueError("n must be at least 1")
        with self._lock:
            self._hooks.append(Hook(callback, n, method, path_contains))

    def deny(self, spreadsheet_id: str, status: int = 403) -> None:
        """Answer every request for this spreadsheet with 403 (no share) or 404 (wrong ID)."""
        if status not in DENY_MESSAGES:
            raise ValueError("deny() takes status 403 or 404")
        with self._lock:
            self._denied[spreadsheet_id] = status

    def allow(self, spreadsheet_id: str) -> None:
        with self._lock:
            self._denied.pop(spreadsheet_id, None)

    def disable_api(self, project: str = "123456789012") -> None:
        """Answer every Sheets API request as Google does when the caller's Cloud project has
        not enabled the Sheets API (403 PERMISSION_DENIED, reason SERVICE_DISABLED)."""
        with self._lock:
            self._disabled_project = project

    def enable_api(self) -> None:
        with self._lock:
            self._disabled_project = None

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
            self._hooks.clear()
            self._denied.clear()
            self._disabled_project = None

    def pending_faults(self) -> int:
        with self._lock:
            return sum(f.remaining for f in self._faults) + sum(h.remaining for h in self._hooks)

    def _add_fault(self, fault: Fault) -> None:
        if fault.remaining < 1:
            raise ValueError("n must be at least 1")
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def _run_hooks(self, method: str, path: str) -> None:
        with self._lock:
            due = []
            for hook in list(self._hooks):
                matched = Fault("hook", 1, method=hook.method, path_contains=hook.path_contains)
                if matched.matches(method, path):
                    hook.remaining -= 1
                    if hook.remaining <= 0:
                        self._hooks.remove(hook)
                    due.append(hook)
        for hook in due:  # outside the lock's bookkeeping; the admin API locks for itself
            hook.callback(self)
