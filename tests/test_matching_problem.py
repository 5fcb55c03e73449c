"""When most mentors are full (a sync after the places were filled), only the mentors with a
free place are scored against the waiting mentees: the optimum is the same as over everyone,
bars on rejected pairs included."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workbooks import rule, workbook

from sheets_sync import engine
from sheets_sync.matching import problem as problems
from sheets_sync.matching.dense import objective
from sheets_sync.matching.solve import solve

TODAY = dt.date(2026, 11, 24)
RULES = [rule("Must", "Langs", "overlaps", "Langs"), rule("Prefer", "Field", "same", "Field"),
         rule("Prefer", "Langs", "overlaps", "Langs", weight=2)]
person = st.fixed_dictionaries({
    "Langs": st.lists(st.sampled_from(["English", "French", "Hindi"]), min_size=1,
                      max_size=2).map(", ".join),
    "Field": st.sampled_from(["a", "b", "c", None]),
})


@st.composite
def programs(draw):
    mentees = draw(st.lists(person, min_size=2, max_size=14))
    mentors = draw(st.lists(person, min_size=2, max_size=8))
    for prefix, group in (("e", mentees), ("o", mentors)):
        for k, row in enumerate(group):
            row["Email"] = f"{prefix}{k}@x.org"
            if prefix == "o":
                row["Capacity"] = draw(st.integers(1, 2))
    pairings, taken = [], set()
    for j, mentor in enumerate(mentors):
        for _place in range(mentor["Capacity"]):
            free = [i for i in range(len(mentees)) if i not in taken]
            status = draw(st.sampled_from(["Active", "Active", "Rejected", None]))
            if status is None or not free:
                continue
            i = draw(st.sampled_from(free))
            if status == "Active":
                taken.add(i)
            pairings.append({"Pair ID": f"P-{len(pairings) + 1:04d}", "Status": status,
                             "Mentee Email": f"e{i}@x.org", "Mentor Email": f"o{j}@x.org"})
    return workbook(mentees, mentors, RULES, pairings=pairings)


def best(snapshot, open_share: float) -> tuple[int, int, int]:
    program = engine.load(snapshot, TODAY)
    scores, _ = engine.score(program, TODAY)
    saved, problems.OPEN_SHARE = problems.OPEN_SHARE, open_share
    try:
        problem = problems.matching_problem(program, scores)
    finally:
        problems.OPEN_SHARE = saved
    if problem is None:
        return (0, 0, 0)
    pairs = solve(problem.block_scores, len(problem.rows), problem.capacity, problem.priority)
    allowed, tenths = problem.block_scores(np.arange(len(problem.rows)))
    assert all(allowed[i, j] for i, j in pairs)
    return objective(pairs, tenths, problem.priority)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs())
def test_scoring_only_mentors_with_room_finds_the_same_optimum(snapshot):
    assert best(snapshot, 2.0) == best(snapshot, 0.0)  # every time / never restricted


def test_nothing_to_match_when_no_waiting_mentee_fits_a_mentor_with_room():
    # Four mentors, three of them full: only the French speaker has room.
    mentors = [{"Email": f"o{j}@x.org", "Langs": lang, "Capacity": 1}
               for j, lang in enumerate(["English", "English", "Hindi", "French"])]
    taken = [{"Pair ID": f"P-000{j + 1}", "Status": "Active", "Mentee Email": f"e{j}@x.org",
              "Mentor Email": f"o{j}@x.org"} for j in range(3)]
    seated = [{"Email": f"e{i}@x.org", "Langs": "English, Hindi"} for i in range(3)]

    def problem(waiting: str):
        snapshot = workbook([*seated, {"Email": "e9@x.org", "Langs": waiting}], mentors,
                            [RULES[0], RULES[2]], pairings=taken)
        program = engine.load(snapshot, TODAY)
        return problems.matching_problem(program, engine.score(program, TODAY)[0])

    assert problem("English") is None      # speaks no language of the mentor with room
    found = problem("English, French")
    assert found is not None and found.cols.size == 1 and found.capacity.tolist() == [1]
