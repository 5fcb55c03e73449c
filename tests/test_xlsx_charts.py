"""Charts of several series in an .xlsx (the Reports tab's): drawn with the tab, redrawn over its
cells as it grows, found again by title so a chart the coordinator moved stays where it is, and
opened by openpyxl and LibreOffice as charts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from office import convert, needs_libreoffice, needs_poppler
from test_excel_backend import coordinator_workbook
from test_xlsx_patch import zip_parts

from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.cli import main
from sheets_sync.model import Cells, SeriesChart, Sheet, SheetFormat, Table


def report(years: int) -> Sheet:
    labels = [f"{2026 - k}–{(27 - k) % 100:02d}" for k in range(years)]
    rows = [["Pairs active", *range(3, 3 + years)], ["Pairs ended", *range(1, 1 + years)],
            [None] * (years + 1), ["Closure reason", *labels], ["Goals met", *[1] * years],
            ["Other", *[2] * years]]
    last = years + 1
    charts = (SeriesChart("Pairs by year", Cells(1, 1, 1, last),
                          (Cells(2, 1, 2, last), Cells(3, 1, 3, last)), "A9", reverse=True),
              SeriesChart("Why pairs ended", Cells(5, 1, 7, 1),
                          tuple(Cells(5, c, 7, c) for c in range(2, last + 1)), "A25", bars=True))
    return Sheet(Table("Reports", ["Figure", *labels], rows), SheetFormat(charts=charts))


def charts_of(path: Path) -> dict[str, str]:
    return {n: c.decode() for n, c in zip_parts(path).items() if n.startswith("xl/charts/")}


def test_charts_are_drawn_then_follow_the_tabs_new_columns_in_place(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    backend = ExcelBackend(path, keep_backups=0)
    backend.write([report(1)])
    first = charts_of(path)
    assert len(first) == 2 and len(openpyxl.load_workbook(path)["Reports"]._charts) == 2
    pairs = next(c for c in first.values() if "Pairs by year" in c)
    assert "<c:f>'Reports'!$B$1</c:f>" in pairs  # one year: a single category
    assert "<c:f>'Reports'!$A$2</c:f>" in pairs  # the series' name, from its first cell
    assert '<c:orientation val="maxMin"/>' in pairs  # newest-first columns read oldest first

    backend.write([report(3)])
    again = charts_of(path)
    assert sorted(again) == sorted(first)  # the same parts, rewritten
    pairs = next(c for c in again.values() if "Pairs by year" in c)
    reasons = next(c for c in again.values() if "Why pairs ended" in c)
    assert "<c:f>'Reports'!$B$1:$D$1</c:f>" in pairs and "'Reports'!$B$3:$D$3" in pairs
    assert [f"'Reports'!${c}$6:${c}$7" in reasons for c in "BCD"] == [True] * 3
    assert '<c:barDir val="bar"/>' in reasons


def test_a_moved_chart_stays_put_and_a_deleted_one_comes_back(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    backend = ExcelBackend(path, keep_backups=0)
    backend.write([report(1)])
    parts = zip_parts(path)
    drawing = next(n for n in parts if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n))
    rels = drawing.replace("drawings/", "drawings/_rels/") + ".rels"
    text = parts[drawing].decode()
    moved = text.replace("<xdr:row>8</xdr:row>", "<xdr:row>40</xdr:row>", 1)
    # the coordinator deletes the second chart: its anchor and relationship go
    cut = moved[:moved.index("<xdr:oneCellAnchor", moved.index("<xdr:oneCellAnchor") + 1)]
    cut += "</xdr:wsDr>"
    relation = re.findall(r"<Relationship [^>]*/>", parts[rels].decode())[1]
    _rewrite(path, {drawing: cut.encode(),
                    rels: parts[rels].decode().replace(relation, "").encode()})
    assert len(openpyxl.load_workbook(path)["Reports"]._charts) == 1

    ExcelBackend(path, keep_backups=0).write([report(2)])  # read afresh after the edit
    after = zip_parts(path)[drawing].decode()
    assert "<xdr:row>40</xdr:row>" in after and "<xdr:row>24</xdr:row>" in after
    assert len(openpyxl.load_workbook(path)["Reports"]._charts) == 2


def value_axes(path: Path) -> dict[str, tuple[str | None, str | None]]:
    """Each chart's (title, (major unit, number format)) of its value axis."""
    found = {}
    for text in charts_of(path).values():
        axis = text[text.index("<c:valAx>"):text.index("</c:valAx>")]
        unit = re.search(r'<c:majorUnit val="([^"]+)"', axis)
        shown = re.search(r'<c:numFmt formatCode="([^"]+)"', axis)
        title = "Pairs by year" if "Pairs by year" in text else "Why pairs ended"
        found[title] = (unit and unit.group(1), shown and shown.group(1))
    return found


def test_counts_are_marked_in_whole_numbers_while_small(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    backend = ExcelBackend(path, keep_backups=0)
    backend.write([report(2)])  # one or two pairs ended: never 0.5 of one
    assert value_axes(path) == {"Pairs by year": ("1", "0"), "Why pairs ended": ("1", "0")}
    grown = report(2)
    grown.table.rows[0][1:] = [40, 45]  # a mark for every pair would crowd the axis
    backend.write([grown])
    assert value_axes(path) == {"Pairs by year": (None, "0"), "Why pairs ended": ("1", "0")}


@needs_libreoffice
def test_libreoffice_opens_the_charts(tmp_path: Path) -> None:
    path = coordinator_workbook(tmp_path / "program.xlsx")
    ExcelBackend(path, keep_backups=0).write([report(2)])
    convert([path], "ods", tmp_path)
    import zipfile

    with zipfile.ZipFile(tmp_path / "program.ods") as ods:
        objects = [n for n in ods.namelist() if n.startswith("Object") and n.endswith(
            "content.xml")]
        texts = [ods.read(n).decode() for n in objects]
    assert len(objects) >= 2
    assert any("Pairs by year" in t for t in texts) and any("Why pairs ended" in t for t in texts)


@needs_libreoffice
@needs_poppler
def test_each_report_chart_prints_whole_on_a_page_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "program.xlsx"
    for args in (["new", path, "--program", "general", "--sample", "60"],
                 ["sync", path, "--today", "2026-11-24", "--quiet"]):
        assert CliRunner().invoke(main, [str(a) for a in args]).exit_code == 0
    convert([path], "pdf", tmp_path / "pdf")
    pdf = tmp_path / "pdf" / "program.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    pairs = [p for p in pages if "Pairs by program year" in p]
    reasons = [p for p in pages if "Why pairs ended" in p and "Closure reason" not in p]
    assert len(pairs) == 1 and len(reasons) == 1 and pairs != reasons
    assert "Mentees matched" in pairs[0]  # its legend: the chart is not cut across two pages
    assert "Goals met" in reasons[0] and "Completed the program" in reasons[0]
    assert "Median days to match" not in pairs[0]  # the figures are on the page before


def _rewrite(path: Path, parts: dict[str, bytes]) -> None:
    import zipfile

    current = zip_parts(path)
    current.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in current.items():
            archive.writestr(name, data)
