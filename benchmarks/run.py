"""End-to-end sync benchmark on generated program workbooks, with matching baselines.

    python benchmarks/run.py [--sizes 300x120,2000x700,10000x3500,50000x17000] [--runs 3]
                             [--data messy,tidy] [--no-baselines]

For each size it builds a deterministic .xlsx from the `general` program's sample people
(mentors with capacity 1-4, a rule set of 3 Must and 5 Prefer rules), in two kinds:

* ``messy`` (the default first): answers as real form responses look (see ``messy.py``) —
  free-text interests in mixed case and separators, typos and stray spaces, many distinct
  cities (and a Prefer rule on them), half-empty optional answers, many mentees unmatched;
* ``tidy``: the sample people as generated, a few distinct answers per column.

Then, in rounds that interleave the kinds (so each meets the same machine), it syncs a fresh
copy in its own process and prints the median wall seconds of every stage (read, scoring,
matching, follow-ups, write, total), then syncs that copy again unchanged in another process
(``resync``), and times a whole ``sheets-sync sync`` process on another fresh copy
(``process``: interpreter start, imports and all); with the peak memory of the first sync, the
pairs made, the mentees left unmatched and the total score. In the same run it solves the
sync's matching problem (scoring included) `--runs` times each, in fresh processes, with the
product's solver, a greedy baseline and dense `scipy.optimize.linear_sum_assignment` over
capacity slots (where that fits in memory), and prints their median seconds, peak memory,
score, optimality gap and speed against dense; the product's line says whether the sparse
solver proved its result optimal over every allowed pair. A line before and after the table
gives the machine's pace (a fixed Python loop and NumPy sort): figures from runs whose paces
differ do not compare.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from messy import CITY_RULE, make_messy

from sheets_sync import app, engine
from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.matching.dense import assign
from sheets_sync.matching.problem import matching_problem
from sheets_sync.model import Table
from sheets_sync.ops.allocator import share_one_pool
from sheets_sync.programs import build_workbook

TODAY = dt.date(2026, 11, 24)
RULES = [
    ["Must", "Languages you speak", "overlaps", "Languages you speak", None, None, "language"],
    ["Must", "Availability", "time overlap", "Availability", 1, None, "an hour a week"],
    ["Must", "Time zone", "within", "Time zone", 5, None, "waking hours overlap"],
    ["Prefer", "What would you like help with?", "covers", "I can help with", None, 3, "goals"],
    ["Prefer", "Interests", "overlaps", "Interests", None, 2, "interests"],
    ["Prefer", "Time zone", "within", "Time zone", 2, 1, "close by"],
    ["Prefer", "Preferred meeting format", "same", "Preferred meeting format", None, 1, "format"],
    ["Prefer", "Age", "mentor older by", "Age", 5, 1, "some years ahead"],
]
DENSE_LIMIT_BYTES = 3e9  # mentees × capacity slots × 8 bytes the dense solver may use
KINDS = ("messy", "tidy")


def build(path: Path, mentees: int, mentors: int, kind: str = "messy") -> None:
    """A program workbook of the given size and kind, the same every time."""
    sheets = {s.name: s for s in build_workbook("general", mentees, dt.date(2026, 11, 25))}
    rules = sheets["Rules"].table
    extra = [CITY_RULE] if kind == "messy" else []
    sheets["Rules"].table = Table("Rules", rules.header, [list(r) for r in RULES + extra])
    roster = sheets["Mentors"].table
    kept = {row[3] for row in sheets["Pairings"].table.rows}  # planted pairs' mentors stay
    email = roster.column("Email Address")
    rows = [r for r in roster.rows if r[email] in kept]
    rows += [r for r in roster.rows if r[email] not in kept][:mentors - len(rows)]
    chance = random.Random(f"bench:{mentees}")
    capacity = roster.column("Capacity")
    for row in rows:
        row[capacity] = chance.randint(1, 4)
    roster.rows = rows
    if kind == "messy":
        planted = {cell for row in sheets["Pairings"].table.rows for cell in row[1:5]}
        make_messy(sheets["Mentees"].table, roster, planted, f"messy:{mentees}")
    ExcelBackend(path).create(list(sheets.values()))


def timed_sync(path: Path) -> dict[str, float]:
    """One sync in this process: seconds per stage, peak memory, pairs, unmatched, score."""
    laps, last = {}, time.perf_counter()
    started = last

    def lap(stage: str) -> None:
        nonlocal last
        now = time.perf_counter()
        laps[stage] = now - last
        last = now

    report = app.sync_workbook(str(path), TODAY, lap=lap, keep_backups=0)
    laps["total"] = time.perf_counter() - started
    laps["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    laps["score"] = sum(p.cells["Score"] for p in report.outcome.new_pairs)
    laps["pairs"] = len(report.outcome.new_pairs)
    laps["unmatched"] = len(report.outcome.unmatched)
    laps["written"] = report.written
    return laps


def solved(path: Path, method: str) -> dict[str, float]:
    """The sync's matching problem, solved by one method in this process: its seconds (the
    scoring it needs included), pairs, total score and peak memory."""
    program = engine.load(ExcelBackend(path).read(), TODAY)
    scores, _ = engine.score(program, TODAY)
    problem = matching_problem(program, scores)
    assert problem is not None
    n = len(problem.rows)
    # Loaded before the clock starts: this compares methods, not imports.
    import scipy.optimize  # noqa: F401

    from sheets_sync.matching.sparse import assign_sparse

    certified = method != "greedy"
    started = time.perf_counter()
    if method == "product":
        result = assign_sparse(problem.block_scores, n, problem.capacity, problem.priority)
        pairs, certified = result.pairs, result.certified
    elif method == "greedy":
        pairs = greedy(problem)
    else:
        allowed, tenths = problem.block_scores(np.arange(n))
        pairs = assign(allowed, tenths, problem.capacity, problem.priority)
    seconds = time.perf_counter() - started
    figures = _figures(problem, pairs, seconds)
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["certified"] = certified
    return figures


def dense_fits(path: Path) -> bool:
    program = engine.load(ExcelBackend(path).read(), TODAY)
    problem = matching_problem(program, engine.score(program, TODAY)[0])
    assert problem is not None
    return len(problem.rows) * int(np.clip(problem.capacity, 0, None).sum()) * 8 \
        < DENSE_LIMIT_BYTES


def greedy(problem) -> list[tuple[int, int]]:
    """Each waiting mentee in turn takes its best-scoring allowed mentor with room."""
    free = np.clip(problem.capacity, 0, None).copy()
    pairs = []
    for start in range(0, len(problem.rows), 2048):
        block = np.arange(start, min(start + 2048, len(problem.rows)))
        allowed, tenths = problem.block_scores(block)
        for k, row in enumerate(block):
            options = np.where(allowed[k] & (free > 0), tenths[k], -1)
            best = int(options.argmax())
            if options[best] >= 0:
                free[best] -= 1
                pairs.append((int(row), best))
    return pairs


def _figures(problem, pairs, seconds: float) -> dict[str, float]:
    """Seconds, pairs made and their total score (scored pair by pair: no big matrix)."""
    rows = np.array([problem.rows[i] for i, _ in pairs], dtype=np.int64)
    cols = np.array([problem.cols[j] for _, j in pairs], dtype=np.int64)
    _allowed, tenths = problem.scores.pair_scores(rows, cols)
    return {"seconds": seconds, "pairs": len(pairs), "score": int(tenths.sum()) / 10}


def in_child(*args: str) -> dict[str, float]:
    """Run this script with --child in a fresh process (so peak memory is its own)."""
    done = subprocess.run([sys.executable, __file__, "--child", *args],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def whole_process(path: Path) -> float:
    """Wall seconds of one ``sheets-sync sync`` process, from start to exit."""
    script = Path(sys.executable).with_name("sheets-sync")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "sheets_sync"]
    started = time.perf_counter()
    subprocess.run([*command, "sync", str(path), "--today", TODAY.isoformat(), "--quiet"],
                   check=True)
    return time.perf_counter() - started


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def sync_rounds(folder: Path, sources: dict[str, Path], runs: int
                ) -> dict[str, dict[str, float]]:
    """Per kind, the medians of: a first sync of a fresh copy (its stages), an unchanged
    re-sync of that copy, and a whole ``sheets-sync sync`` process on another fresh copy.
    Rounds interleave the kinds, so that each meets the same machine."""
    found: dict[str, list[dict[str, float]]] = {kind: [] for kind in sources}
    for attempt in range(runs):
        for kind, source in sources.items():
            copy = folder / f"run-{kind}-{attempt}.xlsx"
            shutil.copy(source, copy)
            first = in_child("sync", str(copy))
            again = in_child("sync", str(copy))
            if again["written"]:
                raise RuntimeError(f"{copy}: a sync with no input change wrote something")
            first["resync"] = again["total"]
            process = folder / f"process-{kind}-{attempt}.xlsx"
            shutil.copy(source, process)
            first["process"] = whole_process(process)
            found[kind].append(first)
    return {kind: medians(figures) for kind, figures in found.items()}


def method_rounds(source: Path, runs: int) -> None:
    """The matching step alone by each method; prints one line per method."""
    methods = ["product", "greedy"] + (["dense"] if dense_fits(source) else [])
    # Interleaved (product, greedy, dense, product, ...) so that each method meets the same
    # machine; the speed-up is the median of each round's own ratio.
    rounds = [{m: in_child(m, str(source)) for m in methods} for _ in range(runs)]
    base = {m: medians([r[m] for r in rounds]) for m in methods}
    speedups = sorted(r["dense"]["seconds"] / r["product"]["seconds"] for r in rounds) \
        if "dense" in base else []
    best = max(v["score"] for v in base.values())
    gap = {m: (best - v["score"]) / best if best else 0.0 for m, v in base.items()}
    for method, figures in base.items():
        proved = "certified optimal" if figures["certified"] else "NOT CERTIFIED"
        how = {"product": proved, "greedy": "", "dense": "exact"}[method]
        ratio = (f"{statistics.median(speedups):5.1f}x dense" if speedups and method == "product"
                 else "")
        print(f"    {method:<8}{figures['seconds']:8.2f} s {figures['peak_mb']:7.0f} MB "
              f"{figures['pairs']:7.0f} pairs {figures['score']:10.1f}  gap {gap[method]:6.2%}"
              f"  {ratio:>11}  {how}", flush=True)
    if speedups:
        print("    product vs dense, round by round: "
              + ", ".join(f"{x:.1f}x" for x in speedups), flush=True)


def measure(folder: Path, mentees: int, mentors: int, runs: int, kinds: list[str],
            baselines: bool) -> None:
    sources = {}
    for kind in kinds:
        sources[kind] = folder / f"program-{mentees}-{kind}.xlsx"
        build(sources[kind], mentees, mentors, kind)
    syncs = sync_rounds(folder, sources, runs)
    size = f"{mentees}x{mentors}"
    for kind, sync in syncs.items():
        print(f"{size:<12}{kind:<6}{sync['read']:6.2f} {sync['scoring']:8.2f} "
              f"{sync['matching']:8.2f} {sync['follow-ups']:10.2f} {sync['write']:6.2f} "
              f"{sync['total']:6.2f} {sync['resync']:7.2f} {sync['process']:8.2f} "
              f"{sync['peak_mb']:8.0f} {sync['pairs']:7.0f} {sync['unmatched']:9.0f} "
              f"{sync['score']:10.1f}", flush=True)
        if baselines:
            method_rounds(sources[kind], runs)


def child(what: str, path: str) -> None:
    share_one_pool()  # as the sheets-sync command does
    figures = timed_sync(Path(path)) if what == "sync" else solved(Path(path), what)
    print(json.dumps(figures))


def machine_pace() -> str:
    """A fixed workload's seconds (medians of 3): a shared machine's speed drifts over an hour
    by a third or more, so figures from different runs compare only beside their pace."""
    def loop() -> float:
        started, total = time.perf_counter(), 0
        for k in range(3_000_000):
            total += k
        return time.perf_counter() - started

    def sort() -> float:
        values = np.random.default_rng(7).integers(0, 2**31, 3_000_000)
        started = time.perf_counter()
        np.sort(values)
        return time.perf_counter() - started

    python, numpy = (statistics.median(work() for _ in range(3)) for work in (loop, sort))
    return f"pace: a 3M-step Python loop {python:.3f} s, sorting 3M integers {numpy:.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300x120,2000x700,10000x3500,50000x17000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", default=",".join(KINDS),
                        help="which kinds of workbook: messy, tidy or both (messy,tidy)")
    parser.add_argument("--no-baselines", action="store_true",
                        help="time the syncs only, not the matching methods")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    kinds = [k.strip() for k in args.data.split(",") if k.strip()]
    if not kinds or set(kinds) - set(KINDS):
        parser.error(f"--data takes {' or '.join(KINDS)}, comma separated")
    # Processes start from bytecode, as an installed copy does (pip compiles it): an
    # environment that writes none (PYTHONDONTWRITEBYTECODE) would time compiling instead.
    compileall.compile_dir(Path(app.__file__).parent, quiet=1)
    folder = Path(tempfile.mkdtemp(prefix="sheets-sync-bench-"))
    print("Machine " + machine_pace(), flush=True)
    print(f"Medians of {args.runs} runs, each in a fresh process. Sync stages in wall seconds;"
          " resync: the same sync again, nothing changed; process: a whole `sheets-sync sync`."
          + ("" if args.no_baselines else
             " Below each, the matching step alone (scoring included) by each method."))
    print("size        data    read  scoring matching follow-ups  write  total  resync  process"
          "  peak MB   pairs unmatched      score")
    for size in args.sizes.split(","):
        mentees, mentors = (int(x) for x in size.lower().split("x"))
        measure(folder, mentees, mentors, args.runs, kinds, not args.no_baselines)
    print("Machine " + machine_pace() + " (after)")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
