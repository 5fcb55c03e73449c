"""Optimality certificate for the sparse assignment (:mod:`sheets_sync.sparse_matching`).

The assignment is a b-matching LP (integral: the constraint matrix is totally unimodular)::

    max Σ w_ij x_ij   s.t.  Σ_j x_ij ≤ 1 (price u_i ≥ 0),  Σ_i x_ij ≤ c_j (price v_j ≥ 0).

An integral x and prices with u_i + v_j ≥ w_ij on *every allowed pair*, u_i + v_j = w_ij on the
chosen pairs, u_i = 0 for unmatched mentees and v_j = 0 for mentors with a free place give
Σ w x = Σ u + Σ c v ≥ any assignment's weight: x is optimal for the full problem.

Prices come from the residual graph of the optimal flow (mentee → mentor at cost −w, sink →
unmatched mentee, sink → mentor with a pair, mentor with a free place → sink, and the reverse
of each chosen pair at cost +w). With d the shortest distances from the sink, u_i = d(i) and
v_j = max(0, −d(j)) meet all the conditions above on the candidate pairs (a matched mentee's
only way in is from its mentor, so equality holds on chosen pairs). The distances are computed
on the mentors only: a matched mentee i of mentor k passes on to mentor j at cost
w_ik − w_ij = tenths_ik − tenths_ij; an unmatched mentee starts a path at cost −w_ij.

Pricing then looks for allowed pairs with w_ij > u_i + v_j among *all* pairs. Every allowed
pair left out of the candidates weighs at most the k-th best of its mentee (``row_floor``) and
of its mentor (``col_floor``), so it can break the certificate only when
``min(row_floor_i, col_floor_j) > u_i + v_j``; the "bound" pricing rescans just the mentees for
which some mentor allows that (found with one sort of the mentors by v), which proves the rest.
"full" pricing rescans everyone. Both return the same pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sheets_sync.sparse_matching import Candidates, Scorer, Weights

NO_FLOOR = int(np.iinfo(np.int64).min // 4)
UNREACHED = 2**62


class DualCheckError(RuntimeError):
    """The candidate solution and its prices do not form a valid certificate (a bug)."""


@dataclass
class Violators:
    rows: np.ndarray
    cols: np.ndarray
    tenths: np.ndarray
    reduced: np.ndarray
    rescanned: int


def dual_prices(n_mentees: int, capacity: np.ndarray, priority: np.ndarray, cands: Candidates,
                chosen: np.ndarray, weights: Weights) -> tuple[np.ndarray, np.ndarray]:
    """Prices (u per mentee, v per mentor) from shortest paths in the residual graph."""
    m = capacity.size
    rows, cols, tenths = cands.rows, cands.cols, cands.tenths
    mate = np.full(n_mentees, -1, dtype=np.int64)
    mate[rows[chosen]] = cols[chosen]
    mate_tenths = np.zeros(n_mentees, dtype=np.int64)
    mate_tenths[rows[chosen]] = tenths[chosen]
    load = np.bincount(cols[chosen], minlength=m)

    dist = np.where(load > 0, 0, UNREACHED).astype(np.int64)
    free = mate[rows] < 0
    np.minimum.at(dist, cols[free], -weights.of(priority[rows[free]], tenths[free]))
    step = ~free & ~chosen
    heads = cols[step]
    order = np.argsort(heads, kind="stable")
    heads = heads[order]
    tails = mate[rows[step]][order]
    cost = (mate_tenths[rows[step]] - tenths[step])[order]
    targets, starts = np.unique(heads, return_index=True)
    if targets.size:
        # Bellman-Ford, one vectorised sweep over every arc per round, until nothing improves.
        for _ in range(m + 1):
            best = np.minimum.reduceat(dist[tails] + cost, starts)
            better = best < dist[targets]
            if not better.any():
                break
            dist[targets[better]] = best[better]
        else:
            raise DualCheckError("negative cycle: the candidate flow is not optimal")

    u = np.zeros(n_mentees, dtype=np.int64)
    matched = mate >= 0
    u[matched] = dist[mate[matched]] + weights.of(priority[matched], mate_tenths[matched])
    v = np.where(dist < 0, -dist, 0).astype(np.int64)
    return u, v


def check_duals(n_mentees: int, capacity: np.ndarray, priority: np.ndarray, cands: Candidates,
                chosen: np.ndarray, weights: Weights, u: np.ndarray, v: np.ndarray) -> None:
    """Raise DualCheckError unless (u, v) certify ``chosen`` on the candidate graph."""
    rows, cols = cands.rows, cands.cols
    if (u < 0).any() or (v < 0).any():
        raise DualCheckError("a negative price")
    matched = np.zeros(n_mentees, dtype=bool)
    matched[rows[chosen]] = True
    if (u[~matched] != 0).any():
        raise DualCheckError("an unmatched mentee with a positive price")
    load = np.bincount(cols[chosen], minlength=capacity.size)
    if (load > np.maximum(capacity, 0)).any() or np.bincount(rows[chosen]).max(initial=0) > 1:
        raise DualCheckError("the candidate solution breaks a capacity")
    if ((load < capacity) & (v != 0)).any():
        raise DualCheckError("a mentor with a free place has a positive price")
    slack = u[rows] + v[cols] - weights.of(priority[rows], cands.tenths)
    if (slack < 0).any():
        raise DualCheckError("a candidate pair has a positive reduced cost")
    if (slack[chosen] != 0).any():
        raise DualCheckError("a chosen pair is not tight")


def suspect_rows(cands: Candidates, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Mentees with a left-out pair that might have a positive reduced cost (the rest are proved).

    Left-out (i, j) has w_ij ≤ min(row_floor_i, col_floor_j); it can violate only if
    v_j < row_floor_i − u_i and col_floor_j − v_j > u_i.
    """
    reach = cands.row_floor - u
    live = (cands.row_floor > NO_FLOOR) & (reach > 0)
    open_cols = cands.col_floor > NO_FLOOR
    if not open_cols.any():
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(v[open_cols], kind="stable")
    prices = v[open_cols][order]
    most_gap = np.maximum.accumulate((cands.col_floor - v)[open_cols][order])
    below = np.searchsorted(prices, reach, side="left")
    could = live & (below > 0)
    could[could] = most_gap[below[could] - 1] > u[could]
    return np.flatnonzero(could)


