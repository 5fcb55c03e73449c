"""Backups of a workbook, taken just before each save replaces it: the old file, under a
time-stamped name in a folder beside it; the newest few are kept."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from contextlib import suppress
from pathlib import Path

BACKUP_DIR = ".sheets-sync-backups"


def back_up(path: Path, keep: int) -> None:
    """Keep the workbook at ``path`` as it is now (nothing, when no backups are kept)."""
    if keep <= 0:
        return
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    backup = folder / f"{path.stem}-{stamp}{path.suffix}"
    counter = 0
    while backup.exists():  # two saves within one clock tick
        counter += 1
        backup = folder / f"{path.stem}-{stamp}-{counter}{path.suffix}"
    try:
        os.link(path, backup)  # instant; the save's rename gives the path a new file
    except OSError:
        shutil.copy2(path, backup)


def list_backups(path: Path) -> list[Path]:
    """The backups of the workbook at ``path``, oldest first."""
    pattern = re.compile(
        re.escape(path.stem) + r"-\d{8}-\d{6}-\d{6}(?:-\d+)?" + re.escape(path.suffix)
    )
    folder = path.parent / BACKUP_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name))


def rotate_backups(path: Path, keep: int) -> None:
    """Delete all but the newest ``keep`` backups."""
    old = list_backups(path)
    for stale in old[: max(0, len(old) - keep)]:
        with suppress(OSError):  # a backup we cannot delete is no reason to fail the sync
            stale.unlink()
