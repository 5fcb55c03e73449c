"""`sheets-sync send`: mail the Outbox's unsent rows, each at most once.

The order of a send, under the workbook's lock (so no sync or other send of this workbook runs
meanwhile on this computer):

1. settle what an earlier, stopped send left: rows this computer's journal knows were handed
   to the mail server get their Sent At; its own claims on rows never handed over are lifted;
2. for each batch of rows: write a claim into their Error cells (so that another computer's
   send leaves them alone), then send them one by one, the journal's line written just before
   the moment each message becomes the server's (and flushed to disk just after);
3. write each row's Sent At, or Error in words.

A kill at any moment leaves either nothing delivered for a row (it is sent next time) or a
journal line saying it was handed over (it is marked sent next time, never sent again).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sheets_sync import programs
from sheets_sync.backends import Backend, open_backend
from sheets_sync.errors import NothingSent, WorkbookAccessError, WorkbookChanged
from sheets_sync.inputs import zones
from sheets_sync.inputs.mail import Server
from sheets_sync.inputs.settings import Settings, local_today, read_settings
from sheets_sync.messages.calendar import PairSessions, ics, pair_sessions
from sheets_sync.messages.compose import Mail, Row, Unsendable, compose, sender_address
from sheets_sync.messages.journal import COMMITTING, FAILED, SENT, Journal, journal_path
from sheets_sync.messages.kinds import INTRODUCTION
from sheets_sync.messages.ledger import Change, Ledger, ledger, outbox_rows, updated_outbox
from sheets_sync.messages.setup import Setup, sending_setup
from sheets_sync.model import OUTBOX, SETTINGS, Snapshot
from sheets_sync.ops.lock import exclusive
from sheets_sync.words import sending as say

if TYPE_CHECKING:  # smtplib and ssl load when mail is sent, not with every command (~10 ms)
    from sheets_sync.messages import smtp

BATCH = 20  # rows claimed at a time: at most this many are held if this computer is lost
WRITE_ATTEMPTS = 3
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Preview:
    """One message as it would go (--dry-run), or why it can't."""

    row: Row
    mail: Mail | None
    error: str = ""


@dataclass
class SendReport:
    target: str
    dry_run: bool = False
    configured: bool = True
    sent: int = 0
    failed: int = 0
    settled: int = 0  # rows a stopped send had sent, recorded now
    waiting: int = 0  # left for a later send (claimed elsewhere, held, or not configured)
    out_of_date: int = 0  # due too long ago to be sent
    previews: list[Preview] = field(default_factory=list)
    first_error: str = ""

    def count(self, change: tuple[object, str]) -> None:
        if change[0] is not None:
            self.sent += 1
        else:
            self.failed += 1
            self.first_error = self.first_error or change[1]

    def log_details(self) -> dict[str, object]:
        outcome = ("dry-run" if self.dry_run else "not-set-up" if not self.configured
                   else "sent" if self.sent else "nothing-sent")
        return {"outcome": outcome, "sent": self.sent, "failed": self.failed,
                "settled": self.settled, "waiting": self.waiting}


def send_outbox(target: str, dry_run: bool = False, credentials: str | None = None,
                clock: Clock = utc_now, keep_backups: int = 5) -> SendReport:
    """Send the Outbox's due rows (or, on a dry run, show them and touch nothing)."""
    backend = open_backend(target, credentials, keep_backups)
    if dry_run:
        return _preview(backend, target, clock)
    with exclusive(target):
        snapshot = backend.read()
        settings, setup = _settings(snapshot, clock)
        journal = _open_journal(target)
        try:
            return _send(backend, snapshot, settings, setup, journal, clock)
        finally:
            journal.close()


def _open_journal(target: str) -> Journal:
    path = journal_path(target)
    try:
        return Journal(path).open()
    except OSError as error:
        raise WorkbookAccessError(
            f"Could not write the send journal {path} ({error.strerror}); nothing was sent.",
            fix="Check that the folder holding the workbook can be written to.") from None


def _settings(snapshot: Snapshot, clock: Clock) -> tuple[Settings, Setup | None]:
    settings, _problems = read_settings(snapshot, clock().date(), programs.template_settings)
    return settings, sending_setup(settings, snapshot.get(SETTINGS), os.environ)


def _local(settings: Settings, clock: Clock) -> tuple[dt.datetime, dt.date]:
    """The program's wall-clock time now (as Sent At shows it) and its date."""
    now = clock()
    zone = zones.zone_info(settings.time_zone) or dt.timezone(
        dt.timedelta(hours=settings.utc_offset))
    return (now.astimezone(zone).replace(tzinfo=None, microsecond=0),
            local_today(settings.time_zone, now))


