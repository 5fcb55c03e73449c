"""The assignment is optimal: checked against brute force and an independent MILP optimum."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from sheets_sync.matching.dense import assign, objective


def brute_force(allowed, tenths, capacity, priority=None) -> tuple[int, int, int]:
    """Best (priority pairs, pairs, total) over every way of giving each mentee a mentor or none."""
    n, m = allowed.shape
    best = (0, 0, 0)
    for choice in itertools.product(range(-1, m), repeat=n):
        used = np.bincount([c for c in choice if c >= 0], minlength=m)
        if (used > np.maximum(capacity, 0)).any():
            continue
        if any(c >= 0 and not allowed[i, c] for i, c in enumerate(choice)):
            continue
        pairs = [(i, c) for i, c in enumerate(choice) if c >= 0]
        best = max(best, objective(pairs, tenths, priority))
    return best


def milp_optimum(allowed, tenths, capacity) -> tuple[int, int, int]:
    """The same objective solved as an integer programme by HiGHS, not the Hungarian method."""
    n, m = allowed.shape
    cells = np.argwhere(allowed)
    bonus = 1000 * n + 1
    gain = bonus + tenths[cells[:, 0], cells[:, 1]].astype(float)
    rows = lil_matrix((n + m, len(cells)))
    for k, (i, j) in enumerate(cells):
        rows[i, k] = 1
        rows[n + j, k] = 1
    upper = np.concatenate([np.ones(n), np.maximum(capacity, 0)])
    result = milp(-gain, constraints=LinearConstraint(rows.tocsr(), 0, upper),
                  integrality=np.ones(len(cells)), bounds=Bounds(0, 1))
    chosen = cells[np.round(result.x).astype(bool)]
    return objective([tuple(c) for c in chosen], tenths)


def check_valid(pairs, allowed, capacity) -> None:
    mentees = [i for i, _ in pairs]
    assert len(mentees) == len(set(mentees)), "a mentee was given two mentors"
    used = np.bincount([j for _, j in pairs], minlength=allowed.shape[1])
    assert (used <= np.maximum(capacity, 0)).all(), "a mentor is over capacity"
    assert all(allowed[i, j] for i, j in pairs), "a pair breaks a Must rule"


@st.composite
def instances(draw, max_mentees=5, max_mentors=3):
    n = draw(st.integers(1, max_mentees))
    m = draw(st.integers(1, max_mentors))
    allowed = np.array(draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m))).reshape(n, m)
    tenths = np.array(draw(st.lists(st.integers(0, 1000), min_size=n * m, max_size=n * m)))
    capacity = np.array(draw(st.lists(st.integers(-1, 3), min_size=m, max_size=m)))
    priority = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    return allowed, tenths.reshape(n, m), capacity, priority


@settings(max_examples=300, deadline=None)
@given(instances())
def test_matches_brute_force_on_small_instances(instance):
    allowed, tenths, capacity, priority = instance
    pairs = assign(allowed, tenths, capacity)
    check_valid(pairs, allowed, capacity)
    assert objective(pairs, tenths) == brute_force(allowed, tenths, capacity)
    first = assign(allowed, tenths, capacity, priority)
    check_valid(first, allowed, capacity)
    assert objective(first, tenths, priority) == brute_force(allowed, tenths, capacity, priority)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_matches_independent_milp_optimum_at_300_by_120(seed):
    rng = np.random.default_rng(seed)
    allowed = rng.random((300, 120)) < 0.3
    tenths = rng.integers(0, 1001, size=(300, 120))
    capacity = rng.integers(1, 4, size=120)
    pairs = assign(allowed, tenths, capacity)
    check_valid(pairs, allowed, capacity)
    assert objective(pairs, tenths) == milp_optimum(allowed, tenths, capacity)


def test_prefers_matching_everyone_over_a_higher_total():
    # One mentee can only take mentor 0; giving mentor 0 to the other would score more but
    # leave someone without a mentor.
    allowed = np.array([[True, True], [True, False]])
    tenths = np.array([[1000, 0], [0, 0]])
    assert assign(allowed, tenths, np.array([1, 1])) == [(0, 1), (1, 0)]


def test_mentees_owed_a_new_mentor_come_first():
    allowed = np.array([[True], [True]])
    tenths = np.array([[900], [100]])
    assert assign(allowed, tenths, np.array([1])) == [(0, 0)]
    assert assign(allowed, tenths, np.array([1]), np.array([False, True])) == [(1, 0)]


def test_is_deterministic():
    allowed = np.ones((6, 3), dtype=bool)
    tenths = np.full((6, 3), 500)
    first = assign(allowed, tenths, np.array([2, 2, 2]))
    assert all(assign(allowed, tenths, np.array([2, 2, 2])) == first for _ in range(5))


def test_nothing_to_match():
    assert assign(np.zeros((3, 2), dtype=bool), np.zeros((3, 2)), np.array([1, 1])) == []
    assert assign(np.ones((3, 2), dtype=bool), np.zeros((3, 2)), np.array([0, 0])) == []
