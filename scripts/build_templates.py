"""Write templates/<program>.xlsx, a ready starter workbook for every program type, and
templates/schedulers/, example scheduler entries (crontab, systemd, GitHub Actions) as
`sheets-sync cron` prints them.

Run from anywhere: python scripts/build_templates.py [--out FOLDER]
Existing template files are replaced.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "templates",
                        help="folder to write the workbooks into (default: templates/)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))  # run from a checkout without installing
    from sheets_sync.backends.excel import ExcelBackend
    from sheets_sync.programs import PROGRAMS, build_workbook
    from sheets_sync.scheduling import command_path, scheduler_entry

    args.out.mkdir(parents=True, exist_ok=True)
    for name in PROGRAMS:
        path = args.out / f"{name}.xlsx"
        path.unlink(missing_ok=True)  # create() refuses to overwrite
        ExcelBackend(path).create(build_workbook(name))
        print(f"wrote {path}")
    examples = args.out / "schedulers"
    examples.mkdir(exist_ok=True)
    workbook, sheet = "/home/coordinator/program.xlsx", "https://docs.google.com/spreadsheets/d/ID"
    for file, target, kind in (("crontab.txt", workbook, "crontab"),
                               ("systemd-units.txt", workbook, "systemd"),
                               ("github-actions.yml", sheet, "github-actions")):
        text = scheduler_entry(target, "30m" if kind != "github-actions" else "1h", kind)
        text = text.replace(command_path(), "/home/coordinator/.venv/bin/sheets-sync")
        (examples / file).write_text(text, encoding="utf-8")
        print(f"wrote {examples / file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
