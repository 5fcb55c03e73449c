"""Invariants over random programs: capacity, Must rules, barred pairs and idempotence."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from test_pairings import apply
from workbooks import allowed, rule, workbook

from sheets_sync import engine

TODAY = dt.date(2026, 11, 24)
LANGUAGES = ["English", "Spanish", "French"]
RULES = [rule("Must", "Lang", "overlaps", "Lang"),
         rule("Must", "Age", "mentor older by", "Age", 3),
         rule("Prefer", "Topics", "overlaps", "Topics", weight=2),
         rule("Prefer", "Format", "same", "Format")]

languages = st.lists(st.sampled_from(LANGUAGES), max_size=2).map(", ".join)
topics = st.lists(st.sampled_from(["cv", "money", "study", "code"]), max_size=3).map(", ".join)


def person(role: str):
    return st.fixed_dictionaries({
        "Lang": languages, "Topics": topics, "Format": st.sampled_from(["Video", "Phone", None]),
        "Age": st.integers(16, 70) if role == "mentor" else st.integers(14, 40),
        **({"Capacity": st.integers(0, 3)} if role == "mentor" else {})})


@st.composite
def programs(draw):
    mentees = draw(st.lists(person("mentee"), min_size=1, max_size=12))
    mentors = draw(st.lists(person("mentor"), min_size=1, max_size=6))
    for prefix, group in (("e", mentees), ("o", mentors)):
        for k, row in enumerate(group):
            row["Email"] = f"{prefix}{k}@x.org"
    pairings = []
    for k in range(draw(st.integers(0, 4))):
        pairings.append({"Pair ID": f"P-{k + 1:04d}",
                         "Mentee Email": f"e{draw(st.integers(0, len(mentees) - 1))}@x.org",
                         "Mentor Email": f"o{draw(st.integers(0, len(mentors) - 1))}@x.org",
                         "Status": draw(st.sampled_from(["Active", "Rejected", "Rematch",
                                                         "Paused", "Ended"]))})
    return workbook(mentees, mentors, RULES, pairings=pairings)


@settings(max_examples=120, deadline=None)
@given(programs())
def test_capacity_must_rules_and_bars_always_hold(snapshot):
    outcome = engine.sync(snapshot, TODAY)
    scores = outcome.scores
    mentee_at = {p.email: i for i, p in enumerate(scores.mentees)}
    mentor_at = {p.email: j for j, p in enumerate(scores.mentors)}
    barred = {(p["Mentee Email"], p["Mentor Email"]) for p in _rows(snapshot)
              if p["Status"] in ("Rejected", "Rematch", "Ended")}
    for pair in outcome.new_pairs:
        i, j = mentee_at[pair.mentee], mentor_at[pair.mentor]
        assert allowed(scores, i, j), "a new pair breaks a Must rule"
        assert (pair.mentee, pair.mentor) not in barred
    load = Counter(p.mentor for p in outcome.new_pairs)
    existing = Counter(p["Mentor Email"] for p in _rows(snapshot)
                       if p["Status"] in ("Active", "Paused"))
    for mentor in scores.mentors:
        if load[mentor.email]:
            assert load[mentor.email] + existing[mentor.email] <= mentor.capacity
    live_mentees = [p.mentee for p in outcome.program.book.live()]
    new_mentees = [p.mentee for p in outcome.new_pairs]
    assert len(new_mentees) == len(set(new_mentees))
    assert not set(new_mentees) & {p["Mentee Email"] for p in _rows(snapshot)
                                   if p["Status"] in ("Active", "Paused")}
    assert len(outcome.unmatched) + len(set(live_mentees) & {p.email for p in
               outcome.program.mentees.eligible}) == len(outcome.program.mentees.eligible)


@settings(max_examples=60, deadline=None)
@given(programs())
def test_second_sync_is_idempotent(snapshot):
    first = engine.sync(snapshot, TODAY)
    second = engine.sync(apply(snapshot, first), TODAY)
    assert not second.changed, {k: v for k, v in second.changes.items() if v.any}


def _rows(snapshot):
    table = snapshot.get("Pairings")
    return [dict(zip(table.header, row, strict=True)) for row in table.rows] if table else []
