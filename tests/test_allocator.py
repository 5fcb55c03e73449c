"""The sync command keeps the C allocator to one pool of memory for all its threads (glibc)."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest
from conftest import copy_of

# glibc reports its pools ("Arena N:") on stderr as the process ends.
POOLS_AT_EXIT = "import atexit, ctypes; atexit.register(ctypes.CDLL(None).malloc_stats)"
# Three threads allocate at once, then the pools are reported.
SCRIPT = """
import ctypes, sys, threading
from sheets_sync.ops.allocator import share_one_pool
if sys.argv[1] == "shared":
    share_one_pool()
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
started = threading.Barrier(3)
def allocate():
    started.wait()
    libc.free(ctypes.c_void_p(libc.malloc(4096)))
threads = [threading.Thread(target=allocate) for _ in range(3)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc.malloc_stats()
"""

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")


def pools(*args: str) -> int:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True)
    return sum(line.startswith("Arena ") for line in done.stderr.splitlines())


def test_threads_share_one_pool_once_asked():
    assert pools("-c", SCRIPT, "shared") == 1


def test_without_asking_each_thread_makes_its_own():
    # What share_one_pool prevents: without it the same threads make pools of their own.
    assert pools("-c", SCRIPT, "default") > 1


def test_a_whole_sync_keeps_to_one_pool(demo_xlsx, tmp_path):
    # Its reading and scanning threads included: the command's process reports its pools.
    target = copy_of(demo_xlsx, tmp_path)
    run = f"{POOLS_AT_EXIT}; from sheets_sync.cli import main; main()"
    assert pools("-c", run, "sync", str(target), "--today", "2026-11-25", "--quiet") == 1
