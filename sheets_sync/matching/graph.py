"""What the sparse solver and its optimality certificate share: the integer pair weights of
the objective, the candidate graph, and the scorer that streams blocks of mentees."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

BlockScores = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
INT64_MAX = int(np.iinfo(np.int64).max)
CELLS_PER_BLOCK = 1_000_000  # a block's int16/int32 temporaries stay within the L3 cache


@dataclass(frozen=True)
class Weights:
    """The lexicographic objective as integer pair weights (see :mod:`.sparse`)."""

    pair: int
    first: int

    @classmethod
    def for_problem(cls, n_mentees: int, capacity: np.ndarray) -> Weights:
        most_pairs = max(1, min(n_mentees, int(np.maximum(capacity, 0).sum())))
        pair = 1000 * most_pairs + 1
        first = most_pairs * (pair + 1000) + 1
        if 8 * (first + pair + 1000) > INT64_MAX:
            raise OverflowError(f"{most_pairs} pairs: the weights would not fit in int64")
        return cls(pair, first)

    def of(self, priority: np.ndarray, tenths: np.ndarray) -> np.ndarray:
        return self.pair + self.first * priority.astype(np.int64) + tenths.astype(np.int64)


@dataclass
class Candidates:
    """The graph solved: pairs sorted by (mentee, mentor), with their tenths."""

    rows: np.ndarray
    cols: np.ndarray
    tenths: np.ndarray

    def add(self, rows: np.ndarray, cols: np.ndarray, tenths: np.ndarray, n_mentors: int) -> None:
        self.rows, self.cols, self.tenths = union_pairs(
            (self.rows, rows), (self.cols, cols), (self.tenths, tenths), n_mentors)


class Scorer:
    """Calls the caller's scorer block by block, checks its answer and times it."""

    def __init__(self, block_scores: BlockScores, n_mentees: int, capacity: np.ndarray,
                 block: int | None) -> None:
        self.block_scores = block_scores
        self.n = n_mentees
        self.open = np.asarray(capacity) > 0
        self.m = self.open.size
        self.block = block or int(np.clip(CELLS_PER_BLOCK // max(self.m, 1), 64, 8192))
        self.seconds = 0.0

    def blocks(self, rows: np.ndarray | None = None
               ) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """(rows, allowed, tenths) per block; allowed already excludes full mentors."""
        rows = np.arange(self.n, dtype=np.int64) if rows is None else rows
        for start in range(0, rows.size, self.block):
            part = rows[start:start + self.block]
            began = time.perf_counter()
            allowed, tenths = self.block_scores(part)
            self.seconds += time.perf_counter() - began
            allowed = np.asarray(allowed, dtype=bool)
            tenths = np.asarray(tenths)
            if allowed.shape != (part.size, self.m) or tenths.shape != allowed.shape:
                raise ValueError(f"block_scores gave {allowed.shape} and {tenths.shape} for "
                                 f"{part.size} rows × {self.m} mentors")
            allowed = allowed & self.open
            if tenths.dtype.kind not in "iub":       # floats: whole tenths where allowed
                if (allowed & ~(tenths == np.round(tenths))).any():
                    raise ValueError("block_scores must give whole tenths")
                tenths = np.where(allowed, tenths, 0)
            if tenths.size and (tenths.min() < 0 or tenths.max() > 1000):
                if (allowed & ((tenths < 0) | (tenths > 1000))).any():
                    raise ValueError("block_scores gave a score outside 0..1000 tenths")
                tenths = np.clip(tenths, 0, 1000)
            yield part, allowed, tenths.astype(np.int16, copy=False)


def union_pairs(rows: Iterable[npt.ArrayLike], cols: Iterable[npt.ArrayLike],
                tenths: Iterable[npt.ArrayLike], n_mentors: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct pairs sorted by (mentee, mentor), with their tenths (a pair's tenths are the
    same wherever it comes from, so one SIMD sort of (pair, tenths) codes dedupes them)."""
    m = max(n_mentors, 1)
    code = np.concatenate([(np.asarray(r, dtype=np.int64) * m + np.asarray(c, dtype=np.int64))
                           * 1024 + np.asarray(t, dtype=np.int64)
                           for r, c, t in zip(rows, cols, tenths, strict=True)])
    # Timsort: the first part is usually a large sorted graph or reserve, which it merges
    # with the few pairs added in linear time (quicksort would sort it all again).
    code.sort(kind="stable")
    code = code[np.r_[True, code[1:] != code[:-1]]] if code.size else code
    pair, pair_tenths = np.divmod(code, 1024)
    # Held compactly (the reserve runs to millions of pairs); arithmetic widens as it goes.
    return ((pair // m).astype(np.int32), (pair % m).astype(np.int32),
            pair_tenths.astype(np.int16))


def stable_order(values: np.ndarray, bound: int) -> np.ndarray:
    """argsort, stable, of non-negative ints below ``bound`` (radix sort when they fit 16 bits)."""
    if bound <= 2**16:
        return np.argsort(values.astype(np.uint16), kind="stable")
    return np.argsort(values, kind="stable")
