"""An .xlsx saved by the coordinator while a sync runs is never overwritten: the sync notices
at its write that the file is no longer the one it read, writes nothing, and starts over from
the saved file -- so the edit is in the final workbook, and the sync's results reflect it.

The saves happen at the sync's real stage boundaries (its ``lap`` callback), on a program of
10,000 mentees, at three points of its run."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from sheets_sync import app
from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.errors import WorkbookChanged

TODAY = dt.date(2026, 11, 24)
NOTE = "Called Ana's parents on Monday"


def program(folder: Path, mentees: int) -> Path:
    """A program synced once (so Pairings has pairs to edit)."""
    path = folder / "program.xlsx"
    app.new_workbook(str(path), "general", sample=mentees, today=dt.date(2026, 11, 25))
    app.sync_workbook(str(path), TODAY - dt.timedelta(days=1), keep_backups=0)
    return path


@pytest.fixture(scope="module")
def synced(tmp_path_factory) -> Path:
    return program(tmp_path_factory.mktemp("big"), 10000)


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def tab_part(parts: dict[str, bytes], tab: str) -> str:
    book, rels = parts["xl/workbook.xml"].decode(), parts["xl/_rels/workbook.xml.rels"].decode()
    rel = re.search(rf'name="{re.escape(tab)}"[^>]*?r:id="(\w+)"', book).group(1)
    return "xl/" + re.search(rf'Id="{rel}"[^>]*Target="([^"]+)"', rels).group(1)


def edited_copy(path: Path) -> tuple[bytes, str, str, str]:
    """The workbook as the coordinator saves it: one mentee renamed on Mentees, and a note
    typed on that mentee's pair. Returns the bytes, the pair, its mentee's new name, and
    the note."""
    snapshot = ExcelBackend(path).read()
    pairings, mentees = snapshot.get("Pairings"), snapshot.get("Mentees")
    names = mentees.values(mentees.column("Full name"))
    row = next(r for r in pairings.rows
               if names.count(r[pairings.column("Mentee")]) == 1)  # a name only one person has
    pair, old_name = row[pairings.column("Pair ID")], row[pairings.column("Mentee")]
    new_name = old_name + " Okafor-Smith"
    parts = parts_of(path.read_bytes())
    mentees_part = tab_part(parts, "Mentees")
    assert parts[mentees_part].count(f"<t>{old_name}</t>".encode()) == 1
    parts[mentees_part] = parts[mentees_part].replace(f"<t>{old_name}</t>".encode(),
                                                      f"<t>{new_name}</t>".encode())
    # The note: a cell in Coordinator Notes of the pair's row (the row's last column).
    pairings_part = tab_part(parts, "Pairings")
    number = pairings.rows.index(row) + 2
    letter = chr(ord("A") + pairings.column("Coordinator Notes"))
    xml = parts[pairings_part].decode()
    row_xml = re.search(rf'<row r="{number}"[^>]*>.*?</row>', xml).group(0)
    ref = f"{letter}{number}"
    empty = re.search(rf'<c r="{ref}"( s="\d+")?/>', row_xml)  # a blank cell with a style
    assert empty or f'r="{ref}"' not in row_xml
    style = empty.group(1) or "" if empty else ""
    cell = f'<c r="{ref}"{style} t="inlineStr"><is><t>{NOTE}</t></is></c>'
    edited = (row_xml.replace(empty.group(0), cell) if empty
              else row_xml[:-6] + cell + "</row>")
    parts[pairings_part] = xml.replace(row_xml, edited).encode()
    return zipped(parts), pair, new_name, NOTE


def save_over(path: Path, data: bytes, in_place: bool) -> None:
    """Save as Excel does (a new file renamed over the old) or in place."""
    if in_place:
        with path.open("r+b") as handle:
            handle.write(data)
            handle.truncate()
    else:
        temp = path.with_name("~tmp" + path.name)
        temp.write_bytes(data)
        os.replace(temp, path)


@pytest.mark.parametrize(("stage", "in_place"), [("read", False), ("matching", True),
                                                 ("follow-ups", False)])
def test_a_save_during_the_sync_is_kept_and_synced(synced, tmp_path, stage, in_place):
    path = tmp_path / "program.xlsx"
    path.write_bytes(synced.read_bytes())
    edited, pair, new_name, note = edited_copy(path)
    stages: list[str] = []

    def coordinator_saves(name: str) -> None:
        stages.append(name)
        if name == stage and stages.count(name) == 1:
            save_over(path, edited, in_place)

    try:
        report = app.sync_workbook(str(path), TODAY, keep_backups=0, lap=coordinator_saves)
    except WorkbookChanged:  # the other outcome allowed: exit 4, nothing written
        assert path.read_bytes() == edited
        return
    assert report.written
    assert stages.count("read") == 2, stages  # it read the saved file and synced again
    final = ExcelBackend(path).read()
    mentees = final.get("Mentees")
    assert new_name in mentees.values(mentees.column("Full name"))
    pairings = final.get("Pairings")
    row = next(r for r in pairings.rows if r[pairings.column("Pair ID")] == pair)
    assert row[pairings.column("Coordinator Notes")] == note
    assert row[pairings.column("Mentee")] == new_name  # synced from the saved file
    log = final.get("Sync Log")
    assert log.rows[-1][log.column("Today")] == TODAY


def test_a_workbook_saved_over_at_every_attempt_is_left_as_saved(tmp_path):
    path = program(tmp_path, 300)
    first = path.read_bytes()
    edited, *_ = edited_copy(path)
    versions = [edited, first, edited]

    def saves_every_time(name: str) -> None:
        if name == "follow-ups":
            save_over(path, versions.pop(0), in_place=False)

    with pytest.raises(WorkbookChanged) as raised:
        app.sync_workbook(str(path), TODAY, keep_backups=0, lap=saves_every_time)
    assert raised.value.exit_code == 4
    assert not versions  # three attempts
    assert path.read_bytes() == edited
