"""The commands as library calls: read a workbook, run the engine, write what changed."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sheets_sync import engine, programs
from sheets_sync.backends import Backend, open_backend
from sheets_sync.errors import UnusableWorkbook, UsageError, WorkbookChanged
from sheets_sync.inputs import guards, zones
from sheets_sync.inputs.settings import local_today, read_settings
from sheets_sync.messages.calendar import write_calendars
from sheets_sync.model import (
    PROBLEMS,
    SYNC_LOG,
    Cell,
    Problem,
    Sheet,
    Snapshot,
    normalise_header,
)
from sheets_sync.ops.collector import patient_collector
from sheets_sync.ops.lock import exclusive
from sheets_sync.outputs.diff import TabChange, diff, with_coordinator_columns
from sheets_sync.outputs.explain import Explanation, explain
from sheets_sync.outputs.layout import owned_sheet
from sheets_sync.outputs.rows import problem_rows, ranked_problems
from sheets_sync.programs import PROGRAMS
from sheets_sync.words.problems import stopped_log

if TYPE_CHECKING:
    from sheets_sync.reports.html import Page


@dataclass
class SyncReport:
    target: str
    today: dt.date
    outcome: engine.Outcome
    written: bool
    dry_run: bool
    seconds: float

    def log_details(self) -> dict[str, Any]:
        """Counts for the run log (the outcome word first)."""
        summary = self.summary()
        outcome = "dry-run" if self.dry_run else "written" if self.written else "unchanged"
        flags = ",".join(f"{k}:{v}" for k, v in summary["follow_ups"].items())
        return {"outcome": outcome, "today": summary["today"], "new_pairs": summary["new_pairs"],
                "unmatched": summary["unmatched"], "problems": summary["problems"],
                "follow_ups": flags or "none"}

    def summary(self) -> dict[str, Any]:
        """The run in one JSON-ready dict (no cell values, so nothing private)."""
        outcome = self.outcome
        statuses = Counter(p.status for p in outcome.program.book.pairs if p.mentee and p.mentor)
        return {
            "target": self.target,
            "stopped": False,  # True, with "exit_code" and "error", when the sync stopped
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "changed": outcome.changed,
            "written": self.written,
            "tabs": {name: vars(change) for name, change in outcome.changes.items()},
            "new_pairs": len(outcome.new_pairs),
            "new_pair_list": [{"pair_id": p.pair_id, "mentee": p.cells.get("Mentee"),
                               "mentor": p.cells.get("Mentor"), "status": p.status}
                              for p in outcome.new_pairs],
            "pairs_by_status": dict(sorted(statuses.items())),
            "unmatched": len(outcome.unmatched),
            "follow_ups": dict(Counter(f.flag for f in outcome.follow_ups)),
            "sessions": len(outcome.sessions),
            "messages_queued": len(outcome.queued),
            "problems": len(set(outcome.problems)),  # as the Problems tab: repeats once
            "seconds": round(self.seconds, 3),
        }


SYNC_ATTEMPTS = 3  # a workbook edited during the sync is read again and synced afresh
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sync_workbook(target: str, today: dt.date | None = None, dry_run: bool = False,
                  clock: Clock = utc_now, credentials: str | None = None,
                  keep_backups: int = 5, lap: Callable[[str], None] | None = None
                  ) -> SyncReport:
    """One sync: nothing is written when nothing changed, or on a dry run.

    ``today`` defaults to the program's own date (Settings' time zone) at ``clock()``. A
    backend that finds the workbook changed since it was read writes nothing and raises
    WorkbookChanged; the sync then starts over from a fresh read, a few times at most. A
    workbook whose rules can't be used raises UnusableWorkbook after writing its errors at the
    top of the Problems tab and a line in the Sync Log. ``lap(stage)`` is called as each stage
    ends: read, scoring, matching, follow-ups, write.
    """
    lap = lap or (lambda _stage: None)
    started = time.perf_counter()
    backend = open_backend(target, credentials, keep_backups)
    with nullcontext() if dry_run else exclusive(target), patient_collector():
        for attempt in range(1, SYNC_ATTEMPTS + 1):
            try:
                day, outcome, written = _sync_once(backend, today, dry_run, clock, started, lap)
                break
            except WorkbookChanged:
                if attempt == SYNC_ATTEMPTS:
                    raise
    return SyncReport(target, day, outcome, written, dry_run, time.perf_counter() - started)


def _sync_once(backend: Backend, today: dt.date | None, dry_run: bool, clock: Clock,
               started: float, lap: Callable[[str], None]
               ) -> tuple[dt.date, engine.Outcome, bool]:
    snapshot = backend.read()
    lap("read")
    now = clock()
    day = today or program_today(snapshot, now)
    try:
        outcome = engine.sync(snapshot, day, lap)
    except UnusableWorkbook as error:
        if not dry_run:
            _record_stop(backend, snapshot, error, day, now, time.perf_counter() - started)
        raise
    written = False
    if outcome.changed and not dry_run:
        seconds = time.perf_counter() - started
        log = sync_log_sheet(snapshot, _changes_text(outcome.changes), day, now, seconds)
        backend.write([*outcome.changed_sheets(), log])
        written = True
    lap("write")
    return day, outcome, written


def program_today(snapshot: Snapshot, now: dt.datetime) -> dt.date:
    """The program's date at ``now``: its Settings' time zone, not the machine's."""
    settings, _problems = read_settings(snapshot, now.date())
    return local_today(settings.time_zone, _aware(now))


def _aware(now: dt.datetime) -> dt.datetime:
    return now if now.tzinfo else now.astimezone()


