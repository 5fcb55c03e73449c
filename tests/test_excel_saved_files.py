"""Workbooks saved by Microsoft Excel itself (tests/files/excel): a program's tabs are added
to each, and it syncs; a second sync changes nothing, every part Excel wrote is kept exactly
(pivot tables, in-cell pictures, chart sheets, tables, shared formulas...), and LibreOffice
reads every tab Excel wrote as before. A "Strict Open XML" workbook is refused, untouched."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from office import needs_libreoffice, tabs_as_csv
from test_xlsx_kept import assert_kept_exactly

from sheets_sync import app, programs
from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.errors import WorkbookAccessError

EXCEL = Path(__file__).parent / "files" / "excel"
SAVED = sorted(p.name for p in EXCEL.glob("*.xlsx") if not p.name.startswith("strict"))
TODAY = dt.date(2026, 11, 24)


def with_a_program(name: str, folder: Path) -> tuple[Path, bytes]:
    path = folder / name
    shutil.copyfile(EXCEL / name, path)
    original = path.read_bytes()
    ExcelBackend(path).write(programs.build_workbook("general", sample=30,
                                                      today=dt.date(2026, 11, 25)))
    return path, original


@pytest.mark.parametrize("name", SAVED)
def test_a_workbook_excel_saved_takes_a_program_and_syncs(name: str, tmp_path: Path) -> None:
    path, original = with_a_program(name, tmp_path)
    tabs = [s.name for s in programs.build_workbook("general")]
    report = app.sync_workbook(str(path), TODAY, keep_backups=0)
    assert report.written and report.outcome.new_pairs
    synced = path.read_bytes()
    assert not app.sync_workbook(str(path), TODAY, keep_backups=0).written
    assert path.read_bytes() == synced
    assert len(assert_kept_exactly(original, synced, added=tabs)) >= 10


@needs_libreoffice
def test_libreoffice_reads_every_tab_excel_wrote_as_before(tmp_path: Path) -> None:
    before, after = {}, {}
    for name in SAVED:
        before[name] = tabs_as_csv(EXCEL / name, tmp_path / "before" / name)
        path, _ = with_a_program(name, tmp_path)
        app.sync_workbook(str(path), TODAY, keep_backups=0)
        after[name] = tabs_as_csv(path, tmp_path / "after" / name)
    for name in SAVED:
        assert before[name]
        for tab, text in before[name].items():
            assert after[name][tab] == text, (name, tab)


def test_a_strict_open_xml_workbook_is_read_but_never_written(tmp_path: Path) -> None:
    path = tmp_path / "strict.xlsx"
    shutil.copyfile(EXCEL / "strict_iso_paths.xlsx", path)
    original = path.read_bytes()
    assert ExcelBackend(path).read().get("ml_out").rows
    with pytest.raises(WorkbookAccessError, match="Strict Open XML") as refused:
        ExcelBackend(path).write(programs.build_workbook("general", sample=5))
    assert "save it as an Excel Workbook" in str(refused.value)
    assert path.read_bytes() == original
