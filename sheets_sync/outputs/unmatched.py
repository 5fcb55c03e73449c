"""The Unmatched tab: every approved mentee without a pair, how long they have waited and why.

A mentee whose pair was sent back (Rejected, a Rematch, or Ended before its time) keeps first
claim on the next free place that fits, sync after sync, until matched; they head the list.
Waiting Since is the sign-up day (the form's Timestamp), or the day their pair ended; without
either it is the day they first appeared here, kept from the tab's previous contents. Time spent
in a pair is never waiting: a mentee whose pair ended (for any reason) waits from its end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from sheets_sync.inputs import values
from sheets_sync.inputs.pairings import Pair, PairBook
from sheets_sync.inputs.roster import Person
from sheets_sync.inputs.rules import Rule
from sheets_sync.model import Table, is_blank
from sheets_sync.program import Program
from sheets_sync.scoring.profiles import first_rows
from sheets_sync.scoring.scores import Scores
from sheets_sync.words import pairs as say
from sheets_sync.words.rules import requirement

BLOCK = 512  # mentees scored at a time when explaining who stayed unmatched
NAMED_FULL = 3  # full mentors named in a reason, when no more fit


@dataclass(frozen=True)
class Waiting:
    email: str
    name: str
    since: dt.date
    reason: str
    first_claim: bool

    def row(self, today: dt.date) -> list[object]:
        return [self.email, self.name, self.since, max(0, (today - self.since).days),
                self.reason]


def unmatched(program: Program, scores: Scores, book: PairBook, previous: Table | None,
              today: dt.date) -> list[Waiting]:
    """Every eligible mentee still without a live pair: first claims first, then longest
    wait."""
    owed = book.owed()
    earlier = _previous_waits(previous)
    ended = _last_endings(book)
    found = []
    for person, text in _reasons(program, scores, book):
        pair = owed.get(person.email)
        since = _since(person, pair, earlier.get(person.email), today)
        since = max(since, ended.get(person.email, since))
        if pair is not None:
            mentor = str(pair.cells.get("Mentor") or pair.mentor)
            text = f"{say.first_claim(pair.pair_id, mentor, pair.status, pair.ended_on)} {text}"
        found.append(Waiting(person.email, person.name, since, text, pair is not None))
    return sorted(found, key=lambda w: (not w.first_claim, w.since, w.name.casefold()))


def _since(person: Person, pair: Pair | None, earlier: dt.date | None, today: dt.date
           ) -> dt.date:
    if pair is not None:
        return pair.ended_on or earlier or today
    return person.signed_up or earlier or today


def _last_endings(book: PairBook) -> dict[str, dt.date]:
    """Mentee -> the day their latest pair ended."""
    ends: dict[str, dt.date] = {}
    for pair in book.pairs:
        if pair.status == "Ended" and pair.ended_on is not None:
            ends[pair.mentee] = max(pair.ended_on, ends.get(pair.mentee, pair.ended_on))
    return ends


def _previous_waits(table: Table | None) -> dict[str, dt.date]:
    if table is None:
        return {}
    email_at, since_at = table.column("Email"), table.column("Waiting Since")
    if email_at is None or since_at is None:
        return {}
    found = {}
    for _row, cells in table.records():
        since = values.parse_date(cells[since_at])
        if since is not None:
            found[values.normalise_email(cells[email_at])] = since
    return found


def _reasons(program: Program, scores: Scores, book: PairBook
             ) -> list[tuple[Person, str]]:
    """(mentee, why they have no mentor) for each waiting mentee.

    One pass counts the mentors who pass every Must rule with each waiting mentee (once per
    distinct set of Must answers: ``ScoreTables.must_counts``); only the few mentees the words
    need more about are looked at again: those no mentor fits (how many pass each rule), and
    those with few fitting mentors or a mentor barred to them (which)."""
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
    if cols.size == 0:
        return [(scores.mentees[i], say.NO_MENTORS) for i in waiting.tolist()]
    fits = scores.must_counts(waiting, cols)
    musts = [k for k, e in enumerate(scores.evaluators) if e.rule.is_must]
    alone = np.flatnonzero(fits == 0)
    counts = [_passing_mentors(scores, k, cols, waiting[alone]) for k in musts]
    unfit = {int(a): [(scores.evaluators[e].rule, int(count[n])) for e, count in
                      zip(musts, counts, strict=True)] for n, a in enumerate(alone.tolist())}
    named = _fitting_mentors(scores, waiting, cols, fits, barred)
    result = []
    for k, i in enumerate(waiting.tolist()):
        person = scores.mentees[i]
        if k in unfit:
            text = _unfit(scores, i, unfit[k])
        else:
            text = _waiting(scores, cols, int(fits[k]), named.get(k),
                            barred.get(person.email, []))
        result.append((person, text))
    return result


def _fitting_mentors(scores: Scores, waiting: np.ndarray, cols: np.ndarray, fits: np.ndarray,
                     barred: dict[str, list[int]]) -> dict[int, np.ndarray]:
    """The fitting mentors (positions in cols) of the waiting mentees whose reason may name
    them or must leave barred ones out: those with few fitting mentors, or any barred."""
    some_barred = np.array([scores.mentees[i].email in barred for i in waiting.tolist()],
                           dtype=bool)
    look = np.flatnonzero((fits > 0) & ((fits <= NAMED_FULL) | some_barred))
    found = {}
    for start in range(0, look.size, BLOCK):
        part = look[start:start + BLOCK]
        allowed = scores.must_pass(waiting[part], cols)
        for k, row in zip(part.tolist(), allowed, strict=True):
            found[k] = np.flatnonzero(row)
    return found


def _passing_mentors(scores: Scores, rule: int, cols: np.ndarray, rows: np.ndarray
                     ) -> np.ndarray:
    """For each of these mentees, how many of the mentors ``cols`` pass one Must rule. The
    count depends only on the mentee's answer (their profile for the rule), so each distinct
    answer is scored once."""
    if rows.size == 0:
        return np.zeros(0, dtype=np.int64)
    profiles = scores.profiles[rule]
    kinds, inverse = np.unique(profiles[rows], return_inverse=True)
    standing_for = first_rows(profiles, int(profiles.max()) + 1)[kinds]
    found = []
    for start in range(0, kinds.size, BLOCK):
        part = standing_for[start:start + BLOCK]
        passed = scores.evaluators[rule].cross(part)[0]
        passed = np.broadcast_to(passed, (part.size, len(scores.mentors)))[:, cols]
        found.append(np.count_nonzero(passed, axis=1))
    return np.concatenate(found)[inverse.ravel()]


def _unfit(scores: Scores, i: int, counts: list[tuple[Rule, int]]) -> str:
    """No single mentor passes every Must rule."""
    nobody = [rule for rule, count in counts if count == 0]
    if nobody:
        return say.nobody_meets([_clause(scores, i, rule) for rule in nobody])
    return say.no_single_mentor([(_requirement(scores, rule), count) for rule, count in counts])


def _waiting(scores: Scores, cols: np.ndarray, fits: int, fitting: np.ndarray | None,
             barred: list[int]) -> str:
    """Some mentors fit: they are full, or were turned down for this mentee."""
    if fitting is None:  # more fit than a reason names, none barred
        return say.all_full([], fits)
    open_fits = np.setdiff1d(fitting, barred) if barred else fitting
    if not open_fits.size:
        return say.all_turned_down(int(fitting.size))
    mentors = [scores.mentors[int(cols[k])] for k in open_fits[:NAMED_FULL + 1]]
    full = [m.name for m in mentors] if open_fits.size <= NAMED_FULL else []
    return say.all_full(full, int(open_fits.size))


def _requirement(scores: Scores, rule: Rule) -> str:
    return requirement(rule, whose="their", private=scores.touches_private(rule))


def _clause(scores: Scores, i: int, rule: Rule) -> str:
    """What no mentor does for this mentee, with their own answer when it helps and is not
    private."""
    private = scores.touches_private(rule)
    answer = None
    if rule.mentee_column and not private:
        cell = scores.cell("mentee", i, rule.mentee_column)
        answer = "" if is_blank(cell) else ", ".join(say.as_typed(cell)) or str(cell)
        if rule.test == "mentee accepts" and not answer:
            answer = None  # blank accepts anyone: not the reason
    return say.nobody_meets_clause(rule, private, answer)
