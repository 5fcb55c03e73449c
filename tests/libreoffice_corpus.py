"""Workbooks saved by a real spreadsheet application: the project's own workbooks -- every
program's, and one holding comments, conditional formats, validations, a chart, a picture,
defined names and 1904 dates -- opened and saved by LibreOffice, then synced.

Used by tests/test_libreoffice_corpus.py; run it to print the table of what happened to each:
    python tests/libreoffice_corpus.py
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from office import CSV_FILTER, convert
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, DataBarRule
from openpyxl.styles import PatternFill
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from sheets_sync import app
from sheets_sync.model import OWNED_TABS
from sheets_sync.programs import PROGRAMS

MADE = dt.date(2026, 11, 25)
FIRST, SECOND = dt.date(2026, 11, 24), dt.date(2026, 11, 26)
RICH = "rich-1904"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# -- the sources: made by this project (and openpyxl), then saved by LibreOffice ------------


def sources(folder: Path) -> list[Path]:
    """Every program's workbook (half of them synced once already), and the rich one."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for number, program in enumerate(PROGRAMS):
        path = folder / f"{program}.xlsx"
        app.new_workbook(str(path), program, sample=40, today=MADE)
        if number % 2:
            app.sync_workbook(str(path), FIRST, keep_backups=0)
        made.append(path)
    made.append(rich_workbook(folder / f"{RICH}.xlsx"))
    return made


def rich_workbook(path: Path) -> Path:
    """A synced program with what coordinators add in a spreadsheet application: comments,
    conditional formats, dropdowns, a chart, a picture, defined names -- in the 1904 date
    system, as Mac Excel makes it."""
    app.new_workbook(str(path), "general", sample=80, today=MADE)
    app.sync_workbook(str(path), FIRST, keep_backups=0)
    book = openpyxl.load_workbook(path)
    book.epoch = CALENDAR_MAC_1904
    mentees, pairings = book["Mentees"], book["Pairings"]
    mentees["C2"].comment = Comment("Called her mother on Monday.", "Coordinator")
    pairings["A2"].comment = Comment("First pair of the year.", "Coordinator")
    mentees.conditional_formatting.add("D2:D200", ColorScaleRule(
        start_type="min", start_color="FFFFFF", end_type="max", end_color="F8696B"))
    mentees.conditional_formatting.add("D2:D200", DataBarRule(
        start_type="min", end_type="max", color="638EC6"))
    choice = DataValidation(type="list", formula1='"Email,Phone,Text"', allow_blank=True)
    choice.add("O2:O200")
    mentees["O1"] = "Contact by"
    mentees.add_data_validation(choice)
    priority = pairings.max_column + 1
    letter = openpyxl.utils.get_column_letter(priority)
    pairings.cell(1, priority, "Priority")
    for row in range(2, pairings.max_row + 1):
        pairings.cell(row, priority, "High" if row % 4 == 0 else "Normal")
    rule = DataValidation(type="list", formula1='"High,Normal"', allow_blank=True)
    rule.add(f"{letter}2:{letter}300")
    pairings.add_data_validation(rule)
    pairings.conditional_formatting.add(f"{letter}2:{letter}300", CellIsRule(
        operator="equal", formula=['"High"'], fill=PatternFill("solid", bgColor="FFC7CE")))
    summary(book)
    book.defined_names["Mentee_emails"] = DefinedName(
        "Mentee_emails", attr_text="Mentees!$B$2:$B$1000")
    book["Summary"].defined_names["Started"] = DefinedName("Started", attr_text="Summary!$B$4")
    book.save(path)
    add_picture(path, "Settings")
    return path


def summary(book: openpyxl.Workbook) -> None:
    """A coordinator's own tab: formulas over their tabs, a date, a chart."""
    sheet = book.create_sheet("Summary", index=1)
    rows = [["Figure", "Value"], ["Mentees", "=COUNTA(Mentee_emails)"],
            ["Average age", "=ROUND(AVERAGE(Mentees!D2:D1000),1)"],
            ["Program started", dt.date(2026, 9, 1)], ["Mentors", "=COUNTA(Mentors!B2:B1000)"]]
    for row in rows:
        sheet.append(row)
    sheet["B4"].number_format = "d mmmm yyyy"
    chart = BarChart()
    chart.title = "People"
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=2), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=2))
    sheet.add_chart(chart, "D2")