def find_violators(scorer: Scorer, priority: np.ndarray, cands: Candidates, weights: Weights,
                   u: np.ndarray, v: np.ndarray, *, full: bool = False,
                   per_mentee: int = 10) -> Violators:
    """Allowed pairs with w_ij − u_i − v_j > 0: at most ``per_mentee`` (largest first) each."""
    rows_to_scan = None if full else suspect_rows(cands, u, v)
    found: list[tuple[np.ndarray, ...]] = []
    rescanned = 0
    for rows, allowed, tenths in scorer.blocks(rows_to_scan):
        rescanned += rows.size
        reduced = (weights.of(priority[rows][:, None], tenths) - u[rows][:, None]) - v
        r, c = np.nonzero(allowed & (reduced > 0))
        if r.size:
            found.append((rows[r], c.astype(np.int64), tenths[r, c].astype(np.int64),
                          reduced[r, c]))
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return Violators(empty, empty, empty, empty, rescanned)
    rows, cols, tenths, reduced = (np.concatenate(part) for part in zip(*found, strict=True))
    order = np.lexsort((cols, -reduced, rows))
    rows, cols, tenths, reduced = rows[order], cols[order], tenths[order], reduced[order]
    first_of_row = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(rows.size) - np.repeat(first_of_row, np.diff(np.r_[first_of_row,
                                                                        rows.size]))
    keep = rank < per_mentee
    return Violators(rows[keep], cols[keep], tenths[keep], reduced[keep], rescanned)
