"""Who we are to Google: a service-account key or a keyless workload identity for cron, an
OAuth login for people at a desk, or the machine's application-default credentials.

Key files and tokens are read here and never printed or logged; messages name files and the
service account's email only. A login saved here is readable by its owner only.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from sheets_sync.backends.google.client import GOOGLE_BASE, RetryingHTTPClient, RetryPolicy
from sheets_sync.errors import UsageError

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
API_URL_VARIABLE = "SHEETS_SYNC_API_URL"

# What kind of login is in use: each is refused by Google for its own reasons, with its own fix.
SERVICE_ACCOUNT = "service account"
SAVED_LOGIN = "saved login"
LOGIN_FILE = "login file"
WORKLOAD_IDENTITY = "workload identity"
APPLICATION_DEFAULT = "application default"
LOCAL = "local emulator"


@dataclass
class Connection:
    http: RetryingHTTPClient
    kind: str
    account: str | None = None  # the service account's email, to say whom to share with
    source: Path | None = None  # the credentials file in use (named in messages, never shown)

    def forget_login(self) -> bool:
        """Delete the saved desk login Google refused, so the next run logs in afresh."""
        if self.kind != SAVED_LOGIN or self.source is None:
            return False
        self.source.unlink(missing_ok=True)
        return True


def connect(credentials: str | None = None, policy: RetryPolicy | None = None,
            api_url: str | None = None) -> Connection:
    """An HTTP client for the Sheets API, authenticated as the first credential found:
    --credentials, GOOGLE_APPLICATION_CREDENTIALS, gspread's default files, then the
    application-default credentials. ``api_url`` (for tests) replaces Google's address while
    still authenticating; SHEETS_SYNC_API_URL sends unauthenticated requests to a local
    emulator."""
    local = os.environ.get(API_URL_VARIABLE)
    if api_url is None and local:
        return Connection(RetryingHTTPClient(None, requests.Session(), _loopback(local), policy),
                          LOCAL)
    creds, kind, source = _credentials(credentials)
    if api_url and hasattr(creds, "with_token_uri"):
        # A local stand-in for Google answers for its token endpoint too (google-auth always
        # sends a user login's refresh to Google's own endpoint otherwise).
        creds = creds.with_token_uri(api_url.rstrip("/") + "/token")
    from google.auth.transport.requests import AuthorizedSession

    timeout = sum((policy or RetryPolicy()).timeout)
    session = AuthorizedSession(creds, refresh_timeout=timeout)
    account = getattr(creds, "service_account_email", None)
    return Connection(RetryingHTTPClient(None, session, api_url or GOOGLE_BASE, policy), kind,
                      account if account and "@" in account else None, source)


def _loopback(url: str) -> str:
    """SHEETS_SYNC_API_URL, if it names this computer: requests to it carry no credentials."""
    host = urlsplit(url).hostname or ""
    try:
        local = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    if not local or urlsplit(url).scheme not in ("http", "https"):
        raise UsageError(
            f"{API_URL_VARIABLE} is set to {url}, which is not this computer.",
            fix=f"{API_URL_VARIABLE} is only for a Sheets API emulator running locally "
                f"(http://127.0.0.1:PORT). Unset it to use Google Sheets.")
    return url


def _credentials(given: str | None) -> tuple[Any, str, Path | None]:
    path = _credential_file(given)
    if path is None:
        return _application_default()
    info = _read_json(path)
    if "installed" in info or "web" in info:
        return _desk_login(info)
    kind = info.get("type")
    if kind == "service_account":
        from google.oauth2.service_account import Credentials

        try:
            return Credentials.from_service_account_info(info, scopes=SCOPES), \
                SERVICE_ACCOUNT, path
        except ValueError:
            raise UsageError(f"{path} is an incomplete service-account key.",
                             fix="Create a new JSON key for the service account.") from None
    from google.auth.exceptions import DefaultCredentialsError

    try:
        creds = _keyless(info)
    except (DefaultCredentialsError, ValueError, KeyError, TypeError):
        creds = None
    if creds is None:
        raise UsageError(
            f"{path} is not a service-account key, a workload-identity file or an OAuth "
            "client file.",
            fix="Use the JSON key of a service account, the credentials file your cloud's "
                "sign-in step wrote, or an OAuth 'Desktop app' client file.")
    if kind == "authorized_user":
        return creds, SAVED_LOGIN if path == saved_login_path() else LOGIN_FILE, path
    return creds, WORKLOAD_IDENTITY, path


def _keyless(info: dict[str, Any]) -> Any:
    """Credentials from a saved user login or a workload-identity (external account) file,
    each through its own loader (none of them calls Google while loading)."""
    kind = info.get("type")
    if kind == "authorized_user":
        from google.oauth2.credentials import Credentials

        return Credentials.from_authorized_user_info(info, SCOPES)
    if kind == "external_account_authorized_user":
        from google.auth import external_account_authorized_user

        return external_account_authorized_user.Credentials.from_info(info, scopes=SCOPES)
    if kind != "external_account":
        return None
    source = info.get("credential_source") or {}
    if str(source.get("environment_id", "")).startswith("aws"):
        from google.auth import aws as module
    elif "executable" in source:
        from google.auth import pluggable as module  # type: ignore[no-redef]
    else:
        from google.auth import identity_pool as module  # type: ignore[no-redef]
    return module.Credentials.from_info(info, scopes=SCOPES)


def _credential_file(given: str | None) -> Path | None:
    if given:
        return Path(given).expanduser()
    from_env = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if from_env:
        return Path(from_env).expanduser()
    from gspread.auth import get_config_dir

    for default in (get_config_dir() / "service_account.json", saved_login_path()):
        if default.is_file():
            return default
    return None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"The credentials file {path} does not exist.",
                         fix="Check the path given to --credentials.") from None
    except (OSError, ValueError):
        raise UsageError(f"{path} is not a readable Google credentials file (JSON).",
                         fix="Download the key again from the Google Cloud console.") from None
    if not isinstance(info, dict):
        raise UsageError(f"{path} is not a Google credentials file.",
                         fix="Download the key again from the Google Cloud console.")
    return info


def _application_default() -> tuple[Any, str, None]:
    """The machine's own credentials: `gcloud auth application-default login`, or the service
    account of the Google Cloud machine we run on."""
    import google.auth
    from google.auth.exceptions import DefaultCredentialsError

    try:
        creds, _project = google.auth.default(scopes=SCOPES)
    except DefaultCredentialsError:
        raise UsageError(
            "No Google credentials were found.",
            fix="Pass --credentials with a service-account key file (for cron) or an OAuth "
                "client file (for use at a desk), set GOOGLE_APPLICATION_CREDENTIALS, or run "
                "'gcloud auth application-default login'.") from None
    return creds, APPLICATION_DEFAULT, None


def saved_login_path() -> Path:
    from gspread.auth import get_config_dir

    return get_config_dir() / "authorized_user.json"


def _desk_login(client: dict[str, Any]) -> tuple[Any, str, Path]:
    """Log a person in through their browser once; the login is saved for next time."""
    saved = saved_login_path()
    if saved.is_file():
        _owner_only(saved)
        from google.oauth2.credentials import Credentials

        return Credentials.from_authorized_user_file(str(saved), SCOPES), SAVED_LOGIN, saved
    from google_auth_oauthlib.flow import InstalledAppFlow

    creds = InstalledAppFlow.from_client_config(client, SCOPES).run_local_server(port=0)
    save_login(creds.to_json(strip=["token"]), saved)
    return creds, SAVED_LOGIN, saved


def save_login(text: str, path: Path) -> None:
    """Write a login so that only its owner can read it (mode 0600, folder 0700)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        if hasattr(os, "fchmod"):  # an older file keeps its mode through O_CREAT
            os.fchmod(file.fileno(), 0o600)
        file.write(text)


def _owner_only(path: Path) -> None:
    """Tighten a login saved by an older version with the default (world-readable) mode."""
    if os.name == "posix" and path.stat().st_mode & 0o077:
        path.chmod(0o600)