def add_picture(path: Path, tab: str) -> None:
    """A small picture on a tab that has no drawing yet (openpyxl would need Pillow)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    book = ET.fromstring(parts["xl/workbook.xml"])
    rel = next(v for e in book.iter(f"{MAIN}sheet") if e.get("name") == tab
               for k, v in e.attrib.items() if k.endswith("}id"))
    rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
    target = next(r.get("Target") for r in rels if r.get("Id") == rel)
    sheet = target.lstrip("/") if target.startswith("/") else "xl/" + target
    parts["xl/media/logo.png"] = png(48, 24, (0x2E, 0x75, 0xB6))
    parts["xl/drawings/logo.xml"] = PICTURE_DRAWING
    parts["xl/drawings/_rels/logo.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        b'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        b'http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        b'Target="../media/logo.png"/></Relationships>')
    name, file = sheet.rsplit("/", 1)
    assert f"{name}/_rels/{file}.rels" not in parts
    parts[f"{name}/_rels/{file}.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
        b'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdLogo" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" '
        b'Target="../drawings/logo.xml"/></Relationships>')
    xml = parts[sheet].decode()
    parts[sheet] = xml.replace("</worksheet>", '<drawing xmlns:r="http://schemas.openxmlformats'
                               '.org/officeDocument/2006/relationships" r:id="rIdLogo"/>'
                               "</worksheet>").encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", (
        '<Default Extension="png" ContentType="image/png"/><Override PartName="/xl/drawings/'
        'logo.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>'
        "</Types>")).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)


PICTURE_DRAWING = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xdr:wsDr xmlns:xdr="http://'
    b'schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.'
    b'openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
    b'officeDocument/2006/relationships"><xdr:oneCellAnchor><xdr:from><xdr:col>4</xdr:col>'
    b"<xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
    b'<xdr:ext cx="914400" cy="457200"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" '
    b'name="Program logo"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/>'
    b"<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:xfrm><a:off x=\"0\" "
    b'y="0"/><a:ext cx="914400" cy="457200"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
    b"</a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>")


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A one-colour PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    pixels = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))


def saved_by_libreoffice(files: list[Path], out: Path) -> list[Path]:
    convert(files, "xlsx", out)
    return [out / f.name for f in files]


def tabs_as_csv(files: list[Path], out: Path) -> dict[str, dict[str, str]]:
    """LibreOffice's own reading of every tab of every file: file stem -> tab -> CSV."""
    convert(files, CSV_FILTER, out)
    found: dict[str, dict[str, str]] = {f.stem: {} for f in files}
    for file in files:
        for csv in out.glob(f"{file.stem}-*.csv"):
            found[file.stem][csv.stem[len(file.stem) + 1:]] = csv.read_text(encoding="utf-8")
    return found


# -- what happens to each -------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    size: int
    parts: int
    tabs: int
    first: str = ""  # the first sync: "written" / "unchanged" / the error
    seconds: float = 0.0
    second_unchanged: bool = False  # a second sync wrote nothing, the file byte-identical
    before: bytes = b""
    after: bytes = b""
    coordinator_tabs: list[str] = field(default_factory=list)
    tabs_unchanged: list[str] = field(default_factory=list)


def sync_twice(path: Path) -> Outcome:
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = len(archive.namelist())
        tabs = archive.read("xl/workbook.xml").count(b"<sheet ")
    outcome = Outcome(path.stem, len(data), parts, tabs, before=data)
    started = time.perf_counter()
    try:
        report = app.sync_workbook(str(path), SECOND, keep_backups=0)
        outcome.first = "written" if report.written else "unchanged"
    except Exception as error:  # reported in the table, asserted by the test
        outcome.first = f"{type(error).__name__}: {error}"
        return outcome
    outcome.seconds = time.perf_counter() - started
    outcome.after = path.read_bytes()
    again = app.sync_workbook(str(path), SECOND, keep_backups=0)
    outcome.second_unchanged = not again.written and path.read_bytes() == outcome.after
    return outcome


def compare_tabs(outcome: Outcome, before: dict[str, str], after: dict[str, str]) -> None:
    owned = {t.casefold() for t in OWNED_TABS}
    outcome.coordinator_tabs = sorted(t for t in before if t.casefold() not in owned)
    outcome.tabs_unchanged = [t for t in outcome.coordinator_tabs if after.get(t) == before[t]]


def run(folder: Path) -> list[Outcome]:
    corpus = saved_by_libreoffice(sources(folder / "made"), folder / "libreoffice")
    before = tabs_as_csv(corpus, folder / "csv-before")
    outcomes = [sync_twice(path) for path in corpus]
    after = tabs_as_csv(corpus, folder / "csv-after")
    for outcome in outcomes:
        compare_tabs(outcome, before[outcome.name], after[outcome.name])
    return outcomes


def table(outcomes: list[Outcome]) -> str:
    lines = ["| workbook (saved by LibreOffice) | KB | parts | tabs | sync | s | second sync "
             "| coordinator tabs read the same by LibreOffice |",
             "|---|---:|---:|---:|---|---:|---|---|"]
    for o in outcomes:
        lines.append(f"| {o.name} | {o.size // 1024} | {o.parts} | {o.tabs} | {o.first} | "
                     f"{o.seconds:.2f} | {'no change' if o.second_unchanged else 'CHANGED'} | "
                     f"{len(o.tabs_unchanged)} of {len(o.coordinator_tabs)} |")
    return "\n".join(lines)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        print(table(run(Path(scratch))))
    sys.exit(0)
