"""The Reports tab: the figures by program year (newest first), then closures by reason, then
charts over those cells. Values only. A column the coordinator adds (any header that is not a
program year) stays with its rows, matched by the row's first cell."""

from __future__ import annotations

import re
from dataclasses import replace

from sheets_sync.model import (
    REPORTS,
    Cell,
    Cells,
    SeriesChart,
    Sheet,
    SheetFormat,
    Table,
    normalise_header,
)
from sheets_sync.outputs.layout import owned_sheet
from sheets_sync.reports.figures import REASONS, Report
from sheets_sync.words import reports as say

YEAR_LABEL = re.compile(r"^\d{4}(\s*[–-]\s*\d{2})?$")  # 2025–26, or 2026
CLOSURES_ROW = len(say.FIGURES) + 3  # the sheet row of the closures' heading, below a gap
CHARTS_ROW = CLOSURES_ROW + len(REASONS) + 2
CHART_ROWS = 16  # a chart's height in rows, and a row to spare


def reports_sheet(report: Report, old: Table | None = None) -> Sheet:
    labels = [y.label for y in report.years]
    rows: list[list[Cell]] = [[name, *report.figures[name]] for name in say.FIGURES]
    rows.append([None] * (1 + len(labels)))
    rows.append([say.CLOSURE_REASON, *labels])
    rows += [[r, *report.closures[r]] for r in REASONS]
    header = [say.FIGURE, *labels]
    extra = _coordinator_columns(old)
    if extra:
        carried = {_key(row): [row[i] if i < len(row) else None for i, _h in extra]
                   for row in old.rows}  # type: ignore[union-attr]
        rows = [row + carried.get(_key(row), [None] * len(extra)) for row in rows]
        header += [h for _i, h in extra]
    sheet = owned_sheet(REPORTS, rows, header)
    sheet.format = _with_charts(sheet, len(labels))
    return sheet


def _coordinator_columns(old: Table | None) -> list[tuple[int, str]]:
    if old is None:
        return []
    return [(i, h) for i, h in enumerate(old.header) if i and h.strip()
            and normalise_header(h) != normalise_header(say.FIGURE)
            and not YEAR_LABEL.match(h.strip())]


def _key(row: list[Cell]) -> str:
    return normalise_header(row[0] if row else None)


def _with_charts(sheet: Sheet, years: int) -> SheetFormat:
    """The tab's look with its two charts: pairs by year, and why pairs ended."""
    last = years + 1  # the last year's column number
    pairs = SeriesChart(
        say.PAIRS_CHART, Cells(1, 1, 1, last),
        tuple(Cells(row, 1, row, last) for row in
              (say.FIGURES.index(name) + 2 for name in say.PAIRS_CHART_ROWS)),
        anchor=f"A{CHARTS_ROW}", reverse=True)
    end = CLOSURES_ROW + len(REASONS)
    reasons = SeriesChart(
        say.REASONS_CHART, Cells(CLOSURES_ROW, 1, end, 1),
        tuple(Cells(CLOSURES_ROW, c, end, c) for c in range(2, last + 1)),
        anchor=f"A{CHARTS_ROW + CHART_ROWS}", bars=True)
    return replace(sheet.format, charts=(pairs, reasons),
                   page_breaks=(CHARTS_ROW - 1, CHARTS_ROW + CHART_ROWS - 1))  # a row above each
