"""Pricing for the sparse assignment (:mod:`.sparse`): the pairs that break the prices of a
candidate optimum, found among *all* allowed pairs (the certificate is in :mod:`.certify`).

A pair breaks them if its reduced cost w_ij − u_i − v_j is positive. Pairs in the in-memory
reserve are priced first, without the scorer. A pair outside it obeys two upper bounds, which
prove most mentees without rescanning them:

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
:func:`.certify.find_violators` is the plain exhaustive check (every allowed pair, every row).

A rescan runs on a second thread while the next block is scored; each row's best pairs are
found by :func:`.tops.top_per_row`.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from sheets_sync.matching.certify import Violators, collect_violators, reduced_costs
from sheets_sync.matching.graph import Scorer, Weights, union_pairs
from sheets_sync.matching.tops import column_of, tie_shift, top_per_row

NO_FLOOR = int(np.iinfo(np.int64).min // 4)   # every allowed pair of the row/column is held
UNPRICED = 2**62                              # no bound known (row never rescanned)
CLIP = 2**14                                  # reduced costs are ranked clipped to ±CLIP
RANKED = 2**20                                # violators are ranked clipped to ±RANKED


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
        found_all = collect_violators(found, 0)
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
        violators = None
        if full:
            # Reduced costs clipped to ±CLIP, computed in int16 after one int32 step (int64
            # for a block with a row whose part does not fit, as a priority mentee's).
            row_part = (self.weights.pair + self.weights.first
                        * self.priority[part].astype(np.int64) - u[part])
            gap = np.subtract.outer(*_narrow(row_part, v))
            np.clip(gap, -CLIP - 1000, CLIP, out=gap)
            reduced = np.empty(gap.shape, dtype=np.int16)
            np.add(gap, tenths, out=reduced, casting="unsafe")   # within ±(CLIP + 2000)
        else:
            exact = reduced_costs(self.weights, self.priority[part], u[part], v, tenths)
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
