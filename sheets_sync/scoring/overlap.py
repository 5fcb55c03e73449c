"""Weekly availability overlaps: how many quarter-hours each mentee and mentor share, counted
through the distinct grids each side gave."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from sheets_sync.scoring.profiles import Rows

Counts = npt.NDArray[np.float32]  # shared slots: whole numbers, exact in float32


class Overlap:
    """Row-by-row dot products of two sets of 0/1 rows (weekly availability grids), through
    a table of their distinct rows.

    Each side comes as (distinct rows, which one each person has). Forms give few distinct
    answers, so the table of overlaps of distinct rows is computed once; a block is then a
    lookup. Counts are float32 (exact: far below 2²⁴) whichever way they are computed.
    """

    TABLE_LIMIT = 20_000_000

    def __init__(self, left: tuple[np.ndarray, np.ndarray],
                 right: tuple[np.ndarray, np.ndarray]) -> None:
        self.a, self.at_a = _deduplicated(*left)
        self.b, self.at_b = _deduplicated(*right)
        self.table: Counts | None = None
        if self.at_a.size and self.at_b.size and len(self.a) * len(self.b) <= self.TABLE_LIMIT:
            self.table = self.a @ self.b.T

    def cross(self, rows: Rows) -> Counts:
        counts: Counts
        if self.table is not None:
            counts = self.table[self.at_a[rows]][:, self.at_b]
        else:
            kinds, inverse = np.unique(self.at_a[rows], return_inverse=True)
            counts = (self.a[kinds] @ self.b.T)[inverse.ravel()][:, self.at_b]
        return counts

    def pairs(self, i: np.ndarray, j: np.ndarray) -> Counts:
        counts: Counts
        if self.table is not None:
            counts = self.table[self.at_a[i], self.at_b[j]]
        else:
            counts = np.einsum("kv,kv->k", self.a[self.at_a[i]], self.b[self.at_b[j]])
        return counts

    def block(self, rows: np.ndarray, cols: np.ndarray) -> Counts:
        """Dot products of these rows of the left × these rows of the right."""
        counts: Counts
        if self.table is not None:
            counts = self.table[self.at_a[rows]][:, self.at_b[cols]]
        else:
            counts = self.a[self.at_a[rows]] @ self.b[self.at_b[cols]].T
        return counts

    @property
    def left_profiles(self) -> np.ndarray:
        """Which distinct row each left row is."""
        return self.at_a

    @property
    def right_profiles(self) -> np.ndarray:
        return self.at_b


def _deduplicated(rows: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows (float32) and which one each person has, from rows that may repeat."""
    if not len(rows):
        return np.zeros((0, rows.shape[1] if rows.ndim == 2 else 0), dtype=np.float32), at
    packed = np.ascontiguousarray(np.packbits(rows > 0, axis=1))
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _keys, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return rows[first].astype(np.float32), inverse.ravel()[at].astype(np.int64)
