"""The optimality certificate of the sparse assignment (:mod:`.sparse`).

The assignment is a b-matching LP (integral: the constraint matrix is totally unimodular)::

    max Σ w_ij x_ij   s.t.  Σ_j x_ij ≤ 1 (price u_i ≥ 0),  Σ_i x_ij ≤ c_j (price v_j ≥ 0).

An integral x and prices with u_i + v_j ≥ w_ij on *every allowed pair*, u_i + v_j = w_ij on the
chosen pairs, u_i = 0 for unmatched mentees and v_j = 0 for mentors with a free place give
Σ w x = Σ u + Σ c v ≥ the weight of any assignment: x is optimal for the full problem.

**Prices** come from the residual graph of the optimal flow (mentee → mentor at cost −w, sink →
unmatched mentee, sink → mentor with a pair, mentor with a free place → sink, and the reverse of
each chosen pair at cost +w). With d the shortest distances from the sink, u_i = d(i) and
v_j = max(0, −d(j)) meet every condition above on the candidate pairs (a matched mentee's only
way in is from its mentor, so chosen pairs are tight). Distances are computed on the mentors
only, by vectorised Bellman-Ford: a matched mentee i of mentor k leads on to mentor j at cost
w_ik − w_ij = tenths_ik − tenths_ij, and an unmatched mentee starts a path at cost −w_ij.
:func:`check_duals` then checks every condition exactly (int64) rather than trusting this.

The shortest paths are not scipy's ``bellman_ford``/``johnson``: those sweep every arc N − 1
times without stopping early (O(N·E) always); the sweeps here stop when nothing improves, which
takes a few dozen rounds in practice (m + 1 at worst, then it is a negative cycle: the flow is
not optimal on the graph, which is a bug after a solve and the expected answer when a solution
is tried on a grown graph, with a cap on the sweeps).

Pricing — finding the pairs that break these prices among *all* pairs — is in
:mod:`.pricing`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sheets_sync.matching.graph import Candidates, Scorer, Weights, stable_order

UNREACHED = 2**62


class DualCheckError(RuntimeError):
    """The candidate solution and its prices do not form a valid certificate (a bug)."""


@dataclass
class Violators:
    rows: np.ndarray
    cols: np.ndarray
    tenths: np.ndarray
    reduced: np.ndarray
    rescanned: int = 0
    strict: int = 0         # pairs with a positive reduced cost (the rest are within slack)


def dual_prices(n_mentees: int, capacity: np.ndarray, priority: np.ndarray, cands: Candidates,
                chosen: np.ndarray, weights: Weights, most_sweeps: int | None = None
                ) -> tuple[np.ndarray, np.ndarray, int]:
    """Prices (u per mentee, v per mentor) from shortest paths in the residual graph, and the
    sweeps that took. Past ``most_sweeps`` (default: as many as a shortest path can need)
    the flow is taken as not optimal."""
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
    order = stable_order(heads, m)
    heads = heads[order]
    tails = mate[rows[step]][order]
    cost = (mate_tenths[rows[step]] - tenths[step])[order]
    targets, starts = np.unique(heads, return_index=True)
    sweeps, limit = 0, min(m + 1, most_sweeps or m + 1)
    while targets.size:
        # One vectorised sweep over every arc per round, until nothing improves.
        if sweeps == limit:
            raise DualCheckError("negative cycle: the candidate flow is not optimal")
        sweeps += 1
        best = np.minimum.reduceat(dist[tails] + cost, starts)
        better = best < dist[targets]
        if not better.any():
            break
        dist[targets[better]] = best[better]

    u = np.zeros(n_mentees, dtype=np.int64)
    matched = mate >= 0
    u[matched] = dist[mate[matched]] + weights.of(priority[matched], mate_tenths[matched])
    v = np.where(dist < 0, -dist, 0).astype(np.int64)
    return u, v, sweeps


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


def find_violators(scorer: Scorer, priority: np.ndarray, weights: Weights, u: np.ndarray,
                   v: np.ndarray, rows: np.ndarray | None = None) -> Violators:
    """Every allowed pair of ``rows`` (default: all mentees) with w_ij − u_i − v_j > 0.

    The plain exhaustive check, streaming every block: an independent audit of a certificate.
    """
    found: list[tuple[np.ndarray, ...]] = []
    rescanned = 0
    for part, allowed, tenths in scorer.blocks(rows):
        rescanned += part.size
        reduced = reduced_costs(weights, priority[part], u[part], v, tenths)
        r, c = np.nonzero(allowed & (reduced > 0))
        found.append((part[r], c.astype(np.int64), tenths[r, c].astype(np.int64), reduced[r, c]))
    return collect_violators(found, rescanned)


def reduced_costs(weights: Weights, priority: np.ndarray, u: np.ndarray, v: np.ndarray,
             tenths: np.ndarray) -> np.ndarray:
    """w_ij − u_i − v_j for one block, int64."""
    row_part = weights.pair + weights.first * priority.astype(np.int64) - u
    reduced = tenths.astype(np.int64)
    reduced += row_part[:, None]
    reduced -= v
    return reduced


def collect_violators(found: list[tuple[np.ndarray, ...]], rescanned: int) -> Violators:
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return Violators(empty, empty, empty, empty, rescanned)
    rows, cols, tenths, reduced = (np.concatenate(part) for part in zip(*found, strict=True))
    return Violators(rows, cols, tenths, reduced, rescanned)
