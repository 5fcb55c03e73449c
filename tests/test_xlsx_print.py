"""How an engine tab looks and prints: dates as real dates in their column's pattern, rows tall
enough for their wrapped text, landscape printing one page wide with the header on every page
-- in the file, and as LibreOffice draws it."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from office import convert, needs_libreoffice, needs_poppler
from test_excel_backend import edit_zip, sheet_part, sheet_xml

from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.backends.xlsx.looks import wrapped_lines
from sheets_sync.model import (
    DATE_FORMAT,
    DATE_TIME_FORMAT,
    WEEKDAY_DATE_FORMAT,
    Sheet,
    SheetFormat,
    Table,
)

HEADER = ["Pair ID", "Session", "Date", "Start", "End", "Time Zone", "Mentee", "Mentor",
          "Planned On", "Score", "Where", "Note"]
WHY = ("The mentor's skills cover every one of the mentee's learning goals, and they share "
       "two interests: hiking and photography. They are in different departments, which the "
       "program prefers.")


def schedule(rows: int = 90) -> Sheet:
    table = Table("Schedule", list(HEADER), [
        [f"P-{i:04}", i % 4 + 1, dt.date(2026, 12, 1) + dt.timedelta(days=i), "18:00", "19:00",
         "Europe/Berlin", f"Mentee number {i}", f"Mentor number {i}",
         dt.datetime(2026, 11, 24, 9, 30), 70.25 + i, "Video call", "Bring the plan"]
        for i in range(rows)])
    fmt = SheetFormat(number_formats={"Date": WEEKDAY_DATE_FORMAT, "Score": "0.0"},
                      landscape=True, widths={"Note": 30})
    return Sheet(table, fmt)


def pairings() -> Sheet:
    rows = [["P-1", WHY, "Active"], ["P-2", "Same city", "Active"],
            ["P-3", WHY * 3, "Paused"], ["P-4", "one\ntwo\nthree\nfour\nfive", "Active"],
            ["P-5", WHY * 40, "Active"], ["P-6", None, "Ended"]]
    return Sheet(Table("Pairings", ["Pair ID", "Why", "Status"], rows),
                 SheetFormat(widths={"Why": 60}, wrap_columns=("Why",)))


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "looks.xlsx"
    ExcelBackend(path).create([pairings(), schedule()])
    return path


def test_dates_are_real_dates_in_their_columns_pattern(workbook: Path) -> None:
    sheet = openpyxl.load_workbook(workbook)["Schedule"]
    for row in sheet.iter_rows(min_row=2):
        date, planned, score = row[2], row[8], row[9]
        assert date.is_date and date.number_format == WEEKDAY_DATE_FORMAT
        assert planned.is_date and planned.number_format == DATE_TIME_FORMAT
        assert score.number_format == "0.0"
    assert sheet["C2"].value == dt.datetime(2026, 12, 1)
    book = ExcelBackend(workbook).read()
    assert book.get("Schedule").rows[0][2] == dt.date(2026, 12, 1)
    plain = Sheet(Table("Dates", ["Day"], [[dt.date(2026, 1, 2)]]))
    ExcelBackend(workbook).write([plain])
    assert openpyxl.load_workbook(workbook)["Dates"]["A2"].number_format == DATE_FORMAT


def test_rows_with_wrapped_text_are_tall_enough(workbook: Path) -> None:
    xml = sheet_xml(workbook, "Pairings").decode()
    rows = {int(m.group(1)): m.group(2) for m in re.finditer(r'<row r="(\d+)"([^>]*)>', xml)}
    for number, text in ((2, WHY), (4, WHY * 3), (5, "one\ntwo\nthree\nfour\nfive")):
        lines = wrapped_lines(text, 60)
        assert lines > 1
        assert rows[number] == f' ht="{lines * 15 + 2:g}" customHeight="1"', number
    assert wrapped_lines("one\ntwo\nthree\nfour\nfive", 60) == 5
    assert rows[3] == "" and rows[7] == ""  # one line: the default height
    assert rows[6] == ' ht="409" customHeight="1"'  # Excel's tallest row
    sheet = openpyxl.load_workbook(workbook)["Pairings"]
    assert sheet["B2"].alignment.wrap_text and sheet["B2"].alignment.vertical == "top"
    # The other cells of a tall row sit at its top too, level with the text.
    assert sheet["A2"].alignment.vertical == "top" and not sheet["A2"].alignment.wrap_text


def test_wrapped_lines_counts_words_lines_and_long_words() -> None:
    assert wrapped_lines("short", 20) == 1
    assert wrapped_lines("a\nb\nc", 20) == 3
    assert wrapped_lines("word " * 10, 10) == 5  # ten words, two to a line of 10
    assert wrapped_lines("x" * 100, 10) == 10  # no space: broken anywhere


def test_a_landscape_tab_prints_one_page_wide_with_its_header_on_every_page(workbook: Path):
    xml = sheet_xml(workbook, "Schedule").decode()
    setup = re.search(r"<pageSetup [^>]*/>", xml).group(0)
    assert 'orientation="landscape"' in setup
    assert 'fitToWidth="1"' in setup and 'fitToHeight="0"' in setup
    assert re.search(r'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>', xml)
    with zipfile.ZipFile(workbook) as archive:
        book = archive.read("xl/workbook.xml").decode()
    titles = re.findall(r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d)">'
                        r"([^<]*)</definedName>", book)
    assert titles == [("1", "'Schedule'!$1:$1")]
    sheet = openpyxl.load_workbook(workbook)["Schedule"]
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_printing_is_set_once_and_the_coordinators_choices_stay(workbook: Path) -> None:
    # The coordinator picks A3 paper and repeats two rows: a later write keeps both.
    edit_zip(workbook, {}, {sheet_part(workbook, "Schedule"): (b"<pageSetup ",
                                                                b'<pageSetup paperSize="8" '),
                            "xl/workbook.xml": (b"$1:$1", b"$1:$2")})
    ExcelBackend(workbook).write([schedule()])
    once = workbook.read_bytes()
    ExcelBackend(workbook).write([schedule()])
    assert workbook.read_bytes() == once
    sheet = openpyxl.load_workbook(workbook)["Schedule"]
    assert sheet.page_setup.paperSize == 8 and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$2"


@needs_libreoffice
@needs_poppler
def test_libreoffice_prints_what_the_file_asks(workbook: Path, tmp_path: Path) -> None:
    convert([workbook], "pdf", tmp_path / "pdf")
    pdf = tmp_path / "pdf" / "looks.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    texts = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout
             for n in range(1, pages + 1)]
    sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", str(pages), str(pdf)],
                           capture_output=True, text=True, check=True).stdout
    schedule_pages = [n for n, text in enumerate(texts) if "Time Zone" in text]
    assert len(schedule_pages) >= 2
    for n in schedule_pages:
        width, height = map(float, re.search(
            rf"Page\s+{n + 1} size:\s+([\d.]+) x ([\d.]+)", sizes).groups())
        assert width > height  # landscape
        first = next(line for line in texts[n].splitlines() if line.strip())
        assert all(head in first for head in HEADER), first  # one page wide, header on top
    assert "Tue 1 Dec 2026" in texts[schedule_pages[0]]
    pairings_text = " ".join(" ".join(texts[n].split()) for n in range(schedule_pages[0]))
    assert " ".join(WHY.split()) in pairings_text  # wrapped, every word of it shown
