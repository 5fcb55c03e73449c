"""The C allocator told to keep one pool of memory for all threads.

glibc's malloc gives each new thread a pool (arena) of its own, up to eight per core, and
memory freed in one pool is not reused by the others. A sync reads tabs and scores mentees on
helper threads, so its peak grew with every thread added: on a program of 50,000 mentees, two
threads reading tabs and two helping the scan took the peak from about 840 MB to 950 MB. With
one shared pool it was 800-820 MB, and a sync took no longer (its threads spend their time in
NumPy's loops and calamine's parser, not in malloc). Other C libraries (macOS, musl,
Windows) are left alone.
"""

from __future__ import annotations

import ctypes
import sys

M_ARENA_MAX = -8  # mallopt's parameter number in glibc's malloc.h


def share_one_pool() -> None:
    """Keep every thread's allocations in one pool (glibc only; a no-op elsewhere).

    It holds for the whole process, so it is the command's to ask (``sheets-sync sync``), not
    the library's: a program that calls ``app.sync_workbook`` itself decides for its own
    threads. glibc fixes its limit once threads have made pools of their own, so it is asked
    before the sync starts any."""
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(M_ARENA_MAX, 1)
