"""A workbook open in Excel or LibreOffice is never written under the person using it: their
lock file beside it makes a sync stop at once (exit 4), saying who has it open, and leaves the
file byte for byte as it was -- also when the workbook is opened while the sync runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sheets_sync import app
from sheets_sync.backends.xlsx.locks import open_by
from sheets_sync.errors import WorkbookLocked

TODAY = dt.date(2026, 11, 24)


def excel_owner_file(name: str, word: bool = False) -> bytes:
    """An owner file as Office writes it: the name in the Windows code page after a length
    byte, padded to offset 55 (54 for Word), then a two-byte length and the name in UTF-16."""
    ansi = name.encode("cp1252", "replace")[:52]
    head = bytes([len(ansi)]) + ansi
    at = 54 if word else 55
    head += (b"\x00" if word else b" ") * (at - len(head))
    body = head + len(name).to_bytes(2, "little") + name.encode("utf-16-le")
    size = 162 if word else 165
    return body + b" \x00" * ((size - len(body)) // 2) + b" " * ((size - len(body)) % 2)


def libreoffice_lock(name: str) -> bytes:
    return (f"{name},mcarter,laptop-7,24.11.2026 09:12,"
            "file:///home/mcarter/.config/libreoffice/4;").encode()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("open") / "Spring program.xlsx"
    app.new_workbook(str(path), "general", sample=60, today=dt.date(2026, 11, 25))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files(folder: Path) -> list[str]:
    """The folder's files but the sync's own lock (which stays, as an empty file)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".sheets-sync.lock"))


def run(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sheets_sync", *args],
                          capture_output=True, text=True, timeout=60, check=False)
    return done, time.perf_counter() - started


def run_sync(path: Path) -> tuple[subprocess.CompletedProcess, float]:
    return run("sync", str(path), "--today", TODAY.isoformat())


@pytest.mark.parametrize(("lock_name", "content", "application", "person"), [
    ("~$Spring program.xlsx", excel_owner_file("María José Núñez"), "Excel",
     "María José Núñez"),
    (".~lock.Spring program.xlsx#", libreoffice_lock("Malik Carter"), "LibreOffice",
     "Malik Carter"),
    (".~lock.Spring program.xlsx#", libreoffice_lock(""), "LibreOffice", "mcarter"),
    ("~$Spring program.xlsx", b"", "Excel", None),
])
def test_a_workbook_open_elsewhere_stops_the_sync_at_once(workbook, tmp_path, lock_name,
                                                           content, application, person):
    path = tmp_path / workbook.name
    path.write_bytes(workbook.read_bytes())
    (tmp_path / lock_name).write_bytes(content)
    before = digest(path)

    _, starting = run("--version")  # the same machine's cost of starting the command at all
    done, seconds = run_sync(path)

    assert done.returncode == 4, done.stdout + done.stderr
    # At once: no waiting for the lock and no reading of the workbook, however busy the machine.
    assert seconds < starting + 0.5, f"took {seconds:.2f} s; starting alone {starting:.2f} s"
    said = done.stdout + done.stderr
    assert f"open in {application}" in said
    if person:
        assert f"by {person}" in said and f"Ask {person} to save and close" in said
    assert lock_name in said  # what to delete if nobody really has it open
    assert "Traceback" not in said
    assert digest(path) == before
    assert files(tmp_path) == sorted([path.name, lock_name])


def test_a_sync_runs_once_the_workbook_is_closed(workbook, tmp_path):
    path = tmp_path / workbook.name
    path.write_bytes(workbook.read_bytes())
    lock = tmp_path / f".~lock.{path.name}#"
    lock.write_bytes(libreoffice_lock("Malik Carter"))
    assert run_sync(path)[0].returncode == 4
    lock.unlink()  # LibreOffice removes it when the workbook is closed
    done, _ = run_sync(path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert digest(path) != digest(workbook)


def test_a_workbook_opened_during_the_sync_is_not_written(workbook, tmp_path):
    path = tmp_path / workbook.name
    path.write_bytes(workbook.read_bytes())
    before = digest(path)
    lock = tmp_path / f"~${path.name}"

    def open_in_excel(stage: str) -> None:
        if stage == "follow-ups":  # the last stage before the write
            lock.write_bytes(excel_owner_file("Dana Lee"))

    with pytest.raises(WorkbookLocked, match="open in Excel by Dana Lee"):
        app.sync_workbook(str(path), TODAY, keep_backups=0, lap=open_in_excel)
    assert digest(path) == before
    assert files(tmp_path) == sorted([path.name, lock.name])


def test_owner_files_of_every_office_layout_name_their_owner(tmp_path):
    path = tmp_path / "book.xlsx"
    for content, expected in ((excel_owner_file("Ann Lee"), "Ann Lee"),
                              (excel_owner_file("Ann Lee", word=True), "Ann Lee"),
                              (excel_owner_file("X" * 52), "X" * 52),
                              (b"\x07Ann Lee", "Ann Lee"),  # cut short: the first copy
                              (b"\x00" * 165, None)):
        (tmp_path / "~$book.xlsx").write_bytes(content)
        found = open_by(path)
        assert found is not None and found.application == "Excel"
        assert found.person == expected, content
    (tmp_path / "~$book.xlsx").unlink()
    (tmp_path / ".~lock.book.xlsx#").write_text(r"Smith\, Jo,jsmith,pc,1.1.2026 10:00,url;")
    found = open_by(path)
    assert found is not None and found.person == "Smith, Jo"


def test_dry_runs_and_checks_still_read_an_open_workbook(workbook, tmp_path):
    path = tmp_path / workbook.name
    path.write_bytes(workbook.read_bytes())
    (tmp_path / f"~${path.name}").write_bytes(excel_owner_file("Ann Lee"))
    report = app.sync_workbook(str(path), TODAY, dry_run=True)
    assert report.outcome.new_pairs and not report.written
    assert app.check_workbook(str(path), TODAY).mentees > 0
    assert os.path.exists(path)
