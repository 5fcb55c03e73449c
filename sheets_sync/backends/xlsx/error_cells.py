"""Reading what calamine does not give: the text of error cells, found in the zip parts."""

from __future__ import annotations

import re
from pathlib import Path

from sheets_sync.backends.xlsx.formulas import column_number
from sheets_sync.backends.xlsx.fragments import elements_at, tag_starts
from sheets_sync.backends.xlsx.package import Package
from sheets_sync.backends.xlsx.sheet import Worksheet
from sheets_sync.backends.xlsx.workbook import Book
from sheets_sync.backends.xlsx.xmltree import child

ERROR_TYPE_RE = re.compile(rb"\st\s*=\s*[\"']e[\"']")
CELL_REF_RE = re.compile(r"([A-Z]{1,3})([0-9]+)")


def find_error_cells(source: str | bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Cells showing an error (#REF!, #N/A, #DIV/0!...): tab -> (row, column) -> the error text,
    both 1-based. calamine reads them as blank; Google Sheets gives their text, and so do we."""
    package = Package(source if isinstance(source, bytes) else Path(source).read_bytes())
    found: dict[str, dict[tuple[int, int], str]] = {}
    for tab in Book(package).tabs:
        if not tab.kind.endswith("/worksheet") or not package.exists(tab.part):
            continue
        data = package.read(tab.part)
        # Nearly always absent, and a quick look suffices: every writer quotes t="e" so.
        if b'"e"' not in data:
            continue
        sheet = Worksheet(data)
        for cell in elements_at(sheet.old_data, tag_starts(sheet.old_data, ERROR_TYPE_RE), "c",
                                sheet.namespaces):
            ref = CELL_REF_RE.fullmatch(cell.get("r", ""))
            value = child(cell, "v")
            text = (value.text or "").strip() if value is not None else ""
            if cell.get("t") == "e" and ref and text:
                where = (int(ref.group(2)), column_number(ref.group(1)))
                found.setdefault(tab.name, {})[where] = text
    return found
