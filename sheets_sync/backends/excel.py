"""An .xlsx workbook on disk: read fast with calamine, write by patching the zip, replace
atomically.

Writes change only the engine's tabs (see xlsx/patch.py): every other part of the workbook is
copied byte for byte. They are all or nothing: the new workbook goes to a temp file beside the
old one, the old one is kept in ``.sheets-sync-backups/``, and only then is the temp renamed
over the original.
"""

from __future__ import annotations

import glob
import io
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetTypeEnum

from sheets_sync.backends.xlsx.backups import (
    BACKUP_DIR,
    back_up,
    list_backups,
    rotate_backups,
)
from sheets_sync.backends.xlsx.error_cells import find_error_cells
from sheets_sync.backends.xlsx.grids import read_grids
from sheets_sync.backends.xlsx.locks import refuse_if_open
from sheets_sync.backends.xlsx.new import empty_workbook
from sheets_sync.backends.xlsx.old import OldTables
from sheets_sync.backends.xlsx.patch import NotAWorksheet, StrictWorkbook, patch_workbook
from sheets_sync.backends.xlsx.xmltree import DamagedWorkbook
from sheets_sync.errors import (
    SheetsSyncError,
    UsageError,
    WorkbookAccessError,
    WorkbookChanged,
)
from sheets_sync.model import Sheet, Snapshot, Table

TEMP_SUFFIX = ".sheets-sync.tmp"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # encrypted (password) workbooks and old .xls files
ZIP_MAGIC = b"PK\x03\x04"
ErrorCells = dict[str, dict[tuple[int, int], str]]  # tab -> (row, column) -> "#REF!"
SAVE_AS_XLSX = "Open it in Excel and save it as an Excel Workbook (.xlsx), then try again."
CLOSE_IT = (
    "Close the workbook in Excel (or any program that has it open) and check that you may "
    "change files in that folder, then sync again. Nothing was changed."
)


@dataclass
class AsRead:
    """The workbook's bytes as last read (or written) and their file's stat: what a write
    patches, and what the file must still be when the write replaces it."""

    data: bytes
    stat: os.stat_result
    snapshot: Snapshot | None

    @property
    def tables(self) -> OldTables:
        """The rewritten tabs' old values, by name: from the snapshot, else read now."""
        return OldTables(self.data, self.snapshot)


