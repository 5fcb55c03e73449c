"""Python's cycle collector, made patient for the length of a sync.

A sync makes millions of small objects (cells, rows, texts) and keeps most of them to the end,
with hardly a reference cycle among them. The collector's default thresholds rescan that
growing heap every few hundred allocations: about a sixth of an unchanged re-sync of a large
program went to it. During a sync collections are made rare; the caller's thresholds are
restored afterwards, and nothing is ever switched off.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# A young collection after 100,000 new objects rather than 700; older ones rarer still.
PATIENT = (100_000, 50, 100)


@contextmanager
def patient_collector() -> Iterator[None]:
    """Run the block with rare collections, then restore the thresholds it found."""
    before = gc.get_threshold()
    gc.set_threshold(*PATIENT)
    try:
        yield
    finally:
        gc.set_threshold(*before)
