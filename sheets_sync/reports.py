"""Rows of the report tabs: Unmatched (with reasons), Follow-ups, Schedule, Problems, Dashboard."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from sheets_sync.followups import FollowUp
from sheets_sync.layout import DASHBOARD_CHART, FLAGS, PAIR_STATUSES
from sheets_sync.model import (
    DASHBOARD,
    FOLLOW_UPS,
    PROBLEMS,
    RULES,
    SCHEDULE,
    SETTINGS,
    UNMATCHED,
    Cell,
    Problem,
    is_blank,
)
from sheets_sync.pairings import PairBook
from sheets_sync.rules import Rule
from sheets_sync.schedule import Session
from sheets_sync.score_tables import first_rows
from sheets_sync.scoring import Scores

if TYPE_CHECKING:
    from sheets_sync.engine import Program


def unmatched(program: Program, scores: Scores, book: PairBook) -> list[tuple[str, str, str]]:
    """(email, name, reason) for every eligible mentee still without a live pair."""
    paired = {p.mentee for p in book.live()}
    mentor_emails = {p.email for p in program.mentors.eligible}
    cols = np.array([j for j, p in enumerate(scores.mentors) if p.email in mentor_emails],
                    dtype=np.int64)
    col_of = {scores.mentors[j].email: k for k, j in enumerate(cols.tolist())}
    barred: dict[str, list[int]] = {}  # mentee -> positions in cols of mentors barred to them
    for mentee, mentor in book.barred():
        if mentor in col_of:
            barred.setdefault(mentee, []).append(col_of[mentor])
    waiting = np.array([i for i, p in enumerate(scores.mentees[:len(program.mentees.eligible)])
                        if p.email not in paired], dtype=np.int64)
    musts = [k for k, e in enumerate(scores.evaluators) if e.rule.is_must]
    passing = [_passing_mentors(scores, k, cols)[waiting] for k in musts]
    result = []
    for start in range(0, waiting.size, BLOCK):
        rows = waiting[start:start + BLOCK]
        fits = (scores.block(rows, cols)[0] if cols.size
                else np.zeros((rows.size, 0), dtype=bool))
        for k, i in enumerate(rows.tolist()):
            rule_counts = [(scores.evaluators[e].rule, int(count[start + k]))
                           for e, count in zip(musts, passing, strict=True)]
            mentee = scores.mentees[i]
            result.append((mentee.email, mentee.name,
                           _reason(program, scores, i, rule_counts, fits[k], cols, barred)))
    return result


def _passing_mentors(scores: Scores, rule: int, cols: np.ndarray) -> np.ndarray:
    """Per mentee, how many of the mentors ``cols`` pass one Must rule. The count depends only
    on the mentee's answer (their profile for the rule), so each distinct answer is scored once."""
    profiles = scores.profiles[rule]
    if profiles.size == 0:
        return np.zeros(0, dtype=np.int64)
    count = int(profiles.max()) + 1
    standing_for = first_rows(profiles, count)
    passed = scores.evaluators[rule].cross(standing_for)[0]
    passed = np.broadcast_to(passed, (count, len(scores.mentors)))[:, cols]
    return passed.sum(axis=1)[profiles]


BLOCK = 512  # mentees scored at a time when explaining who stayed unmatched


def _reason(program: Program, scores: Scores, i: int, rule_counts: list[tuple[Rule, int]],
            fits: np.ndarray, cols: np.ndarray, barred: dict[str, list[int]]) -> str:
    if cols.size == 0:
        return "There are no approved, active mentors yet."
    nobody = [rule for rule, count in rule_counts if count == 0]
    if nobody:
        return "No mentor meets the Must rule: " + "; ".join(
            _must_words(program, scores, i, rule) for rule in nobody) + "."
    if not fits.any():
        counts = ", ".join(f"{rule.describe()} ({count} mentors)" for rule, count in rule_counts)
        return f"No single mentor meets every Must rule at once: {counts}."
    fitting = int(fits.sum())
    barred_here = np.unique(np.array(barred.get(scores.mentees[i].email, []), dtype=np.int64))
    open_fits = fitting - int(fits[barred_here].sum())
    if not open_fits:
        return (f"Every mentor who fits ({fitting}) was rejected for or already paired "
                "with this mentee.")
    who = ("the only mentor who meets the Must rules is" if open_fits == 1
           else f"all {open_fits} mentors who meet the Must rules are")
    return f"Capacity: {who} full. Raise a Capacity or recruit another mentor."


