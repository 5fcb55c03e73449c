"""One exception family, each kind carrying the exit status the CLI returns.

Messages are written for a programme coordinator: say what is wrong, where, and how to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


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
    """The workbook or its rules cannot be used as they are (exit 2).

    ``problems`` lists every blocking error found, as Problems rows: the sync writes them at the
    top of the Problems tab (and a line in the Sync Log) and nothing else.
    """

    exit_code = 2

    def __init__(self, message: str, fix: str | None = None,
                 problems: Sequence[Any] = (), others: Sequence[Any] = ()) -> None:
        super().__init__(message, fix)
        self.problems = list(problems)
        self.others = list(others)  # the ordinary problems found before the sync stopped

    @classmethod
    def of(cls, problems: Sequence[Any], others: Sequence[Any] = ()) -> UnusableWorkbook:
        """One error for several blocking problems, each listed on a line of its own."""
        from sheets_sync.words.problems import STOPPED_FIX, stopped_summary

        lines = [stopped_summary(len(problems))]
        for problem in problems:
            where = problem.tab + (f" row {problem.row}" if problem.row else "")
            where += f", {problem.column}" if problem.column else ""
            lines.append(f"  - {where}: {problem.problem}")
        return cls("\n".join(lines), STOPPED_FIX, problems, others)


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


class SendingSetupError(SheetsSyncError, ValueError):
    """Settings name an SMTP server but something else sending needs is missing or wrong
    (exit 2): nothing was sent."""

    exit_code = 2


class NothingSent(SheetsSyncError):
    """Messages were due and none of them could be sent (exit 3); each row's Error says why."""

    exit_code = 3
