"""Free-text lists (interests typed by hand: any case, any separator, typos, one-off items)
score exactly as ticked boxes do, however their items are split into frequent ones (counted
as dense rows) and rare ones (the pairs sharing them listed), and whatever the score tables
read: a coarse table plus its exceptions, a merged table, or the rule per block."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_score_tables import assert_same, limits, pairwise
from workbooks import rule, workbook

from sheets_sync import engine
from sheets_sync.scoring.evaluators import Sets
from sheets_sync.scoring.items import SharedItems
from sheets_sync.scoring.scores import Scores

TODAY = dt.date(2026, 11, 24)
WORDS = ["Hiking", "hiking ", "HIKING", "hikng", "Chess", "chess", "Jazz", "jaz", "Rock climbing",
         "rock  climbing", "Any", "No preference", "k-pop", "Pottery", "sci-fi", "Baking"]
SEPARATORS = [", ", ",", "; ", "\n", " , "]

lists = st.one_of(
    st.sampled_from([None, "", "  "]),
    st.tuples(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
              st.sampled_from(SEPARATORS)).map(lambda t: t[1].join(t[0])))
TESTS = ["overlaps", "covers", "mentee accepts"]


@st.composite
def snapshots(draw, max_mentees=16, max_mentors=9):
    chosen = draw(st.lists(st.sampled_from(TESTS), min_size=1, max_size=3))
    rules = [rule(draw(st.sampled_from(["Must", "Prefer"])), "Likes", test, "Likes", None,
                  draw(st.sampled_from([None, 1, 2.5]))) for test in chosen]
    rules.append(rule("Prefer", "Field", "same", "Field", None, 1))
    people = []
    for prefix, most in (("e", max_mentees), ("o", max_mentors)):
        group = draw(st.lists(st.fixed_dictionaries(
            {"Likes": lists, "Field": st.sampled_from(["a", "b", None])}),
            min_size=1, max_size=most))
        for k, row in enumerate(group):
            row["Email"] = f"{prefix}{k}@x.org"
        people.append(group)
    return workbook(*people, rules)


@contextmanager
def split_items(most_frequent: int, table_limit: int = SharedItems.TABLE_LIMIT):
    """Every list test splits its items (at most ``most_frequent`` frequent ones), as large
    free-text programs do."""
    saved = SharedItems.MOST_FREQUENT, SharedItems.RARE_COST, SharedItems.TABLE_LIMIT
    SharedItems.MOST_FREQUENT, SharedItems.RARE_COST = most_frequent, 0
    SharedItems.TABLE_LIMIT = table_limit
    try:
        yield
    finally:
        SharedItems.MOST_FREQUENT, SharedItems.RARE_COST, SharedItems.TABLE_LIMIT = saved


def scored(snapshot) -> Scores:
    return engine.score(engine.load(snapshot, TODAY), TODAY)[0]


def shared_by_hand(evaluator: Sets, i: int, j: int) -> int:
    return len(set(evaluator.mentee_items[i]) & set(evaluator.mentor_items[j]))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), st.sampled_from([0, 1, 2, 3]), st.sampled_from([0, 10**9]))
def test_shared_items_are_counted_exactly_however_items_are_split(snapshot, most, table):
    with split_items(most, table):
        scores = scored(snapshot)
    n, m = len(scores.mentees), len(scores.mentors)
    for evaluator in scores.evaluators:
        if not isinstance(evaluator, Sets):
            continue
        want = np.array([[shared_by_hand(evaluator, i, j) for j in range(m)]
                         for i in range(n)])
        np.testing.assert_array_equal(evaluator.shared.cross(np.arange(n)), want)
        i, j = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
        np.testing.assert_array_equal(evaluator.shared.pairs(i.ravel(), j.ravel()),
                                      want.ravel())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots(), st.sampled_from([0, 1, 2]), limits, st.data())
def test_coarse_tables_and_their_exceptions_equal_the_pair_scores(snapshot, most, chosen,
                                                                  data):
    with split_items(most):
        scores = scored(snapshot)
    reference = scored(snapshot)  # items not split: every list has its own table row
    n, m = len(scores.mentees), len(scores.mentors)
    cols = np.array(data.draw(st.lists(st.integers(0, m - 1), max_size=2 * m)), dtype=np.int64)
    rows = np.array(data.draw(st.lists(st.integers(0, n - 1), max_size=2 * n)), dtype=np.int64)
    want = pairwise(reference, rows, cols)
    for got, expected in zip(pairwise(scores, rows, cols), want, strict=True):
        np.testing.assert_array_equal(got, expected)
    assert_same(scores.restricted(cols, chosen).block(rows), want)
    assert_same(scores.restricted(None, chosen).block(rows), pairwise(reference, rows,
                                                                      np.arange(m)))


def test_typed_interests_split_into_frequent_and_rare_items():
    common = ["hiking", "chess", "jazz"]
    mentees = [{"Email": f"e{k}@x.org", "Likes": ", ".join(
        [common[k % 3], common[(k + 1) % 3], f"one-off {k}"])} for k in range(60)]
    mentors = [{"Email": f"o{k}@x.org", "Likes": f"{common[k % 3]}; one-off {k}"}
               for k in range(20)]
    rules = [rule("Prefer", "Likes", "overlaps", "Likes", None, 1)]
    scores = scored(workbook(mentees, mentors, rules))
    evaluator = scores.evaluators[0]
    assert evaluator.coarse and evaluator.shared.frequent == 3
    assert len(set(evaluator.table_profiles())) == 3 < len(set(evaluator.profiles())) == 60
    exceptions = evaluator.exceptions()
    assert list(zip(exceptions.i, exceptions.j, strict=True)) == [(k, k) for k in range(20)]
    tables = scores.restricted(None)
    assert tables.groups[0].count == 3
    everyone = np.arange(60), np.arange(20)
    assert_same(tables.block(everyone[0]), pairwise(scores, *everyone))
