"""Rows of the owned tabs built from a sync's decisions: Schedule, Follow-ups, Unmatched,
Problems and Dashboard (Pairings is kept by its PairBook, the Sync Log by the app)."""

from __future__ import annotations

import datetime as dt

from sheets_sync.model import (
    DASHBOARD,
    FOLLOW_UPS,
    PAIRINGS,
    PROBLEMS,
    RULES,
    SCHEDULE,
    SETTINGS,
    UNMATCHED,
    Cell,
    Problem,
)
from sheets_sync.outputs.dashboard import dashboard_rows
from sheets_sync.outputs.unmatched import Waiting
from sheets_sync.plans.followups import FollowUp, name
from sheets_sync.plans.schedule import Session
from sheets_sync.program import Program
from sheets_sync.words.problems import Blocker


def owned_rows(program: Program, waiting: list[Waiting], followed: list[FollowUp],
               sessions: list[Session], problems: list[Problem], today: dt.date
               ) -> dict[str, list[list[Cell]]]:
    zone = program.settings.time_zone
    return {
        SCHEDULE: [[s.pair_id, s.number, s.date, s.start, s.end, zone if s.start else "",
                    s.mentee, s.mentor, s.note] for s in sessions],
        FOLLOW_UPS: [[f.pair.pair_id, name(f.pair, "Mentee"), name(f.pair, "Mentor"), f.contact,
                      f.last_check_in,
                      f.next_due, f.days_overdue if f.next_due else None, f.flag, f.action]
                     for f in followed],
        UNMATCHED: [w.row(today) for w in waiting],
        PROBLEMS: problem_rows(problems, program.settings.mentee_tab,
                               program.settings.mentor_tab, program.settings.check_in_tab),
        DASHBOARD: dashboard_rows(program, waiting, followed, problems, today),
    }


def problem_rows(problems: list[Problem], mentee_tab: str = "", mentor_tab: str = "",
                 check_in_tab: str = "") -> list[list[Cell]]:
    return [p.as_row() for p in ranked_problems(problems, mentee_tab, mentor_tab, check_in_tab)]


def ranked_problems(problems: list[Problem], mentee_tab: str = "", mentor_tab: str = "",
                    check_in_tab: str = "") -> list[Problem]:
    """Problems that stop the sync first, then by tab in workbook order and by row; exact
    repeats dropped."""
    order = [SETTINGS, RULES, mentee_tab, mentor_tab, check_in_tab, PAIRINGS]
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (not isinstance(p, Blocker),
                                         order.index(p.tab) if p.tab in order else len(order),
                                         p.tab, p.row or 0, p.column))
