"""One sync per workbook at a time. The lock is the operating system's (flock), so a sync that was
killed releases it at once and never blocks the next one. An .xlsx open in Excel or LibreOffice
counts as taken too: their own lock files say so."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from sheets_sync.errors import WorkbookLocked


def lock_path(target: str) -> Path:
    """Beside an .xlsx (so any process on this machine sees it); per user for Google."""
    if _is_excel(target):
        path = Path(target).expanduser().resolve()
        return path.with_name(f".{path.name}.sheets-sync.lock")
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sheets-sync"
    cache.mkdir(parents=True, exist_ok=True)
    return cache / (hashlib.sha256(target.encode()).hexdigest()[:24] + ".lock")


@contextmanager
def exclusive(target: str) -> Iterator[None]:
    """Hold the workbook's lock for the block, or fail at once if another sync or send holds
    it or the workbook is open in Excel or LibreOffice."""
    lock = FileLock(str(lock_path(target)), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise WorkbookLocked(
            f"Another sync of {target} is running (or a send of its messages).",
            fix="Wait for it to finish (this run changed nothing). If it seems stuck, check "
                "the processes of this machine for sheets-sync.") from None
    except OSError as error:
        from sheets_sync.errors import WorkbookAccessError

        raise WorkbookAccessError(
            f"Could not create the lock file for {target} ({error.strerror}).",
            fix="Check that the folder holding the workbook can be written to.") from None
    try:
        if _is_excel(target):
            from sheets_sync.backends.xlsx.locks import refuse_if_open

            refuse_if_open(Path(target).expanduser(), target)
        yield
    finally:
        lock.release()


def _is_excel(target: str) -> bool:
    return target.lower().endswith((".xlsx", ".xlsm"))
