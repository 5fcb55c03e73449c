"""One sync, as a pure function of the workbook's tables and the day: no files, no clock."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from sheets_sync import programs
from sheets_sync.errors import UnusableWorkbook
from sheets_sync.inputs import guards
from sheets_sync.inputs.checkins import read_check_ins
from sheets_sync.inputs.pairings import Pair, PairBook, read_pairings
from sheets_sync.inputs.roster import Roster, read_roster
from sheets_sync.inputs.rules import read_rules
from sheets_sync.inputs.settings import Settings, read_settings
from sheets_sync.matching.problem import matching_problem
from sheets_sync.matching.solve import solve
from sheets_sync.messages import queue_messages
from sheets_sync.model import (
    OUTBOX,
    OWNED_TABS,
    PAIRINGS,
    REPORTS,
    RULES,
    SCHEDULE,
    UNMATCHED,
    Cell,
    Problem,
    Sheet,
    Snapshot,
    Table,
    normalise_header,
)
from sheets_sync.outputs.diff import TabChange, diff, with_coordinator_columns
from sheets_sync.outputs.layout import owned_sheet
from sheets_sync.outputs.rows import owned_rows
from sheets_sync.outputs.unmatched import Waiting, unmatched
from sheets_sync.plans.followups import FollowUp, follow_ups
from sheets_sync.plans.schedule import Session, plan_sessions
from sheets_sync.program import Program
from sheets_sync.reports.figures import Report, program_report
from sheets_sync.reports.tab import reports_sheet
from sheets_sync.scoring.scores import Scores, score_pairs
from sheets_sync.words import problems as say
from sheets_sync.words.rules import requirement


@dataclass
class Outcome:
    """What a sync decided: the owned tabs as they should now read, and how they differ."""

    program: Program
    scores: Scores
    new_pairs: list[Pair]
    unmatched: list[Waiting]
    follow_ups: list[FollowUp]
    sessions: list[Session]
    problems: list[Problem]
    sheets: list[Sheet]
    changes: dict[str, TabChange]
    report: Report | None = None
    queued: list[list[Cell]] = field(default_factory=list)  # Outbox rows this sync added

    @property
    def changed(self) -> bool:
        return any(change.any for change in self.changes.values())

    def changed_sheets(self) -> list[Sheet]:
        return [s for s in self.sheets if self.changes[s.name].any]


OWNED = {normalise_header(name) for name in OWNED_TABS}


def load(snapshot: Snapshot, today: dt.date) -> Program:
    """Settings, rules, rosters and pairs; raises UnusableWorkbook, listing every blocking
    error at once, when they can't be used."""
    settings, problems = read_settings(snapshot, today, programs.template_settings)
    blockers: list[Problem] = []
    tables: dict[str, Table] = {}
    own = [t for t in snapshot.tabs if normalise_header(t) not in OWNED]
    for role, tab in (("mentee", settings.mentee_tab), ("mentor", settings.mentor_tab)):
        table = snapshot.get(tab)
        if table is None or not table.header:
            blockers.append(say.missing_roster(role, tab, bool(table), own))
        else:
            tables[role] = table
    rosters: dict[str, Roster] = {}
    for role, table in tables.items():
        try:
            rosters[role], found = read_roster(table, role, settings.default_capacity)
            problems += found
        except UnusableWorkbook as error:
            blockers += error.problems
    try:
        rules = read_rules(snapshot.get(RULES), tables.get("mentee"), tables.get("mentor"))
    except UnusableWorkbook as error:
        blockers += error.problems
    blockers += guards.typed_without_header(snapshot) + guards.pairings_gone(snapshot, own)
    if blockers:
        raise UnusableWorkbook.of(blockers, [hide_private(p, settings) for p in problems])
    book, pair_problems = read_pairings(snapshot.get(PAIRINGS), settings.new_pairs_start_as,
                                        today)
    blockers = (guards.pairs_gone(snapshot, book)
                + guards.check_ins_gone(snapshot, settings.check_in_tab, book, own))
    if blockers:
        raise UnusableWorkbook.of(blockers, [hide_private(p, settings) for p in problems])
    return Program(settings, rules, rosters["mentee"], rosters["mentor"], book,
                   snapshot.get(settings.check_in_tab), problems + pair_problems)


def score(program: Program, today: dt.date) -> tuple[Scores, list[Problem]]:
    """Scores for the eligible people plus anyone already in a live pair (to explain it)."""
    mentees = _with_paired(program.mentees, {p.mentee for p in program.book.pairs})
    mentors = _with_paired(program.mentors, {p.mentor for p in program.book.pairs})
    private = frozenset(program.settings.private_columns)
    return score_pairs(program.rules, mentees, mentors, today, program.settings.utc_offset,
                       private)


def _with_paired(roster: Roster, emails: set[str]) -> Roster:
    listed = {p.email for p in roster.eligible}
    extra = [p for e, p in roster.everyone.items() if e in emails and e not in listed]
    return Roster(roster.table, roster.role, roster.everyone, roster.eligible + extra)


