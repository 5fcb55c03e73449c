"""The .xlsx package as a whole: the same tabs make the same bytes, the zip is one every reader
takes, parts the writer edits keep the namespace prefixes (and the XML declaration, or its
absence) the workbook gave them, a worksheet cut at its cells is put back together exactly,
and a sync writes without openpyxl installed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from lxml import etree
from test_excel_backend import coordinator_workbook, edit_zip, formatted_pairings
from test_xlsx_patch import zip_infos, zip_parts

from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.backends.xlsx.archive import WRITTEN
from sheets_sync.backends.xlsx.package import rels_name
from sheets_sync.backends.xlsx.sheet import Worksheet
from sheets_sync.model import Sheet, Table

ROOT = Path(__file__).parent.parent


def prefixed(xml: bytes, prefix: str = "x") -> bytes:
    """A part with its default namespace given a prefix instead, as some writers save it."""
    text = re.sub(r"<(/?)(?=[A-Za-z])", rf"<\1{prefix}:", xml.decode())
    text = text.replace(f"<{prefix}:?xml", "<?xml").replace("xmlns=", f"xmlns:{prefix}=", 1)
    return text.encode()


def test_the_same_tabs_make_the_same_bytes(tmp_path: Path) -> None:
    first = coordinator_workbook(tmp_path / "first.xlsx")
    second = tmp_path / "second.xlsx"
    second.write_bytes(first.read_bytes())
    log = Sheet(Table("Sync Log", ["When", "Changes"], [["2026-11-24 09:00", "Pairs: 2"]]))
    before = zip_infos(first)
    for path in (first, second):
        ExcelBackend(path, keep_backups=0).write([formatted_pairings(), log])
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert archive.testzip() is None
        written = [i for i in archive.infolist() if i.filename not in before
                   or i.CRC != before[i.filename].CRC]
    assert written and all(i.date_time == WRITTEN for i in written)


def test_edited_parts_keep_their_prefixes_and_declarations(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    parts = zip_parts(path)
    rels = rels_name("xl/workbook.xml")
    undeclared = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", parts[rels])
    edit_zip(path, {"xl/styles.xml": prefixed(parts["xl/styles.xml"]),
                    "xl/workbook.xml": prefixed(parts["xl/workbook.xml"], "s"),
                    rels: undeclared}, {})

    ExcelBackend(path).write([formatted_pairings(),
                              Sheet(Table("Sync Log", ["When"], [["today"]]))])

    after = zip_parts(path)
    styles, book = after["xl/styles.xml"].decode(), after["xl/workbook.xml"].decode()
    assert "<x:xf " in styles and "<xf " not in styles and "<x:dxf>" in styles
    assert re.search(r'<s:sheet [^>]*name="Sync Log"', book) and "<sheet " not in book
    assert after[rels].startswith(b"<Relationships") and b"worksheets/sheet" in after[rels]
    assert ExcelBackend(path).read().get("Sync Log").rows == [["today"]]


def test_a_sync_writes_without_openpyxl(tmp_path: Path) -> None:
    path = tmp_path / "program.xlsx"
    script = (
        "import sys\n"
        "sys.modules['openpyxl'] = None  # any import of it fails\n"
        "from sheets_sync.cli import main\n"
        "for args in (['new', sys.argv[1], '--program', 'general', '--sample', '30',\n"
        "              '--today', '2026-11-25'], ['sync', sys.argv[1], '--today', '2026-11-24']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as done:\n"
        "        assert not done.code, done.code\n")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Written." in done.stdout
    assert ExcelBackend(path).read().get("Pairings").rows


def test_a_worksheet_cut_at_its_cells_is_put_back_together_exactly() -> None:
    # Every worksheet Excel saved in the test files: parsed without its cells, its first
    # view selected, written out with its cells put back -- the same XML as a whole-part edit.
    checked = 0
    for book in sorted((ROOT / "tests" / "files" / "excel").glob("*.xlsx")):
        for name, data in zip_parts(book).items():
            if not re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name) or book.name.startswith(
                    "strict"):
                continue
            made = Worksheet(data).with_tab_selected(True)
            whole = etree.fromstring(data)
            view = whole.find(".//{*}sheetView")
            if view is None:
                assert made is None
                continue
            view.set("tabSelected", "1")
            assert etree.tostring(etree.fromstring(made), method="c14n") == etree.tostring(
                whole, method="c14n"), (book.name, name)
            checked += 1
    assert checked >= 10
