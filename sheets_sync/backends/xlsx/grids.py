"""Reading the tabs' cells with calamine, several tabs at a time."""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor

from python_calamine import CalamineWorkbook

from sheets_sync.model import Cell

READERS = 2  # threads reading tabs: calamine parses without the interpreter lock


def read_grids(data: bytes, names: list[str]) -> dict[str, list[list[Cell]]]:
    """Every named tab's grid, read by ``READERS`` threads that each take the next tab (the
    big roster tabs then overlap with the rest). A calamine workbook serves one thread at a
    time, so each thread opens its own on the same bytes."""
    opened: list[CalamineWorkbook] = []
    local = threading.local()

    def grid(name: str) -> list[list[Cell]]:
        if not hasattr(local, "book"):
            local.book = CalamineWorkbook.from_filelike(io.BytesIO(data))
            opened.append(local.book)
        rows = local.book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        # A calamine value as the model's Cell: "" is blank, whole floats are ints.
        return [[None if v == "" else int(v) if v.__class__ is float and v.is_integer()
                 else v for v in r] for r in rows]

    try:
        with ThreadPoolExecutor(max_workers=READERS) as readers:
            return dict(zip(names, readers.map(grid, names), strict=True))
    finally:
        for book in opened:
            book.close()
