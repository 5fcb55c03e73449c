"""A workbook open in Excel or LibreOffice: both leave a lock file beside it while it is open,
and a sync must not write under the person using it (their next save would undo the sync, or
the sync would undo their edits).

Excel writes ``~$NAME.xlsx``, an "owner file": a length byte and the user name in the Windows
code page, padded with spaces, then at offset 55 a two-byte length and the name again in
UTF-16. LibreOffice writes ``.~lock.NAME.xlsx#``, one CSV line whose first field is the user's
name (then the login, the computer, the time)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sheets_sync.errors import WorkbookLocked

EXCEL_NAME_AT = 55  # Excel and PowerPoint owner files; Word's is one byte earlier
MAX_NAME = 52  # the longest user name Office lets anyone set


@dataclass(frozen=True)
class OpenBy:
    """Who has the workbook open, as far as the lock file says."""

    application: str
    lock_file: Path
    person: str | None


def open_by(path: Path) -> OpenBy | None:
    """The lock file of an application that has ``path`` open, or None."""
    excel = path.with_name("~$" + path.name)
    if excel.is_file():
        return OpenBy("Excel", excel, _excel_owner(excel))
    office = path.with_name(f".~lock.{path.name}#")
    if office.is_file():
        return OpenBy("LibreOffice", office, _libreoffice_owner(office))
    return None


def refuse_if_open(path: Path, target: str) -> None:
    """Raise WorkbookLocked (exit 4) when the workbook is open in Excel or LibreOffice."""
    found = open_by(path)
    if found is None:
        return
    who = f" by {found.person}" if found.person else ""
    ask = f"Ask {found.person} to" if found.person else "Whoever has it open should"
    raise WorkbookLocked(
        f"{target} is open in {found.application}{who}, so sheets-sync did not change it "
        f"(their next save would undo the sync).",
        fix=f"{ask} save and close the workbook, then sync again. If nobody has it open "
            f"({found.application} may have closed unexpectedly), delete the hidden file "
            f"{found.lock_file.name} beside it.")


def _excel_owner(lock: Path) -> str | None:
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return None
    if len(data) < EXCEL_NAME_AT + 2:
        return _clean(data[1:1 + data[0]].decode("cp1252", "replace")) if data else None
    for at in (EXCEL_NAME_AT, EXCEL_NAME_AT - 1):  # Excel's place, then Word's
        length = data[at] | data[at + 1] << 8
        if 0 < length <= MAX_NAME and len(data) >= at + 2 + 2 * length:
            name = _clean(data[at + 2:at + 2 + 2 * length].decode("utf-16-le", "replace"))
            if name and "\ufffd" not in name:
                return name
    size = data[0]
    if 0 < size <= MAX_NAME:
        return _clean(data[1:1 + size].decode("cp1252", "replace"))
    return None


def _libreoffice_owner(lock: Path) -> str | None:
    try:
        text = lock.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fields = _fields(text.strip().rstrip(";"))
    # The name set in Tools > Options > User Data, else the computer login.
    return next((name for name in (_clean(f) for f in fields[:2]) if name), None)


def _fields(line: str) -> list[str]:
    """Comma-separated fields; LibreOffice escapes a comma, semicolon or backslash with a
    backslash."""
    fields, current, escaped = [], [], False
    for char in line:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields


def _clean(name: str) -> str | None:
    text = "".join(ch for ch in name if ch.isprintable()).strip()
    return text[:MAX_NAME * 2] or None
