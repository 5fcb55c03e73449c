"""Jobs with awkward paths and URLs, and a stand-in sheets-sync that writes down its arguments,
for the scheduler-entry tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path, PurePosixPath

from sheets_sync.ops.schedulers.job import Job, build_job

FILE = "/home/ana/My Programs (2026)/peer & friends 100% #1.xlsx"
URL = ("https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit"
       "?ouid=1&usp=sharing#gid=0")
HARD = ('/home/ana/it\'s "ours" $HOME ${HOME} `id` \\%x ; 50%%off \\\\ ünïcødé *?~ %h '
        r'say \"hi\\" ' + "\\.xlsx")
KEY = "/home/ana/keys & such/key 100% #1.json"
WINDOWS_ENV = {"USERNAME": "ana", "USERPROFILE": r"C:\Users\ana", "windir": r"C:\WINDOWS",
               "TEMP": r"C:\Users\ana\AppData\Local\Temp", "HOME": r"C:\Users\ana",
               "PATH": r"C:\WINDOWS\system32;C:\WINDOWS", "x": "EXPANDED", "h": "EXPANDED"}
RECORDER = """#!{python}
import json, os, stat, sys
info = {{"argv": sys.argv[1:], "secret_in_env": "GOOGLE_SERVICE_ACCOUNT_KEY" in os.environ}}
key = os.environ.get("GOOGLE_APPLICATION_CREDENTIALS")
if key:
    info.update(key_path=key, key=open(key).read(),
                key_mode=oct(stat.S_IMODE(os.stat(key).st_mode)))
with open({record!r}, "a") as out:
    out.write(json.dumps(info) + "\\n")
"""


class Recorder:
    """A stand-in sheets-sync, in a folder as awkward as the workbook's, that writes down the
    arguments it was given."""

    def __init__(self, folder: Path) -> None:
        self.record = folder / "record.jsonl"
        self.program = folder / "bin (test) & 100% #2" / "sheets-sync"
        self.program.parent.mkdir(parents=True)
        self.program.write_text(RECORDER.format(python=sys.executable, record=str(self.record)))
        self.program.chmod(0o755)

    def runs(self) -> list[dict]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text().splitlines()]


def job_for(target: str, program: str, kind: str, every: str = "30m") -> Job:
    is_file = target.endswith(".xlsx")
    name = PurePosixPath(target).name if is_file else "the Google spreadsheet"
    log = str(PurePosixPath(target).with_suffix(".sheets-sync.log")) if is_file else \
        "/home/ana/sheets sync & 100% #1.log"
    key = None if kind == "github-actions" else KEY
    return build_job(target=target, target_name=name, is_file=is_file, every=every,
                     program=(program,), log_file=None if kind == "github-actions" else log,
                     credentials=key, name="sheets-sync-test")


def expected(job: Job) -> list[list[str]]:
    """The arguments of each command, in order: the sync, then the send."""
    return [list(command[1:]) for command in job.commands]
