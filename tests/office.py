"""LibreOffice, headless, as a test's real spreadsheet application: convert workbooks (to
.xlsx, to CSV tab by tab, to PDF), each run with a profile of its own so that runs side by
side do not hand their work to each other."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice")
needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler's pdftotext and pdfinfo are not installed; .ci/run installs them")
# Every tab to its own CSV file (the last field, -1), UTF-8, comma-separated, quoted text,
# values as shown (formatted, as a coordinator sees them).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def convert(files: list[Path], to: str, out: Path, timeout: int = 600) -> None:
    """``soffice --convert-to TO`` for every file at once, into ``out``."""
    assert SOFFICE is not None
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        done = subprocess.run(
            [SOFFICE, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
             "--norestore", "--convert-to", to, "--outdir", str(out), *map(str, files)],
            capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    for file in files:
        stem = file.stem
        made = list(out.glob(f"{stem}*"))
        assert made, f"LibreOffice made nothing of {file.name}: {done.stdout} {done.stderr}"


def tabs_as_csv(workbook: Path, out: Path) -> dict[str, str]:
    """LibreOffice's own reading of every tab of ``workbook``: tab name -> CSV text."""
    convert([workbook], CSV_FILTER, out)
    found = {}
    for file in sorted(out.glob(f"{workbook.stem}-*.csv")):
        found[file.stem[len(workbook.stem) + 1:]] = file.read_text(encoding="utf-8")
    assert found, f"no CSV made of {workbook.name}"
    return found
