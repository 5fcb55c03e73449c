"""Running from cron: one sync at a time, a run log, and ready scheduler entries."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheets_sync.cli import main

TODAY = "2026-11-24"
HOLD_LOCK = """
import sys, time
from sheets_sync.ops.lock import exclusive
with exclusive(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(60)
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "program.xlsx"
    assert run("new", path, "--program", "general", "--sample", 20).exit_code == 0
    return path


def test_a_second_sync_exits_4_at_once_and_a_killed_one_never_blocks(book: Path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(book)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.perf_counter()
        blocked = run("sync", book, "--today", TODAY)
        elapsed = time.perf_counter() - started
        assert blocked.exit_code == 4
        assert "Another sync of" in blocked.output
        assert elapsed < 1.0
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    after_kill = run("sync", book, "--today", TODAY)
    assert after_kill.exit_code == 0, after_kill.output


def test_dry_run_needs_no_lock(book: Path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(book)],
                              stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        assert run("sync", book, "--today", TODAY, "--dry-run").exit_code == 0
    finally:
        holder.kill()
        holder.wait()


def test_log_file_gets_one_line_per_run_and_errors(book: Path, tmp_path: Path):
    log = tmp_path / "logs" / "sync.log"
    assert run("sync", book, "--today", TODAY, "--quiet", "--log-file", log).output == ""
    run("sync", book, "--today", TODAY, "--quiet", "--log-file", log)
    failed = run("sync", tmp_path / "gone.xlsx", "--quiet", "--log-file", log)
    assert failed.exit_code == 3
    lines = log.read_text().splitlines()
    assert len(lines) == 3
    assert " sync " in lines[0] and "outcome=written" in lines[0] and "new_pairs=" in lines[0]
    assert "outcome=unchanged" in lines[1]
    assert "outcome=failed(exit 3)" in lines[2] and "Cannot find the workbook" in lines[2]


def test_crontab_line_has_absolute_paths_and_is_quiet(book: Path, monkeypatch):
    monkeypatch.chdir(book.parent)
    entry = run("cron", book.name, "--every", "30m").output
    line = [x for x in entry.splitlines() if not x.startswith("#")][0]
    assert line.startswith("*/30 * * * * '/")
    assert f" sync '{book}' --quiet --log-file '{book.parent}/program.sheets-sync.log'" in line


def test_systemd_and_github_actions_entries(book: Path):
    systemd = run("cron", book, "--every", "2h", "--format", "systemd").output
    assert "OnCalendar=*-*-* 00/2:05:00" in systemd and "[Timer]" in systemd
    assert "Type=oneshot" in systemd and "Persistent=true" in systemd
    url = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit"
    workflow = run("cron", url, "--every", "1d", "--format", "github-actions").output
    assert 'cron: "15 6 * * *"' in workflow
    assert "secrets.GOOGLE_SERVICE_ACCOUNT_KEY" in workflow
    refused = run("cron", book, "--format", "github-actions")
    assert refused.exit_code == 2


@pytest.mark.parametrize("every", ["7m", "90m", "soon", "1m"])
def test_uneven_intervals_are_refused(book: Path, every: str):
    result = run("cron", book, "--every", every)
    assert result.exit_code == 2 and "Fix:" in result.output


def test_installed_command_runs(tmp_path: Path):
    command = shutil.which("sheets-sync") or shutil.which("sheets-sync",
                                                          path=str(Path(sys.executable).parent))
    if command is None:
        pytest.skip("the package is not installed as a command here")
    done = subprocess.run([command, "programs"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "general" in done.stdout
