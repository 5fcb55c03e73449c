"""Who may be matched this sync: the waiting mentees, the mentors with room, and the scores
between them (Must rules, bars on Rejected and Ended pairs), scored a block at a time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from sheets_sync.program import Program
from sheets_sync.scoring.scores import Scores

# Mentee × mentor cells the Must-rule check scores at a time (bounds its memory).
CELLS_PER_CHECK = 1_000_000


@dataclass
class MatchingProblem:
    rows: np.ndarray  # indexes into scores.mentees of the mentees waiting for a mentor
    cols: np.ndarray  # indexes into scores.mentors of the approved mentors
    capacity: np.ndarray  # free places of each mentor in cols
    priority: np.ndarray  # per row: owed a new mentor (their pair was sent back)
    scores: Scores
    barred: dict[int, list[int]]  # row position -> col positions never to propose

    def block_scores(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(allowed, tenths) of some waiting mentees (positions in rows) × the mentors."""
        # Tables restricted to the approved mentors once: no column gather per block.
        allowed, tenths = self.scores.block(self.rows[block], self.cols)
        for k, row in enumerate(np.asarray(block).tolist()):
            if row in self.barred:
                allowed[k, self.barred[row]] = False
        return allowed, tenths


def matching_problem(program: Program, scores: Scores) -> MatchingProblem | None:
    """The waiting mentees × approved mentors, or None when there is nothing to match: either
    side is empty, no mentor has room, or (when most are full) no waiting mentee passes the
    Must rules with a mentor who has room."""
    book = program.book
    live = book.live()
    paired = {p.mentee for p in live}
    load = Counter(p.mentor for p in live)
    eligible_mentees = {p.email for p in program.mentees.eligible}
    eligible_mentors = {p.email for p in program.mentors.eligible}
    rows = [i for i, p in enumerate(scores.mentees)
            if p.email in eligible_mentees and p.email not in paired]
    cols = [j for j, p in enumerate(scores.mentors) if p.email in eligible_mentors]
    if not rows or not cols:
        return None
    row_of = {scores.mentees[i].email: a for a, i in enumerate(rows)}
    col_of = {scores.mentors[j].email: b for b, j in enumerate(cols)}
    barred: dict[int, list[int]] = {}
    for mentee, mentor in book.barred():
        if mentee in row_of and mentor in col_of:
            barred.setdefault(row_of[mentee], []).append(col_of[mentor])
    for email in row_of.keys() & col_of.keys():  # someone on both tabs is not their own mentor
        barred.setdefault(row_of[email], []).append(col_of[email])
    capacity = np.array([scores.mentors[j].capacity - load[scores.mentors[j].email]
                         for j in cols])
    owed = book.owed()
    priority = np.array([scores.mentees[i].email in owed for i in rows], dtype=bool)
    problem = MatchingProblem(np.array(rows), np.array(cols), capacity, priority, scores, barred)
    return _open_only(problem) if (capacity > 0).sum() < OPEN_SHARE * len(cols) else problem


OPEN_SHARE = 0.75  # below this share of mentors with a free place, only they are scored


def _open_only(problem: MatchingProblem) -> MatchingProblem | None:
    """The same problem over the mentors with a free place: when most are full (a sync after
    the places were filled), scoring the others against every waiting mentee is wasted."""
    keep = np.flatnonzero(problem.capacity > 0)
    if not keep.size:
        return None
    position = {int(b): k for k, b in enumerate(keep.tolist())}
    barred = {row: kept for row, cols in problem.barred.items()
              if (kept := [position[b] for b in cols if b in position])}
    narrowed = MatchingProblem(problem.rows, problem.cols[keep], problem.capacity[keep],
                               problem.priority, problem.scores, barred)
    return narrowed if _anyone_fits(narrowed) else None


def _anyone_fits(problem: MatchingProblem) -> bool:
    """Whether some waiting mentee passes every Must rule with some mentor with room. When
    none does (typically a re-sync once the places are filled), there is nothing to match,
    and the Must rules alone say so: no Prefer table is built and no mentee is scanned."""
    block = max(1, CELLS_PER_CHECK // max(problem.cols.size, 1))
    return any(problem.scores.must_pass(problem.rows[start:start + block], problem.cols).any()
               for start in range(0, problem.rows.size, block))

