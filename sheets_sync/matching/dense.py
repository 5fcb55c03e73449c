"""Optimal assignment of mentees to mentors under capacity and the Must rules, densely.

The objective, in order: match as many waiting mentees as possible whose pair the coordinator
just sent back (Rejected or Rematch: they are owed a new mentor), then as many mentees as the Must
rules and capacity allow, then maximise the total score of the new pairs. Solved exactly with the
Hungarian method (``scipy.optimize.linear_sum_assignment``) over one column per capacity slot.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path

import numpy as np


def assign(allowed: np.ndarray, tenths: np.ndarray, capacity: np.ndarray,
           priority: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Best (mentee, mentor) index pairs, sorted by mentee.

    allowed: bool mentees × mentors (every Must rule passes and the pair is not barred);
    tenths: int scores × 10; capacity: free places per mentor (≤ 0 means full);
    priority: bool per mentee, those to match first.
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
    first = None if priority is None else np.asarray(priority, dtype=bool)[rows]
    weight = pair_weight(np.asarray(tenths)[np.ix_(rows, cols)], rows.size, first)
    gain = np.where(sub_allowed, weight, 0.0)[:, slot_owner]
    chosen_rows, chosen_slots = linear_sum_assignment()(gain, maximize=True)
    pairs = [(int(rows[r]), int(cols[slot_owner[s]])) for r, s in zip(chosen_rows, chosen_slots,
                                                                       strict=True)
             if sub_allowed[r, slot_owner[s]]]
    return sorted(pairs)


# linear_sum_assignment(cost, maximize=...) -> (rows, columns) of an optimal assignment
Solver = Callable[..., tuple[np.ndarray, np.ndarray]]


@lru_cache(maxsize=1)
def linear_sum_assignment() -> Solver:
    """SciPy's ``linear_sum_assignment``, loaded from its compiled module alone: importing
    ``scipy.optimize`` takes most of a second, most of a small program's sync, for this one
    function. The ordinary import is the fallback, should SciPy move it."""
    found = importlib.util.find_spec("scipy")
    if found is not None and found.origin:
        folder = Path(found.origin).parent / "optimize"
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = folder / f"_lsap{suffix}"
            spec = importlib.util.spec_from_file_location("_lsap", path)
            if path.is_file() and spec is not None and spec.loader is not None:
                with suppress(ImportError):
                    module = importlib.util.module_from_spec(spec)
                    spec.loader.exec_module(module)
                    compiled: Solver = module.linear_sum_assignment
                    return compiled
    from scipy.optimize import linear_sum_assignment as solver

    ordinary: Solver = solver
    return ordinary


def pair_weight(tenths: np.ndarray, mentees: int, priority: np.ndarray | None = None
                ) -> np.ndarray:
    """Weight of a pair: bonuses that outweigh every lower aim, plus its score.

    With scores in 0..1000 tenths, one more matched mentee (bonus 1000 × n + 1) is worth more
    than the whole score of any n pairs, and one more priority mentee (bonus (n + 1) × that)
    more than any number of others. Exact in float64 while n² × 10⁶ stays below 2⁵³.
    """
    pair_bonus = 1000.0 * mentees + 1.0
    weight = pair_bonus + np.asarray(tenths, dtype=np.float64)
    if priority is not None and priority.any():
        weight = weight + ((mentees + 1) * (pair_bonus + 1000.0)) * priority[:, None]
    return weight


def objective(pairs: list[tuple[int, int]], tenths: np.ndarray,
              priority: np.ndarray | None = None) -> tuple[int, int, int]:
    """(priority mentees matched, pairs made, total score in tenths): what assign() maximises."""
    first = sum(1 for i, _j in pairs if priority is not None and priority[i])
    return first, len(pairs), int(sum(int(tenths[i, j]) for i, j in pairs))
