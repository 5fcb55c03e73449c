"""Assignment speed, memory and quality by program size: greedy, dense Hungarian, sparse certified.

    python benchmarks/matching.py [SIZE ...] [--repeat 3] [--dense-limit-gb 3] [--k 10]

SIZE is mentees×mentors (default 300x120 2000x700 10000x3500 50000x17000). Instances are
deterministic and shaped like a mentoring program: three Must rules (shared language, an
availability band, a track the mentor supports) allow ~30% of pairs; five Prefer features
(shared interests, same field, age gap, time zone, goals) make the score in tenths; mentors
take 1–4 mentees and 5% of mentees are owed a new mentor (priority). Each method runs in its
own process; it prints the median of the runs' seconds, the peak resident memory above the
instance itself (Linux VmHWM after resetting it), the objective (priority matched, pairs,
total tenths) and the gap to the best objective any method reached. Dense runs only where
mentees × slots × 8 bytes stays under the limit.
"""

from __future__ import annotations

import argparse
import heapq
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sheets_sync.matching.dense import assign  # noqa: E402
from sheets_sync.matching.sparse import assign_sparse  # noqa: E402

DEFAULT_SIZES = ["300x120", "2000x700", "10000x3500", "50000x17000"]


@dataclass
class Program:
    """People's features; ``scores(rows)`` makes one block of the pair matrix on demand."""

    capacity: np.ndarray
    priority: np.ndarray
    kind: np.ndarray            # mentee's (language, band, track) as one number, 0..59
    allowed_by_kind: np.ndarray  # bool 60 × mentors
    mentee_interests: np.ndarray
    mentor_interests: np.ndarray
    mentee_field: np.ndarray
    mentor_field: np.ndarray
    mentee_age: np.ndarray
    mentor_age: np.ndarray
    mentee_zone: np.ndarray
    mentor_zone: np.ndarray
    mentee_goal: np.ndarray
    mentor_goals: np.ndarray

    @property
    def n(self) -> int:
        return self.kind.size

    @classmethod
    def make(cls, n: int, m: int, seed: int = 7) -> Program:
        rng = np.random.default_rng([seed, n, m])
        language = np.where(rng.random(n) < 0.7, 0, rng.integers(1, 5, n))
        band = rng.integers(0, 4, n)
        track = rng.integers(0, 3, n)
        speaks = (rng.random((m, 5)) < [0.85, 0.2, 0.2, 0.2, 0.2])
        speaks[~speaks.any(axis=1), 0] = True
        free = rng.random((m, 4)) < 0.6
        free[~free.any(axis=1), rng.integers(0, 4)] = True
        tracks = rng.random((m, 3)) < 0.75
        tracks[~tracks.any(axis=1), 0] = True
        kinds = np.arange(60)
        allowed_by_kind = (speaks[:, kinds // 12] & free[:, (kinds // 3) % 4]
                           & tracks[:, kinds % 3]).T
        interests = 1 << rng.integers(0, 12, size=(n + m, 3))
        masks = np.bitwise_or.reduce(interests, axis=1).astype(np.uint16)
        goals = (rng.random((m, 5)) < 0.4) @ (1 << np.arange(5))
        return cls(
            capacity=rng.integers(1, 5, m), priority=rng.random(n) < 0.05,
            kind=language * 12 + band * 3 + track, allowed_by_kind=allowed_by_kind,
            mentee_interests=masks[:n], mentor_interests=masks[n:],
            mentee_field=rng.integers(0, 8, n).astype(np.int8),
            mentor_field=rng.integers(0, 8, m).astype(np.int8),
            mentee_age=rng.integers(18, 40, n).astype(np.int16),
            mentor_age=rng.integers(22, 70, m).astype(np.int16),
            mentee_zone=rng.integers(-8, 9, n).astype(np.int16),
            mentor_zone=rng.integers(-8, 9, m).astype(np.int16),
            mentee_goal=rng.integers(0, 5, n).astype(np.uint8),
            mentor_goals=goals.astype(np.uint8))

    def scores(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One block: three row gathers from per-profile tables and two int16 additions."""
        tables, profiles = self.tables
        tenths = np.take(tables[0], profiles[0][rows], axis=0)
        tenths += np.take(tables[1], profiles[1][rows], axis=0)
        tenths += np.take(tables[2], profiles[2][rows], axis=0)
        return np.take(self.allowed_by_kind, self.kind[rows], axis=0), tenths

    @cached_property
    def tables(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """A mentee's score row is the sum of three rows that depend only on its interests, its
        (field, age) and its (zone, goal): one table row per distinct profile, made once."""
        everyone = np.arange(self.capacity.size)[None, :]
        tables, profiles = [], []
        for term, parts in ((self._interests, (self.mentee_interests,)),
                            (self._field_age, (self.mentee_field, self.mentee_age)),
                            (self._zone_goal, (self.mentee_zone, self.mentee_goal))):
            distinct, which = np.unique(np.stack(parts, axis=1).astype(np.int64), axis=0,
                                        return_inverse=True)
            columns = [d.astype(p.dtype)[:, None] for d, p in zip(distinct.T, parts,
                                                                   strict=True)]
            tables.append(term(*columns, everyone))
            profiles.append(which.ravel())
        return tables, profiles

    def tenths(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Scores of mentees i with mentors j (broadcast together), five Prefer features."""
        tenths = self._interests(self.mentee_interests[i], j)
        tenths += self._field_age(self.mentee_field[i], self.mentee_age[i], j)
        tenths += self._zone_goal(self.mentee_zone[i], self.mentee_goal[i], j)
        return tenths

    def _interests(self, interests: np.ndarray, j: np.ndarray) -> np.ndarray:
        shared = np.bitwise_count(interests & self.mentor_interests[j])
        return np.minimum(shared, 3).astype(np.int16) * np.int16(117)             # ≤ 351

    def _field_age(self, field: np.ndarray, age: np.ndarray, j: np.ndarray) -> np.ndarray:
        gap = self.mentor_age[j] - age
        return (200 * (field == self.mentor_field[j])                             # ≤ 200
                + 150 * ((gap >= 5) & (gap <= 20))).astype(np.int16)              # ≤ 150

    def _zone_goal(self, zone: np.ndarray, goal: np.ndarray, j: np.ndarray) -> np.ndarray:
        far = np.abs(self.mentor_zone[j] - zone)
        shared = (self.mentor_goals[j] >> goal) & 1
        return (np.maximum(150 - 19 * far, 0)                                     # ≤ 150
                + 149 * shared.astype(np.int16)).astype(np.int16)                 # ≤ 149

    def objective(self, pairs: list[tuple[int, int]]) -> tuple[int, int, int]:
        if not pairs:
            return 0, 0, 0
        i, j = np.array(pairs).T
        if not self.allowed_by_kind[self.kind[i], j].all():
            raise AssertionError("a pair breaks a Must rule")
        if np.unique(i).size < i.size or (np.bincount(j, minlength=self.capacity.size)
                                          > self.capacity).any():
            raise AssertionError("a mentee has two mentors or a mentor is over capacity")
        return (int(self.priority[i].sum()), len(pairs), int(self.tenths(i, j).sum()))

    def full(self) -> tuple[np.ndarray, np.ndarray]:
        return self.scores(np.arange(self.n))


def greedy(program: Program, top: int = 32, scores=None) -> list[tuple[int, int]]:
    """Globally sorted greedy: the heaviest remaining allowed pair whose mentor has a place.

    Exact (ties by mentee, then mentor) without the full edge list: each mentee's allowed
    mentors are merged lazily from its top ``top`` (one streaming pass), refetched in full only
    for mentees that run past them.
    """
    scores = scores or program.scores
    n, m = program.n, program.capacity.size
    left = program.capacity.astype(np.int64).copy()
    reversed_cols = m - 1 - np.arange(m)

    def ranked(allowed: np.ndarray, tenths: np.ndarray) -> np.ndarray:
        """Keys (tenths + 1)·m + (m − 1 − j) of the allowed pairs, best first; 0 = none."""
        key = (tenths.astype(np.int64) + 1) * allowed * m + reversed_cols * allowed
        return -np.sort(-key, axis=-1)

    lists: list[np.ndarray | None] = []
    counts = np.zeros(n, dtype=np.int64)
    block = max(1, 2_000_000 // m)
    for start in range(0, n, block):
        rows = np.arange(start, min(n, start + block))
        allowed, tenths = scores(rows)
        counts[rows] = allowed.sum(axis=1)
        lists.extend(ranked(allowed, tenths)[:, :top].copy())
    head = [0] * n
    bonus = program.priority.astype(np.int64) * 1002 * m
    heap = [(-(bonus[i] + row[0]), i) for i, row in enumerate(lists) if row[0] > 0]
    heapq.heapify(heap)
    pairs = []
    places = int(left.sum())
    while heap and places:
        _, i = heapq.heappop(heap)
        row = lists[i]
        j = m - 1 - int(row[head[i]]) % m
        if left[j] > 0:
            left[j] -= 1
            places -= 1
            pairs.append((i, j))
            lists[i] = None
            continue
        rest = row[head[i] + 1:]
        open_at = np.flatnonzero((rest > 0) & (left[m - 1 - rest % m] > 0))
        if open_at.size == 0 and counts[i] > len(row):
            allowed, tenths = scores(np.array([i]))
            rest = ranked(allowed[0], tenths[0])
            row = lists[i] = rest[(rest > 0) & (rest < row[-1])]
            head[i], counts[i], rest = -1, 0, row
            open_at = np.flatnonzero(left[m - 1 - rest % m] > 0)
        if open_at.size:
            head[i] += 1 + int(open_at[0])
            heapq.heappush(heap, (-(bonus[i] + row[head[i]]), i))
        else:
            lists[i] = None
    return sorted(pairs)


def run_one(size: str, method: str, repeat: int, k: int) -> dict:
    """One method on one size, in this process: median seconds, peak memory, objective."""
    n, m = (int(x) for x in size.split("x"))
    program = Program.make(n, m)
    scoring = [0.0]

    def timed_scores(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        began = time.perf_counter()
        out = program.scores(rows)
        scoring[0] += time.perf_counter() - began
        return out

    with open("/proc/self/status") as status:
        base_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")                     # reset VmHWM: peak from here on
    runs, extra = [], {}
    for _ in range(repeat):
        scoring[0] = 0.0
        began = time.perf_counter()
        if method == "greedy":
            pairs = greedy(program, scores=timed_scores)
        elif method == "dense":
            allowed, tenths = timed_scores(np.arange(n))
            pairs = assign(allowed, tenths, program.capacity, program.priority)
            del allowed, tenths
        else:
            result = assign_sparse(timed_scores, n, program.capacity, program.priority, k=k)
            pairs = result.pairs
            extra = {"certified": result.certified, "rounds": result.rounds,
                     "passes": result.passes, "candidates": result.candidates,
                     "rescanned": result.rescanned_rows,
                     "parts": {key: round(value, 2) for key, value in result.seconds.items()
                               if key not in ("total", "scoring (caller)")}}
        runs.append((time.perf_counter() - began, scoring[0]))
    got = program.objective(pairs)
    if method == "sparse" and got != result.objective:
        raise AssertionError(f"sparse reported {result.objective}, pairs give {got}")
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    seconds, scored = sorted(runs)[len(runs) // 2]
    return {"size": size, "method": method, "seconds": seconds, "scoring": scored,
            "runs": len(runs), "peak_mb": (peak_kb - base_kb) / 1024, "objective": list(got),
            **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=DEFAULT_SIZES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dense-repeat", type=int, default=None,
                        help="runs of the dense method (default: --repeat)")
    parser.add_argument("--dense-limit-gb", type=float, default=3.0)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "METHOD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], args.one[1], args.repeat, args.k)))
        return
    print(f"{'size':>12} {'method':>7} {'seconds':>8} {'scoring':>8} {'peak MB':>8} "
          f"{'objective (priority, pairs, tenths)':>36} {'gap to best':>18}  notes")
    for size in args.sizes:
        n, m = (int(x) for x in size.split("x"))
        slots = int(Program.make(n, m).capacity.sum())
        methods = ["greedy", "sparse"]
        if n * slots * 8 < args.dense_limit_gb * 2**30:
            methods.insert(1, "dense")
        rows = []
        for method in methods:
            repeat = args.dense_repeat if method == "dense" and args.dense_repeat else args.repeat
            out = subprocess.run([sys.executable, __file__, "--one", size, method, "--repeat",
                                  str(repeat), "--k", str(args.k)],
                                 capture_output=True, text=True, check=True)
            rows.append(json.loads(out.stdout))
        best = max(tuple(r["objective"]) for r in rows)
        for r in rows:
            gap = tuple(b - g for b, g in zip(best, r["objective"], strict=True))
            notes = f"median of {r['runs']}"
            if r["method"] == "sparse":
                notes += (f"; certified={r['certified']} rounds={r['rounds']} "
                          f"passes={r['passes']} graph={r['candidates']} "
                          f"rescanned={r['rescanned']} {r['parts']}")
            print(f"{size:>12} {r['method']:>7} {r['seconds']:>8.2f} {r['scoring']:>8.2f} "
                  f"{r['peak_mb']:>8.0f} {str(tuple(r['objective'])):>36} {str(gap):>18}  "
                  f"{notes}", flush=True)


if __name__ == "__main__":
    main()