def _send(backend: Backend, snapshot: Snapshot, settings: Settings, setup: Setup | None,
          journal: Journal, clock: Clock) -> SendReport:
    report = SendReport(backend.target, configured=setup is not None)
    now, today = _local(settings, clock)
    book = ledger(outbox_rows(snapshot.get(OUTBOX)), journal, now, today)
    done: dict[str, Change] = {**book.settle, **book.stale}
    report.settled = sum(1 for sent_at, _e in book.settle.values() if sent_at is not None)
    report.waiting, report.out_of_date = book.busy + book.held, len(book.stale)
    if setup is None:
        report.waiting += len(book.pending)
    elif book.pending:
        _send_batches(backend, snapshot, book, setup, settings, journal, clock, done, report)
        _record(backend, done, None)  # the workbook was written: read it afresh
    else:
        _record(backend, done, snapshot)
    if report.failed and not report.sent:
        raise NothingSent(say.nothing_sent(report.failed, report.first_error))
    return report


def _send_batches(backend: Backend, snapshot: Snapshot, book: Ledger, setup: Setup,
                  settings: Settings, journal: Journal, clock: Clock,
                  done: dict[str, Change], report: SendReport) -> None:
    """Claim a batch of rows in the workbook, send them, and on to the next; each row's
    outcome goes into ``done`` (written with the next claim, and at the end)."""
    from sheets_sync.messages import smtp

    sessions = pair_sessions(snapshot)
    unreachable = ""
    fresh: Snapshot | None = snapshot  # the first write needs no new read
    with smtp.Session(setup.server, setup.user, setup.password) as session:
        for start in range(0, len(book.pending), BATCH):
            batch = book.pending[start:start + BATCH]
            claim = say.claim(journal.token, _local(settings, clock)[0])
            _record(backend, {**done, **{r.message_id: (None, claim) for r in batch}}, fresh)
            fresh = None
            for row in batch:
                change: Change = (None, unreachable)
                if not unreachable:  # once no session can be had, the rest wait for next time
                    try:
                        change = _deliver(row, _mail(row, setup, settings, sessions, clock),
                                          session, journal, settings, clock)
                    except smtp.Unreachable as error:
                        unreachable = str(error)
                        change = (None, unreachable)
                done[row.message_id] = change
                report.count(change)


def _mail(row: Row, setup: Setup, settings: Settings, sessions: dict[str, PairSessions],
          clock: Clock) -> Mail | str:
    attachment = None
    pair = sessions.get(row.pair_id)
    if row.kind.casefold() == INTRODUCTION.name.casefold() and pair and pair.sessions:
        attachment = ics(pair, settings.time_zone, settings.utc_offset, clock())
    try:
        return compose(row, setup.sender, settings.coordinator_email, attachment, clock())
    except Unsendable as error:
        return str(error)


def _deliver(row: Row, mail: Mail | str, session: smtp.Session, journal: Journal,
             settings: Settings, clock: Clock) -> Change:
    """One row's outcome: (Sent At, "") once handed over, else (None, why). Raises
    smtp.Unreachable when no session can be had."""
    from sheets_sync.messages import smtp

    if isinstance(mail, str):
        return None, mail

    at = _local(settings, clock)[0]

    def commit() -> None:  # nothing slow between this line and the one that sends the message
        journal.record(row.message_id, COMMITTING, at, durable=False)

    try:
        session.deliver(mail.message, mail.sender, mail.recipients, commit, journal.flush)
    except smtp.Unconfirmed as error:
        return journal.entries[row.message_id].at, str(error)
    except smtp.Refused as error:
        if row.message_id in journal.entries and \
                journal.entries[row.message_id].state == COMMITTING:
            journal.record(row.message_id, FAILED, _local(settings, clock)[0], str(error))
        return None, str(error)
    except smtp.Broken as error:
        return None, str(error)
    at = _local(settings, clock)[0]
    journal.record(row.message_id, SENT, at)
    return at, ""


def _record(backend: Backend, changes: dict[str, Change], snapshot: Snapshot | None = None
            ) -> None:
    """Write these Sent At / Error cells into the Outbox, reading it afresh (a coordinator may
    have saved the workbook meanwhile); nothing when they are there already."""
    if not changes:
        return
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        current = snapshot if snapshot is not None and attempt == 1 else backend.read()
        sheet = updated_outbox(current.get(OUTBOX), changes)
        if sheet is None:
            return
        try:
            backend.write([sheet])
            return
        except WorkbookChanged:
            if attempt == WRITE_ATTEMPTS:
                raise


def _preview(backend: Backend, target: str, clock: Clock) -> SendReport:
    """What a send would do now, from this computer: every message it would try, composed
    exactly as it would go. Nothing is written, locked or sent."""
    snapshot = backend.read()
    settings, setup = _settings(snapshot, clock)
    now, today = _local(settings, clock)
    book: Ledger = ledger(outbox_rows(snapshot.get(OUTBOX)), Journal(journal_path(target)),
                          now, today)
    report = SendReport(target, dry_run=True, configured=setup is not None,
                        settled=len(book.settle), waiting=book.busy + book.held,
                        out_of_date=len(book.stale))
    sessions = pair_sessions(snapshot)
    preview_setup = setup or Setup(Server("", 0, False), "", "", sender_address(
        settings.send_from, settings.coordinator_email or "coordinator@example.org",
        settings.coordinator_name))
    for row in book.pending:
        mail = _mail(row, preview_setup, settings, sessions, clock)
        report.previews.append(Preview(row, None, mail) if isinstance(mail, str)
                               else Preview(row, mail))
    return report
