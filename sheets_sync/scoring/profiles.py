"""Profiles: the distinct inputs of a test, numbered 0..P-1, so that a score table holds one
row per profile rather than one per person."""

from __future__ import annotations

import numpy as np

Rows = np.ndarray | slice  # a block of mentees: their indexes, or a run of them


def codes(keys: np.ndarray) -> np.ndarray:
    """Dense numbers 0..P-1 of the distinct values of a 1-d array (NaN is one value)."""
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    return np.unique(keys, return_inverse=True, equal_nan=True)[1].ravel().astype(np.int64)


def first_rows(profiles: np.ndarray, count: int) -> np.ndarray:
    """The first row of each profile 0..count-1: the one that stands for it."""
    rows = np.empty(count, dtype=np.int64)
    rows[profiles[::-1]] = np.arange(profiles.size - 1, -1, -1)
    return rows
