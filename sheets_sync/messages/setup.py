"""What sending needs from Settings and the environment, checked before anything is sent.

No SMTP server in Settings means sending is not set up: `send` then does nothing and exits 0,
so a scheduler entry can always run it after the sync. An SMTP server with anything else
missing or wrong is an error naming the fix (exit 2), and nothing is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address

from sheets_sync.errors import SendingSetupError
from sheets_sync.inputs.mail import Server, server
from sheets_sync.inputs.settings import SETTING_FIELDS, Settings
from sheets_sync.messages.compose import sender_address
from sheets_sync.model import Cell, Table, is_blank, normalise_header

PASSWORD = "SHEETS_SYNC_SMTP_PASSWORD"
_LABELS = ("SMTP server", "Send from", "Coordinator email")


@dataclass(frozen=True)
class Setup:
    server: Server
    user: str
    password: str
    sender: Address


def sending_setup(settings: Settings, table: Table | None,
                  environ: Mapping[str, str]) -> Setup | None:
    """The SMTP setup, None when Settings names no SMTP server; raises SendingSetupError."""
    bad = _unreadable(table)
    if not settings.smtp_server and "SMTP server" not in bad:
        return None
    if bad:
        raise SendingSetupError(
            "Settings for sending can't be used: " + "; ".join(
                f"{label} '{value}' is not {SETTING_FIELDS[label].how}"
                for label, value in bad.items()) + ". Nothing was sent.",
            fix="Correct them on the Settings tab (the Problems tab says the same).")
    found = server(settings.smtp_server)
    assert found is not None  # read_settings let only a readable server through
    if not (settings.send_from or settings.coordinator_email):
        raise SendingSetupError("Settings has an SMTP server but no address to send from.",
                                fix="Fill in Coordinator email (and Send from, if messages "
                                    "should come from another address).")
    password = environ.get(PASSWORD, "")
    if settings.smtp_user and not password:
        raise SendingSetupError(
            f"SMTP user is {settings.smtp_user}, but {PASSWORD} is not set on this computer, "
            "so sheets-sync can't log in to the mail server. Nothing was sent.",
            fix=f"Set the environment variable {PASSWORD} to the SMTP password (an app "
                "password for Gmail or Microsoft 365) where send runs; see the README.")
    sender = sender_address(settings.send_from, settings.coordinator_email,
                            settings.coordinator_name)
    return Setup(found, settings.smtp_user, password, sender)


def _unreadable(table: Table | None) -> dict[str, Cell]:
    """The sending settings typed in a way that can't be read, with what was typed."""
    if table is None:
        return {}
    wanted = {normalise_header(label): label for label in _LABELS}
    bad: dict[str, Cell] = {}
    for _row, cells in table.records():
        label = wanted.get(normalise_header(cells[0]))
        value = cells[1] if len(cells) > 1 else None
        if label and label not in bad and not is_blank(value) and \
                SETTING_FIELDS[label].parse(value) is None:
            bad[label] = value
    return bad
