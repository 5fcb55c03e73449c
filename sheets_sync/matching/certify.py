"""Optimality certificate and pricing for the sparse assignment (:mod:`.sparse`).

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

**Pricing** looks for allowed pairs with reduced cost w_ij − u_i − v_j > 0 among *all* pairs.
Pairs in the in-memory reserve are priced first, without the scorer. A pair outside it obeys
two upper bounds, which prove most mentees without rescanning them:

* from the first pass, w_ij ≤ ``row_top_i`` (its mentee's depth-th best weight) and
  w_ij ≤ ``col_top_j`` (its mentor's);
* from the last pass that rescanned mentee i, with the prices (u_ref_i, v_ref) of that pass,
  w_ij − u_ref_i − v_ref_j ≤ ``floor_i`` (the depth-th best of that row), which tightens as the
  prices settle.

A mentee is rescanned only if some mentor passes both tests (one sort of the mentors per
pass the suspects were last rescanned in); a rescan prices its row exactly and keeps its depth
best pairs (by reduced cost) in the reserve. Each pass keeps the mentors' prices it priced
against, so a mentee's floor only has to allow for the price moves since its own last rescan
(against the last full pass's prices, the same few thousand mentees at 50,000 stayed suspect
round after round). When half the mentees or more are suspect the pass covers everyone.
``find_violators`` is the plain exhaustive check (every allowed pair, every row).

The shortest paths are not scipy's ``bellman_ford``/``johnson``: those sweep every arc N − 1
times without stopping early (O(N·E) always); the sweeps here stop when nothing improves, which
takes a few dozen rounds in practice (m + 1 at worst, then it is a negative cycle: the flow is
not optimal on the graph, which is a bug after a solve and the expected answer when a solution
is tried on a grown graph, with a cap on the sweeps).

A rescan runs on a second thread while the next block is scored; each row's best pairs are
found by :func:`.tops.top_per_row`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from sheets_sync.matching.graph import Candidates, Scorer, Weights, stable_order, union_pairs
from sheets_sync.matching.tops import column_of, tie_shift, top_per_row

NO_FLOOR = int(np.iinfo(np.int64).min // 4)   # every allowed pair of the row/column is held
UNPRICED = 2**62                              # no bound known (row never rescanned)
UNREACHED = 2**62
CLIP = 2**14                                  # reduced costs are ranked clipped to ±CLIP
RANKED = 2**20                                # violators are ranked clipped to ±RANKED


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
        reduced = _reduced(weights, priority[part], u[part], v, tenths)
        r, c = np.nonzero(allowed & (reduced > 0))
        found.append((part[r], c.astype(np.int64), tenths[r, c].astype(np.int64), reduced[r, c]))
    return _violators(found, rescanned)


class Pricer:
    """The reserve of pairs held in memory, the bounds on the others, and the rescans."""

    def __init__(self, scorer: Scorer, priority: np.ndarray, weights: Weights, depth: int,
                 reserve: tuple[np.ndarray, np.ndarray, np.ndarray], row_top: np.ndarray,
                 col_top: np.ndarray) -> None:
        self.scorer, self.priority, self.weights, self.depth = scorer, priority, weights, depth
        self.rows, self.cols, self.tenths = reserve
        self.row_top, self.col_top = row_top, col_top
        self.floor = np.full(scorer.n, UNPRICED, dtype=np.int64)
        self.u_ref = np.zeros(scorer.n, dtype=np.int64)
        # The mentors' prices of each pass that rescanned someone; ref[i]: mentee i's last.
        self.v_refs = [np.zeros(scorer.m, dtype=np.int64)]
        self.ref = np.zeros(scorer.n, dtype=np.int64)
        self.rescanned = 0
        self.passes = 0

    def reserve_violators(self, u: np.ndarray, v: np.ndarray, per_mentee: int,
                          slack: int = 0, force: bool = False) -> Violators:
        """Reserve pairs with a positive reduced cost; if there are any (or ``force``), every
        reserve pair within ``slack`` of it too, since the prices will move."""
        reduced = (self.weights.of(self.priority[self.rows], self.tenths) - u[self.rows]
                   - v[self.cols])
        bad = reduced > 0
        strict = int(np.count_nonzero(bad))
        if slack and (force or strict):
            bad = reduced > -slack
        found = best_per_mentee(self.rows[bad], self.cols[bad], self.tenths[bad], reduced[bad],
                                per_mentee)
        found.strict = strict
        return found

    def suspects(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """Mentees with a pair outside the reserve that might have a positive reduced cost.

        Such a pair (i, j) has u_i + v_j < w_ij ≤ col_top_j, and w_ij ≤ row_top_i and
        w_ij − u_ref_i − v_ref_j ≤ floor_i, (u_ref_i, v_ref) being the prices of the pass that
        last rescanned mentee i; so it needs a mentor j with
        v_j < row_top_i − u_i (resp. v_j − v_ref_j < floor_i + u_ref_i − u_i) and
        col_top_j − v_j > u_i.
        """
        open_cols = self.col_top > NO_FLOOR
        gap = (self.col_top - v)[open_cols]
        first = _some_mentor(self.row_top - u, v[open_cols], gap, u, self.row_top > NO_FLOOR)
        reach = np.where(self.floor == UNPRICED, UNPRICED, self.floor + self.u_ref - u)
        second = np.zeros(self.scorer.n, dtype=bool)
        for ref in np.unique(self.ref[first]):
            of_ref = np.flatnonzero(first & (self.ref == ref))
            second[of_ref] = _some_mentor(reach[of_ref], (v - self.v_refs[ref])[open_cols], gap,
                                          u[of_ref], self.floor[of_ref] > NO_FLOOR)
        return np.flatnonzero(first & second)

    def price(self, u: np.ndarray, v: np.ndarray, per_mentee: int, full: bool) -> Violators:
        """Rescan the suspects (or everyone): violators found, reserve and floors updated.

        Each block is priced on a second thread while this one scores the next (NumPy
        releases the GIL, so the two overlap on a multi-core machine)."""
        n, m = self.scorer.n, self.scorer.m
        rows = None if full else self.suspects(u, v)
        if rows is None or 2 * rows.size >= n:
            rows, full = None, True        # as dear as a full pass
            self.v_refs = []
        if rows is None or rows.size:
            self.v_refs.append(v.copy())   # the floors found now are relative to these
        self.passes += rows is None or rows.size > 0
        width = min(self.depth, m)
        kept: list[tuple[np.ndarray, ...]] = []
        found: list[tuple[np.ndarray, ...]] = []
        with ThreadPoolExecutor(max_workers=1) as pricing:
            pending = None
            for part, allowed, tenths in self.scorer.blocks(rows):
                self.rescanned += part.size
                job = pricing.submit(self._price_block, part, allowed, tenths, u, v, full, width)
                if pending is not None:
                    _gather(pending.result(), kept, found)
                pending = job
            if pending is not None:
                _gather(pending.result(), kept, found)
        if kept:
            rows_k, cols_k, tenths_k, value_k = (np.concatenate(p) for p in zip(*kept,
                                                                                   strict=True))
            if full:
                hot = value_k > 0
                found.append((rows_k[hot], cols_k[hot], tenths_k[hot], value_k[hot]))
            self.rows, self.cols, self.tenths = union_pairs(
                (self.rows, rows_k), (self.cols, cols_k), (self.tenths, tenths_k), m)
        found_all = _violators(found, 0)
        best = best_per_mentee(found_all.rows, found_all.cols, found_all.tenths,
                               found_all.reduced, per_mentee)
        best.rescanned = n if rows is None else int(rows.size)
        return best

    def _price_block(self, part: np.ndarray, allowed: np.ndarray, tenths: np.ndarray,
                     u: np.ndarray, v: np.ndarray, full: bool, width: int
                     ) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...] | None]:
        """One block's kept pairs (its best by reduced cost) and, outside a full pass, its
        violators; its rows' floors are updated."""
        m = self.scorer.m
        row_part = (self.weights.pair + self.weights.first
                    * self.priority[part].astype(np.int64) - u[part])
        violators = None
        if full:
            # Reduced costs clipped to ±CLIP, computed in int16 after one int32 step (int64
            # for a block with a row whose part does not fit, as a priority mentee's).
            gap = np.subtract.outer(*_narrow(row_part, v))
            np.clip(gap, -CLIP - 1000, CLIP, out=gap)
            reduced = np.empty(gap.shape, dtype=np.int16)
            np.add(gap, tenths, out=reduced, casting="unsafe")   # within ±(CLIP + 2000)
        else:
            exact = tenths.astype(np.int64)
            exact += row_part[:, None]
            exact -= v
            r, c = np.divmod(np.flatnonzero(allowed & (exact > 0)), m)
            violators = (part[r], c, tenths[r, c].astype(np.int64), exact[r, c])
            np.clip(exact, -CLIP - 1000, CLIP, out=exact)
            reduced = exact.astype(np.int16)
        np.clip(reduced, -CLIP, CLIP - 2, out=reduced)
        reduced += np.int16(CLIP + 1)      # 1 .. 2·CLIP − 1; 0 marks a pair not allowed
        reduced *= allowed
        spread = tie_shift(part, m)
        keys, more = top_per_row(reduced, width, spread)
        r, slot = np.nonzero(keys >= m)
        key = keys[r, slot].astype(np.int64)
        c, value = column_of(key, spread[r], m), key // m - (CLIP + 1)
        lowest = keys[:, 0].astype(np.int64) // m - (CLIP + 1)
        self.floor[part] = np.where(more, np.where(lowest >= CLIP - 2, UNPRICED, lowest),
                                    NO_FLOOR)
        self.u_ref[part] = u[part]
        self.ref[part] = len(self.v_refs) - 1
        return (part[r], c, tenths[r, c].astype(np.int64), value), violators


