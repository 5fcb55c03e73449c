"""The sparse solver reaches the dense optimum, proves it, and its certificate catches errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sheets_sync.matching import tops
from sheets_sync.matching.certify import check_duals, dual_prices, find_violators
from sheets_sync.matching.dense import assign, objective
from sheets_sync.matching.graph import Candidates, Scorer, Weights
from sheets_sync.matching.scan import scan_candidates
from sheets_sync.matching.sparse import assign_sparse, solve_candidates
from sheets_sync.matching.tops import tie_shift, top_per_row


def scorer_of(allowed, tenths, calls=None):
    def block_scores(rows):
        if calls is not None:
            calls.append(np.array(rows))
        return allowed[rows], tenths[rows]
    return block_scores


def check_valid(pairs, allowed, capacity) -> None:
    mentees = [i for i, _ in pairs]
    assert len(mentees) == len(set(mentees)), "a mentee was given two mentors"
    used = np.bincount([j for _, j in pairs], minlength=allowed.shape[1])
    assert (used <= np.maximum(capacity, 0)).all(), "a mentor is over capacity"
    assert all(allowed[i, j] for i, j in pairs), "a pair breaks a Must rule"
    assert pairs == sorted(pairs)


def audit(result, allowed, tenths, capacity, priority) -> None:
    """Check the returned certificate independently: prices feasible on every allowed pair,
    tight on the pairs, zero where slack — so the pairs are optimal whatever the solver did."""
    n, m = allowed.shape
    u, v = result.prices
    weights = Weights.for_problem(n, np.asarray(capacity))
    first = np.zeros(n, dtype=bool) if priority is None else priority
    scorer = Scorer(scorer_of(allowed, tenths), n, np.asarray(capacity), None)
    assert find_violators(scorer, first, weights, u, v).rows.size == 0
    rows = np.array([i for i, _ in result.pairs], dtype=np.int64)
    cols = np.array([j for _, j in result.pairs], dtype=np.int64)
    pairs = Candidates(rows, cols, tenths[rows, cols].astype(np.int64))
    check_duals(n, np.asarray(capacity, dtype=np.int64), first, pairs,
                np.ones(rows.size, dtype=bool), weights, u, v)


@st.composite
def instances(draw, max_mentees=14, max_mentors=6):
    n = draw(st.integers(1, max_mentees))
    m = draw(st.integers(1, max_mentors))
    density = draw(st.sampled_from([0.2, 0.5, 0.9]))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    allowed = rng.random((n, m)) < density
    top = draw(st.sampled_from([2, 30, 1000]))        # few distinct scores: many ties
    tenths = rng.integers(0, top + 1, size=(n, m))
    capacity = rng.integers(-1, 4, size=m)
    priority = rng.random(n) < draw(st.sampled_from([0.0, 0.3]))
    return allowed, tenths, capacity, priority


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from([1, 2, 4]), st.sampled_from([None, 1, 3]),
       st.integers(1, 5), st.sampled_from(["bound", "full"]))
def test_reaches_the_dense_optimum_and_proves_it(instance, k, depth, block, pricing):
    allowed, tenths, capacity, priority = instance
    n = allowed.shape[0]
    dense = objective(assign(allowed, tenths, capacity, priority), tenths, priority)
    result = assign_sparse(scorer_of(allowed, tenths), n, capacity, priority, k=k, depth=depth,
                           block=block, pricing=pricing)
    assert result.certified, result.note
    check_valid(result.pairs, allowed, capacity)
    assert result.objective == objective(result.pairs, tenths, priority) == dense
    audit(result, allowed, tenths, capacity, priority)
    again = assign_sparse(scorer_of(allowed, tenths), n, capacity, priority, k=k, depth=depth,
                          block=block, pricing=pricing)
    assert (again.pairs, again.objective, again.rounds, again.candidates) == (
        result.pairs, result.objective, result.rounds, result.candidates)


@settings(max_examples=60, deadline=None)
@given(instances(max_mentees=40, max_mentors=12))
def test_without_priority_and_with_ties_between_equal_optima(instance):
    allowed, tenths, capacity, _ = instance
    n = allowed.shape[0]
    dense = objective(assign(allowed, tenths, capacity), tenths)
    result = assign_sparse(scorer_of(allowed, tenths), n, capacity, k=1, depth=1, slack=0)
    assert result.certified
    assert result.objective == dense
    check_valid(result.pairs, allowed, capacity)


def test_small_k_exercises_the_pricing_loop():
    """With k = 1 the first graph is rarely enough: more solves and rescans must happen."""
    rounds, rescans = [], []
    for seed in range(25):
        rng = np.random.default_rng(seed)
        n, m = 40, 12
        allowed = rng.random((n, m)) < 0.5
        tenths = rng.integers(0, 1001, size=(n, m))
        capacity = rng.integers(1, 4, size=m)
        priority = rng.random(n) < 0.2
        result = assign_sparse(scorer_of(allowed, tenths), n, capacity, priority, k=1, depth=1,
                               slack=0)
        assert result.certified
        assert result.objective == objective(assign(allowed, tenths, capacity, priority),
                                             tenths, priority)
        rounds.append(result.rounds)
        rescans.append(result.passes)
    assert max(rounds) > 1
    assert max(rescans) > 2          # pricing found pairs by rescanning, then checked again


def test_a_rescanned_mentee_is_suspect_again_only_for_price_moves_since_its_own_rescan():
    """Bounds are kept against the prices each mentee was last rescanned at: at those same
    prices, only a mentee with as many violators as the reserve holds needs another look."""
    rng = np.random.default_rng(3)
    n, m, depth = 60, 8, 2
    allowed = rng.random((n, m)) < 0.8
    tenths = rng.integers(0, 1001, size=(n, m))
    capacity, first = np.full(m, 2), np.zeros(n, dtype=bool)
    weights = Weights.for_problem(n, capacity)
    scorer = Scorer(scorer_of(allowed, tenths), n, capacity, None)
    _graph, pricer = scan_candidates(scorer, first, 1, depth, weights)
    u = np.full(n, weights.pair + 900, dtype=np.int64)
    before = np.full(m, 60, dtype=np.int64)
    after = before.copy()
    after[:2] = 0                                  # two mentors got cheaper
    pricer.price(u, before, 1, full=True)
    moved = pricer.suspects(u, after)
    assert 0 < moved.size < n // 2                # a partial rescan follows
    pricer.price(u, after, 1, full=False)
    again = pricer.suspects(u, after)
    violators = np.bincount(find_violators(scorer, first, weights, u, after).rows, minlength=n)
    assert again.size < moved.size
    assert (violators[again] >= depth).all()


def medium(seed: int, n: int = 2000, m: int = 700):
    rng = np.random.default_rng(seed)
    allowed = rng.random((n, m)) < 0.3
    tenths = rng.integers(0, 1001, size=(n, m))
    capacity = rng.integers(1, 5, size=m)
    priority = rng.random(n) < 0.05
    return allowed, tenths, capacity, priority


@pytest.mark.parametrize("seed", [1, 2])
def test_medium_program_matches_the_dense_optimum(seed):
    allowed, tenths, capacity, priority = medium(seed)
    n = allowed.shape[0]
    dense = objective(assign(allowed, tenths, capacity, priority), tenths, priority)
    calls: list[np.ndarray] = []
    result = assign_sparse(scorer_of(allowed, tenths, calls), n, capacity, priority,
                           block=256)
    assert result.certified
    assert result.objective == dense
    check_valid(result.pairs, allowed, capacity)
    audit(result, allowed, tenths, capacity, priority)
    assert max(len(rows) for rows in calls) <= 256         # streamed in blocks
    assert all((np.diff(rows) > 0).all() for rows in calls)
    # The block size changes the work, not the answer; full pricing reaches the same value.
    assert assign_sparse(scorer_of(allowed, tenths), n, capacity, priority).pairs == (
        result.pairs)
    other = assign_sparse(scorer_of(allowed, tenths), n, capacity, priority, pricing="full")
    assert other.certified and other.objective == dense


@pytest.mark.parametrize("slack", [0, 50, 100])
def test_slack_changes_the_work_never_the_optimum(slack):
    """Small k leaves many pairs out: several rounds of pricing, with rescans every round once
    they have begun, and reserve pairs near violating joining the graph."""
    allowed, tenths, capacity, priority = medium(7, n=600, m=200)
    dense = objective(assign(allowed, tenths, capacity, priority), tenths, priority)
    result = assign_sparse(scorer_of(allowed, tenths), 600, capacity, priority, k=1, depth=2,
                           slack=slack)
    assert result.certified and result.objective == dense
    assert result.rounds > 1 and result.passes > 2
    audit(result, allowed, tenths, capacity, priority)


def test_medium_program_with_more_places_than_mentees():
    allowed, tenths, capacity, priority = medium(3, n=700, m=700)
    dense = objective(assign(allowed, tenths, capacity, priority), tenths, priority)
    result = assign_sparse(scorer_of(allowed, tenths), 700, capacity, priority, k=4)
    assert result.certified and result.objective == dense


def test_certificate_catches_a_candidate_set_missing_the_optimal_pairs():
    allowed, tenths, capacity, priority = medium(4, n=300, m=120)
    n, m = allowed.shape
    best = assign(allowed, tenths, capacity, priority)
    optimum = objective(best, tenths, priority)
    # Every allowed pair except those the optimum uses.
    missing = np.zeros_like(allowed)
    missing[tuple(np.array(best).T)] = True
    rows, cols = np.nonzero(allowed & ~missing)
    cands = Candidates(rows.astype(np.int64), cols.astype(np.int64),
                       tenths[rows, cols].astype(np.int64))
    weights = Weights.for_problem(n, capacity)
    capacity = capacity.astype(np.int64)
    chosen = solve_candidates(n, capacity, priority, cands)
    worse = objective(list(zip(rows[chosen], cols[chosen], strict=True)), tenths, priority)
    assert worse < optimum
    u, v, _sweeps = dual_prices(n, capacity, priority, cands, chosen, weights)
    check_duals(n, capacity, priority, cands, chosen, weights, u, v)   # fine on the candidates
    found = find_violators(Scorer(scorer_of(allowed, tenths), n, capacity, 64), priority,
                           weights, u, v)
    assert found.rows.size > 0
    assert missing[found.rows, found.cols].all()      # only left-out pairs can violate
    assert (found.reduced > 0).all()


def test_certificate_rejects_prices_that_are_not_tight():
    allowed, tenths, capacity, priority = medium(5, n=60, m=20)
    n = allowed.shape[0]
    rows, cols = np.nonzero(allowed)
    cands = Candidates(rows.astype(np.int64), cols.astype(np.int64),
                       tenths[rows, cols].astype(np.int64))
    weights = Weights.for_problem(n, capacity)
    capacity = capacity.astype(np.int64)
    chosen = solve_candidates(n, capacity, priority, cands)
    u, v, _sweeps = dual_prices(n, capacity, priority, cands, chosen, weights)
    u[rows[chosen][0]] += 1
    with pytest.raises(Exception, match="tight"):
        check_duals(n, capacity, priority, cands, chosen, weights, u, v)


def test_gives_up_honestly_when_rounds_run_out():
    allowed, tenths, capacity, priority = medium(6, n=200, m=60)
    result = assign_sparse(scorer_of(allowed, tenths), 200, capacity, priority, k=1, depth=1,
                           max_rounds=1, slack=0)
    assert not result.certified
    assert "rounds" in result.note and result.prices is None
    check_valid(result.pairs, allowed, capacity)


def test_prefers_matching_everyone_and_priority_first():
    allowed = np.array([[True, True], [True, False]])
    tenths = np.array([[1000, 0], [0, 0]])
    assert assign_sparse(scorer_of(allowed, tenths), 2, np.array([1, 1]), k=1).pairs == [
        (0, 1), (1, 0)]
    allowed = np.array([[True], [True]])
    tenths = np.array([[900], [100]])
    assert assign_sparse(scorer_of(allowed, tenths), 2, np.array([1])).pairs == [(0, 0)]
    assert assign_sparse(scorer_of(allowed, tenths), 2, np.array([1]),
                         np.array([False, True])).pairs == [(1, 0)]


def test_nothing_to_match():
    none = scorer_of(np.zeros((3, 2), dtype=bool), np.zeros((3, 2), dtype=int))
    result = assign_sparse(none, 3, np.array([1, 1]))
    assert (result.pairs, result.objective, result.certified) == ([], (0, 0, 0), True)
    full = scorer_of(np.ones((3, 2), dtype=bool), np.zeros((3, 2), dtype=int))
    assert assign_sparse(full, 3, np.array([0, -1])).pairs == []
    assert assign_sparse(full, 0, np.array([1, 1])).pairs == []


def test_rejects_a_bad_scorer():
    allowed = np.ones((4, 3), dtype=bool)
    with pytest.raises(ValueError, match="rows"):
        assign_sparse(lambda rows: (allowed[rows, :2], np.zeros((len(rows), 2))), 4,
                      np.array([1, 1, 1]))
    with pytest.raises(ValueError, match="0..1000"):
        assign_sparse(lambda rows: (allowed[rows], np.full((len(rows), 3), 1001)), 4,
                      np.array([1, 1, 1]))
    with pytest.raises(ValueError, match="whole"):
        assign_sparse(lambda rows: (allowed[rows], np.full((len(rows), 3), 0.5)), 4,
                      np.array([1, 1, 1]))
    # Out-of-range scores on pairs that are not allowed are ignored.
    odd = np.where(np.eye(4, 3, dtype=bool), 500, -7)
    result = assign_sparse(lambda rows: (np.eye(4, 3, dtype=bool)[rows], odd[rows]), 4,
                           np.array([1, 1, 1]))
    assert result.pairs == [(0, 0), (1, 1), (2, 2)]


def test_weights_are_lexicographic_and_fit():
    weights = Weights.for_problem(50_000, np.full(17_000, 4))
    # One more priority pair beats any change in the others; one more pair any scores.
    most = 50_000
    assert weights.first > most * (weights.pair + 1000)
    assert weights.pair > 1000 * most
    with pytest.raises(OverflowError):
        Weights.for_problem(10**9, np.full(10, 10**8))


def check_top_per_row(rank: np.ndarray, width: int, shift: np.ndarray) -> None:
    b, m = rank.shape
    keys, more = top_per_row(rank, width, shift)
    for r in range(b):
        c = np.flatnonzero(rank[r])
        every = rank[r, c].astype(np.int64) * m + (m - 1 - (c + shift[r]) % m)
        best = np.sort(every)[-width:]
        assert keys[r].tolist() == [0] * (width - best.size) + best.tolist()
        assert more[r] == (c.size > width)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), st.integers(1, 60), st.integers(1, 12),
       st.sampled_from([1, 2, 4, 1002, 32767]), st.floats(0, 1), st.integers(0, 2**32 - 1))
def test_top_per_row_keeps_the_best_keys_with_ties(b, m, width, values, present, seed):
    rng = np.random.default_rng(seed)
    width = min(width, m)
    rank = (rng.integers(1, values + 1, (b, m)) * (rng.random((b, m)) < present)).astype(
        np.int16)
    check_top_per_row(rank, width, tie_shift(np.arange(b) * 7 + seed % 5, m))


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6), st.integers(200, 3000), st.integers(1, 64),
       st.sampled_from([1, 3, 40, 1002, 32767]), st.floats(0, 1), st.booleans(),
       st.integers(0, 2**32 - 1))
def test_top_per_row_guesses_its_cut_off_from_a_sample(b, m, width, values, present, skewed,
                                                       seed):
    # Wide rows guess each row's cut-off from a sample of columns; a row whose sample misleads
    # (its best entries all in the columns the sample skips) is sorted whole instead.
    rng = np.random.default_rng(seed)
    rank = (rng.integers(1, values + 1, (b, m)) * (rng.random((b, m)) < present)).astype(
        np.int16)
    if skewed:
        rank[:, ::tops.SAMPLE] = np.minimum(rank[:, ::tops.SAMPLE], 1)
    check_top_per_row(rank, width, tie_shift(np.arange(b) * 7 + seed % 5, m))