def sync(snapshot: Snapshot, today: dt.date, lap: Callable[[str], None] | None = None
         ) -> Outcome:
    """Match, follow up and plan; return the owned tabs and what changed against the snapshot.

    ``lap(stage)``, when given, is called as each stage ends (for progress and benchmarks).
    """
    lap = lap or (lambda _stage: None)
    program = load(snapshot, today)
    scores, score_problems = score(program, today)
    lap("scoring")
    book, settings = program.book, program.settings
    new_pairs = _match(program, scores, today)
    lap("matching")
    _refresh_pairs(book, scores)
    problems = program.problems + score_problems + _rule_breaks(book, scores, program)
    check_ins, check_in_problems = read_check_ins(program.check_in_table, book.pairs, today)
    problems = [hide_private(p, settings) for p in problems + check_in_problems]
    followed = follow_ups(book.pairs, check_ins, settings, today)
    sessions = plan_sessions(followed, check_ins, snapshot.get(SCHEDULE), program.mentees,
                             program.mentors, settings, today)
    queued = queue_messages(program, snapshot, followed, check_ins, sessions, today)
    problems += queued.problems
    waiting = unmatched(program, scores, book, snapshot.get(UNMATCHED), today)
    rows = owned_rows(program, waiting, followed, sessions, problems, today)
    rows[OUTBOX] = queued.rows
    sheets = [owned_sheet(PAIRINGS, book.rows(), book.header)]
    sheets += [with_coordinator_columns(name, rows[name], snapshot.get(name))
               for name in OWNED_TABS if name in rows]
    report = program_report(program, check_ins, waiting, today)
    sheets.append(reports_sheet(report, snapshot.get(REPORTS)))
    changes = {s.name: diff(s.name, snapshot.get(s.name), s.table) for s in sheets}
    lap("follow-ups")
    return Outcome(program, scores, new_pairs, waiting, followed, sessions, problems, sheets,
                   changes, report, queued.added)


def hide_private(problem: Problem, settings: Settings) -> Problem:
    """A problem in a private column never shows the cell's value, not even quoted in its
    words (messages quote what they could not read: the whole cell, or items of a list)."""
    if not settings.is_private(problem.column):
        return problem
    words = problem.problem
    parts = {str(problem.value), *re.split(r"[,;\n]", str(problem.value))}
    for part in sorted((p.strip() for p in parts if p.strip()), key=len, reverse=True):
        words = words.replace(f"'{part}'", "'(private)'")
    return replace(problem, value="(private)", problem=words)


def _match(program: Program, scores: Scores, today: dt.date) -> list[Pair]:
    """Optimal new pairs for mentees without a live pair, within each mentor's free capacity."""
    book = program.book
    problem = matching_problem(program, scores)
    if problem is None:
        return []
    rows, cols = problem.rows, problem.cols
    chosen = solve(problem.block_scores, len(rows), problem.capacity, problem.priority)
    start_as = program.settings.new_pairs_start_as
    new_pairs = []
    for a, b in chosen:
        mentee, mentor = scores.mentees[rows[a]], scores.mentors[cols[b]]
        cells: dict[str, Cell] = {
            "Mentee": mentee.name, "Mentee Email": mentee.email, "Mentor": mentor.name,
            "Mentor Email": mentor.email, "Status": start_as, "Matched On": today}
        if start_as == "Active":  # approved at once: its first-meeting clock starts today
            cells["Active Since"] = today
        new_pairs.append(book.add(mentee.email, mentor.email, cells))
    return new_pairs


def _refresh_pairs(book: PairBook, scores: Scores) -> None:
    """Engine cells of every pair whose people are known: names, score and why."""
    known, i, j = _indexed(book.pairs, scores)
    if not known:
        return
    _allowed, tenths = scores.pair_scores(i, j)
    for pair, a, b, score, why in zip(known, i, j, tenths, scores.whys(i, j), strict=True):
        pair.cells["Mentee"] = scores.mentees[a].name
        pair.cells["Mentor"] = scores.mentors[b].name
        pair.cells["Score"] = int(score) / 10
        pair.cells["Why"] = why


def _indexed(pairs: list[Pair], scores: Scores) -> tuple[list[Pair], np.ndarray, np.ndarray]:
    """The pairs whose two people are scored, with their row and column indexes."""
    mentee_at = {p.email: i for i, p in enumerate(scores.mentees)}
    mentor_at = {p.email: j for j, p in enumerate(scores.mentors)}
    known = [p for p in pairs if p.mentee in mentee_at and p.mentor in mentor_at]
    return (known, np.array([mentee_at[p.mentee] for p in known], dtype=np.int64),
            np.array([mentor_at[p.mentor] for p in known], dtype=np.int64))


def _rule_breaks(book: PairBook, scores: Scores, program: Program) -> list[Problem]:
    """Live pairs (typed by hand, or whose data changed) that break a Must rule."""
    live = book.live()
    known, i, j = _indexed(live, scores)
    problems = []
    on_roster = {"Mentee Email": ({p.email for p in scores.mentees}, program.settings.mentee_tab),
                 "Mentor Email": ({p.email for p in scores.mentors}, program.settings.mentor_tab)}
    for pair in live:
        for column, email in (("Mentee Email", pair.mentee), ("Mentor Email", pair.mentor)):
            emails, tab = on_roster[column]
            if email not in emails:
                problems.append(say.not_on_roster(pair.row, column, email, tab))
    if not known:
        return problems
    musts = [o for o in scores.pair_outcomes(i, j) if o.rule.is_must]
    for k, pair in enumerate(known):
        broken = ["the mentor " + requirement(o.rule, private=scores.touches_private(o.rule))
                  for o in musts if not o.passed[k]]
        if broken:
            problems.append(say.breaks_must_rules(pair.row, pair.status, pair.pair_id, broken))
    return problems
