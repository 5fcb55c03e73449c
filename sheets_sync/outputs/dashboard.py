"""The Dashboard tab: the program as it stands today, in a coordinator's words. Values only;
the follow-up flag counts, the last rows, feed its chart."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sheets_sync.inputs.roster import NOT_YET
from sheets_sync.model import Cell, Problem
from sheets_sync.outputs.layout import DASHBOARD_ROWS, FLAGS
from sheets_sync.outputs.unmatched import Waiting
from sheets_sync.plans.followups import FollowUp
from sheets_sync.program import Program
from sheets_sync.words import dashboard as say

RECENT_DAYS = 7


def dashboard_rows(program: Program, waiting: list[Waiting], followed: list[FollowUp],
                   problems: list[Problem], today: dt.date) -> list[list[Cell]]:
    """The measures, then the flag counts the chart is drawn over (``DASHBOARD_CHART``)."""
    book = program.book
    statuses = Counter(p.status for p in book.pairs if p.mentee and p.mentor)
    flags = Counter(f.flag for f in followed)
    load = Counter(p.mentor for p in book.live())
    free = sum(max(0, m.capacity - load[m.email]) for m in program.mentors.eligible)
    week_ago = today - dt.timedelta(days=RECENT_DAYS - 1)
    recent = sum(1 for p in book.pairs if p.mentee and p.mentor and p.matched_on
                 and p.matched_on >= week_ago)
    longest = max(((today - w.since).days for w in waiting), default=0)
    rows: list[list[Cell]] = [
        [say.PROGRAM, program.settings.program],
        [say.AS_OF, today],
        [say.NEEDS_YOU, say.needs_you(flags, statuses.get("Proposed", 0), len(set(problems)))],
        [say.ACTIVE, statuses.get("Active", 0)],
        [say.PROPOSED, statuses.get("Proposed", 0)],
        [say.NEW, recent],
        [say.PAUSED, statuses.get("Paused", 0)],
        [say.ENDED, statuses.get("Ended", 0)],
        [say.WAITING, len(waiting)],
        [say.LONGEST_WAIT, longest if waiting else ""],
        [say.FIRST_IN_LINE, sum(1 for w in waiting if w.first_claim)],
        [say.MENTEES_IN_REVIEW, program.mentees.count(NOT_YET)],
        [say.MENTORS_READY, len(program.mentors.eligible)],
        [say.MENTORS_IN_REVIEW, program.mentors.count(NOT_YET)],
        [say.FREE_PLACES, free],
        [say.PROBLEMS, len(set(problems))],
        [say.FLAGS_HEADING, ""],
    ]
    assert len(rows) == DASHBOARD_ROWS, "the chart is laid out over fixed rows"
    return rows + [[flag, flags.get(flag, 0)] for flag in FLAGS]
