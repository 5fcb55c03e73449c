"""Google's refusals, said so that a coordinator can act on them: each cause its own message
and fix (a disabled API, a missing share, a protected range, a refused login ...)."""

from __future__ import annotations

import re
from typing import Any

import requests
from google.auth.exceptions import RefreshError, TransportError
from gspread.exceptions import APIError

from sheets_sync.backends.google.auth import (
    APPLICATION_DEFAULT,
    LOCAL,
    LOGIN_FILE,
    SAVED_LOGIN,
    SERVICE_ACCOUNT,
    WORKLOAD_IDENTITY,
    Connection,
)
from sheets_sync.backends.google.client import status_of
from sheets_sync.errors import SheetsSyncError, WorkbookAccessError, WorkbookChanged

_REQUEST_INDEX = re.compile(r"requests\[(\d+)\]")
_SHAPE_CHANGED = ("exceeds grid limits", "already exists", "No grid with id")


def explain(error: BaseException, spreadsheet: str, connection: Connection | None,
            written: str = "nothing was written", tabs: list[str] | None = None,
            writing: bool = False) -> SheetsSyncError:
    """The coordinator's message for what went wrong talking to Google."""
    if isinstance(error, RefreshError):
        return _login_refused(connection, written)
    if isinstance(error, TransportError):
        return WorkbookAccessError(
            "Could not reach Google to log in (no answer, even after several tries).",
            fix=f"Check the internet connection and run the sync again; {written}.")
    if isinstance(error, requests.ConnectionError | requests.Timeout):
        return WorkbookAccessError(
            "Could not reach Google Sheets (no answer, even after several tries).",
            fix=f"Check the internet connection and run the sync again; {written}.")
    assert isinstance(error, APIError)
    return _refused(error, spreadsheet, connection, written, tabs or [], writing)


def _refused(error: APIError, spreadsheet: str, connection: Connection | None, written: str,
             tabs: list[str], writing: bool) -> SheetsSyncError:
    status = status_of(error) or 0
    body = error.error if isinstance(error.error, dict) else {}
    message = str(body.get("message", ""))
    reasons = {d.get("reason") for d in body.get("details") or [] if isinstance(d, dict)}
    if "SERVICE_DISABLED" in reasons or "has not been used in project" in message:
        return _api_disabled(body)
    if "ACCESS_TOKEN_SCOPE_INSUFFICIENT" in reasons:  # a login made for something else
        return _login_refused(connection, written)
    if "protected cell or object" in message:
        tab = _tab_of(message, tabs)
        where = f"the {tab} tab" if tab else "a tab sheets-sync writes"
        who = _who(connection)
        return WorkbookAccessError(
            f"Google Sheets would not let sheets-sync write to {where}: it is protected.",
            fix=f"In the spreadsheet, open Data > Protect sheets and ranges and remove the "
                f"protection from {where}, or add {who} to its editors; {written}.")
    if status == 403:
        return WorkbookAccessError(
            f"Google Sheets refused access to spreadsheet {spreadsheet}: it is not shared "
            f"with {_who(connection)}.",
            fix=f"Open the spreadsheet, click Share and add {_who(connection)} as an Editor.")
    if status == 401:
        return _login_refused(connection, written)
    if status == 404:
        return WorkbookAccessError(
            f"There is no spreadsheet with the ID {spreadsheet}.",
            fix="Copy the spreadsheet's address from your browser and try again.")
    if status == 429 or status >= 500:
        return WorkbookAccessError(
            f"Google Sheets was too busy or failing (HTTP {status}), even after trying for "
            "about two minutes.", fix=f"Run the sync again later; {written}.")
    if writing and any(text in message for text in _SHAPE_CHANGED):
        return WorkbookChanged(
            "Someone added, removed or renamed tabs or rows while the sync ran.",
            fix=f"Run the sync again; {written}.")
    if "payload size exceeds" in message.lower():
        return WorkbookAccessError("Google Sheets refused an update as too large.",
                                   fix=f"Report this as a bug in sheets-sync; {written}.")
    shown = message[:300] if status != -1 else f"HTTP {status}"
    return WorkbookAccessError(f"Google Sheets rejected the request: {shown}",
                               fix=f"Check the spreadsheet, then try again; {written}.")


def _api_disabled(body: dict[str, Any]) -> SheetsSyncError:
    """The first-day refusal: the Sheets API is not switched on in the credentials' project."""
    url, project = None, None
    for detail in body.get("details") or []:
        if not isinstance(detail, dict):
            continue
        meta = detail.get("metadata") or {}
        url = url or meta.get("activationUrl")
        consumer = str(meta.get("consumer", ""))
        project = project or (consumer.removeprefix("projects/") or None)
        for link in detail.get("links") or []:
            url = url or link.get("url")
    url = url or "https://console.cloud.google.com/apis/library/sheets.googleapis.com"
    named = f" (project {project})" if project else ""
    return WorkbookAccessError(
        f"The Google Sheets API is switched off in the Google Cloud project of these "
        f"credentials{named}.",
        fix=f"Open {url}, click Enable, wait a few minutes and run the sync again.")


def _login_refused(connection: Connection | None, written: str) -> SheetsSyncError:
    kind = connection.kind if connection else None
    source = connection.source if connection else ""
    if kind == SAVED_LOGIN:
        forgotten = connection.forget_login() if connection else False
        return WorkbookAccessError(
            "Your saved Google login has expired or was withdrawn"
            + (" (it has been removed)." if forgotten else "."),
            fix="Run the command again at a desk with --credentials pointing at your OAuth "
                "client file: a browser opens to log you in again.")
    if kind == LOGIN_FILE:
        return WorkbookAccessError(
            f"Google no longer accepts the login in {source}: it expired or was "
            "withdrawn.", fix="Log in again to make a fresh login file, or use a "
                              "service-account key for cron.")
    if kind == SERVICE_ACCOUNT:
        return WorkbookAccessError(
            f"Google refused the service-account key in {source}: it may have "
            "been deleted or disabled.",
            fix="In the Google Cloud console, create a new JSON key for the service account "
                "and pass it with --credentials.")
    if kind == WORKLOAD_IDENTITY:
        return WorkbookAccessError(
            f"Google refused the workload-identity credentials in {source}.",
            fix="Check that the sign-in step ran in the same job just before the sync, and "
                "that the service account allows this workload identity pool.")
    if kind == APPLICATION_DEFAULT:
        return WorkbookAccessError(
            "Google refused this computer's application-default credentials.",
            fix="Run 'gcloud auth application-default login' again, or pass a service-account "
                "key with --credentials.")
    return WorkbookAccessError("Google refused the login.",
                               fix=f"Check the credentials and try again; {written}.")


def _who(connection: Connection | None) -> str:
    if connection and connection.account:
        return f"the service account {connection.account}"
    if connection and connection.kind == LOCAL:
        return "the account in use"
    return "the Google account you log in with"


def _tab_of(message: str, tabs: list[str]) -> str | None:
    found = _REQUEST_INDEX.search(message)
    if found and int(found[1]) < len(tabs):
        return tabs[int(found[1])] or None
    return None
