"""kill -9 at any moment of an Excel sync leaves the old workbook or the new one, never a damaged
one; and backups rotate."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import cli

from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.backends.xlsx.backups import BACKUP_DIR

TODAY = "2026-11-24"
KILLS = 20
SIZE = 2000


def contents(path: Path) -> dict[str, list[list[str]]]:
    """Every tab's values in canonical form; the Sync Log without its clock columns."""
    tabs = {name: table.keys() for name, table in ExcelBackend(path).read().tabs.items()}
    if "Sync Log" in tabs:
        tabs["Sync Log"] = [row[2:3] for row in tabs["Sync Log"]]  # what changed, not when
    return tabs


@pytest.fixture(scope="module")
def big_program(tmp_path_factory) -> tuple[Path, dict, dict, float]:
    folder = tmp_path_factory.mktemp("big")
    before = folder / "before.xlsx"
    assert cli("new", before, "--program", "general", "--sample", SIZE,
               "--today", "2026-11-25").exit_code == 0
    after = folder / "after.xlsx"
    shutil.copy(before, after)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "sheets_sync", "sync", str(after), "--today",
                           TODAY, "--quiet"], capture_output=True, text=True, check=False)
    duration = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    return before, contents(before), contents(after), duration


def test_twenty_kills_at_random_moments_never_damage_the_workbook(big_program, tmp_path):
    source, before, after, duration = big_program
    assert before != after
    chance = random.Random(20261124)
    outcomes = []
    for attempt in range(KILLS):
        path = tmp_path / f"kill-{attempt}.xlsx"
        shutil.copy(source, path)
        process = subprocess.Popen([sys.executable, "-m", "sheets_sync", "sync", str(path),
                                    "--today", TODAY, "--quiet"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Half the kills anywhere, half in the last stretch, where the file is written.
        low = 0.05 if attempt % 2 else duration * 0.6
        time.sleep(chance.uniform(low, duration * 1.1))
        process.send_signal(signal.SIGKILL)
        process.wait()
        openpyxl.load_workbook(path, read_only=True).close()  # opens: not damaged
        now = contents(path)
        assert now in (before, after), f"kill {attempt} left a mixed workbook"
        outcomes.append("after" if now == after else "before")
        # A kill while saving may leave a hidden temp file; the next sync clears it away.
        left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        if now == before or left:
            assert subprocess.run([sys.executable, "-m", "sheets_sync", "sync", str(path),
                                   "--today", TODAY, "--quiet"]).returncode == 0
            assert contents(path) == after
            assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    print(f"\nkill test: {KILLS}/{KILLS} intact "
          f"({outcomes.count('before')} before, {outcomes.count('after')} after; "
          f"a full sync took {duration:.1f} s)")


def test_backups_rotate_and_keep_the_number_asked(demo_xlsx, tmp_path):
    path = tmp_path / "program.xlsx"
    shutil.copy(demo_xlsx, path)
    for day in range(20, 25):
        assert cli("sync", path, "--today", f"2026-11-{day}", "--keep-backups", 3,
                   "--quiet").exit_code == 0
    backups = sorted((tmp_path / BACKUP_DIR).iterdir())
    assert len(backups) == 3
    assert all(b.name.startswith("program-") and b.suffix == ".xlsx" for b in backups)
    openpyxl.load_workbook(backups[-1], read_only=True).close()
