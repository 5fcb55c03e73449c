"""Scheduler entries that run a sync unattended: a crontab line, systemd units, a macOS launchd
agent, a Windows Task Scheduler task, or a GitHub Actions workflow for coordinators without a
server. The entry for this computer names the absolute paths of the workbook, the log file and
this installation of sheets-sync."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from sheets_sync.errors import UsageError
from sheets_sync.ops.schedulers import FORMATS
from sheets_sync.ops.schedulers.job import (
    Command,
    Interval,
    Job,
    build_job,
    entry_name,
    parse_every,
)
from sheets_sync.ops.schedulers.quoting import refuse_control_characters
from sheets_sync.ops.schedulers.render import RENDERERS

SHEET_ID = re.compile(r"/d/([A-Za-z0-9_-]+)|^([A-Za-z0-9_-]{20,})$")

__all__ = ["FORMATS", "Interval", "installed_program", "parse_every", "scheduler_entry",
           "scheduled_job"]


def scheduler_entry(target: str, every: str, kind: str = "crontab",
                    log_file: str | None = None, credentials: str | None = None) -> str:
    """The text to save or paste into the scheduler, with its instructions."""
    if kind not in FORMATS:
        raise UsageError(f"Unknown format '{kind}'.", fix="Use one of: " + ", ".join(FORMATS))
    return RENDERERS[kind](scheduled_job(target, every, kind, log_file, credentials))


def scheduled_job(target: str, every: str, kind: str, log_file: str | None = None,
                  credentials: str | None = None) -> Job:
    """The job for ``kind``, with this computer's absolute paths (the scheduler starts in an
    unknown folder), or, for GitHub Actions, what GitHub's computer runs."""
    is_file = target.lower().endswith((".xlsx", ".xlsm"))
    path = Path(target).expanduser().resolve() if is_file else None
    if kind == "github-actions":  # the key comes from the repository's secret; output in the run
        program: tuple[str, ...] = ("sheets-sync",)
        log, key = None, None
    else:
        program = installed_program(kind)
        log = str(Path(log_file).expanduser().resolve()) if log_file else str(
            path.with_name(path.stem + ".sheets-sync.log") if path
            else Path.home() / "sheets-sync.log")
        key = str(Path(credentials).expanduser().resolve()) if credentials else None
    refuse_control_characters([target, *program, *(p for p in (log, key) if p)])
    return build_job(target=str(path) if path else target,
                     target_name=path.name if path else "the Google spreadsheet",
                     is_file=is_file, every=every, program=program, log_file=log,
                     credentials=key, name=entry_name(path.stem if path else _sheet_id(target)))


def _sheet_id(target: str) -> str:
    found = SHEET_ID.search(target)
    return "google-" + (found.group(1) or found.group(2))[:8] if found else "google"


def installed_program(kind: str) -> Command:
    """How the scheduler starts this sheets-sync, by absolute path so that its bare PATH finds the
    same one. On Windows, pythonw runs it without flashing a console window at every sync."""
    if kind == "windows":
        pythonw = Path(sys.executable).with_name("pythonw.exe")
        return (str(pythonw if pythonw.exists() else sys.executable), "-m", "sheets_sync")
    beside = Path(sys.executable).with_name("sheets-sync")
    if beside.exists():
        return (str(beside),)
    found = shutil.which("sheets-sync")
    return (found,) if found else (sys.executable, "-m", "sheets_sync")
