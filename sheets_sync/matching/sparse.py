"""The optimal assignment of :mod:`sheets_sync.matching`, at any size: certified, without ever
holding the mentees × mentors matrix.

Same objective as ``matching.assign`` (priority mentees matched, then mentees matched, then the
total score in tenths):

1. **Scan** (:mod:`.scan`). The caller's ``block_scores(rows)`` is streamed once over blocks of
   mentees. Each mentee keeps its ``depth`` best allowed mentors and each mentor its ``depth``
   best mentees (a running top list: memory stays linear in people). The best ``k`` of each
   side form the graph that is solved; the rest is a reserve priced in memory. Ties are broken
   by a fixed rotation of the other side through unique integer keys, so the selection does
   not depend on the block size.
2. **Solve** the graph with OR-Tools (arrays of arcs mentee → mentor → sink, no per-arc Python
   calls): see Costs below. Mentees may stay unmatched, so it is always feasible.
3. **Certify** (:mod:`.certify`, :mod:`.pricing`): prices u (mentees) and v (mentors) from
   shortest paths in the residual graph; the solution is optimal for the *full* problem iff no
   allowed pair has w_ij > u_i + v_j. The reserve is priced first (in memory); once it is
   nearly clean, mentees are rescanned too — only those the stored bounds cannot prove — and
   from then on at every round, since the pairs a rescan finds are better found a solve
   earlier. Violating pairs (and reserve pairs within ``slack`` of violating) join the graph
   and the loop repeats; the last solution is tried on the grown graph first (new prices may
   prove it still optimal, and then there is nothing to solve). ``certified`` is True only
   after a clean check of every allowed pair.

Costs. The certificate uses integer weights ``w = first·[priority] + pair + tenths`` with
``pair = 1000·M + 1`` and ``first = M·(pair + 1000) + 1``, M bounding the number of pairs (min
of mentees and places): one more priority mentee outweighs any number of other pairs and
scores, one more pair any total score (as ``matching.pair_weight``). They are exact in int64
(checked: up to M ≈ 3·10⁷) and only ever meet NumPy. OR-Tools never sees them: it multiplies
costs by (nodes + 1) and refuses costs above int64_max / (2·(nodes + 1)), which these weights
would break near 150,000 mentees, and large costs slow its cost scaling down (about 2× with
priority mentees, measured). Instead two max flows
find p* (priority mentees that can be matched) and c* (pairs that can be made), and one
min-cost flow with costs −tenths (|cost| ≤ 1000, so no overflow at any size) sends exactly p*
units through priority mentees and c* − p* through the rest. That is the same lexicographic
optimum: the mentee sets a b-matching can cover form a (transversal) matroid, so a maximum
matching can always cover p* priority mentees.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from sheets_sync.matching.certify import (
    DualCheckError,
    Violators,
    check_duals,
    dual_prices,
)
from sheets_sync.matching.graph import (
    BlockScores,
    Candidates,
    Scorer,
    Weights,
)
from sheets_sync.matching.scan import scan_candidates

SETTLED = 40   # mentees are rescanned once under one in SETTLED of them has a reserve violator


@dataclass
class Result:
    """What ``assign_sparse`` found. ``prices`` are the certificate in the units of
    ``Weights.for_problem(n_mentees, capacity)``: anyone can re-check them with
    ``certify.find_violators`` (every allowed pair) and ``certify.check_duals`` (the pairs)."""

    pairs: list[tuple[int, int]]          # sorted (mentee, mentor)
    objective: tuple[int, int, int]       # as matching.objective
    certified: bool                       # proved optimal over every allowed pair
    rounds: int                           # rounds of pricing (after a solve, or a re-pricing)
    candidates: int                       # pairs in the final solved graph
    seconds: dict[str, float] = field(default_factory=dict)
    passes: int = 1                       # streams over mentees (the scan, then rescans)
    rescanned_rows: int = 0               # mentee rows scored again for pricing, in total
    note: str = ""                        # why not certified
    prices: tuple[np.ndarray, np.ndarray] | None = None   # (u, v): the certificate, in weights
    solves: int = 0                       # rounds whose graph was solved (not just re-priced)


def assign_sparse(block_scores: BlockScores, n_mentees: int, capacity: np.ndarray,
                  priority: np.ndarray | None = None, k: int = 8, block: int | None = None,
                  *, depth: int | None = None, pricing: str = "bound", max_rounds: int = 100,
                  per_mentee: int | None = None, slack: int = 50) -> Result:
    """Optimal (mentee, mentor) pairs for the objective of ``matching.assign``, certified.

    block_scores(rows) -> (allowed bool[len(rows), n_mentors], tenths int[len(rows), n_mentors]);
    capacity: free places per mentor (≤ 0 means full); priority: bool per mentee, matched first;
    k: pairs per mentee and per mentor in the graph first solved (8, with the reserve 4k, was
    about the quickest over messy and tidy benchmark programs); block: mentee rows per scorer
    call (default: about a million cells); depth: pairs per mentee and per mentor held in
    memory as the reserve (default 4k); pricing: "bound" rescans only the mentees the stored
    bounds cannot prove, "full" rescans every mentee at each check; max_rounds: rounds before
    giving up; per_mentee: violating pairs added per mentee and round (default k); slack: once
    some pair violates, reserve pairs within ``slack`` (in weight units, i.e. tenths) of
    violating join the graph too, which saves solves as the prices move (50 was quicker than
    100 on the benchmark programs: the graph grows less and each solve is quicker).

    block_scores is called with increasing row indexes, never all at once; it must be a pure
    function of the rows (pricing may score a row again). If ``certified`` is False the pairs
    are the best found on the candidates but not proved optimal: fall back to
    ``matching.assign``. Every parameter other than the problem changes speed, never the
    objective; the pairs themselves depend only on the problem, k, depth, per_mentee, slack and
    pricing (ties between equal optima are broken by the fixed order of arcs).
    """
    began = time.perf_counter()
    if pricing not in ("bound", "full"):
        raise ValueError(f"pricing must be 'bound' or 'full', not {pricing!r}")
    if k < 1 or max_rounds < 1:
        raise ValueError("k and max_rounds must be at least 1")
    capacity = np.asarray(capacity, dtype=np.int64)
    first = (np.zeros(n_mentees, dtype=bool) if priority is None
             else np.asarray(priority, dtype=bool))
    if first.shape != (n_mentees,):
        raise ValueError("priority needs one entry per mentee")
    weights = Weights.for_problem(n_mentees, capacity)
    scorer = Scorer(block_scores, n_mentees, capacity, block)
    if n_mentees == 0 or not (capacity > 0).any():
        return Result([], (0, 0, 0), True, 0, 0, {"total": time.perf_counter() - began}, 0,
                      prices=(np.zeros(n_mentees, dtype=np.int64),
                              np.zeros(capacity.size, dtype=np.int64)))
    depth = max(k, depth or 4 * k)
    per_mentee = min(per_mentee or k, depth)
    settled = n_mentees // SETTLED      # reserve violators few enough to price everyone too
    seconds = dict.fromkeys(("scan", "solve", "duals", "price"), 0.0)

    tick = time.perf_counter()
    cands, pricer = scan_candidates(scorer, first, k, depth, weights)
    seconds["scan"] = time.perf_counter() - tick
    certified, note, rounds, solves, carried, sweeps = False, "", 0, 0, None, 0
    while rounds < max_rounds:
        rounds += 1
        # The last solution may still be optimal on the graph grown since (the pairs added
        # were priced against one set of prices; others may hold): if prices prove it in a
        # few more sweeps than last time, there is nothing to solve.
        tick = time.perf_counter()
        kept = _still_optimal(n_mentees, capacity, first, cands, carried, weights, sweeps)
        seconds["duals"] += time.perf_counter() - tick
        if kept is None:
            tick = time.perf_counter()
            chosen = solve_candidates(n_mentees, capacity, first, cands)
            solves += 1
            tock = time.perf_counter()
            seconds["solve"] += tock - tick
            try:
                u, v, sweeps = dual_prices(n_mentees, capacity, first, cands, chosen, weights)
                check_duals(n_mentees, capacity, first, cands, chosen, weights, u, v)
            except DualCheckError as error:
                note = f"no valid dual prices for the candidate optimum: {error}"
                seconds["duals"] += time.perf_counter() - tock
                solved = Candidates(cands.rows, cands.cols, cands.tenths)
                break
            seconds["duals"] += time.perf_counter() - tock
        else:
            chosen, u, v, sweeps = kept
        solved = Candidates(cands.rows, cands.cols, cands.tenths)
        tick = time.perf_counter()
        # The reserve first: it is in memory. Mentees are first rescanned once it is (nearly)
        # clean — the prices will hardly move any more — and a certificate needs both clean.
        # After that first pass every round rescans the suspects (a few thousand rows at
        # 50,000 mentees, cheaper than the solve their violators would otherwise cost later).
        found = pricer.reserve_violators(u, v, per_mentee, slack)
        if found.strict <= settled or pricer.passes:
            more = pricer.price(u, v, per_mentee, full=pricing == "full")
            if more.rows.size and slack and not found.strict:
                found = pricer.reserve_violators(u, v, per_mentee, slack, force=True)
            found = Violators(np.concatenate([found.rows, more.rows]),
                              np.concatenate([found.cols, more.cols]),
                              np.concatenate([found.tenths, more.tenths]),
                              np.concatenate([found.reduced, more.reduced]))
        seconds["price"] += time.perf_counter() - tick
        if found.rows.size == 0:
            certified = True
            break
        cands.add(found.rows, found.cols, found.tenths, scorer.m)
        carried = carry(solved, chosen, cands, scorer.m)
    else:
        note = f"pricing still found better pairs after {max_rounds} rounds"

    pairs = sorted(zip(solved.rows[chosen].tolist(), solved.cols[chosen].tolist(),
                       strict=True))
    objective = (int(first[solved.rows[chosen]].sum()), int(chosen.sum()),
                 int(solved.tenths[chosen].sum()))
    seconds["scoring (caller)"] = scorer.seconds
    seconds["total"] = time.perf_counter() - began
    return Result(pairs, objective, certified, rounds, int(solved.rows.size), seconds,
                  1 + pricer.passes, pricer.rescanned, note, (u, v) if certified else None,
                  solves)


def carry(solved: Candidates, chosen: np.ndarray, grown: Candidates, n_mentors: int
          ) -> np.ndarray:
    """The chosen pairs of ``solved`` as a mask over ``grown`` (which holds every pair of it)."""
    m = max(n_mentors, 1)
    codes = grown.rows.astype(np.int64) * m + grown.cols
    mask = np.zeros(codes.size, dtype=bool)
    mask[np.searchsorted(codes, solved.rows[chosen].astype(np.int64) * m
                         + solved.cols[chosen])] = True
    return mask


def _still_optimal(n_mentees: int, capacity: np.ndarray, priority: np.ndarray,
                   cands: Candidates, carried: np.ndarray | None, weights: Weights,
                   sweeps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int] | None:
    """(chosen, u, v, sweeps) if prices prove the carried solution optimal on ``cands``."""
    if carried is None:
        return None
    try:
        u, v, used = dual_prices(n_mentees, capacity, priority, cands, carried, weights,
                                 most_sweeps=2 * sweeps + 8)
        check_duals(n_mentees, capacity, priority, cands, carried, weights, u, v)
    except DualCheckError:
        return None
    return carried, u, v, used


def solve_candidates(n_mentees: int, capacity: np.ndarray, priority: np.ndarray,
                     cands: Candidates) -> np.ndarray:
    """Which candidate pairs a lexicographically optimal assignment uses (bool mask).

    Max flows give p* (priority mentees that can be matched) and c* (pairs that can be made);
    a maximum matching can always hold p* priority mentees (transversal matroid), so the
    optimum is the min-cost flow, costs −tenths, that sends exactly p* units through the
    priority mentees and c* − p* through the others.
    """
    m = capacity.size
    if cands.rows.size == 0:
        return np.zeros(0, dtype=bool)
    rows, mentors = cands.rows.astype(np.int32), (n_mentees + cands.cols).astype(np.int32)
    degree = np.bincount(cands.cols, minlength=m)
    used = np.flatnonzero(degree)
    sink, first_source, other_source = n_mentees + m, n_mentees + m + 1, n_mentees + m + 2
    mentor_arcs = ((n_mentees + used).astype(np.int32), np.full(used.size, sink, dtype=np.int32),
                   np.minimum(capacity[used], degree[used]).astype(np.int64))
    mentees = np.unique(cands.rows)
    first = priority[mentees]

    def most_pairs(keep: np.ndarray) -> int:
        flow = max_flow.SimpleMaxFlow()
        flow.add_arcs_with_capacity(rows[keep], mentors[keep], np.ones(int(keep.sum()),
                                                                      dtype=np.int64))
        flow.add_arcs_with_capacity(*mentor_arcs)
        flow.add_arcs_with_capacity(np.full(mentees.size, first_source, dtype=np.int32),
                                    mentees.astype(np.int32),
                                    np.ones(mentees.size, dtype=np.int64))
        if flow.solve(first_source, sink) != flow.OPTIMAL:
            raise RuntimeError("OR-Tools max flow failed")
        return int(flow.optimal_flow())

    flow = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        rows, mentors, np.ones(rows.size, dtype=np.int64), -cands.tenths.astype(np.int64))
    flow.add_arcs_with_capacity_and_unit_cost(*mentor_arcs, np.zeros(used.size, dtype=np.int64))
    if first.any():
        firsts, pairs = most_pairs(priority[cands.rows]), most_pairs(np.ones(rows.size, bool))
        flow.add_arcs_with_capacity_and_unit_cost(
            np.where(first, first_source, other_source).astype(np.int32),
            mentees.astype(np.int32), np.ones(mentees.size, dtype=np.int64),
            np.zeros(mentees.size, dtype=np.int64))
        flow.set_nodes_supplies(np.array([first_source, other_source, sink], dtype=np.int32),
                                np.array([firsts, pairs - firsts, -pairs], dtype=np.int64))
        status = flow.solve()
    else:
        flow.set_nodes_supplies(mentees.astype(np.int32), np.ones(mentees.size, dtype=np.int64))
        flow.set_node_supply(sink, -int(mentees.size))
        status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow failed with status {status}")
    return np.asarray(flow.flows(pair_arcs)) > 0
