"""Blocks scored from per-profile tables equal the pair-by-pair scores, exactly, whatever the
rules, people, mentor columns, merging or fallback to per-block evaluation."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workbooks import dense, rule, workbook

from sheets_sync import engine
from sheets_sync.inputs.roster import Person
from sheets_sync.inputs.rules import Rule
from sheets_sync.scoring.evaluators import Equality
from sheets_sync.scoring.items import SharedItems
from sheets_sync.scoring.overlap import Overlap
from sheets_sync.scoring.plan import TableLimits
from sheets_sync.scoring.scores import Scores
from sheets_sync.scoring.tables import (
    UNITS_PER_TENTH,
    prefer_units,
    rounding_offset,
    to_tenths,
)

TODAY = dt.date(2026, 11, 24)

LANGS = ["English", "french", "Spanish ", "Any", "No preference"]
AVAILABILITY = ["Mon 18:00-20:00", "Weekends", "Tue evenings, Thu 9-11", "weekday mornings",
                "Mon 19:00-21:00", "Sat 10-11", "anytime", "whenever I can", ""]
ZONES = ["UTC+1", "-5", "Europe/London", "America/Chicago", "UTC+5:30", "Mars time"]
AGES = [15, 16, 30, 45, 2001, "35 years old", "Senior", "abc", dt.date(1990, 5, 1), 30.0]
FIELDS = ["Eng", "eng ", "Arts", "Law", 3, 3.0, True]

blank = st.sampled_from([None, "", float("nan")])
cells = {
    "Langs": st.one_of(blank, st.lists(st.sampled_from(LANGS), max_size=3).map(", ".join)),
    "Avail": st.one_of(blank, st.sampled_from(AVAILABILITY),
                       st.lists(st.sampled_from(AVAILABILITY[:6]), max_size=3).map("; ".join)),
    "Time zone": st.one_of(blank, st.sampled_from(ZONES), st.integers(-8, 9)),
    "Age": st.one_of(blank, st.sampled_from(AGES), st.integers(14, 70),
                     st.floats(14, 70, allow_nan=False)),
    "Field": st.one_of(blank, st.sampled_from(FIELDS)),
}
# (mentee column, test, mentor column, value): every Rules test over the columns above.
TESTS = [
    ("Field", "same", "Field", None), ("Field", "differs", "Field", None),
    ("Langs", "overlaps", "Langs", None), ("Langs", "covers", "Langs", None),
    (None, "mentor is", "Langs", "English, french"), ("Langs", "mentee accepts", "Langs", None),
    ("Age", "mentor older by", "Age", 5), ("Age", "mentor younger by", "Age", 2.5),
    ("Age", "age gap", "Age", 10), ("Age", "within", "Age", 3),
    ("Time zone", "within", "Time zone", 2), ("Avail", "time overlap", "Avail", 1),
    ("Avail", "time overlap", "Avail", 1.5), ("Avail", "time overlap", "Avail", None),
]


@st.composite
def snapshots(draw, max_mentees=14, max_mentors=8):
    """A workbook of random people under a random rule set."""
    chosen = draw(st.lists(st.sampled_from(TESTS), min_size=1, max_size=7))
    rules = [rule(draw(st.sampled_from(["Must", "Prefer", "Prefer"])), mentee, test, mentor,
                  value, draw(st.sampled_from([None, 1, 2, 3, 0.5, 1.5, 7])))
             for mentee, test, mentor, value in chosen]
    people = []
    for prefix, most in (("e", max_mentees), ("o", max_mentors)):
        group = draw(st.lists(st.fixed_dictionaries(cells), min_size=1, max_size=most))
        for k, row in enumerate(group):
            row["Email"] = f"{prefix}{k}@x.org"
        people.append(group)
    return workbook(*people, rules)


def scored(snapshot) -> Scores:
    return engine.score(engine.load(snapshot, TODAY), TODAY)[0]


def programs(max_mentees=14, max_mentors=8):
    """Scores of random people under a random rule set."""
    return snapshots(max_mentees, max_mentors).map(scored)


limits = st.builds(TableLimits, budget_bytes=st.sampled_from([0, 40, 400, 2**30]),
                   profile_share=st.sampled_from([0.0, 0.3, 0.5, 1.0]),
                   merge_profiles=st.sampled_from([1, 4, 4096]),
                   merge_share=st.sampled_from([0.0, 0.25, 1.0]),
                   floor=st.sampled_from([0, 2, 64]), merge=st.booleans(),
                   full=st.booleans())


def pairwise(scores: Scores, rows: np.ndarray, cols: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
    i, j = np.meshgrid(rows, cols, indexing="ij")
    allowed, tenths = scores.pair_scores(i.ravel(), j.ravel())
    return allowed.reshape(i.shape), tenths.reshape(i.shape)


def assert_same(got: tuple[np.ndarray, np.ndarray], want: tuple[np.ndarray, np.ndarray]) -> None:
    assert got[0].dtype == bool and got[1].dtype == np.int16
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), st.data())
def test_blocks_equal_pair_scores(scores, data):
    n, m = len(scores.mentees), len(scores.mentors)
    everyone = (np.arange(n), np.arange(m))
    assert_same(scores.block(slice(None)), pairwise(scores, *everyone))
    rows = np.array(data.draw(st.lists(st.integers(0, n - 1), max_size=2 * n)), dtype=np.int64)
    cols = np.array(data.draw(st.lists(st.integers(0, m - 1), max_size=2 * m)), dtype=np.int64)
    assert_same(scores.block(rows, cols), pairwise(scores, rows, cols))
    # Tables built for the Must rules alone say the same, and score nothing.
    musts_only = Scores(scores.mentees, scores.mentors, scores.evaluators, scores.private,
                        scores.headers).restricted(cols, musts_only=True)
    assert not any(not g.must for g in musts_only.groups)
    np.testing.assert_array_equal(musts_only.must_pass(rows), pairwise(scores, rows, cols)[0])
    # Counted once per distinct Must profile, the fitting mentors are those of each mentee.
    np.testing.assert_array_equal(scores.must_counts(rows, cols),
                                  pairwise(scores, rows, cols)[0].sum(axis=1))
    with pytest.raises(ValueError):
        musts_only.block(rows)
    assert scores.restricted(cols, musts_only=True) is scores.restricted(cols)  # one build
    # The dense views the tests and tools use agree too.
    assert_same(dense(scores), pairwise(scores, *everyone))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), limits, st.data())
def test_tables_merged_or_not_and_fallback_agree(scores, chosen, data):
    n, m = len(scores.mentees), len(scores.mentors)
    cols = np.array(data.draw(st.lists(st.integers(0, m - 1), max_size=2 * m)), dtype=np.int64)
    rows = np.arange(n)[::-1]
    reference = scores.restricted(cols).block(rows)
    tables = scores.restricted(cols, chosen)
    assert_same(tables.block(rows), reference)
    np.testing.assert_array_equal(tables.must_counts(rows), reference[0].sum(axis=1))
    assert sum(g.table.nbytes for g in tables.groups) <= chosen.budget_bytes
    if chosen.budget_bytes == 0 and cols.size:
        assert not tables.groups  # every rule evaluated per block


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(max_mentees=30, max_mentors=12))
def test_every_path_is_taken(scores):
    n, m = len(scores.mentees), len(scores.mentors)
    want = pairwise(scores, np.arange(n), np.arange(m))
    per_block = TableLimits(floor=0, profile_share=0.0)
    merged = TableLimits(merge_profiles=10**6, merge_share=10.0)
    alone = TableLimits(merge=False)
    compact = TableLimits(merge=False, full=False)
    for chosen in (per_block, merged, alone, compact):
        assert_same(scores.restricted(None, chosen).block(slice(None)), want)
        np.testing.assert_array_equal(scores.restricted(None, chosen).must_pass(slice(None)),
                                      want[0])
        np.testing.assert_array_equal(
            scores.restricted(None, chosen).must_counts(np.arange(n)[::-1]),
            want[0][::-1].sum(axis=1))
    assert not scores.restricted(None, per_block).groups
    assert all(len(g.members) == 1 for g in scores.restricted(None, alone).groups)
    assert all(g.spread is not None for g in scores.restricted(None, compact).groups)
    # Merged: one table for the Prefer rules, one for the Must rules, but a coarse Must
    # table (exceptions of its own) always stands alone.
    musts = [e for e in scores.evaluators if e.rule.is_must]
    coarse = sum(bool(e.coarse) for e in musts)
    assert len(scores.restricted(None, merged).groups) == coarse + (len(musts) > coarse) + (
        len(scores.evaluators) > len(musts))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots())
def test_overlaps_counted_without_a_table_of_distinct_rows_agree(snapshot):
    # Past Overlap.TABLE_LIMIT, list and availability overlaps are matrix products instead.
    with_table = scored(snapshot)
    limits = Overlap.TABLE_LIMIT, SharedItems.TABLE_LIMIT
    Overlap.TABLE_LIMIT = SharedItems.TABLE_LIMIT = 0
    try:
        without = scored(snapshot)
    finally:
        Overlap.TABLE_LIMIT, SharedItems.TABLE_LIMIT = limits
    overlaps = [getattr(e, "shared", None) or getattr(e, "slots", None)
                for e in without.evaluators]
    assert all(o.table is None for o in overlaps if o is not None)
    n, m = len(without.mentees), len(without.mentors)
    want = pairwise(with_table, np.arange(n), np.arange(m))
    assert_same(without.block(slice(None)), want)
    for got, expected in zip(pairwise(without, np.arange(n), np.arange(m)), want, strict=True):
        np.testing.assert_array_equal(got, expected)
    for e, f in zip(without.evaluators, with_table.evaluators, strict=True):
        np.testing.assert_array_equal(e.profiles(), f.profiles())
        np.testing.assert_array_equal(e.mentor_profiles(), f.mentor_profiles())


def test_merges_small_rules_of_one_kind_and_leaves_big_ones_per_block():
    people = [{"Email": f"e{k}@x.org", "A": k % 3, "B": k % 4, "C": f"c{k}", "D": k % 2}
              for k in range(200)]
    mentors = [{"Email": f"o{k}@x.org", "A": k % 3, "B": k % 5, "C": f"c{k}", "D": 1}
               for k in range(10)]
    rules = [rule("Prefer", "A", "same", "A"), rule("Prefer", "B", "same", "B", weight=2),
             rule("Prefer", "C", "same", "C"), rule("Must", "D", "same", "D")]
    scores, _ = engine.score(engine.load(workbook(people, mentors, rules), TODAY), TODAY)
    tables = scores.restricted(np.arange(10)[::2])
    assert [sorted(g.members) for g in tables.groups] == [[3], [0, 1]]
    assert tables.groups[1].count == 12 and tables.fallback == [2]   # 200 distinct C
    assert_same(tables.block(np.arange(200)), pairwise(scores, np.arange(200),
                                                       np.arange(10)[::2]))


def test_tables_are_built_once_per_set_of_mentors():
    scores = one_mentee_scores({"A": "x"}, [{"A": "x"}, {"A": "y"}],
                               [rule("Prefer", "A", "same", "A")])
    cols = np.array([1, 0])
    assert scores.restricted(cols) is scores.restricted(cols.copy())
    assert scores.restricted(cols) is not scores.restricted(None)
    assert scores.block(np.array([0]), cols)[1].tolist() == [[0, 1000]]


def one_mentee_scores(mentee, mentors, rules) -> Scores:
    snapshot = workbook([{"Email": "e@x.org", **mentee}],
                        [{"Email": f"o{j}@x.org", **m} for j, m in enumerate(mentors)], rules)
    return engine.score(engine.load(snapshot, TODAY), TODAY)[0]


def test_a_score_exactly_on_a_half_tenth_rounds_up():
    # covers 7 of 10 items (0.7) at weight 1 of 8: 100 × 0.7 / 8 = 8.75 -> 8.8.
    items = ", ".join(f"t{k}" for k in range(10))
    scores = one_mentee_scores({"T": items, "F": "a"},
                               [{"T": ", ".join(f"t{k}" for k in range(7)), "F": "b"}],
                               [rule("Prefer", "T", "covers", "T"),
                                rule("Prefer", "F", "same", "F", weight=7)])
    assert scores.score(0, 0) == 8.8
    assert scores.block(slice(None))[1].tolist() == [[88]]


def test_without_prefer_weights_every_pair_scores_100():
    zero = Rule(2, "Prefer", "A", "same", "A", weight=0.0)
    must = Rule(3, "Must", "A", "differs", "A")
    mentees = [Person(f"e{k}@x.org", "", k + 2, []) for k in range(3)]
    mentors = [Person(f"o{k}@x.org", "", k + 2, []) for k in range(2)]
    left, right = ["x", "y", ""], ["x", "z"]
    scores = Scores(mentees, mentors, [Equality(zero, left, right), Equality(must, left, right)])
    allowed, tenths = scores.block(slice(None))
    assert tenths.tolist() == [[1000, 1000]] * 3
    assert allowed.tolist() == [[False, True], [True, True], [False, False]]
    assert scores.pair_scores(np.array([0, 2]), np.array([1, 0]))[1].tolist() == [1000, 1000]


@pytest.mark.parametrize(("similarities", "weights", "tenths"), [
    ([0.5, 1.0], [3, 1], 625),                   # 62.5 exactly
    ([1 / 3], [1], 333),
    ([2 / 3], [1], 667),
    ([0.7, 0.0], [1, 7], 88),                    # 87.5 exactly: half up
    ([0.25, 0.25, 0.25, 0.25], [1, 1, 1, 1], 250),
    ([1.0] * 40, [1] * 40, 1000),                # more rules than the smallest nudge
    ([0.0, 0.0], [1, 2], 0),
])
def test_units_round_half_up(similarities, weights, tenths):
    total = sum(float(w) for w in weights)
    units = sum(int(prefer_units(np.array([s]), w, total)[0])
                for s, w in zip(similarities, weights, strict=True))
    assert to_tenths(np.array([units]), rounding_offset(len(weights)))[0] == tenths


def test_units_fit_int32_and_the_nudge_is_small():
    assert prefer_units(np.array([1.0]), 1, 1)[0] == 1000 * UNITS_PER_TENTH
    assert 1000 * UNITS_PER_TENTH + rounding_offset(1000) < 2**31
    assert rounding_offset(5) - UNITS_PER_TENTH // 2 < UNITS_PER_TENTH / 10_000


def test_fitting_mentors_are_counted_once_per_must_profile_and_exceptions_alone():
    # Many distinct rare items make the Must table coarse: mentees who differ only in a rare
    # item share its row, and the mentors they share that item with are exceptions.
    people = [{"Email": f"e{k}@x.org", "L": f"{'abc'[k % 3]}, rare{k}", "D": k % 2}
              for k in range(240)]
    mentors = [{"Email": f"o{j}@x.org", "L": f"{'abcd'[j % 4]}, rare{7 * j}", "D": j % 3}
               for j in range(24)]
    rules = [rule("Must", "L", "overlaps", "L"), rule("Must", "D", "same", "D")]
    scores, _ = engine.score(engine.load(workbook(people, mentors, rules), TODAY), TODAY)
    tables = scores.restricted(None, musts_only=True)
    assert any(g.fix is not None for g in tables.must_groups)  # the exceptions path is taken
    rows = np.arange(240)[::-1]
    want = pairwise(scores, rows, np.arange(24))[0].sum(axis=1)
    np.testing.assert_array_equal(scores.must_counts(rows), want)
    # A Must rule scored per block (no table for it) is counted mentee by mentee.
    per_block = scores.restricted(None, TableLimits(floor=2, profile_share=0.0))
    assert per_block.must_groups and per_block.fallback == [0]
    np.testing.assert_array_equal(per_block.must_counts(rows), want)