def _narrow(row_part: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row_part, v) as int32 when every row_part_i − v_j clipped to ±2^29 stays exact: with
    |row_part| < 2^29, v ≥ −2^29 and v capped at 2^30, a capped v_j gives a gap below −2^29,
    as the true one is, and no gap leaves int32. Otherwise both stay int64."""
    if row_part.size and np.abs(row_part).max() < 2**29 and v.min(initial=0) >= -2**29:
        return row_part.astype(np.int32), np.minimum(v, 2**30).astype(np.int32)
    return row_part, v


def _gather(done: tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...] | None],
            kept: list[tuple[np.ndarray, ...]], found: list[tuple[np.ndarray, ...]]) -> None:
    block_kept, block_found = done
    kept.append(block_kept)
    if block_found is not None:
        found.append(block_found)


def best_per_mentee(rows: np.ndarray, cols: np.ndarray, tenths: np.ndarray, reduced: np.ndarray,
                    per_mentee: int) -> Violators:
    """The ``per_mentee`` most violated pairs of each mentee (ties: lower mentor), by mentee."""
    m = int(cols.max(initial=0)) + 1
    if (int(rows.max(initial=0)) + 1) * (2 * RANKED + 1) * m < 2**63:
        # One int64 code per pair: several times quicker than lexsort. Reduced costs beyond
        # ±RANKED rank as equal (then by mentor): they are all far from tight.
        code = rows.astype(np.int64) * (2 * RANKED + 1) + (RANKED - np.clip(reduced, -RANKED,
                                                                           RANKED))
        order = np.argsort(code * m + cols)    # equal codes are the same pair
    else:
        order = np.lexsort((cols, -reduced, rows))
    rows, cols, tenths, reduced = rows[order], cols[order], tenths[order], reduced[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if rows.size else rows
    rank = np.arange(rows.size) - np.repeat(starts, np.diff(np.r_[starts, rows.size]))
    keep = rank < per_mentee
    return Violators(rows[keep], cols[keep], tenths[keep], reduced[keep])


def _reduced(weights: Weights, priority: np.ndarray, u: np.ndarray, v: np.ndarray,
             tenths: np.ndarray) -> np.ndarray:
    """w_ij − u_i − v_j for one block, int64."""
    row_part = weights.pair + weights.first * priority.astype(np.int64) - u
    reduced = tenths.astype(np.int64)
    reduced += row_part[:, None]
    reduced -= v
    return reduced


def _some_mentor(reach: np.ndarray, key: np.ndarray, gap: np.ndarray, need: np.ndarray,
                 live: np.ndarray) -> np.ndarray:
    """Per mentee: is there a mentor with key_j < reach_i and gap_j > need_i (and live_i)?"""
    if key.size == 0:
        return np.zeros(reach.size, dtype=bool)
    order = np.argsort(key, kind="stable")
    keys = key[order]
    best_gap = np.maximum.accumulate(gap[order])
    below = np.searchsorted(keys, reach, side="left")
    could = live & (below > 0)
    could[could] = best_gap[below[could] - 1] > need[could]
    return could


def _violators(found: list[tuple[np.ndarray, ...]], rescanned: int) -> Violators:
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return Violators(empty, empty, empty, empty, rescanned)
    rows, cols, tenths, reduced = (np.concatenate(part) for part in zip(*found, strict=True))
    return Violators(rows, cols, tenths, reduced, rescanned)
