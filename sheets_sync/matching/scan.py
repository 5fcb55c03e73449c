"""The scan: one pass over every mentee block that finds the graph first solved (each side's
best few pairs), the reserve held in memory (each side's best ``depth``) and the bounds on the
pairs left out (see :mod:`.certify`)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from sheets_sync.matching.graph import Candidates, Scorer, Weights, stable_order, union_pairs
from sheets_sync.matching.pricing import NO_FLOOR, Pricer
from sheets_sync.matching.tops import column_of, tie_shift, top_per_row


def scan_candidates(scorer: Scorer, priority: np.ndarray, k: int, depth: int, weights: Weights
                    ) -> tuple[Candidates, Pricer]:
    """One pass over every mentee block: the top-k graph, the top-depth reserve and its bounds.

    Keys are unique integers (score first; equal scores ranked by a fixed per-person rotation
    of the other side, ``tie_shift``, so that ties spread over people instead of all going to
    the lowest numbers), so the selection is canonical whatever the blocks. Rows: see
    ``top_per_row`` (masks by multiplication: NumPy's masked writes are ~20× slower).
    Columns: a running top list of (1001·priority + tenths)·n + (n − 1 − (i + spread_j) mod n),
    fed only with the pairs that beat a mentor's current depth-th best.
    """
    n, m = scorer.n, scorer.m
    row_type = np.int32 if 32768 * max(m, 1) < 2**31 else np.int64
    width = min(depth, m)
    row_top = np.zeros((n, width), dtype=row_type)
    row_more = np.zeros(n, dtype=bool)
    col_top = np.full((m, depth), -1, dtype=np.int64)
    col_floor = np.full(m, -1, dtype=np.int16)    # rank of each mentor's depth-th best so far
    col_count = np.zeros(m, dtype=np.int64)
    col_spread = tie_shift(np.arange(m), n)
    # Three things at once: while this thread updates the mentors' lists with a block, a
    # helper finds the block's row tops and another scores the next block (NumPy releases the
    # GIL, so they overlap on a multi-core machine; the blocks are still taken in order).
    blocks = scorer.blocks()
    with ThreadPoolExecutor(max_workers=2) as helpers:
        coming = helpers.submit(next, blocks, None)
        while (block := coming.result()) is not None:
            rows, allowed, tenths = block
            coming = helpers.submit(next, blocks, None)   # the next block is scored meanwhile
            job = helpers.submit(_row_tops, allowed, tenths, width, m, rows)
            _update_column_tops(rows, allowed, tenths, priority, depth, col_top, col_floor,
                                col_count, col_spread, n)
            row_top[rows], row_more[rows] = job.result()
    col_more = col_count > depth

    held = row_top >= m
    rank_in_row = np.broadcast_to(np.arange(width - 1, -1, -1), row_top.shape)[held]  # 0 best
    row_key = row_top[held].astype(np.int64)
    r_rows = np.nonzero(held)[0]
    r_cols, r_tenths = column_of(row_key, tie_shift(r_rows, m), m), row_key // m - 1
    held = col_top >= 0
    rank_in_col = np.broadcast_to(np.arange(col_top.shape[1] - 1, -1, -1), col_top.shape)[held]
    c_rank, c_rows = np.divmod(col_top[held].astype(np.int64), max(n, 1))
    c_cols = np.nonzero(held)[0]
    c_rows, c_tenths = (n - 1 - c_rows - col_spread[c_cols]) % n, c_rank % 1001

    row_bound = np.full(n, NO_FLOOR, dtype=np.int64)
    if row_more.any():
        row_bound[row_more] = weights.of(priority[row_more], row_top[row_more, 0] // m - 1)
    col_bound = np.full(m, NO_FLOOR, dtype=np.int64)
    if col_more.any():
        lowest = col_top[col_more, 0].astype(np.int64) // max(n, 1)
        col_bound[col_more] = weights.of(lowest // 1001, lowest % 1001)
    in_graph_r, in_graph_c = rank_in_row < k, rank_in_col < k
    core = union_pairs((r_rows[in_graph_r], c_rows[in_graph_c]),
                       (r_cols[in_graph_r], c_cols[in_graph_c]),
                       (r_tenths[in_graph_r], c_tenths[in_graph_c]), m)
    reserve = union_pairs((r_rows, c_rows), (r_cols, c_cols), (r_tenths, c_tenths), m)
    return Candidates(*core), Pricer(scorer, priority, weights, depth, reserve, row_bound,
                                     col_bound)


def _row_tops(allowed: np.ndarray, tenths: np.ndarray, width: int, m: int, rows: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    rank = tenths + np.int16(1)            # 1..1001; 0 marks a pair not allowed
    rank *= allowed
    return top_per_row(rank, width, tie_shift(rows, m))


def _update_column_tops(rows: np.ndarray, allowed: np.ndarray, tenths: np.ndarray,
                        priority: np.ndarray, depth: int, col_top: np.ndarray,
                        col_floor: np.ndarray, col_count: np.ndarray, col_spread: np.ndarray,
                        n: int) -> None:
    """Merge one block into each mentor's running top list (the arrays are updated in place)."""
    m = col_top.shape[0]
    # Only pairs at least as good as a mentor's depth-th best so far can join its list.
    col_count += np.add.reduce(allowed.view(np.uint8), axis=0, dtype=np.uint16)
    firsts = priority[rows]
    hot = tenths >= col_floor
    if firsts.any():
        hot[firsts] = tenths[firsts] + 1001 >= col_floor
    hot &= allowed
    r, c = np.divmod(np.flatnonzero(hot), m)
    key = ((1001 * firsts[r] + tenths[r, c]).astype(np.int64) * n
           + (n - 1 - (rows[r] + col_spread[c]) % n))
    better = key > col_top[c, 0]
    r, c, key = r[better], c[better], key[better]
    if r.size:
        order = stable_order(c, m)
        r, c, key = r[order], c[order], key[order]
        count = np.bincount(c, minlength=m)
        slot = np.arange(c.size) - np.repeat(np.cumsum(count) - count, count)
        touched = np.flatnonzero(count)
        where = np.zeros(m, dtype=np.int64)
        where[touched] = np.arange(touched.size)
        fresh = np.full((touched.size, int(slot.max()) + 1), -1, dtype=np.int64)
        fresh[where[c], slot] = key
        merged = np.concatenate([col_top[touched], fresh], axis=1)
        merged.sort(axis=1)
        col_top[touched] = merged[:, -depth:]
        lowest = col_top[touched, 0]
        col_floor[touched] = np.where(lowest >= 0, lowest // max(n, 1), -1)
