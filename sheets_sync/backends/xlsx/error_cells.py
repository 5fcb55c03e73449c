"""Reading what calamine does not give: the text of error cells, found in the zip parts."""

from __future__ import annotations

import re
from pathlib import Path

from sheets_sync.backends.xlsx.package import Package
from sheets_sync.backends.xlsx.workbook import Book

ERROR_CELL_RE = re.compile(
    rb"<(?:\w+:)?c\b([^>]*?\bt=\"e\"[^>]*)(?<!/)>(.*?)</(?:\w+:)?c>", re.S
)
CELL_REF_RE = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]+)\"")
CELL_VALUE_RE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def find_error_cells(source: str | bytes) -> dict[str, dict[tuple[int, int], str]]:
    """Cells showing an error (#REF!, #N/A, #DIV/0!...): tab -> (row, column) -> the error text,
    both 1-based. calamine reads them as blank; Google Sheets gives their text, and so do we."""
    package = Package(source if isinstance(source, bytes) else Path(source).read_bytes())
    found: dict[str, dict[tuple[int, int], str]] = {}
    for tab in Book(package).tabs:
        if not tab.kind.endswith("/worksheet") or not package.exists(tab.part):
            continue
        xml = package.read(tab.part)
        if b'"e"' not in xml:
            continue
        for match in ERROR_CELL_RE.finditer(xml):
            ref, value = CELL_REF_RE.search(match[1]), CELL_VALUE_RE.search(match[2])
            if ref and value and value[1].strip():
                column = 0
                for letter in ref[1].decode():
                    column = column * 26 + ord(letter) - 64
                found.setdefault(tab.name, {})[(int(ref[2]), column)] = value[1].decode().strip()
    return found
