"""The Outbox as `send` sees it: each row's state from its Sent At and Error cells and this
computer's journal, and the Outbox tab with new Sent At / Error cells to write back.

A row is sent once Sent At holds a time. Otherwise its Error says where it stands: blank or a
failure (it is sent at the next send), a claim by a send that is running or was stopped
("Sending now"), or held ("Not sent again": it may have gone out, only the coordinator can
tell). The journal settles this computer's own claims exactly; a claim nobody here can settle
becomes held, never sent again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sheets_sync.inputs import values
from sheets_sync.messages.compose import Row
from sheets_sync.messages.journal import COMMITTING, Journal
from sheets_sync.messages.outbox import COLUMNS, standard_rows
from sheets_sync.model import OUTBOX, Cell, Sheet, Table, compare_key, is_blank
from sheets_sync.outputs.diff import with_coordinator_columns
from sheets_sync.words import sending as say

CLAIM_AGE = dt.timedelta(hours=1)  # a claim younger than this may belong to a running send
TOO_OLD = 7  # days: a message due longer ago than this is out of date, and not sent
_CLAIMED = re.compile(rf"^{say.CLAIM} \(send ([0-9a-f]+), started (\d{{4}}-\d\d-\d\d \d\d:\d\d)\)")
SENT_AT, ERROR = COLUMNS.index("Sent At"), COLUMNS.index("Error")

Change = tuple[Cell, str]  # new Sent At, new Error


def outbox_rows(table: Table | None) -> list[Row]:
    """Every row that holds a message, with its sheet row number."""
    rows = []
    for offset, cells in enumerate(standard_rows(table)):
        text = [values.cell_text(c) for c in cells]
        if not text[0]:
            continue
        rows.append(Row(offset + 2, text[0], text[1], text[2], text[3], text[4], text[5],
                        str(cells[6] or "").strip(), values.parse_date(cells[7]),
                        cells[SENT_AT], text[ERROR]))
    return rows


@dataclass
class Ledger:
    """What this send must settle first, and which rows it may send."""

    settle: dict[str, Change]
    pending: list[Row]
    stale: dict[str, Change]
    busy: int  # claimed by a send that may still be running elsewhere
    held: int


def ledger(rows: list[Row], journal: Journal, now: dt.datetime, today: dt.date) -> Ledger:
    """``now`` is the program's local time (naive), as Sent At shows it."""
    settle: dict[str, Change] = {}
    pending: list[Row] = []
    stale: dict[str, Change] = {}
    busy = held = 0
    seen: set[str] = set()
    for row in rows:
        if row.message_id.casefold() in seen:
            continue  # a repeated ID is one message: only its first row is sent
        seen.add(row.message_id.casefold())
        if not is_blank(row.sent_at):
            continue
        entry = journal.delivered(row.message_id)
        if entry is not None:
            words = say.unconfirmed_after_stop() if entry.state == COMMITTING else ""
            settle[row.message_id] = (entry.at, words)
            continue
        claim = _CLAIMED.match(row.error)
        if claim and claim.group(1) != journal.token:
            started = dt.datetime.strptime(claim.group(2), "%Y-%m-%d %H:%M")
            if now - started < CLAIM_AGE:
                busy += 1
            else:
                settle[row.message_id] = (None, say.held(claim.group(2)))
                held += 1
            continue
        if row.error.startswith(say.HELD):
            held += 1
            continue
        if row.due_on is not None and (today - row.due_on).days > TOO_OLD:
            words = say.too_old(row.due_on, TOO_OLD)
            if row.error != words:
                stale[row.message_id] = (None, words)
            continue
        if claim:  # our own claim, and the journal says it was never handed over
            settle[row.message_id] = (None, "")
        pending.append(row)
    return Ledger(settle, pending, stale, busy, held)


def updated_outbox(table: Table | None, changes: dict[str, Change]) -> Sheet | None:
    """The Outbox tab with these Sent At / Error cells, or None when they are there already.
    A row that shows Sent At is never changed again."""
    rows = standard_rows(table)
    changed = False
    for row in rows:
        change = changes.get(values.cell_text(row[0]))
        if change is None or not is_blank(row[SENT_AT]):
            continue
        sent_at, error = change
        if compare_key(row[SENT_AT]) != compare_key(sent_at) or \
                values.cell_text(row[ERROR]) != error:
            row[SENT_AT], row[ERROR] = sent_at, error or None
            changed = True
    return with_coordinator_columns(OUTBOX, rows, table) if changed else None
