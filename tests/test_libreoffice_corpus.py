"""Workbooks saved by a real spreadsheet application (LibreOffice, from every program's workbook
and from one holding comments, conditional formats, validations, a chart, a picture, defined
names and 1904 dates): every one syncs, a second sync changes nothing, every part the sync does
not own is kept exactly, and LibreOffice reads every coordinator tab as it did before.

`python tests/libreoffice_corpus.py` prints the same as a table."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from libreoffice_corpus import RICH, Outcome, run
from office import needs_libreoffice, tabs_as_csv
from test_xlsx_kept import assert_kept_exactly
from test_xlsx_patch import MAIN_NS, zip_parts

from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.programs import PROGRAMS

pytestmark = needs_libreoffice


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Outcome]:
    return {o.name: o for o in run(tmp_path_factory.mktemp("libreoffice"))}


def test_every_workbook_syncs_and_a_second_sync_changes_nothing(corpus):
    assert set(corpus) == {*PROGRAMS, RICH}
    for outcome in corpus.values():
        assert outcome.first == "written", (outcome.name, outcome.first)
        assert outcome.second_unchanged, outcome.name


def test_every_part_the_sync_does_not_own_is_kept_exactly(corpus):
    for outcome in corpus.values():
        checked = assert_kept_exactly(outcome.before, outcome.after)
        assert len(checked) == outcome.parts, outcome.name


def test_libreoffice_reads_every_coordinator_tab_as_before(corpus):
    for outcome in corpus.values():
        assert len(outcome.coordinator_tabs) >= 7, outcome.name
        assert outcome.tabs_unchanged == outcome.coordinator_tabs, outcome.name


def test_the_rich_workbook_keeps_its_extras_and_its_1904_dates(corpus, tmp_path: Path):
    rich = corpus[RICH]
    with zipfile.ZipFile(io.BytesIO(rich.after)) as archive:
        parts = archive.namelist()
        assert b'date1904="true"' in archive.read("xl/workbook.xml")
    for kind in ("xl/comments", "xl/charts/", "xl/media/", "xl/drawings/vmlDrawing"):
        assert any(p.startswith(kind) for p in parts), kind
    # LibreOffice shows the dates the engine wrote as the days the engine meant.
    path = tmp_path / f"{RICH}.xlsx"
    path.write_bytes(rich.after)
    rows = list(csv.reader(io.StringIO(tabs_as_csv(path, tmp_path / "csv")["Pairings"])))
    pairings = ExcelBackend(path).read().get("Pairings")
    column = pairings.column("Matched On")
    assert len(pairings.rows) > 10
    assert [r[column] for r in rows[1:len(pairings.rows) + 1]] == [
        row[column].isoformat() for row in pairings.rows]



def part_of(data: bytes, tab: str) -> str:
    """The worksheet part of a tab."""
    parts = zip_parts(data)
    book = ET.fromstring(parts["xl/workbook.xml"])
    links = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    rels = {r.get("Id"): r.get("Target") for r in links}
    sheet = next(s for s in book.iter(f"{MAIN_NS}sheet") if s.get("name") == tab)
    target = rels[next(v for k, v in sheet.attrib.items() if k.endswith("}id"))]
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def test_the_colour_of_new_pairs_is_found_again_after_libreoffice_saved_it(corpus):
    # LibreOffice writes the rule back in its own way; the sync must still know it as its own.
    rewritten = 0
    for outcome in corpus.values():
        part = part_of(outcome.after, "Pairings")
        before, after = zip_parts(outcome.before)[part], zip_parts(outcome.after)[part]
        rules = [r for r in ET.fromstring(after).iter(f"{MAIN_NS}cfRule")
                 if r.get("type") == "expression"]
        assert len(rules) == 1, outcome.name
        rewritten += before != after
    assert rewritten >= len(corpus) // 2
