"""The optimal assignment of :mod:`sheets_sync.matching`, for programs too big for a dense matrix.

Same objective as ``matching.assign`` (priority mentees matched, then mentees matched, then the
total score in tenths), solved exactly without ever holding the mentees × mentors matrix:

1. **Candidates.** The caller's ``block_scores(rows)`` is streamed over blocks of mentees. Each
   mentee keeps its ``k`` best allowed mentors, each mentor its ``k`` best allowed mentees (a
   running top-k, so memory stays linear in people). Ties are broken by index through unique
   integer keys, so the candidate set does not depend on the block size.
2. **Solve** the candidate graph as a min-cost max-flow with OR-Tools (mentee → mentor → sink).
   Every mentee may stay unmatched, so the problem is always feasible.
3. **Certify** (:mod:`sheets_sync.certify`): dual prices u (mentees) and v (mentors) come from
   shortest paths in the residual graph of the optimal flow; the solution is optimal for the
   *full* problem iff no allowed pair has ``w_ij > u_i + v_j``. Pairs that break it are added to
   the candidates and the loop repeats. The answer is ``certified`` only after a clean check.

Costs. The certificate uses integer weights ``w = first·[priority] + pair + tenths`` with
``pair = 1000·M + 1`` and ``first = M·(pair + 1000) + 1`` where M bounds the number of pairs
(min of mentees and places): one more priority mentee outweighs any number of other pairs and
scores, one more pair any total score. They are exact in int64 up to M ≈ 9·10⁷. OR-Tools,
though, scales costs by (nodes + 1) and refuses costs above int64_max / (2·(nodes + 1)), which
those weights would break near 200,000 mentees. So OR-Tools is asked for a *maximum flow of
minimum cost* with costs ``pair + 1000 − (pair·[priority] + tenths)`` (0 ≤ cost ≤ ~10⁸): the
most pairs are made by max flow, and a maximum matching can always include as many priority
mentees as any matching can (matchable mentee sets form a transversal matroid), so this is the
same lexicographic optimum with costs M times smaller. The check is made, not assumed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from sheets_sync.certify import (
    NO_FLOOR,
    DualCheckError,
    check_duals,
    dual_prices,
    find_violators,
)

BlockScores = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
INT64_MAX = int(np.iinfo(np.int64).max)
CELLS_PER_BLOCK = 2_000_000


@dataclass(frozen=True)
class Weights:
    """The lexicographic objective as integer pair weights (see the module docstring)."""

    pair: int
    first: int

    @classmethod
    def for_problem(cls, n_mentees: int, capacity: np.ndarray) -> Weights:
        most_pairs = max(1, min(n_mentees, int(np.maximum(capacity, 0).sum())))
        pair = 1000 * most_pairs + 1
        first = most_pairs * (pair + 1000) + 1
        if 4 * (first + pair + 1000) > INT64_MAX:
            raise OverflowError(f"{most_pairs} pairs: the weights would not fit in int64")
        return cls(pair, first)

    def of(self, priority: np.ndarray, tenths: np.ndarray) -> np.ndarray:
        return self.pair + self.first * priority.astype(np.int64) + tenths.astype(np.int64)


@dataclass
class Candidates:
    """Candidate pairs, sorted by (mentee, mentor), and the pricing floors.

    ``row_floor[i]`` is the weight of mentee i's k-th best allowed pair when it has more than k
    (every allowed pair of i left out weighs no more), else NO_FLOOR; ``col_floor`` likewise for
    mentors. Pairs added later by pricing keep the floors valid.
    """

    rows: np.ndarray
    cols: np.ndarray
    tenths: np.ndarray
    row_floor: np.ndarray
    col_floor: np.ndarray

    def add(self, rows: np.ndarray, cols: np.ndarray, tenths: np.ndarray, n_mentors: int) -> None:
        self.rows, self.cols, self.tenths = _union(
            (self.rows, rows), (self.cols, cols), (self.tenths, tenths), n_mentors)


@dataclass
class Result:
    pairs: list[tuple[int, int]]
    objective: tuple[int, int, int]
    certified: bool
    rounds: int
    candidates: int
    seconds: dict[str, float] = field(default_factory=dict)
    rescanned_rows: int = 0
    note: str = ""


class Scorer:
    """Calls the caller's scorer, checks its answer and times it."""

    def __init__(self, block_scores: BlockScores, n_mentees: int, capacity: np.ndarray,
                 block: int | None) -> None:
        self.block_scores = block_scores
        self.n = n_mentees
        self.open = np.asarray(capacity) > 0
        self.m = self.open.size
        self.block = block or int(np.clip(CELLS_PER_BLOCK // max(self.m, 1), 64, 8192))
        self.seconds = 0.0
        self.rows_scored = 0

    def blocks(self, rows: np.ndarray | None = None
               ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(rows, allowed, tenths) per block; allowed already excludes full mentors."""
        rows = np.arange(self.n, dtype=np.int64) if rows is None else rows
        for start in range(0, rows.size, self.block):
            part = rows[start:start + self.block]
            began = time.perf_counter()
            allowed, tenths = self.block_scores(part)
            self.seconds += time.perf_counter() - began
            self.rows_scored += part.size
            allowed = np.asarray(allowed, dtype=bool)
            tenths = np.asarray(tenths)
            if allowed.shape != (part.size, self.m) or tenths.shape != allowed.shape:
                raise ValueError(f"block_scores gave {allowed.shape} and {tenths.shape} for "
                                 f"{part.size} rows × {self.m} mentors")
            allowed = allowed & self.open
            if tenths.size and (tenths.min() < 0 or tenths.max() > 1000):
                bad = allowed & ((tenths < 0) | (tenths > 1000))
                if bad.any():
                    raise ValueError("block_scores gave a score outside 0..1000 tenths")
            yield part, allowed, tenths


def assign_sparse(block_scores: BlockScores, n_mentees: int, capacity: np.ndarray,
                  priority: np.ndarray | None = None, k: int = 10, block: int | None = None,
                  *, pricing: str = "bound", max_rounds: int = 50,
                  per_mentee: int | None = None) -> Result:
    """Optimal (mentee, mentor) pairs for the objective of ``matching.assign``, certified.

    block_scores(rows) -> (allowed bool[len(rows), n_mentors], tenths int[len(rows), n_mentors]);
    capacity: free places per mentor (≤ 0 means full); priority: bool per mentee, matched first;
    k: candidates kept per mentee and per mentor; block: mentee rows per scorer call (default:
    about two million cells); pricing: "bound" rescans only the mentees whose left-out pairs
    could break the certificate (proved from the top-k floors), "full" rescans every mentee —
    both find the same violating pairs; max_rounds: solve/price rounds before giving up;
    per_mentee: violating pairs added per mentee and round (default k).

    If ``certified`` is False the pairs are the best found on the candidates but not proved
    optimal: fall back to ``matching.assign``.
    """
    began = time.perf_counter()
    if pricing not in ("bound", "full"):
        raise ValueError(f"pricing must be 'bound' or 'full', not {pricing!r}")
    if k < 1:
        raise ValueError("k must be at least 1")
    capacity = np.asarray(capacity, dtype=np.int64)
    first = (np.zeros(n_mentees, dtype=bool) if priority is None
             else np.asarray(priority, dtype=bool))
    if first.shape != (n_mentees,):
        raise ValueError("priority needs one entry per mentee")
    weights = Weights.for_problem(n_mentees, capacity)
    scorer = Scorer(block_scores, n_mentees, capacity, block)
    seconds = dict.fromkeys(("scan", "solve", "duals", "price"), 0.0)

    tick = time.perf_counter()
    cands = scan_candidates(scorer, first, k, weights)
    seconds["scan"] = time.perf_counter() - tick
    rescanned, certified, note, rounds = 0, False, "", 0
    chosen = np.zeros(0, dtype=bool)
    while rounds < max_rounds:
        rounds += 1
        tick = time.perf_counter()
        chosen = solve_candidates(n_mentees, capacity, first, cands, weights)
        tock = time.perf_counter()
        seconds["solve"] += tock - tick
        try:
            u, v = dual_prices(n_mentees, capacity, first, cands, chosen, weights)
            check_duals(n_mentees, capacity, first, cands, chosen, weights, u, v)
        except DualCheckError as error:
            note = f"no valid dual prices for the candidate optimum: {error}"
            seconds["duals"] += time.perf_counter() - tock
            break
        seconds["duals"] += time.perf_counter() - tock
        tick = time.perf_counter()
        found = find_violators(scorer, first, cands, weights, u, v, full=pricing == "full",
                               per_mentee=per_mentee or k)
        seconds["price"] += time.perf_counter() - tick
        rescanned += found.rescanned
        if found.rows.size == 0:
            certified = True
            break
        cands.add(found.rows, found.cols, found.tenths, scorer.m)
    else:
        note = f"pricing still found better pairs after {max_rounds} rounds"

    pairs = sorted(zip(cands.rows[chosen].tolist(), cands.cols[chosen].tolist(), strict=True))
    objective = (int(first[cands.rows[chosen]].sum()), int(chosen.sum()),
                 int(cands.tenths[chosen].sum()))
    seconds["scoring (caller)"] = scorer.seconds
    seconds["total"] = time.perf_counter() - began
    return Result(pairs, objective, certified, rounds, int(cands.rows.size), seconds,
                  rescanned, note)


def scan_candidates(scorer: Scorer, priority: np.ndarray, k: int, weights: Weights
                    ) -> Candidates:
    """Stream every mentee block once: top-k mentors per mentee, top-k mentees per mentor."""
    n, m = scorer.n, scorer.m
    # Unique keys: score then the lower index wins, so top-k is canonical whatever the blocks.
    row_key_type = np.int32 if 1001 * max(m, 1) < 2**31 else np.int64
    col_key_type = np.int32 if 2002 * max(n, 1) < 2**31 else np.int64
    reversed_cols = (m - 1 - np.arange(m)).astype(row_key_type)
    col_top = np.full((0, m), -1, dtype=col_key_type)
    col_count = np.zeros(m, dtype=np.int64)
    row_floor = np.full(n, NO_FLOOR, dtype=np.int64)
    found_rows, found_cols, found_tenths = [], [], []
    for rows, allowed, tenths in scorer.blocks():
        row_key = np.where(allowed, tenths.astype(row_key_type) * m + reversed_cols,
                           row_key_type(-1))
        if m > k:
            floor = np.partition(row_key, m - k, axis=1)[:, m - k]
            chosen = (row_key >= floor[:, None]) & allowed
            crowded = allowed.sum(axis=1) > k
            row_floor[rows[crowded]] = weights.of(priority[rows[crowded]],
                                                  floor[crowded] // m)
        else:
            chosen = allowed
        r, c = np.nonzero(chosen)
        found_rows.append(rows[r])
        found_cols.append(c)
        found_tenths.append(tenths[r, c].astype(np.int64))

        rank = (priority[rows].astype(col_key_type) * 1001)[:, None] + tenths.astype(
            col_key_type)
        col_key = np.where(allowed, rank * n + (n - 1 - rows).astype(col_key_type)[:, None],
                           col_key_type(-1))
        if rows.size > k:
            col_key = np.partition(col_key, rows.size - k, axis=0)[rows.size - k:]
        col_top = np.concatenate([col_top, col_key])
        if col_top.shape[0] > k:
            col_top = np.partition(col_top, col_top.shape[0] - k, axis=0)[-k:]
        col_count += allowed.sum(axis=0)

    held = col_top >= 0
    top_rank, top_row = np.divmod(col_top.astype(np.int64), max(n, 1))
    c = np.nonzero(held)[1]
    found_rows.append(n - 1 - top_row[held])
    found_cols.append(c)
    found_tenths.append(top_rank[held] % 1001)
    col_floor = np.full(m, NO_FLOOR, dtype=np.int64)
    crowded = col_count > k
    if crowded.any():
        lowest = np.where(held, top_rank, INT64_MAX).min(axis=0)[crowded]
        col_floor[crowded] = weights.of(lowest // 1001, lowest % 1001)
    rows, cols, tenths = _union(found_rows, found_cols, found_tenths, m)
    return Candidates(rows, cols, tenths, row_floor, col_floor)


def solve_candidates(n_mentees: int, capacity: np.ndarray, priority: np.ndarray,
                     cands: Candidates, weights: Weights) -> np.ndarray:
    """Which candidate pairs an optimal assignment on the candidate graph uses (bool mask)."""
    m = capacity.size
    if cands.rows.size == 0:
        return np.zeros(0, dtype=bool)
    flow = min_cost_flow.SimpleMinCostFlow()
    sink = n_mentees + m
    # Max flow makes the most pairs; cost then prefers priority mentees, then higher scores.
    cost = weights.pair + 1000 - (weights.pair * priority[cands.rows].astype(np.int64)
                                  + cands.tenths)
    if int(cost.max()) > INT64_MAX // (2 * (sink + 2)):
        raise OverflowError("costs too large for OR-Tools' cost scaling")
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        cands.rows.astype(np.int32), (n_mentees + cands.cols).astype(np.int32),
        np.ones(cands.rows.size, dtype=np.int64), cost.astype(np.int64))
    degree = np.bincount(cands.cols, minlength=m)
    used = np.flatnonzero(degree)
    flow.add_arcs_with_capacity_and_unit_cost(
        (n_mentees + used).astype(np.int32), np.full(used.size, sink, dtype=np.int32),
        np.minimum(capacity[used], degree[used]).astype(np.int64),
        np.zeros(used.size, dtype=np.int64))
    mentees = np.unique(cands.rows).astype(np.int32)
    flow.set_nodes_supplies(mentees, np.ones(mentees.size, dtype=np.int64))
    flow.set_node_supply(sink, -int(mentees.size))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow failed with status {status}")
    return np.asarray(flow.flows(pair_arcs)) > 0


def _union(rows, cols, tenths, n_mentors: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct pairs sorted by (mentee, mentor), with their tenths."""
    rows = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows])
    cols = np.concatenate([np.asarray(c, dtype=np.int64) for c in cols])
    tenths = np.concatenate([np.asarray(t, dtype=np.int64) for t in tenths])
    code, where = np.unique(rows * max(n_mentors, 1) + cols, return_index=True)
    return code // max(n_mentors, 1), code % max(n_mentors, 1), tenths[where]
