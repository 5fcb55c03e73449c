"""Optimal assignment of mentees to mentors under capacity and the Must rules.

The objective, in order: match as many mentees as the Must rules and capacity allow, then
maximise the total score of the new pairs. Solved exactly with the Hungarian method
(``scipy.optimize.linear_sum_assignment``) over one column per free capacity slot.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment


def assign(allowed: np.ndarray, tenths: np.ndarray, capacity: np.ndarray) -> list[tuple[int, int]]:
    """Best (mentee, mentor) index pairs, sorted by mentee.

    allowed: bool mentees × mentors (every Must rule passes and the pair is not barred);
    tenths: int scores × 10; capacity: free places per mentor (≤ 0 means full).
    """
    allowed = np.asarray(allowed, dtype=bool) & (np.asarray(capacity)[None, :] > 0)
    rows = np.flatnonzero(allowed.any(axis=1))
    cols = np.flatnonzero(allowed.any(axis=0))
    if rows.size == 0:
        return []
    sub_allowed = allowed[np.ix_(rows, cols)]
    # A mentor never needs more slots than the mentees it could take.
    slots = np.minimum(np.asarray(capacity)[cols], sub_allowed.sum(axis=0))
    slot_owner = np.repeat(np.arange(cols.size), slots)
    weight = pair_weight(np.asarray(tenths)[np.ix_(rows, cols)], rows.size)
    gain = np.where(sub_allowed, weight, 0.0)[:, slot_owner]
    chosen_rows, chosen_slots = linear_sum_assignment(gain, maximize=True)
    pairs = [(int(rows[r]), int(cols[slot_owner[s]])) for r, s in zip(chosen_rows, chosen_slots,
                                                                       strict=True)
             if sub_allowed[r, slot_owner[s]]]
    return sorted(pairs)


def pair_weight(tenths: np.ndarray, mentees: int) -> np.ndarray:
    """Weight of a pair: a bonus that outweighs any score difference, plus its score.

    With every score in 0..1000 tenths, one more matched mentee (bonus 1000 × n + 1) is worth
    more than the whole score of any n pairs; the sum stays exact in float64.
    """
    return (1000.0 * mentees + 1.0) + np.asarray(tenths, dtype=np.float64)


def objective(pairs: list[tuple[int, int]], tenths: np.ndarray) -> tuple[int, int]:
    """(pairs made, total score in tenths): the two things assign() maximises, in order."""
    return len(pairs), int(sum(int(tenths[i, j]) for i, j in pairs))
