"""The printed report's charts, drawn by matplotlib as SVG text to sit inside the page (no file
beside it, nothing fetched when it is opened). The same figures always give the same SVG."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from sheets_sync.reports.figures import Report
from sheets_sync.words import reports as say

if TYPE_CHECKING:  # matplotlib loads only when a report is drawn
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

COLOURS = ("#4472C4", "#70AD47", "#A5A5A5", "#ED7D31")
INK = "#333333"


def _figure(width: float, height: float) -> Figure:
    # Imported here: only the printed report draws, and matplotlib takes a moment to load.
    import matplotlib

    matplotlib.rcParams.update({"svg.hashsalt": "sheets-sync", "font.size": 8,
                                "axes.edgecolor": "#BBBBBB", "text.color": INK,
                                "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK})
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _whole_numbers() -> MaxNLocator:
    """Axis ticks on whole numbers: counts of people and pairs never come in halves."""
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def pairs_by_year(report: Report, upto: int) -> str:
    """Grouped columns, oldest year on the left, up to the year reported on (its index)."""
    years = list(report.years[upto:])[::-1]
    figure = _figure(3.6, 2.1)
    axes = figure.subplots()
    width = 0.8 / len(say.PAIRS_CHART_ROWS)
    for k, (name, colour) in enumerate(zip(say.PAIRS_CHART_ROWS, COLOURS, strict=True)):
        counts = [report.figures[name][report.years.index(y)] or 0 for y in years]
        positions = [i + (k - (len(say.PAIRS_CHART_ROWS) - 1) / 2) * width
                     for i in range(len(years))]
        axes.bar(positions, counts, width, label=name, color=colour)
    axes.set_xticks(range(len(years)), [y.label for y in years])
    figure.suptitle(say.PAIRS_CHART, fontsize=9, fontweight="bold")
    axes.yaxis.set_major_locator(_whole_numbers())
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(fontsize=7, frameon=False, ncols=4, loc="outside lower center",
                  handlelength=1, columnspacing=1)
    return _svg(figure)


def reasons(report: Report, index: int) -> str:
    """Horizontal bars: why pairs ended in the year reported on (reasons that came up)."""
    counts = [(r, report.closures[r][index]) for r in report.closures
              if report.closures[r][index]]
    figure = _figure(3.6, 2.1)
    axes = figure.subplots()
    title = f"{say.REASONS_CHART}, {report.years[index].label}"
    figure.suptitle(title, fontsize=9, fontweight="bold")
    axes.spines[["top", "right"]].set_visible(False)
    if not counts:
        axes.set_axis_off()
        axes.text(0.5, 0.5, say.NO_ENDINGS, ha="center", va="center", transform=axes.transAxes)
        return _svg(figure)
    labels, values = zip(*counts[::-1], strict=True)
    axes.barh(range(len(values)), values, color=COLOURS[1])
    axes.set_yticks(range(len(values)), labels)
    axes.xaxis.set_major_locator(_whole_numbers())
    return _svg(figure)
