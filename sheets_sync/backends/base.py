"""The small interface every backend offers, and the registry that picks one for a TARGET."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sheets_sync.errors import UsageError
from sheets_sync.model import Sheet, Snapshot


class Backend(Protocol):
    """A workbook somewhere: read every tab in one go, write some tabs in one go."""

    target: str

    def read(self) -> Snapshot:
        """Every tab's values (unformatted: numbers, dates, booleans, text)."""

    def write(self, sheets: Sequence[Sheet]) -> None:
        """Replace these tabs whole (adding the missing ones at the end), all or nothing.

        Every other tab is left exactly as it was. String cells are written as inert text,
        never as formulas.
        """

    def create(self, sheets: Sequence[Sheet]) -> None:
        """Lay out a new workbook holding exactly these tabs, in this order."""


def open_backend(target: str, credentials: str | None = None, keep_backups: int = 5) -> Backend:
    """The backend for TARGET: a path ending in .xlsx, or a Google Sheets URL or ID."""
    if target.lower().endswith((".xlsx", ".xlsm")):
        from sheets_sync.backends.excel import ExcelBackend

        return ExcelBackend(target, keep_backups=keep_backups)
    from sheets_sync.backends.google import GoogleBackend, spreadsheet_id

    if spreadsheet_id(target):
        return GoogleBackend(target, credentials)
    raise UsageError(
        f"'{target}' is neither an Excel workbook (.xlsx) nor a Google Sheets address.",
        fix="Give the path of an .xlsx file (sheets-sync sync program.xlsx) or the URL of a "
            "Google spreadsheet.",
    )