def _record_stop(backend: Backend, snapshot: Snapshot, error: UnusableWorkbook, today: dt.date,
                 now: dt.datetime, seconds: float) -> None:
    """Write the blocking errors at the top of Problems and a line in the Sync Log, so that a
    coordinator who only opens the workbook sees that syncs stopped. The same stop seen again
    writes nothing."""
    rows = problem_rows([*error.problems, *error.others])
    problems = with_coordinator_columns(PROBLEMS, rows, snapshot.get(PROBLEMS))
    changed = diff(PROBLEMS, snapshot.get(PROBLEMS), problems.table).any
    message = stopped_log(len(error.problems))
    if not changed and _last_logged(snapshot) == message:
        return
    # A tab holding cells typed under no header is what the sync stopped for: never rewritten.
    at_risk = {normalise_header(p.tab) for p in guards.typed_without_header(snapshot)}
    sheets = [sheet for sheet, wanted in
              ((problems, changed), (sync_log_sheet(snapshot, message, today, now, seconds), True))
              if wanted and normalise_header(sheet.name) not in at_risk]
    if sheets:
        backend.write(sheets)


def _last_logged(snapshot: Snapshot) -> str:
    old = snapshot.get(SYNC_LOG)
    at = old.column("Changes") if old else None
    if old is None or at is None or not old.rows:
        return ""
    return str(old.rows[-1][at] or "")


def _changes_text(changes: dict[str, TabChange]) -> str:
    return "; ".join(f"{name}: {change.describe()}" for name, change in changes.items()
                     if change.any)


def sync_log_sheet(snapshot: Snapshot, what: str, today: dt.date, when: dt.datetime,
                   seconds: float) -> Sheet:
    """The Sync Log with one more row: when (a date-time on the program's clock), what
    changed, how long. Rows already there are kept as they are, older text ones included."""
    old = snapshot.get(SYNC_LOG)
    local = when
    if when.tzinfo is not None:
        settings, _problems = read_settings(snapshot, today)
        zone = zones.zone_info(settings.time_zone)
        local = when.astimezone(zone or dt.timezone(dt.timedelta(hours=settings.utc_offset)))
    # Wall time to the second: a spreadsheet cell has no time zone, and its format shows seconds.
    stamp = local.replace(tzinfo=None, microsecond=0)
    row: list[Cell] = [stamp, today, what, round(seconds, 2)]
    if old is None:
        return owned_sheet(SYNC_LOG, [row])
    sheet = with_coordinator_columns(SYNC_LOG, [r[:4] for r in old.rows], old)
    width = len(sheet.table.header)
    sheet.table.rows.append(row + [None] * (width - len(row)))
    return sheet


@dataclass
class CheckReport:
    target: str
    rules: int
    mentees: int
    mentors: int
    problems: list[Problem] = field(default_factory=list)


def check_workbook(target: str, today: dt.date | None = None, credentials: str | None = None,
                   clock: Clock = utc_now) -> CheckReport:
    """Validate settings, rules, columns and data; write nothing. The problems are exactly
    those a sync would write to the Problems tab, in its order: both come from one
    engine.sync (some need its decisions, e.g. a check-in naming a pair it matches)."""
    snapshot = open_backend(target, credentials).read()
    outcome = engine.sync(snapshot, today or program_today(snapshot, clock()))
    program, settings = outcome.program, outcome.program.settings
    problems = ranked_problems(outcome.problems, settings.mentee_tab, settings.mentor_tab,
                               settings.check_in_tab)
    return CheckReport(target, len(program.rules), len(program.mentees.eligible),
                       len(program.mentors.eligible), problems)


def new_workbook(target: str, program: str, sample: int = 0, today: dt.date | None = None,
                 credentials: str | None = None) -> list[Sheet]:
    """Lay out a new program workbook (optionally with sample people) at TARGET."""
    if sample < 0:
        raise UsageError("--sample can't be negative.", fix="Give a number such as 80.")
    sheets = programs.build_workbook(program, sample=sample, today=today)
    open_backend(target, credentials).create(sheets)
    return sheets


def explain_person(target: str, email: str, today: dt.date | None = None, limit: int = 8,
                   credentials: str | None = None, clock: Clock = utc_now) -> Explanation:
    """Why EMAIL has their pair, or none."""
    snapshot = open_backend(target, credentials).read()
    outcome = engine.sync(snapshot, today or program_today(snapshot, clock()))
    return explain(outcome.program, outcome.scores, outcome.unmatched, email, limit)


def report_workbook(target: str, out: str, year: int | None = None,
                    today: dt.date | None = None, credentials: str | None = None,
                    clock: Clock = utc_now) -> Page:
    """Write the printable report of one program year (the year under way by default) to
    ``out``, an .html file; the workbook is only read."""
    from sheets_sync.reports.html import report_page  # matplotlib: only here

    snapshot = open_backend(target, credentials).read()
    outcome = engine.sync(snapshot, today or program_today(snapshot, clock()))
    settings = outcome.program.settings
    kind = PROGRAMS.get(settings.program)
    program = kind.title if kind is not None else settings.program
    assert outcome.report is not None
    page = report_page(outcome.report, snapshot.title or program, program, year)
    try:
        Path(out).write_text(page.html, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"Could not write {out}: {error.strerror or error}.",
                         fix="Choose a folder you can write to, e.g. --out report.html.") from None
    return page


def calendar_files(target: str, out: str, credentials: str | None = None,
                   clock: Clock = utc_now) -> list[Path]:
    """Each Active pair's planned sessions as an .ics file in ``out``."""
    snapshot = open_backend(target, credentials).read()
    now = clock()
    settings, _problems = read_settings(snapshot, now.date(), programs.template_settings)
    return write_calendars(snapshot, Path(out), settings.time_zone, settings.utc_offset, now)
