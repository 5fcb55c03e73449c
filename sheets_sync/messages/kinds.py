"""The kinds of message, who each goes to by default, and the placeholders a template may use.

Every kind is sent once per pair and occasion: the occasion is part of its Message ID, so a
sync that sees the same occasion again finds the ID already in the Outbox and adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # as the Messages and Outbox tabs write it
    slug: str  # in Message IDs
    send_to: str  # the default Send to
    when: str  # for the coordinator: when it becomes due


INTRODUCTION = Kind("Introduction", "introduction", "Mentee, Mentor, cc Coordinator",
                    "A pair turns Active (within a week, before they have met). Carries the "
                    "planned sessions as a calendar file.")
FIRST_MEETING = Kind("First meeting nudge", "first-meeting", "Mentee, Mentor",
                     "The first meeting is due within 'Due soon within' days and no check-in "
                     "has arrived.")
REMINDER = Kind("Check-in reminder", "reminder", "Mentee, Mentor",
                "A pair's next check-in is Due soon.")
OVERDUE = Kind("Overdue reminder", "overdue", "Mentee, Mentor",
               "A pair's check-in is overdue: once for each missed due date.")
ESCALATION = Kind("Escalation", "escalation", "Coordinator",
                  "A pair is flagged Escalate, or a check-in raised a concern: to you only.")
CLOSING = Kind("Closing thank-you", "closing", "Mentee, Mentor",
               "A pair that had been Active is Ended and its Closure Reason picked (not for a "
               "safety or conduct concern), within 30 days.")
KINDS = (INTRODUCTION, FIRST_MEETING, REMINDER, OVERDUE, ESCALATION, CLOSING)
BY_NAME = {kind.name.casefold(): kind for kind in KINDS}

ROLES = ("Mentee", "Mentor", "Coordinator")

# Placeholders every template may use (any roster column that is not private works too).
PLACEHOLDERS = ("Mentee", "Mentor", "Coordinator name", "Coordinator email", "Next session",
                "Check-in link", "Survey link", "Pair ID", "Due date", "Days overdue", "Reason")
# The setting each placeholder needs, by its Settings label.
NEEDS_SETTING = {"check-in link": "Check-in form link", "survey link": "Survey link",
                 "coordinator name": "Coordinator name"}


def message_id(pair_id: str, kind: Kind, occasion: str) -> str:
    """``P-0007-overdue-2026-12-14``: one pair, one kind, one occasion."""
    return f"{pair_id}-{kind.slug}-{occasion}"
