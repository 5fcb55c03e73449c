"""Each row's best entries of a block, ranked by value and then by a fixed per-row rotation of
the columns (so that ties spread over people instead of all going to the lowest numbers): what
the scan keeps of each mentee, and what pricing keeps of each rescanned mentee."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

SPREAD = 2654435761   # tie-breaking hash multiplier
SAMPLE = 16           # every SAMPLE-th column guesses a row's cut-off


def tie_shift(index: np.ndarray, modulus: int) -> np.ndarray:
    """A fixed pseudo-random rotation per person (Knuth's multiplicative hash), by which equal
    scores are ranked, so that ties do not all favour the same low-numbered people."""
    return (np.asarray(index, dtype=np.int64) * SPREAD) % max(modulus, 1)


def top_per_row(rank: np.ndarray, width: int, shift: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``width`` best entries of an int16 matrix (0 = absent, higher = better).

    Returns keys rank·m + (m − 1 − π) sorted ascending per row (best last; keys < m are
    padding), where π = (j + shift_row) mod m ranks equal entries (see ``column_of``), and
    whether the row had more present entries. Keys are distinct within a row, so the best
    ``width`` are those at or above the row's width-th largest key (``_cut_offs``): no row
    is sorted whole.
    """
    b, m = rank.shape
    key_type = np.int32 if 32768 * max(m, 1) < 2**31 else np.int64
    keys = np.zeros((b, width), dtype=key_type)
    present = np.count_nonzero(rank, axis=1)
    more = present > width
    if b == 0 or width == 0 or m == 0:
        return keys, more
    key = _tie_rows(m, key_type)[shift]            # m − 1 − π, one slice per row
    key += np.multiply(rank, m, dtype=key_type)    # absent entries stay below m
    cut = _cut_offs(key, width, more, m)
    r, c = np.divmod(np.flatnonzero(key >= cut[:, None]), m)
    count = np.bincount(r, minlength=b)
    slot = np.arange(r.size) - np.repeat(np.cumsum(count) - count, count)
    keys[r, slot] = key[r, c]
    keys.sort(axis=1)
    return keys, more


@lru_cache(maxsize=8)
def _tie_rows(m: int, key_type: type) -> np.ndarray:
    """Row s (0 ≤ s < m) holds m − 1 − ((j + s) mod m) for each column j: a read-only view of
    one array of 2m numbers, so that a block's tie-breaking ranks are one gather."""
    ranks: np.ndarray = (m - 1 - np.arange(2 * m) % m).astype(key_type)
    return np.lib.stride_tricks.sliding_window_view(ranks, m)[:m]


def _cut_offs(key: np.ndarray, width: int, more: np.ndarray, m: int) -> np.ndarray:
    """Each row's width-th largest key (m where it has no more than ``width`` present).

    A sorted sample of every SAMPLE-th column guesses a key with about twice ``width``
    entries at or above it; those entries are few, and sorting them gives the exact cut-off.
    Rows the guess leaves short (fewer than ``width`` at or above it) are sorted whole."""
    cut = np.full(key.shape[0], m, dtype=key.dtype)
    busy = np.flatnonzero(more)
    if not busy.size:
        return cut
    part = key[busy] if busy.size < key.shape[0] else key
    cols = part.shape[1]
    sample = np.sort(part[:, ::SAMPLE], axis=1)
    pick = min(sample.shape[1], 2 * width // SAMPLE + 1)
    guess = sample[:, -pick] if cols > SAMPLE * width else np.full(busy.size, m, key.dtype)
    above = part >= guess[:, None]
    found = np.count_nonzero(above, axis=1)
    short = found < width
    if short.any():
        cut[busy[short]] = np.sort(part[short], axis=1)[:, cols - width]
        above[short] = False
    r, c = np.divmod(np.flatnonzero(above), cols)
    rows = np.flatnonzero(~short)
    if rows.size:  # per row, descending: the width-th entry is the cut-off
        value = part[r, c]
        value = value[np.lexsort((-value, r))]
        count = np.bincount(r, minlength=busy.size)
        cut[busy[rows]] = value[(np.cumsum(count) - count)[rows] + width - 1]
    return cut


def column_of(keys: np.ndarray, shift: np.ndarray, m: int) -> np.ndarray:
    """The mentor of each key of ``top_per_row`` (int64 keys, shift of each key's row)."""
    mentors: np.ndarray = (m - 1 - keys % m - shift) % m
    return mentors
