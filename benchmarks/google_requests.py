"""The requests a Google Sheets sync sends, by program size (against the local emulator).

    python benchmarks/google_requests.py [300 3000 10000 50000]

For each size: `new --sample N`, a first sync, an unchanged re-sync, and the next day's sync.
Prints the requests of each (reads: metadata + values:batchGet; the re-read of the rows about
to be written, with the bytes it brought back against those of the full read; writes:
batchUpdate parts), the largest request body (Google recommends at most 2 MB and refuses over
10 MB) and the bytes sent. An unchanged re-sync must send no write at all.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from click.testing import CliRunner  # noqa: E402
from sheets_emulator import SheetsEmulator, running_emulator  # noqa: E402

from sheets_sync.cli import main  # noqa: E402

LIMIT = 2_000_000


def run(*args: object) -> float:
    started = time.perf_counter()
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exit_code != 0:
        raise SystemExit(f"sheets-sync {' '.join(map(str, args))} failed:\n{result.output}")
    return time.perf_counter() - started


def figures(emulator: SheetsEmulator, seconds: float) -> dict[str, float]:
    log = emulator.requests
    return {
        "reads": sum(r.endpoint in ("get", "values.batchGet") for r in log),
        "re-reads": sum(r.endpoint == "values.batchGetByDataFilter" for r in log),
        "writes": emulator.count("writes"),
        "read bytes": sum(r.answer_size for r in log if r.endpoint == "values.batchGet"),
        "re-read bytes": sum(r.answer_size for r in log
                             if r.endpoint == "values.batchGetByDataFilter"),
        "largest": max((r.size for r in log), default=0),
        "sent": sum(r.size for r in log),
        "seconds": seconds,
    }


def measure(emulator: SheetsEmulator, mentees: int) -> list[tuple[str, dict[str, float]]]:
    sid = emulator.create_spreadsheet(f"bench-{mentees:06d}", {"Sheet1": []})
    target = f"https://docs.google.com/spreadsheets/d/{sid}/edit"
    found = []
    for label, args in (
        ("new", ("new", target, "--program", "general", "--sample", mentees,
                 "--today", "2026-11-25")),
        ("first sync", ("sync", target, "--today", "2026-11-24", "--quiet")),
        ("unchanged re-sync", ("sync", target, "--today", "2026-11-24", "--quiet")),
        ("next day's sync", ("sync", target, "--today", "2026-11-25", "--quiet")),
    ):
        emulator.clear_log()
        seconds = run(*args)
        found.append((label, figures(emulator, seconds)))
    emulator.delete_spreadsheet(sid)
    emulator.clear_log()
    return found


def main_() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [300, 3000, 10000, 50000]
    with running_emulator() as emulator:
        os.environ["SHEETS_SYNC_API_URL"] = emulator.base_url
        print(f"{'mentees':>8} {'step':<18} {'reads':>5} {'read bytes':>11} {'re-reads':>8} "
              f"{'re-read bytes':>13} {'writes':>6} {'largest body':>13} {'bytes sent':>12} "
              f"{'seconds':>8}")
        for size in sizes:
            for label, row in measure(emulator, size):
                print(f"{size:>8,} {label:<18} {row['reads']:>5} {row['read bytes']:>11,} "
                      f"{row['re-reads']:>8} {row['re-read bytes']:>13,} {row['writes']:>6} "
                      f"{row['largest']:>13,} {row['sent']:>12,} {row['seconds']:>8.1f}",
                      flush=True)
        over = list(emulator.warnings)
        print(f"requests over 2 MB: {len(over)}")
        if over:
            raise SystemExit("\n".join(over))


if __name__ == "__main__":
    main_()
