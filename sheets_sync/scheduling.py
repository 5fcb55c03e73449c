"""Scheduler entries that run a sync unattended: a crontab line, systemd units, or a GitHub
Actions workflow for coordinators without a server."""

from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sheets_sync.errors import UsageError

FORMATS = ("crontab", "systemd", "github-actions")
EVERY = re.compile(r"^\s*(\d+)\s*(m|min|mins|minutes?|h|hours?|d|days?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Interval:
    minutes: int

    @property
    def words(self) -> str:
        if self.minutes % 1440 == 0:
            days = self.minutes // 1440
            return "every day" if days == 1 else f"every {days} days"
        if self.minutes % 60 == 0:
            hours = self.minutes // 60
            return "every hour" if hours == 1 else f"every {hours} hours"
        return f"every {self.minutes} minutes"

    @property
    def cron(self) -> str:
        if self.minutes % 1440 == 0:
            days = self.minutes // 1440
            return "15 6 * * *" if days == 1 else f"15 6 */{days} * *"
        if self.minutes % 60 == 0:
            hours = self.minutes // 60
            return "5 * * * *" if hours == 1 else f"5 */{hours} * * *"
        return f"*/{self.minutes} * * * *"

    @property
    def on_calendar(self) -> str:
        if self.minutes % 1440 == 0:
            return "*-*-* 06:15:00"
        if self.minutes % 60 == 0:
            return f"*-*-* 00/{self.minutes // 60}:05:00"
        return f"*:00/{self.minutes}"


def parse_every(text: str) -> Interval:
    """``30m``, ``2h``, ``1d`` → an interval cron can express exactly."""
    found = EVERY.match(text)
    if not found:
        raise UsageError(f"--every '{text}' is not an interval.",
                         fix="Write minutes, hours or days, e.g. 30m, 2h or 1d.")
    number, unit = int(found.group(1)), found.group(2)[0].lower()
    minutes = number * {"m": 1, "h": 60, "d": 1440}[unit]
    exact = (minutes < 60 and 60 % minutes == 0) or (minutes % 60 == 0 and minutes < 1440
                                                     and 24 % (minutes // 60) == 0) \
        or minutes % 1440 == 0
    if minutes < 5 or not exact:
        raise UsageError(f"--every {text} can't be scheduled evenly.",
                         fix="Use 5m, 10m, 15m, 20m, 30m, 1h, 2h, 3h, 4h, 6h, 8h, 12h or 1d.")
    return Interval(minutes)


def scheduler_entry(target: str, every: str, kind: str = "crontab",
                    log_file: str | None = None, credentials: str | None = None) -> str:
    """The text to paste into the scheduler, with absolute paths."""
    if kind not in FORMATS:
        raise UsageError(f"Unknown format '{kind}'.", fix="Use one of: " + ", ".join(FORMATS))
    interval = parse_every(every)
    is_file = target.lower().endswith((".xlsx", ".xlsm"))
    path = Path(target).expanduser().resolve() if is_file else None
    log = Path(log_file).expanduser().resolve() if log_file else (
        path.with_name(path.stem + ".sheets-sync.log") if path
        else Path.home() / "sheets-sync.log")
    context = {
        "target": str(path) if path else target,
        "target_name": path.name if path else "the Google spreadsheet",
        "every_words": interval.words,
        "cron": interval.cron,
        "on_calendar": interval.on_calendar,
        "command": command_path(),
        "log_file": str(log),
        "credentials": f" --credentials {Path(credentials).expanduser().resolve()}"
        if credentials else "",
        "unit": "sheets-sync-" + re.sub(r"[^A-Za-z0-9]+", "-", path.stem if path else
                                        "google").strip("-").lower(),
        "package": "sheets-sync",
    }
    if kind == "crontab":
        text = _render("crontab", context)
        return text.replace(" --quiet", f" --quiet{context['credentials']}", 1)
    if kind == "systemd":
        return _render("sheets-sync.service", context) + "\n" + _render("sheets-sync.timer",
                                                                         context)
    if is_file:
        raise UsageError("A GitHub Actions workflow can only reach a Google spreadsheet.",
                         fix="Use --format crontab or systemd for an .xlsx on this machine.")
    return _render("github-actions.yml", context)


def _render(name: str, context: dict[str, str]) -> str:
    text = resources.files("sheets_sync.schedulers").joinpath(f"{name}.tmpl").read_text("utf-8")
    return text.format(**context)


def command_path() -> str:
    """The absolute path of this sheets-sync, so cron's bare PATH finds the same one."""
    found = shutil.which("sheets-sync")
    beside = Path(sys.executable).with_name("sheets-sync")
    if beside.exists():
        return str(beside)
    return found or f"{sys.executable} -m sheets_sync"
