"""One exception family, each kind carrying the exit status the CLI returns.

Messages are written for a programme coordinator: say what is wrong, where, and how to fix it.
"""

from __future__ import annotations


class SheetsSyncError(Exception):
    """Base of every error sheets-sync reports to a person."""

    exit_code = 1

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message}\n  Fix: {self.fix}" if self.fix else self.message


class UnusableWorkbook(SheetsSyncError, ValueError):
    """The workbook or its rules cannot be used as they are (exit 2, nothing written)."""

    exit_code = 2


class WorkbookAccessError(SheetsSyncError, OSError):
    """The workbook could not be read or written (exit 3, nothing half-written)."""

    exit_code = 3


class WorkbookLocked(SheetsSyncError):
    """Another sync of the same workbook is running, or it is open in Excel or LibreOffice
    (exit 4)."""

    exit_code = 4


class WorkbookChanged(WorkbookLocked):
    """Someone changed the workbook while the sync ran; nothing was written (exit 4).

    The sync reads the workbook again and starts over a few times before giving up with this."""


class UsageError(SheetsSyncError, ValueError):
    """A command was called the wrong way (exit 2)."""

    exit_code = 2
