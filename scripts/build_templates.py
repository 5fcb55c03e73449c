"""Write templates/<program>.xlsx, a ready starter workbook for every program type, and
templates/schedulers/, an example scheduler entry of every format (crontab, systemd, launchd,
Windows Task Scheduler, GitHub Actions) as `sheets-sync cron` prints them.

Run from anywhere: python scripts/build_templates.py [--out FOLDER] [--schedulers-only]
Existing template files are replaced.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "templates",
                        help="folder to write the workbooks into (default: templates/)")
    parser.add_argument("--schedulers-only", action="store_true",
                        help="write only templates/schedulers/, not the workbooks")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))  # run from a checkout without installing
    from sheets_sync.backends.excel import ExcelBackend
    from sheets_sync.ops.schedulers.render import RENDERERS, windows
    from sheets_sync.programs import PROGRAMS, build_workbook

    args.out.mkdir(parents=True, exist_ok=True)
    for name in [] if args.schedulers_only else PROGRAMS:
        path = args.out / f"{name}.xlsx"
        path.unlink(missing_ok=True)  # create() refuses to overwrite
        ExcelBackend(path).create(build_workbook(name))
        print(f"wrote {path}")
    examples = args.out / "schedulers"
    examples.mkdir(exist_ok=True)
    for file, kind, job in example_jobs():
        text = windows(job, {}) if kind == "windows" else RENDERERS[kind](job)
        (examples / file).write_text(text, encoding="utf-8")
        print(f"wrote {examples / file}")
    return 0


def example_jobs() -> list[tuple[str, str, object]]:
    """One job a format, with the paths a coordinator on that kind of computer would have."""
    from sheets_sync.ops.schedulers.job import build_job, entry_name

    linux = PurePosixPath("/home/coordinator/Mentoring Program/program.xlsx")
    mac = PurePosixPath("/Users/coordinator/Mentoring Program/program.xlsx")
    win = PureWindowsPath(r"C:\Users\coordinator\Documents\Mentoring Program\program.xlsx")
    local = {
        "crontab": (linux, ("/home/coordinator/.venv/bin/sheets-sync",)),
        "systemd": (linux, ("/home/coordinator/.venv/bin/sheets-sync",)),
        "launchd": (mac, ("/Users/coordinator/.venv/bin/sheets-sync",)),
        "windows": (win, (r"C:\Users\coordinator\sheets-sync\.venv\Scripts\pythonw.exe", "-m",
                          "sheets_sync")),
    }
    files = {"crontab": "crontab.txt", "systemd": "systemd-units.txt",
             "launchd": "local.sheets-sync-program.plist", "windows": "sheets-sync-program.xml"}
    jobs = []
    for kind, (book, program) in local.items():
        log = str(book.with_name(book.stem + ".sheets-sync.log"))
        jobs.append((files[kind], kind, build_job(
            target=str(book), target_name=book.name, is_file=True, every="30m", program=program,
            log_file=log, credentials=None, name=entry_name(book.stem))))
    sheet = "https://docs.google.com/spreadsheets/d/ID/edit"
    jobs.append(("github-actions.yml", "github-actions", build_job(
        target=sheet, target_name="the Google spreadsheet", is_file=False, every="1h",
        program=("sheets-sync",), log_file=None, credentials=None, name=entry_name(None))))
    return jobs


if __name__ == "__main__":
    sys.exit(main())
