"""The printed report: one self-contained HTML page (styles and charts inside it) with the
program's name, the period, the figures of one program year beside the year before, why
pairs ended, and what each figure counts. Its print rules keep every table whole on A4 and
Letter paper alike. It holds figures only: nothing from the rosters."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from sheets_sync.errors import UsageError
from sheets_sync.model import Cell
from sheets_sync.reports import charts
from sheets_sync.reports.figures import Report
from sheets_sync.words import reports as say

STYLE = """
@page { size: auto; margin: 12mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, Helvetica, sans-serif; font-size: 9pt;
       color: #222; margin: 0; line-height: 1.3; }
@media screen { body { max-width: 190mm; margin: 10mm auto; } }
header { border-bottom: 2px solid #4472C4; margin-bottom: 3mm; padding-bottom: 2mm; }
h1 { font-size: 16pt; margin: 0; }
h2 { font-size: 10.5pt; margin: 0 0 1.5mm; }
.sub { color: #555; margin: 1mm 0 0; }
.row { display: flex; gap: 6mm; align-items: flex-start; margin-bottom: 3mm; }
.row > * { flex: 1 1 0; min-width: 0; }
table, figure, section { page-break-inside: avoid; break-inside: avoid; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 0.7mm 2mm; border-bottom: 1px solid #DDD; text-align: left;
         vertical-align: top; }
th { background: #DDEBF7; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.then, th.then { color: #666; }
figure { margin: 0; }
figure svg { width: 100%; height: auto; display: block; }
dl { columns: 2; column-gap: 6mm; margin: 0; font-size: 7.5pt; color: #444;
     line-height: 1.2; }
dt { font-weight: bold; break-after: avoid; }
dd { margin: 0 0 0.8mm; break-inside: avoid; }
footer { margin-top: 2mm; font-size: 7.5pt; color: #666; }
"""


@dataclass(frozen=True)
class Page:
    html: str
    year: str  # the program year reported on, e.g. 2025–26
    period: str


def report_page(report: Report, name: str, program: str, year: int | None = None) -> Page:
    """The page for the program year starting in ``year`` (the year under way by default)."""
    index = _index(report, year)
    shown = [index] + ([index + 1] if index + 1 < len(report.years) else [])
    chosen = report.years[index]
    period = say.period(chosen.start, chosen.last_day, report.today)
    heading = say.report_heading(chosen.label)
    body = (
        f"<header><h1>{escape(name)}</h1>"
        f'<p class="sub">{escape(program)} · {escape(heading)} · {escape(period)}</p></header>'
        f'<div class="row"><section><h2>{say.FIGURES_CAPTION}</h2>{_figures(report, shown)}'
        f'</section><section><h2>{say.REASONS_CAPTION}</h2>{_closures(report, shown)}'
        "</section></div>"
        f'<div class="row"><figure>{charts.pairs_by_year(report, index)}</figure>'
        f"<figure>{charts.reasons(report, index)}</figure></div>"
        f"<section><h2>{say.WHAT_THEY_MEAN}</h2><dl>{_meanings(report.goal)}</dl></section>"
        f"<footer>{escape(say.MADE_ON.format(day=say.day_text(report.today)))}</footer>")
    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(name)}: {escape(heading)}</title><style>{STYLE}</style></head>"
            f"<body>{body}</body></html>\n")
    return Page(page, chosen.label, period)


def _index(report: Report, year: int | None) -> int:
    if year is None:
        return 0
    for k, program_year in enumerate(report.years):
        if program_year.first == year:
            return k
    newest, oldest = report.years[0], report.years[-1]
    raise UsageError(say.UNKNOWN_YEAR.format(year=year), fix=say.KNOWN_YEARS.format(
        first=oldest.label, last=newest.label, example=newest.first))


def _head(report: Report, shown: list[int], first: str) -> str:
    cells = "".join(f'<th class="n{" then" if k else ""}">{report.years[i].label}</th>'
                    for k, i in enumerate(shown))
    return f"<thead><tr><th>{first}</th>{cells}</tr></thead>"


def _figures(report: Report, shown: list[int]) -> str:
    rows = "".join(
        f"<tr><td>{name}</td>" + "".join(
            f'<td class="n{" then" if k else ""}">{_show(report.figures[name][i])}</td>'
            for k, i in enumerate(shown)) + "</tr>"
        for name in say.FIGURES)
    return f"<table>{_head(report, shown, say.FIGURE)}<tbody>{rows}</tbody></table>"


def _closures(report: Report, shown: list[int]) -> str:
    reasons = [r for r, counts in report.closures.items() if any(counts[i] for i in shown)]
    if not reasons:
        return f"<p>{say.NO_ENDINGS}</p>"
    rows = "".join(
        f"<tr><td>{escape(r)}</td>" + "".join(
            f'<td class="n{" then" if k else ""}">{report.closures[r][i]}</td>'
            for k, i in enumerate(shown)) + "</tr>"
        for r in reasons)
    return f"<table>{_head(report, shown, say.CLOSURE_REASON)}<tbody>{rows}</tbody></table>"


def _meanings(goal: int) -> str:
    return "".join(f"<dt>{name}</dt><dd>{escape(text)}</dd>"
                   for name, text in say.meanings(goal).items())


def _show(value: Cell) -> str:
    return say.NOT_COUNTED if value is None else escape(str(value))