def _must_words(program: Program, scores: Scores, i: int, rule: Rule) -> str:
    words = rule.describe()
    if rule.mentee_column and rule.test != "mentee accepts":
        index = program.mentees.table.column(rule.mentee_column)
        if index is not None and is_blank(scores.mentees[i].cells[index]):
            return f"{words} (their '{rule.mentee_column}' is blank)"
    return words


def owned_rows(program: Program, scores: Scores, unmatched_rows: list[tuple[str, str, str]],
               followed: list[FollowUp], sessions: list[Session], problems: list[Problem],
               today: dt.date) -> dict[str, list[list[Cell]]]:
    """Rows of every owned tab but Pairings (kept by its PairBook) and the Sync Log."""
    names = {p.pair_id: (_text(p.cells.get("Mentee")), _text(p.cells.get("Mentor")))
             for p in program.book.pairs}
    return {
        SCHEDULE: [[s.pair_id, s.number, s.date, s.start, s.end,
                    program.settings.time_zone if s.start else "", *names.get(s.pair_id, ("", "")),
                    s.note] for s in sessions],
        FOLLOW_UPS: [[f.pair.pair_id, *names[f.pair.pair_id], f.last_check_in or "", f.next_due,
                      f.days_overdue, f.flag, f.action] for f in followed],
        UNMATCHED: [list(row) for row in unmatched_rows],
        PROBLEMS: [p.as_row() for p in _ordered(problems, program)],
        DASHBOARD: dashboard_rows(program, scores, unmatched_rows, followed, problems, today),
    }


def _text(value: Cell) -> str:
    return "" if value is None else str(value)


def _ordered(problems: list[Problem], program: Program) -> list[Problem]:
    """Problems grouped by tab in workbook order, then by row; exact repeats dropped."""
    order = [SETTINGS, RULES, program.settings.mentee_tab, program.settings.mentor_tab,
             program.settings.check_in_tab, "Pairings"]
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (order.index(p.tab) if p.tab in order else len(order),
                                         p.tab, p.row or 0, p.column))


def dashboard_rows(program: Program, scores: Scores, unmatched_rows: list, followed: list,
                   problems: list[Problem], today: dt.date) -> list[list[Cell]]:
    """The program at a glance. Values only; the flag counts feed the chart."""
    statuses = Counter(p.status for p in program.book.pairs if p.mentee and p.mentor)
    live_scores = [p.cells["Score"] for p in program.book.live()
                   if isinstance(p.cells.get("Score"), int | float)]
    flags = Counter(f.flag for f in followed)
    rows: list[list[Cell]] = [
        ["Program", program.settings.program],
        ["As of", today],
        ["Approved mentees", len(program.mentees.eligible)],
        ["Approved mentors", len(program.mentors.eligible)],
        ["Mentor places", sum(p.capacity for p in program.mentors.eligible)],
        *[[f"Pairs {status}", statuses.get(status, 0)] for status in PAIR_STATUSES
          if status != "Rematch"],
        ["Mentees unmatched", len(unmatched_rows)],
        ["Average score of current pairs",
         round(sum(live_scores) / len(live_scores), 1) if live_scores else ""],
        ["Problems to fix", len(set(problems))],
        ["Follow-ups by flag", ""],
        *[[flag, flags.get(flag, 0)] for flag in FLAGS],
    ]
    chart = DASHBOARD_CHART
    assert (len(rows) + 1, chart.last_row - chart.first_row + 1) == (chart.last_row, len(FLAGS))
    return rows
