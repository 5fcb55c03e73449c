"""Who we are to Google: a service-account key for cron, an OAuth login for people at a desk.

Key files and tokens are read here and never printed or logged; messages name files and the
service account's email only.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import requests

from sheets_sync.backends.google_http import GOOGLE_BASE, RetryingHTTPClient, RetryPolicy
from sheets_sync.errors import UsageError

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
API_URL_VARIABLE = "SHEETS_SYNC_API_URL"


@dataclass
class Connection:
    http: RetryingHTTPClient
    account: str | None  # the service account's email, to say whom to share with


def connect(credentials: str | None = None, policy: RetryPolicy | None = None) -> Connection:
    """An HTTP client for the Sheets API, authenticated as the first credential found:
    --credentials, GOOGLE_APPLICATION_CREDENTIALS, then gspread's default files."""
    base_url = os.environ.get(API_URL_VARIABLE) or GOOGLE_BASE
    path = _credential_file(credentials)
    if path is None:
        if base_url != GOOGLE_BASE:  # a local emulator or proxy: requests go unauthenticated
            return Connection(RetryingHTTPClient(None, requests.Session(), base_url, policy),
                              None)
        raise UsageError(
            "No Google credentials were found.",
            fix="Pass --credentials with a service-account key file (for cron) or an OAuth "
                "client file (for use at a desk), or set GOOGLE_APPLICATION_CREDENTIALS.")
    creds, account = _load(path)
    from google.auth.transport.requests import AuthorizedSession

    return Connection(RetryingHTTPClient(None, AuthorizedSession(creds), base_url, policy),
                      account)


def _credential_file(given: str | None) -> Path | None:
    if given:
        return Path(given).expanduser()
    from_env = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if from_env:
        return Path(from_env).expanduser()
    from gspread.auth import DEFAULT_AUTHORIZED_USER_FILENAME, DEFAULT_SERVICE_ACCOUNT_FILENAME

    for default in (DEFAULT_SERVICE_ACCOUNT_FILENAME, DEFAULT_AUTHORIZED_USER_FILENAME):
        if Path(default).is_file():
            return Path(default)
    return None


def _load(path: Path):
    """Credentials from a key file: a service account, a saved user login, or an OAuth client
    (which opens a browser once and saves the login beside gspread's other files)."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"The credentials file {path} does not exist.",
                         fix="Check the path given to --credentials.") from None
    except (OSError, ValueError):
        raise UsageError(f"{path} is not a readable Google credentials file (JSON).",
                         fix="Download the key again from the Google Cloud console.") from None
    kind = info.get("type") if isinstance(info, dict) else None
    if kind == "service_account":
        from google.oauth2.service_account import Credentials

        try:
            creds = Credentials.from_service_account_info(info, scopes=SCOPES)
        except ValueError:
            raise UsageError(f"{path} is an incomplete service-account key.",
                             fix="Create a new JSON key for the service account.") from None
        return creds, info.get("client_email")
    if kind == "authorized_user":
        from google.oauth2.credentials import Credentials as UserCredentials

        return UserCredentials.from_authorized_user_info(info, SCOPES), None
    if isinstance(info, dict) and ("installed" in info or "web" in info):
        return _desk_login(path), None
    raise UsageError(f"{path} is not a service-account key or an OAuth client file.",
                     fix="Use the JSON key of a service account, or an OAuth 'Desktop app' "
                         "client file.")


def _desk_login(client_file: Path):
    """Log a person in through their browser once; the login is saved for next time."""
    import gspread

    from sheets_sync.backends.google_http import HTTPClient

    client = gspread.oauth(scopes=SCOPES, credentials_filename=str(client_file),
                           http_client=HTTPClient)
    return client.http_client.auth
