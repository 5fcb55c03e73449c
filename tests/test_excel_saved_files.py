"""Workbooks saved by Microsoft Excel itself (tests/files/excel): a program's tabs are added
to each, and it syncs; a second sync changes nothing, every part Excel wrote is kept exactly
(pivot tables, in-cell pictures, chart sheets, tables, shared formulas...), and LibreOffice
reads every tab Excel wrote as before. A "Strict Open XML" workbook is refused, untouched."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from libreoffice_corpus import tabs_as_csv
from office import needs_libreoffice
from test_xlsx_kept import assert_kept_exactly

from sheets_sync import app, programs
from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.errors import WorkbookAccessError

EXCEL = Path(__file__).parent / "files" / "excel"
SAVED = sorted(p.name for p in EXCEL.glob("*.xlsx") if not p.name.startswith("strict"))
TODAY = dt.date(2026, 11, 24)
PROGRAM_TABS = [s.name for s in programs.build_workbook("general")]


@dataclass
class Synced:
    path: Path
    original: bytes
    written: bool
    new_pairs: int
    synced: bytes
    second_written: bool


@pytest.fixture(scope="module")
def synced(tmp_path_factory) -> dict[str, Synced]:
    """Each Excel workbook with a program's tabs added, synced twice."""
    folder = tmp_path_factory.mktemp("excel")
    found = {}
    for name in SAVED:
        path = folder / name
        shutil.copyfile(EXCEL / name, path)
        original = path.read_bytes()
        ExcelBackend(path).write(programs.build_workbook("general", sample=30,
                                                          today=dt.date(2026, 11, 25)))
        report = app.sync_workbook(str(path), TODAY, keep_backups=0)
        after = path.read_bytes()
        again = app.sync_workbook(str(path), TODAY, keep_backups=0)
        found[name] = Synced(path, original, report.written, len(report.outcome.new_pairs),
                             after, again.written or path.read_bytes() != after)
    return found


@pytest.mark.parametrize("name", SAVED)
def test_a_workbook_excel_saved_takes_a_program_and_syncs(synced, name: str) -> None:
    book = synced[name]
    assert book.written and book.new_pairs > 0
    assert not book.second_written
    assert len(assert_kept_exactly(book.original, book.synced, added=PROGRAM_TABS)) >= 10


@needs_libreoffice
def test_libreoffice_reads_every_tab_excel_wrote_as_before(synced, tmp_path: Path) -> None:
    originals = tmp_path / "originals"  # LibreOffice may leave its lock file beside them
    originals.mkdir()
    for name in SAVED:
        shutil.copyfile(EXCEL / name, originals / name)
    before = tabs_as_csv([originals / name for name in SAVED], tmp_path / "before")
    after = tabs_as_csv([synced[name].path for name in SAVED], tmp_path / "after")
    for name in SAVED:
        stem = Path(name).stem
        assert before[stem]
        for tab, text in before[stem].items():
            assert after[stem][tab] == text, (name, tab)


def test_a_strict_open_xml_workbook_is_read_but_never_written(tmp_path: Path) -> None:
    path = tmp_path / "strict.xlsx"
    shutil.copyfile(EXCEL / "strict_iso_paths.xlsx", path)
    original = path.read_bytes()
    assert ExcelBackend(path).read().get("ml_out").rows
    with pytest.raises(WorkbookAccessError, match="Strict Open XML") as refused:
        ExcelBackend(path).write(programs.build_workbook("general", sample=5))
    assert "save it as an Excel Workbook" in str(refused.value)
    assert path.read_bytes() == original
