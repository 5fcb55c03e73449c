"""Messages: the Outbox a sync fills from its decisions, and `send`, which mails it.

The queueing half is pure (it runs inside ``engine.sync``); sending, the journal and the SMTP
session live in ``send``, ``journal`` and ``smtp``; ``calendar`` makes the .ics files.
"""

from __future__ import annotations

import datetime as dt

from sheets_sync.inputs.checkins import CheckIns
from sheets_sync.messages.due import due_messages
from sheets_sync.messages.outbox import Context, Queued, next_sessions, queue, standard_rows
from sheets_sync.messages.templates import read_templates
from sheets_sync.model import MESSAGES, OUTBOX, Snapshot
from sheets_sync.plans.followups import FollowUp
from sheets_sync.plans.schedule import Session
from sheets_sync.program import Program


def queue_messages(program: Program, snapshot: Snapshot, followed: list[FollowUp],
                   check_ins: CheckIns, sessions: list[Session], today: dt.date) -> Queued:
    """The Outbox after this sync: its rows as read, plus the messages due today. Nothing is
    queued until Settings has a Coordinator email (messages are then on)."""
    old = snapshot.get(OUTBOX)
    settings = program.settings
    if not settings.coordinator_email:
        return Queued(standard_rows(old))
    templates, problems = read_templates(snapshot.get(MESSAGES), settings, program.mentees,
                                         program.mentors)
    due = due_messages(program.book.pairs, followed, check_ins, settings, today)
    context = Context(settings, next_sessions(sessions), program.mentees.everyone,
                      program.mentors.everyone)
    queued = queue(old, due, templates, context, today)
    queued.problems = problems
    return queued


__all__ = ["Queued", "queue_messages"]
