"""What a scheduler entry runs and how often, independent of any scheduler's syntax.

Every format renders the same ``Job``: an interval and a list of commands, each a plain argv
list, run one after the other. Quoting belongs to the format, never to the job, so a path or URL
is carried here exactly as the program must receive it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sheets_sync.errors import UsageError

EVERY = re.compile(r"^\s*(\d+)\s*(m|min|mins|minutes?|h|hours?|d|days?)\s*$", re.IGNORECASE)
DAILY_AT = (6, 15)  # a daily sync runs at 06:15, before the working day
HOURLY_AT = 5  # an hourly one at five past, away from the top-of-the-hour rush

Command = tuple[str, ...]


@dataclass(frozen=True)
class Interval:
    minutes: int

    @property
    def days(self) -> int:
        return self.minutes // 1440 if self.minutes % 1440 == 0 else 0

    @property
    def hours(self) -> int:
        return self.minutes // 60 if self.minutes % 60 == 0 and not self.days else 0

    @property
    def words(self) -> str:
        if self.days:
            return "every day" if self.days == 1 else f"every {self.days} days"
        if self.hours:
            return "every hour" if self.hours == 1 else f"every {self.hours} hours"
        return f"every {self.minutes} minutes"

    @property
    def cron(self) -> str:
        hour, minute = DAILY_AT
        if self.days:
            days = "*" if self.days == 1 else f"*/{self.days}"
            return f"{minute} {hour} {days} * *"
        if self.hours:
            hours = "*" if self.hours == 1 else f"*/{self.hours}"
            return f"{HOURLY_AT} {hours} * * *"
        return f"*/{self.minutes} * * * *"

    @property
    def on_calendar(self) -> str:
        hour, minute = DAILY_AT
        if self.days:
            days = "*" if self.days == 1 else f"01/{self.days}"
            return f"*-*-{days} {hour:02d}:{minute:02d}:00"
        if self.hours:
            return f"*-*-* 00/{self.hours}:{HOURLY_AT:02d}:00"
        return f"*:00/{self.minutes}"


def parse_every(text: str) -> Interval:
    """``30m``, ``2h``, ``1d`` → an interval every scheduler can express exactly."""
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


@dataclass(frozen=True)
class Job:
    """One scheduled job: what to run, how often, and what to tell the person installing it."""

    target: str  # the workbook path or the spreadsheet URL/ID, exactly as sync must receive it
    target_name: str  # how the instructions name it
    is_file: bool
    name: str  # a file-name-safe name for the entry: sheets-sync-program
    interval: Interval
    log_file: str | None
    commands: tuple[Command, ...]  # run in order; each one argv list


def sync_command(program: Command, target: str, log_file: str | None,
                 credentials: str | None) -> Command:
    """The unattended sync: quiet on success, one line per run in the log file."""
    command = (*program, "sync", target, "--quiet")
    if log_file:
        command += ("--log-file", log_file)
    if credentials:
        command += ("--credentials", credentials)
    return command


def send_command(program: Command, target: str, log_file: str | None,
                 credentials: str | None) -> Command:
    """Mail what the sync queued in the Outbox. It does nothing, quietly, while the workbook's
    Settings name no SMTP server, so every entry can run it."""
    command = (*program, "send", target, "--quiet")
    if log_file:
        command += ("--log-file", log_file)
    if credentials:
        command += ("--credentials", credentials)
    return command


def entry_name(stem: str | None) -> str:
    """``My Program (2026)`` → ``sheets-sync-my-program-2026``: safe in any file or task name."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", stem or "google").strip("-").lower()
    return f"sheets-sync-{slug or 'workbook'}"


def build_job(target: str, target_name: str, is_file: bool, every: str, program: Command,
              log_file: str | None, credentials: str | None, name: str) -> Job:
    """The job for ``target``: a sync, then a send of the messages it queued (each format runs
    the commands of a job in order, however many)."""
    commands = (sync_command(program, target, log_file, credentials),
                send_command(program, target, log_file, credentials))
    return Job(target=target, target_name=target_name, is_file=is_file, name=name,
               interval=parse_every(every), log_file=log_file, commands=commands)
