"""The Why of a pair and the Reason of a mentee left unmatched.

People's own answers are shown as they typed them (proper nouns keep their capitals), never a
private one, and a rule on a private column is never named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from sheets_sync.inputs import values
from sheets_sync.inputs.availability import split_items
from sheets_sync.inputs.rules import Rule
from sheets_sync.model import Cell
from sheets_sync.words.problems import day
from sheets_sync.words.rules import number, quoted, requirement, same_name

MOST_ITEMS = 4  # shared items a Why names


def as_typed(cell: Cell, wanted: Sequence[str] = ()) -> list[str]:
    """The items of a cell as the person wrote them; only those whose normalised form is in
    ``wanted`` when it is given, in the cell's order."""
    keep = set(wanted)
    items = _text_items(cell) if cell.__class__ is str else _items(cell)
    chosen = [item for item, plain in items if not keep or plain in keep]
    return list(dict.fromkeys(chosen))


def _items(cell: Cell) -> tuple[tuple[str, str], ...]:
    """(as typed, normalised) of each item of a cell."""
    items = [item.strip() for item in split_items(cell) if item.strip()]
    return tuple((item, values.normalise_text(item)) for item in items)


@lru_cache(maxsize=65536)
def _text_items(cell: str) -> tuple[tuple[str, str], ...]:
    # Worked out once per text: a mentor's answers are quoted in every one of their pairs' Why.
    return _items(cell)


def _listed(items: list[str]) -> str:
    shown = ", ".join(items[:MOST_ITEMS])
    return shown + (f" and {len(items) - MOST_ITEMS} more" if len(items) > MOST_ITEMS else "")


def reason(rule: Rule, mentee_cell: Cell, mentor_cell: Cell, shared: Sequence[str],
           similarity: float) -> str:
    """One Prefer rule's part of a pair's Why."""
    mentee, mentor = quoted(rule.mentee_column), quoted(rule.mentor_column)
    test = rule.test
    if test in ("overlaps", "covers"):
        items = as_typed(mentee_cell, shared) or as_typed(mentor_cell, shared)
        label = f"shared {mentee}" if same_name(rule) and test == "overlaps" else mentor
        return f"{label}: {_listed(items)}" if items else label
    if test == "same":
        answer = ", ".join(as_typed(mentee_cell)) or values.cell_text(mentee_cell)
        if rule.mentee_column and rule.mentee_column.rstrip().endswith("?"):
            return f"both chose {answer} for {mentee}"
        return f"same {mentee}: {answer}"
    if test == "differs":
        return (f"different {mentee}: {values.cell_text(mentee_cell)} and "
                f"{values.cell_text(mentor_cell)}")
    if test in ("mentee accepts", "mentor is"):
        return f"{mentor}: {values.cell_text(mentor_cell)}" + (
            ", as asked" if test == "mentee accepts" else "")
    if test == "time overlap":
        need = rule.threshold or 1
        hours = similarity * need
        return (f"free at the same time {number(hours)} h a week" if similarity < 1
                else f"free at the same time at least {number(need)} h a week")
    if test == "within":
        return f"{mentor} within {number(rule.threshold)} {_unit_of(rule)}"
    return "mentor " + requirement(rule)


@lru_cache(maxsize=1024)
def _unit_of(rule: Rule) -> str:
    """The unit a numeric rule counts in, as its requirement says it ("3 hours")."""
    words = requirement(rule).split()
    return words[words.index(number(rule.threshold)) + 1]


def why(parts: list[str], prefer_rules: int, private_counted: bool) -> str:
    """A pair's Why from its best reasons (strongest first)."""
    if parts:
        text = "; ".join(parts)
        text += "; also includes private rules" if private_counted else ""
    elif private_counted:
        text = "meets every requirement; the score comes from private rules"
    elif prefer_rules:
        text = "meets every requirement, but shares none of the preferences"
    else:
        text = "meets every requirement (this program scores no preferences)"
    return text[0].upper() + text[1:]


# --- Unmatched ------------------------------------------------------------------------------

NO_MENTORS = "There are no approved mentors yet: approve some on the mentors tab."


def nobody_meets(clauses: Sequence[str]) -> str:
    """``clauses``: what no approved mentor does, e.g. 'shares at least one of their ...'."""
    return "No approved mentor " + "; and none ".join(clauses) + "."


def nobody_meets_clause(rule: Rule, private: bool, answer: str | None) -> str:
    """What no approved mentor does for this mentee, after 'No approved mentor ...'.
    ``answer`` is the mentee's own answer as typed ("" when blank, None to leave it out)."""
    if private:
        return requirement(rule, private=True)
    mentee, mentor = quoted(rule.mentee_column), quoted(rule.mentor_column)
    shown = f" ({answer})" if answer else ""
    if answer == "":
        shown = " (their answer is blank)"
    test = rule.test
    if test == "overlaps":
        return (f"shares any of their {mentee}{shown}" if same_name(rule)
                else f"offers any of their {mentee}{shown} in {mentor}")
    if test == "covers":
        return f"offers all of their {mentee}{shown} in {mentor}"
    if test == "same" and same_name(rule):
        return f"has the same {mentee}{shown}"
    if test == "mentee accepts":
        return f"is what they asked for ({rule.mentee_column}: {answer})" if answer else (
            f"is what they asked for in {mentee}")
    return requirement(rule, whose="their") + shown


def no_single_mentor(counts: Sequence[tuple[str, int]]) -> str:
    """``counts``: each requirement in words, and how many approved mentors meet it."""
    parts = "; ".join(f"{text} ({count})" for text, count in counts)
    return ("No single approved mentor meets every requirement, though each is met by some. "
            f"How many mentors meet each: {parts}.")


def all_turned_down(fitting: int) -> str:
    return (f"Every mentor who fits ({fitting}) was turned down for them or paired with them "
            "before. Approve another mentor, or look at their answers with the mentee.")


def all_full(full: Sequence[str], fitting: int) -> str:
    named = f" ({', '.join(full)})" if full else ""
    who = (f"the only mentor who fits{named} is" if fitting == 1 else
           f"all {fitting} mentors who fit{named} are")
    return f"Waiting for a place: {who} full. Raise a mentor's Capacity, or recruit a mentor."


def first_claim(pair_id: str, mentor: str, status: str, since: dt.date | None) -> str:
    how = {"Rejected": "was turned down", "Ended": "ended"}.get(status, "ended")
    when = f" on {day(since)}" if since else ""
    return (f"First in line for the next place that fits: their pair {pair_id} with {mentor} "
            f"{how}{when}.")


def standing_words(standing: str, tab: str) -> str:
    """Why a person on a roster is not matched ("" when they may be)."""
    return {
        "not yet": f"not matched yet: not approved on the {tab} tab (Approved or Status)",
        "out": f"not matched: their Status on the {tab} tab says they left the program",
    }.get(standing, "")
