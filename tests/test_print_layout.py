"""Every tab sheets-sync writes prints as a coordinator would want it: landscape, one page
wide, its header row on top of every page — checked by LibreOffice printing each tab of a
synced sample on its own."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
from conftest import ENGINE_TABS, cli
from office import convert, needs_libreoffice, needs_poppler


def _pages(pdf: Path) -> list[tuple[float, float, str]]:
    """(width, height, text) of each page."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    return [(float(w), float(h), subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True).stdout)
        for n, (w, h) in enumerate(sizes, start=1)]


@needs_libreoffice
@needs_poppler
def test_every_tab_the_sync_writes_prints_landscape_one_page_wide(tmp_path: Path):
    book = tmp_path / "program.xlsx"
    assert cli("new", book, "--program", "mental-health", "--sample", 60,
               "--today", "2026-11-20").exit_code == 0
    assert cli("sync", book, "--today", "2026-11-21").exit_code == 0
    headers, copies = {}, []
    for tab in ENGINE_TABS:
        workbook = openpyxl.load_workbook(book)
        for sheet in workbook.worksheets:
            sheet.sheet_state = "visible" if sheet.title == tab else "hidden"
        workbook.active = workbook.sheetnames.index(tab)
        headers[tab] = [str(c.value) for c in workbook[tab][1] if c.value is not None]
        copy = tmp_path / f"{tab.replace(' ', '_')}.xlsx"
        workbook.save(copy)
        copies.append(copy)
    convert(copies, "pdf", tmp_path / "pdf")
    for tab, copy in zip(ENGINE_TABS, copies, strict=True):
        pages = _pages(tmp_path / "pdf" / f"{copy.stem}.pdf")
        assert pages, tab
        for number, (width, height, text) in enumerate(pages, start=1):
            assert width > height, f"{tab} page {number} is not landscape"
            if tab in ("Dashboard", "Reports"):  # a table beside charts: no one header row
                continue
            top = " ".join(next(line for line in text.splitlines() if line.strip()).split())
            missing = [h for h in headers[tab] if h not in top]
            assert not missing, f"{tab} page {number}: {missing} not beside the others"
