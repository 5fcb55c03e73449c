"""Logins and refusals, through google-auth against the emulator's token endpoint: every kind of
credential works, and each way Google says no gets its own message and fix."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import GoogleWorkbook, cli
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sheets_emulator_auth import TOKEN_PATH

from sheets_sync.backends.google import GoogleBackend
from sheets_sync.backends.google.auth import connect, save_login
from sheets_sync.backends.google.client import RetryPolicy
from sheets_sync.errors import UsageError, WorkbookAccessError

ACCOUNT = "sheets-sync@program-1234.iam.gserviceaccount.com"
TODAY = "2026-11-24"


def no_waiting() -> RetryPolicy:
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    return RetryPolicy(sleep=sleep, clock=lambda: clock[0])


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A person's home without any Google credentials in it."""
    for name in ("GOOGLE_APPLICATION_CREDENTIALS", "SHEETS_SYNC_API_URL", "CLOUDSDK_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def sheet(emulator) -> str:
    emulator.clear_faults()
    return emulator.create_spreadsheet(tabs={"Settings": [["Setting", "Value"]]})


def backend(emulator, sid: str, credentials: Path | None = None) -> GoogleBackend:
    return GoogleBackend(sid, str(credentials) if credentials else None, policy=no_waiting(),
                         api_url=emulator.base_url)


def write(path: Path, info: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(info))
    return path


def service_account_key(folder: Path, emulator, account: str = ACCOUNT) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return write(folder / "key.json", {
        "type": "service_account", "project_id": "program-1234", "private_key_id": "k1",
        "private_key": pem, "client_email": account, "client_id": "1",
        "token_uri": emulator.base_url + TOKEN_PATH})


def user_login(emulator, refresh_token: str = "desk-login") -> dict:
    return {"type": "authorized_user", "client_id": "client.apps.googleusercontent.com",
            "client_secret": "not-secret", "refresh_token": refresh_token,
            "token_uri": emulator.base_url + TOKEN_PATH}


def desk_client(folder: Path, emulator) -> Path:
    return write(folder / "client.json", {"installed": {
        "client_id": "client.apps.googleusercontent.com", "client_secret": "not-secret",
        "auth_uri": emulator.base_url + "/auth", "token_uri": emulator.base_url + TOKEN_PATH,
        "redirect_uris": ["http://localhost"]}})


def test_a_service_account_key_logs_in_and_a_missing_share_names_it(emulator, sheet, home):
    key = service_account_key(home, emulator)
    assert "Settings" in backend(emulator, sheet, key).read()
    assert emulator.requests[-1].account == ACCOUNT
    emulator.deny(sheet, 403)
    with pytest.raises(WorkbookAccessError) as refused:
        backend(emulator, sheet, key).read()
    assert f"not shared with the service account {ACCOUNT}" in str(refused.value)
    assert f"add the service account {ACCOUNT} as an Editor" in str(refused.value)


def test_a_withdrawn_key_says_to_make_a_new_one(emulator, sheet, home):
    withdrawn = "withdrawn@program-1234.iam.gserviceaccount.com"
    emulator.tokens.revoke(withdrawn)
    with pytest.raises(WorkbookAccessError) as refused:
        backend(emulator, sheet, service_account_key(home, emulator, withdrawn)).read()
    assert "create a new JSON key" in str(refused.value)


def test_a_workload_identity_file_logs_in_without_a_key(emulator, sheet, home, monkeypatch):
    token = home / "github-oidc-token"
    token.write_text("eyJhbGciOiJSUzI1NiJ9.e30.signature")
    audience = ("//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/"
                "github/providers/program")
    identity = write(home / "gha-creds.json", {
        "type": "external_account", "audience": audience,
        "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
        "token_url": emulator.base_url + TOKEN_PATH, "credential_source": {"file": str(token)}})
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(identity))
    assert "Settings" in backend(emulator, sheet).read()
    assert emulator.requests[-1].account == "workload:" + audience


def test_application_default_credentials_are_used_when_nothing_else_is_given(
        emulator, sheet, home):
    write(home / ".config" / "gcloud" / "application_default_credentials.json",
          user_login(emulator, "gcloud-login"))
    assert "Settings" in backend(emulator, sheet).read()
    assert emulator.requests[-1].account == "gcloud-login"


def test_a_saved_desk_login_is_its_owners_only_and_forgotten_once_refused(
        emulator, sheet, home):
    saved = write(home / ".config" / "gspread" / "authorized_user.json", user_login(emulator))
    saved.chmod(0o644)  # as an older version left it
    client = desk_client(home, emulator)
    assert "Settings" in backend(emulator, sheet, client).read()
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    emulator.tokens.revoke("desk-login")
    with pytest.raises(WorkbookAccessError) as refused:
        backend(emulator, sheet, client).read()
    assert "saved Google login has expired or was withdrawn" in str(refused.value)
    assert "a browser opens" in str(refused.value)
    assert not saved.exists()


def test_a_login_is_saved_readable_by_its_owner_only(home):
    path = home / ".config" / "gspread" / "authorized_user.json"
    path.parent.mkdir(parents=True)
    path.write_text("{}")
    path.chmod(0o666)
    save_login('{"refresh_token": "x"}', path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {"refresh_token": "x"}


def test_a_dropped_connection_while_fetching_a_token_is_retried(emulator, sheet, home):
    emulator.drop_next(1, path_contains=TOKEN_PATH)
    key = service_account_key(home, emulator)
    assert "Settings" in backend(emulator, sheet, key).read()
    assert sum(r.path == TOKEN_PATH for r in emulator.requests) >= 2


@pytest.mark.parametrize("url", ["http://127.0.0.1:9", "http://localhost:9",
                                 "http://[::1]:9", "http://127.0.0.2:9"])
def test_the_api_address_may_be_changed_for_this_computer_only(monkeypatch, url):
    monkeypatch.setenv("SHEETS_SYNC_API_URL", url)
    connection = connect()
    assert connection.http.base_url == url and "Authorization" not in \
        connection.http.session.headers


@pytest.mark.parametrize("url", ["https://sheets.example.org", "http://10.1.2.3:8080",
                                 "http://127.0.0.1.example.org"])
def test_the_api_address_is_refused_elsewhere(monkeypatch, url):
    monkeypatch.setenv("SHEETS_SYNC_API_URL", url)
    with pytest.raises(UsageError) as refused:
        connect()
    assert "not this computer" in str(refused.value)
    result = cli("sync", "1AbCdEfGhIjKlMnOpQrStUvWxYz012345")
    assert result.exit_code == 2 and "SHEETS_SYNC_API_URL" in result.output


def test_a_disabled_api_says_how_to_enable_it(sheets_api):
    book = GoogleWorkbook(sheets_api).new(sample=20)
    sheets_api.disable_api("4242")
    result = book.sync("--today", TODAY)
    assert result.exit_code == 3
    assert "Google Sheets API is switched off" in result.output
    assert "sheets.googleapis.com/overview?project=4242" in result.output
    assert "Share" not in result.output


def test_a_protected_tab_is_named_with_its_own_fix(sheets_api):
    book = GoogleWorkbook(sheets_api).new(sample=20)
    sheets_api.protect(book.id, "Follow-ups")
    before = book.state()
    result = book.sync("--today", TODAY)
    assert result.exit_code == 3
    assert "Follow-ups tab" in result.output and "Protect sheets and ranges" in result.output
    assert book.state() == before
    assert os.environ.get("SHEETS_SYNC_API_URL")  # the emulator path: unauthenticated
