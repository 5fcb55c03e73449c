"""Why a person has the pair they have, or none: their ranked candidates, scored rule by rule."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from sheets_sync.errors import UsageError
from sheets_sync.inputs import values
from sheets_sync.inputs.pairings import PairBook
from sheets_sync.inputs.rules import Rule
from sheets_sync.outputs.unmatched import Waiting
from sheets_sync.program import Program
from sheets_sync.scoring.scores import Scores
from sheets_sync.words.pairs import standing_words
from sheets_sync.words.rules import requirement


@dataclass
class Candidate:
    name: str
    email: str
    score: float
    fits: bool
    failed: list[str]
    breakdown: list[tuple[str, float, float, float]]  # rule in words, similarity, points, full
    free_places: int | None = None  # for mentor candidates
    barred: bool = False


@dataclass
class Explanation:
    email: str
    role: str
    name: str
    status: str  # "" when the person may be matched, else why not
    pairs: list[dict[str, object]] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    unmatched_reason: str = ""


def explain(program: Program, scores: Scores, waiting: list[Waiting], email: str,
            limit: int = 10) -> Explanation:
    """Everything a sync decided about one person: their pairs, why they wait, and their best
    candidates scored rule by rule."""
    wanted = values.normalise_email(email)
    for role, roster, side in (("mentee", program.mentees, scores.mentees),
                               ("mentor", program.mentors, scores.mentors)):
        person = roster.everyone.get(wanted)
        if person is None:
            continue
        result = Explanation(wanted, role, person.name,
                             standing_words(person.standing, roster.table.name))
        result.pairs = [
            {"pair_id": p.pair_id, "with": p.cells.get("Mentor" if role == "mentee" else "Mentee"),
             "status": p.status, "score": p.cells.get("Score"), "why": p.cells.get("Why")}
            for p in program.book.pairs if (p.mentee if role == "mentee" else p.mentor) == wanted]
        result.unmatched_reason = next((w.reason for w in waiting if w.email == wanted), "")
        index = next((k for k, p in enumerate(side) if p.email == wanted), None)
        if index is not None:
            result.candidates = _candidates(program.book, scores, role, index, limit)
        return result
    raise UsageError(f"No one with the email {email} is on the {program.settings.mentee_tab} or "
                     f"{program.settings.mentor_tab} tab.",
                     fix="Check the spelling, or run `sheets-sync check` to list roster problems.")


def _candidates(book: PairBook, scores: Scores, role: str, index: int, limit: int
                ) -> list[Candidate]:
    load = Counter(p.mentor for p in book.live())
    barred = book.barred()
    others = scores.mentors if role == "mentee" else scores.mentees
    everyone = np.arange(len(others))
    mine = np.full(len(others), index)
    i, j = (mine, everyone) if role == "mentee" else (everyone, mine)
    allowed, tenths = scores.pair_scores(i, j)
    is_barred = np.array([(scores.mentees[a].email, scores.mentors[b].email) in barred
                          for a, b in zip(i, j, strict=True)], dtype=bool)
    best = sorted(everyone, key=lambda k: (not allowed[k], is_barred[k], -tenths[k],
                                           others[k].name))[:limit]
    found = []
    for k in best:
        a, b = int(i[k]), int(j[k])
        free = scores.mentors[b].capacity - load[scores.mentors[b].email]
        found.append(Candidate(
            others[k].name, others[k].email, int(tenths[k]) / 10, bool(allowed[k]),
            ["the mentor " + _requirement(scores, r) for r in scores.failed_musts(a, b)],
            [(_requirement(scores, r), round(s, 2), round(points, 1), round(full, 1))
             for r, s, points, full in scores.breakdown(a, b)],
            free if role == "mentee" else None, bool(is_barred[k])))
    return found


def _requirement(scores: Scores, rule: Rule) -> str:
    return requirement(rule, private=scores.touches_private(rule))
