"""The send journal: what this computer handed to the mail server, written to disk (fsync)
at the moments that matter, so that a send killed at any instant is finished correctly by the
next one.

For each message, ``committing`` is written just before the last line of the SMTP DATA (the
line that makes the server accept it), and flushed to disk just after that line went: between
the two there is nothing but the one system call that sends the line, so a send killed there
almost surely sent it. ``sent`` is written (and flushed) once the server said so. A message whose
journal ends at ``committing`` may or may not have been accepted (the reply was lost): it is
counted as sent and never sent again. ``failed`` means the server refused it (not delivered).
A message with no entry was never handed over, whatever its Outbox row says.

One journal per workbook per computer: beside an .xlsx, in the user's cache for a Google
spreadsheet (the same places as the lock). Its first line is a random token; the Outbox rows a
send claims carry it, so a later send knows which claims its own journal can settle.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sheets_sync.ops.lock import lock_path

COMMITTING, SENT, FAILED = "committing", "sent", "failed"


@dataclass(frozen=True)
class Entry:
    state: str
    at: dt.datetime
    error: str = ""


def journal_path(target: str) -> Path:
    lock = lock_path(target)
    return lock.with_name(lock.name.removesuffix(".lock") + ".outbox-journal")


class Journal:
    """An append-only file of JSON lines; the latest line about a message wins."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.token = ""
        self.entries: dict[str, Entry] = {}
        self._fd: int | None = None
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        for line in self.path.read_text("utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:  # a line cut short by a kill: it was never complete
                continue
            if "token" in record:
                self.token = self.token or str(record["token"])
            elif "id" in record:
                self.entries[record["id"]] = Entry(record["state"],
                                                   dt.datetime.fromisoformat(record["at"]),
                                                   record.get("error", ""))

    def open(self) -> Journal:
        """Ready to append (creates the file, durably, with a new token)."""
        created = not self.path.exists()
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if created or not self.token:
            self.token = secrets.token_hex(4)
            self._append({"token": self.token})
            _sync_folder(self.path.parent)
        return self

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def record(self, message_id: str, state: str, at: dt.datetime, error: str = "",
               durable: bool = True) -> None:
        """Write one line: the next process sees it as soon as this returns (a killed process's
        writes are kept); ``durable`` also waits until it is on disk (a power cut)."""
        entry = Entry(state, at, error)
        self._append({"id": message_id, "state": state, "at": at.isoformat(), "error": error},
                     durable)
        self.entries[message_id] = entry

    def flush(self) -> None:
        """Wait until every line written is on disk."""
        assert self._fd is not None, "open() the journal first"
        os.fsync(self._fd)

    def _append(self, record: dict[str, Any], durable: bool = True) -> None:
        assert self._fd is not None, "open() the journal first"
        os.write(self._fd, (json.dumps(record) + "\n").encode("utf-8"))
        if durable:
            os.fsync(self._fd)

    def delivered(self, message_id: str) -> Entry | None:
        """The entry of a message that was (or may have been) accepted, else None."""
        entry = self.entries.get(message_id)
        return entry if entry is not None and entry.state in (COMMITTING, SENT) else None


def _sync_folder(folder: Path) -> None:
    """Make a new file's name durable too (POSIX; Windows has no directory handles)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
