"""How many requests a Google Sheets sync sends, by program size (against the local emulator).

    python benchmarks/google_requests.py [300 3000 10000]

Prints, per size: reads and writes of the first sync, of an unchanged re-sync, and their
wall time. The counts must stay at ≤ 2 reads and 1 write (0 when nothing changed) at any size.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from click.testing import CliRunner  # noqa: E402
from sheets_emulator import running_emulator  # noqa: E402

from sheets_sync.cli import main  # noqa: E402


def run(*args: object) -> None:
    result = CliRunner().invoke(main, [str(a) for a in args])
    if result.exit_code != 0:
        raise SystemExit(f"sheets-sync {' '.join(map(str, args))} failed:\n{result.output}")


def measure(emulator, mentees: int) -> tuple[int, int, float, int, int, float]:
    sid = emulator.create_spreadsheet(f"bench-{mentees:06d}", {"Sheet1": []})
    target = f"https://docs.google.com/spreadsheets/d/{sid}/edit"
    run("new", target, "--program", "general", "--sample", mentees, "--today", "2026-11-25")
    figures: list[float] = []
    for _ in range(2):
        emulator.clear_log()
        started = time.perf_counter()
        run("sync", target, "--today", "2026-11-24", "--quiet")
        figures += [emulator.count("reads"), emulator.count("writes"),
                    time.perf_counter() - started]
    emulator.delete_spreadsheet(sid)
    return tuple(figures)  # type: ignore[return-value]


def main_() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [300, 3000, 10000]
    with running_emulator() as emulator:
        os.environ["SHEETS_SYNC_API_URL"] = emulator.base_url
        print(f"{'mentees':>8} | {'first sync':^24} | {'unchanged re-sync':^24}")
        print(f"{'':>8} | {'reads':>6} {'writes':>7} {'seconds':>9} | "
              f"{'reads':>6} {'writes':>7} {'seconds':>9}")
        for size in sizes:
            r1, w1, t1, r2, w2, t2 = measure(emulator, size)
            print(f"{size:>8} | {r1:>6} {w1:>7} {t1:>9.2f} | {r2:>6} {w2:>7} {t2:>9.2f}",
                  flush=True)


if __name__ == "__main__":
    main_()
