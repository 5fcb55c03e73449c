"""Each row's best entries of a block, ranked by value and then by a fixed per-row rotation of
the columns (so that ties spread over people instead of all going to the lowest numbers): what
the scan keeps of each mentee, and what pricing keeps of each rescanned mentee."""

from __future__ import annotations

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
    ``width`` are those at or above the row's width-th largest key. No key matrix is built
    and no row is sorted whole: the keys of a sample of every SAMPLE-th column guess a floor
    with about twice ``width`` keys above it, and only the entries at or above the floor's
    rank get a key (rows the guess leaves short try a lower floor, then every entry).
    """
    b, m = rank.shape
    key_type = np.int32 if 32768 * max(m, 1) < 2**31 else np.int64
    keys = np.zeros((b, width), dtype=key_type)
    if b == 0 or width == 0 or m == 0:
        return keys, np.count_nonzero(rank, axis=1) > width
    shift = np.asarray(shift).astype(key_type)
    floor = np.full(b, m, dtype=key_type)          # keys ≥ m: every present entry
    sample = np.zeros((b, 0), dtype=key_type)
    if m > SAMPLE * width:
        sample = _keys(rank[:, ::SAMPLE], np.arange(0, m, SAMPLE, dtype=key_type)[None, :],
                       shift[:, None], m)
        sample.sort(axis=1)
        np.maximum(sample[:, -min(sample.shape[1], 2 * width // SAMPLE + 1)], m, out=floor)
    r, key = _at_or_above(rank, floor, shift, m)
    short = np.flatnonzero((np.bincount(r, minlength=b) <= width) & (floor > m))
    for deeper in (8 * width // SAMPLE + 1, None):
        if not short.size:
            break
        # The sample misled these rows (their best entries fell between sampled columns).
        lower = (np.full(short.size, m, dtype=key_type) if deeper is None else
                 np.maximum(sample[short, -min(sample.shape[1], deeper)], m))
        r_more, key_more = _at_or_above(rank[short], lower, shift[short], m)
        keep = ~np.isin(r, short)
        r, key = np.concatenate([r[keep], short[r_more]]), np.concatenate([key[keep], key_more])
        found = np.bincount(r_more, minlength=short.size)
        short = short[(found <= width) & (lower > m)]
    span = 32768 * m                               # above any key: (row, key) in one code
    code = r * span + key
    code.sort()
    r, key = np.divmod(code, span)
    count = np.bincount(r, minlength=b)
    behind = np.repeat(np.cumsum(count), count) - np.arange(r.size)   # 1: the row's best
    held = behind <= width
    keys[r[held], width - behind[held]] = key[held]
    return keys, count > width


def _keys(rank: np.ndarray, cols: np.ndarray, shift: np.ndarray, m: int) -> np.ndarray:
    """rank·m + m − 1 − ((col + shift) mod m), broadcast, in the key type of ``shift``."""
    key_type = shift.dtype.type
    turned = cols + shift                          # below 2m: one subtraction is the mod
    turned -= (turned >= m) * key_type(m)
    key: np.ndarray = np.multiply(rank, key_type(m), dtype=key_type)
    key += key_type(m - 1)
    key -= turned
    return key


def _at_or_above(rank: np.ndarray, floor: np.ndarray, shift: np.ndarray, m: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(row, key as int64) of each entry whose key is at or above its row's floor: those of
    the floor's rank or better are found on the int16 matrix, and only they are keyed."""
    at_least = (floor // m).astype(rank.dtype)
    r, c = np.divmod(np.flatnonzero(rank >= at_least[:, None]), m)
    key = _keys(rank[r, c], c.astype(shift.dtype), shift[r], m)
    hit = key >= floor[r]
    return r[hit], key[hit].astype(np.int64)


def column_of(keys: np.ndarray, shift: np.ndarray, m: int) -> np.ndarray:
    """The mentor of each key of ``top_per_row`` (int64 keys, shift of each key's row)."""
    mentors: np.ndarray = (m - 1 - keys % m - shift) % m
    return mentors
