"""The printed report in a real browser: headless Chromium opens the page with no network and
prints it to PDF on A4 and on Letter paper, and no table is cut across two pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import cli, copy_of

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                 if shutil.which(n)), None)
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install "
                       "chromium; .ci/run installs it), so the page can't be printed here"),
    pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                       reason="poppler-utils (pdfinfo, pdftotext) is not installed"),
]
DAY = "2026-11-25"
PAPERS = {"A4": (595, 842), "Letter": (612, 792)}  # points
FIGURES = ("Mentees who applied", "Concerns raised")  # a table's first and last rows
REASONS = ("Completed the program", "Mentee stopped responding")


@pytest.fixture(scope="module")
def page(demo_xlsx: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    book = copy_of(demo_xlsx, folder)
    assert cli("sync", book, "--today", DAY).exit_code == 0
    out = folder / "report.html"
    result = cli("report", book, "--out", out, "--today", DAY)
    assert result.exit_code == 0, result.output
    return out


def print_to_pdf(html: Path, pdf: Path) -> None:
    profile = html.parent / f"profile-{pdf.stem}"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--no-first-run",
         f"--user-data-dir={profile}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
         html.as_uri()], check=True, capture_output=True, timeout=180)
    assert pdf.exists() and pdf.stat().st_size > 1000


def pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), pdf, "-"],
                           capture_output=True, text=True, check=True).stdout
            for n in range(1, count + 1)]


def paper_size(pdf: Path) -> tuple[int, int]:
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    line = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, _x, height = line.split(":", 1)[1].split()[:3]
    return round(float(width)), round(float(height))


@pytest.mark.parametrize("paper", list(PAPERS))
def test_the_report_prints_on_one_page_without_cutting_a_table(page: Path, paper: str):
    html = page.read_text(encoding="utf-8")
    sized = page.with_name(f"report-{paper}.html")  # as if that paper were chosen to print
    sized.write_text(html.replace("</head>", f"<style>@page {{ size: {paper}; }}</style>"
                                  "</head>"), encoding="utf-8")
    pdf = page.with_name(f"report-{paper}.pdf")
    print_to_pdf(sized, pdf)
    assert paper_size(pdf) == PAPERS[paper]
    texts = pages(pdf)
    assert len(texts) == 1, f"{len(texts)} pages on {paper}"
    text = texts[0]
    assert "Program report 2026–27" in text and "1 September 2026 to 25 November 2026" in text
    for first, last in (FIGURES, REASONS):
        assert first in text and last in text
    assert "What the figures count" in text


def test_the_page_prints_as_it_is_and_holds_nothing_private(page: Path, demo_xlsx: Path):
    import openpyxl

    pdf = page.with_name("report-as-is.pdf")
    print_to_pdf(page, pdf)
    assert pages(pdf)
    html = page.read_text(encoding="utf-8")
    mentees = openpyxl.load_workbook(demo_xlsx, read_only=True)["Mentees"]
    rows = list(mentees.iter_rows(values_only=True))
    header = list(rows[0])
    private = [header.index(h) for h in ("Phone number", "Anything else we should know?")]
    secrets = {str(r[i]) for r in rows[1:] for i in private if r[i]}
    emails = {str(r[header.index("Email Address")]) for r in rows[1:]}
    assert secrets and not [s for s in secrets | emails if s in html]
