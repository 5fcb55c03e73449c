"""The matching step: the optimal pairs of a problem of any size.

The objective, in order: match as many waiting mentees as possible who have first claim (their
pair was sent back), then as many mentees as the Must rules and capacity allow, then maximise
the total score of the new pairs. Small problems are solved densely (:mod:`.dense`), large ones
by the sparse solver (:mod:`.sparse`) whose result is certified optimal (:mod:`.certify`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sheets_sync.matching.dense import assign

BlockScores = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


DENSE_CELLS = 4_000_000  # mentees × capacity slots up to which the dense method is quicker
DENSE_FALLBACK_BYTES = 4e9  # the most memory the dense method may take as a fallback


def solve(block_scores: BlockScores, mentees: int, capacity: np.ndarray,
          priority: np.ndarray | None = None) -> list[tuple[int, int]]:
    """The optimal pairs, scoring the candidates through ``block_scores(rows)``.

    Small programs are solved densely; large ones by the sparse solver, whose result is
    certified optimal for the whole problem (dual prices leave no better pair out).
    """
    slots = int(np.clip(capacity, 0, None).sum())
    if mentees * slots <= DENSE_CELLS:
        allowed, tenths = block_scores(np.arange(mentees))
        return assign(allowed, tenths, capacity, priority)
    from sheets_sync.matching.sparse import assign_sparse

    result = assign_sparse(block_scores, mentees, capacity, priority)
    if result.certified:
        return result.pairs
    if mentees * slots * 8 > DENSE_FALLBACK_BYTES:  # never hand out an unproven pairing
        raise RuntimeError(f"the matching could not be proved optimal: {result.note}")
    allowed, tenths = block_scores(np.arange(mentees))
    return assign(allowed, tenths, capacity, priority)
