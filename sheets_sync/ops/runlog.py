"""The run log: one line per run, so a coordinator (or cron's mail) can see what happened.

Lines carry counts and outcomes only, never cell values or credentials.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from sheets_sync.errors import WorkbookAccessError


def line(command: str, target: str, started: dt.datetime, seconds: float, outcome: str,
         details: dict[str, Any] | None = None, message: str = "") -> str:
    """``2026-11-24T07:30:00 sync demo.xlsx outcome=written seconds=0.41 new_pairs=3 ...``"""
    parts = [started.isoformat(timespec="seconds"), command, _quote(target),
             f"outcome={outcome}", f"seconds={seconds:.2f}"]
    parts += [f"{key}={_quote(str(value))}" for key, value in (details or {}).items()]
    if message:
        parts.append(f"message={_quote(' '.join(message.split()))}")
    return " ".join(parts)


def _quote(text: str) -> str:
    return f'"{text}"' if any(c.isspace() for c in text) or not text else text


def append(path: str | os.PathLike[str], text: str) -> None:
    """Add one line to the log file, creating it (and its folder) when needed."""
    target = Path(path).expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    except OSError as error:
        raise WorkbookAccessError(f"Could not write the log file {target} ({error.strerror}).",
                                  fix="Choose a --log-file in a folder you can write to.") from None