class ExcelBackend:
    """One .xlsx (or .xlsm) file, given by its path."""

    def __init__(self, path: str | os.PathLike[str], keep_backups: int = 5) -> None:
        self.path = Path(path)
        self.target = str(path)
        self.keep_backups = keep_backups
        self._as_read: AsRead | None = None

    # -- reading -----------------------------------------------------------------------

    def read(self) -> Snapshot:
        # The bytes parsed are the bytes fingerprinted: a save in between cannot slip past.
        data, stat = self._read_bytes()
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as error:
            raise self._damaged(error) from error
        # Error cells are looked for on a second thread while calamine reads: most of that
        # search is inflating the sheets, which runs without the interpreter lock.
        with ThreadPoolExecutor(max_workers=1) as searching:
            looked_for = searching.submit(_error_cells, data)
            try:
                return self._tables(book, data, stat, looked_for)
            finally:
                book.close()

    def _tables(self, book: CalamineWorkbook, data: bytes, stat: os.stat_result,
                looked_for: Future[ErrorCells]) -> Snapshot:
        try:
            # Chart sheets and macro sheets hold no table.
            names = [meta.name for meta in book.sheets_metadata
                     if meta.typ == SheetTypeEnum.WorkSheet]
            grids = read_grids(data, names)
            errors = looked_for.result()
            tabs: dict[str, Table] = {}
            for name, grid in grids.items():
                for (row, col), text in errors.get(name, {}).items():
                    while len(grid) < row:
                        grid.append([])
                    grid[row - 1] += [None] * (col - len(grid[row - 1]))
                    grid[row - 1][col - 1] = text
                tabs[name] = Table.from_grid(name, grid)
        except Exception as error:
            raise self._damaged(error) from error
        snapshot = Snapshot(tabs, title=self.path.stem)
        self._as_read = AsRead(data, stat, snapshot)
        return snapshot

    # -- writing -----------------------------------------------------------------------

    def write(self, sheets: Sequence[Sheet]) -> None:
        """Patch the workbook as it was read (or as it is now, when it was not read), and
        replace it only if it is still exactly that file."""
        if self._as_read is None:
            data, stat = self._read_bytes()
            self._as_read = AsRead(data, stat, None)
        self._check_writable()
        base = self._as_read
        content = self._patched(base.data, sheets, base.tables)
        self._save(content, before=base)
        self._as_read = AsRead(content, self.path.stat(), None)

    def create(self, sheets: Sequence[Sheet]) -> None:
        if self.path.exists():
            raise UsageError(
                f"{self.target} already exists.",
                fix="Choose a new file name, or delete the old file first.",
            )
        if not self.path.parent.is_dir():
            raise WorkbookAccessError(
                f"Cannot create {self.target}: the folder {self.path.parent} does not exist.",
                fix="Check the path, or create the folder first.",
            )
        self._save(self._patched(empty_workbook(), sheets, None), before=None)

    def _patched(self, data: bytes, sheets: Sequence[Sheet], tables: OldTables | None) -> bytes:
        try:
            return patch_workbook(data, sheets, tables)
        except DamagedWorkbook as error:
            raise self._damaged(error) from error
        except StrictWorkbook as error:
            raise WorkbookAccessError(
                f"{self.target} is saved as a Strict Open XML Spreadsheet, which sheets-sync "
                "can read but not update. Nothing was written.",
                fix="Open it in Excel, choose File > Save As and save it as an Excel Workbook "
                "(.xlsx), then sync again.",
            ) from error
        except NotAWorksheet as error:
            raise WorkbookAccessError(
                f"{self.target} has a chart sheet (or another kind of sheet) called "
                f"'{error.name}', a name sheets-sync needs for one of its own tabs. "
                "Nothing was written.",
                fix="Rename that sheet, then sync again.",
            ) from error
        except Exception as error:
            raise self._save_failed(error) from error

    # -- file handling -----------------------------------------------------------------

    def _check_readable(self) -> None:
        """Raise a clear error for anything that is not a readable .xlsx."""
        try:  # WorkbookAccessError is an OSError too, so raise it only after this block
            missing = not self.path.exists()
            folder = not missing and self.path.is_dir()
            head, size = b"", 0
            if not missing and not folder:
                with self.path.open("rb") as handle:
                    head = handle.read(8)
                size = self.path.stat().st_size
        except (OSError, ValueError) as error:  # no access, a name too long, a NUL in it...
            raise self._unreadable(error) from error
        if missing:
            raise WorkbookAccessError(
                f"Cannot find the workbook {self.target}.",
                fix="Check the path (and the spelling of the file name), then try again.",
            )
        if folder:
            raise WorkbookAccessError(
                f"{self.target} is a folder, not an Excel workbook.",
                fix="Check the path: give the .xlsx file itself.",
            )
        if size == 0:
            raise WorkbookAccessError(
                f"{self.target} is empty (0 bytes), so it is not a usable workbook.",
                fix=f"Restore it from a backup (see the {BACKUP_DIR} folder beside it) "
                "or from Excel's version history.",
            )
        if head.startswith(OLE_MAGIC):
            raise WorkbookAccessError(
                f"{self.target} is password-protected (or is an old-style .xls file).",
                fix="Open it in Excel, remove the password (File > Info > Protect Workbook > "
                "Encrypt with Password, clear it) and save it as an Excel Workbook (.xlsx).",
            )
        if not head.startswith(ZIP_MAGIC):
            raise WorkbookAccessError(
                f"{self.target} is not an Excel workbook (it may be a CSV or another kind of "
                "file renamed to .xlsx).",
                fix=SAVE_AS_XLSX,
            )

    def _read_bytes(self) -> tuple[bytes, os.stat_result]:
        self._check_readable()
        try:
            before = self.path.stat()
            data = self.path.read_bytes()
        except OSError as error:
            raise self._unreadable(error) from error
        return data, before

    def _check_writable(self) -> None:
        # os.access alone says yes to root (cron often runs as root) even for a file marked
        # read-only; the mark is the coordinator's "do not change", so honour it for everyone.
        try:
            mode = self.path.stat().st_mode
        except OSError as error:
            raise self._unreadable(error) from error
        if not os.access(self.path, os.W_OK) or not mode & 0o222:
            raise WorkbookAccessError(
                f"{self.target} is read-only, so it cannot be updated.",
                fix="Make it writable (in its Properties/Get Info, untick Read-only or Locked), "
                "then sync again.",
            )

    def _save(self, content: bytes, before: AsRead | None) -> None:
        """Temp file beside the workbook, fsync, backup of the old one, then one rename."""
        folder = self.path.parent
        self._remove_stale_temps()
        try:
            handle, temp = tempfile.mkstemp(
                dir=folder, prefix=f".~{self.path.stem}.", suffix=TEMP_SUFFIX
            )
        except OSError as error:
            raise self._save_failed(error) from error
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temp, before.stat.st_mode & 0o7777 if before else _default_mode())
            if before is not None:  # the last moment: just before the rename
                refuse_if_open(self.path, self.target)
                self._check_unchanged(before)
                back_up(self.path, self.keep_backups)
            os.replace(temp, self.path)
        except BaseException as error:
            with suppress(OSError):
                os.unlink(temp)
            if isinstance(error, SheetsSyncError) or not isinstance(error, Exception):
                raise
            raise self._save_failed(error) from error
        _fsync_folder(folder)
        rotate_backups(self.path, self.keep_backups)

    def _remove_stale_temps(self) -> None:
        """A sync killed while saving leaves its temp file; the sync lock is held, so any
        temp file of this workbook left beside it is such a leftover."""
        for stale in self.path.parent.glob(f".~{glob.escape(self.path.stem)}.*{TEMP_SUFFIX}"):
            with suppress(OSError):
                stale.unlink()

    def _check_unchanged(self, before: AsRead) -> None:
        """The file must still be the one that was read: a coordinator's save in between
        would otherwise be lost. Its bytes are compared, not its time stamp, which some disks
        keep to the second or two only; a save that changed nothing loses nothing."""
        try:
            same = (self.path.stat().st_size == len(before.data)
                    and self.path.read_bytes() == before.data)
        except OSError as error:
            raise self._unreadable(error) from error
        if not same:
            raise WorkbookChanged(
                f"{self.target} was saved by someone else while sheets-sync was working on it, "
                "so nothing was written (their changes are kept).",
                fix="Sync again: it starts from the saved workbook. If this keeps happening, "
                "close the workbook in Excel while syncs run.",
            )

    def backups(self) -> list[Path]:
        """This workbook's backups, oldest first."""
        return list_backups(self.path)

    # -- error messages ----------------------------------------------------------------

    def _unreadable(self, error: Exception) -> WorkbookAccessError:
        if isinstance(error, PermissionError):
            return WorkbookAccessError(
                f"Cannot open {self.target}: permission denied.",
                fix="Close it in Excel if it is open, and check that your account may read it.",
            )
        return WorkbookAccessError(
            f"Cannot read {self.target}: {getattr(error, 'strerror', None) or error}.",
            fix="Check the path.",
        )

    def _damaged(self, error: Exception) -> WorkbookAccessError:
        return WorkbookAccessError(
            f"{self.target} is damaged or is not a real .xlsx workbook ({error}).",
            fix=SAVE_AS_XLSX,
        )

    def _save_failed(self, error: Exception) -> WorkbookAccessError:
        if isinstance(error, OSError):  # locked by Excel, read-only folder, disk full...
            reason = error.strerror or str(error)
            return WorkbookAccessError(f"Could not save {self.target}: {reason}.", fix=CLOSE_IT)
        return WorkbookAccessError(
            f"Could not save {self.target}: {type(error).__name__}: {error}.",
            fix="The workbook was left as it was. Please report this problem.",
        )


def _error_cells(data: bytes) -> ErrorCells:
    """Error cells (#REF!, #N/A...) as their text; calamine reads them as blank. Best effort:
    a part it can't make out is simply read as calamine read it."""
    try:
        return find_error_cells(data)
    except Exception:
        return {}


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible or needed on Windows."""
    with suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
