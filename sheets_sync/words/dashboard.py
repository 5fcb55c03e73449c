"""The Dashboard's measures, named as a coordinator would ask about them."""

from __future__ import annotations

from collections.abc import Mapping

PROGRAM = "Program"
AS_OF = "As of"
NEEDS_YOU = "Needs you now"
ACTIVE = "Pairs meeting (Active)"
PROPOSED = "Pairs waiting for your approval (Proposed)"
NEW = "Pairs made in the last 7 days"
PAUSED = "Pairs paused"
ENDED = "Pairs ended"
WAITING = "Mentees waiting for a mentor"
LONGEST_WAIT = "Longest wait so far (days)"
FIRST_IN_LINE = "Of them, first in line after a pair ended"
MENTEES_IN_REVIEW = "Mentees not yet approved (Pending, Waitlist ...)"
MENTORS_READY = "Mentors approved"
MENTORS_IN_REVIEW = "Mentors not yet approved"
FREE_PLACES = "Free places with approved mentors"
PROBLEMS = "Problems to fix (see the Problems tab)"
FLAGS_HEADING = "Follow-ups by flag"


def needs_you(flags: Mapping[str, int], proposed: int, problems: int) -> str:
    """The few numbers that ask for the coordinator today, in one line."""
    counts = [(flags.get("Concern raised", 0), "concern to read", "concerns to read"),
              (flags.get("Escalate", 0), "pair to call", "pairs to call"),
              (flags.get("Overdue", 0), "late check-in", "late check-ins"),
              (proposed, "pair to approve", "pairs to approve"),
              (problems, "problem to fix", "problems to fix")]
    parts = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    return ", ".join(parts) if parts else "Nothing: every pair is on track."
