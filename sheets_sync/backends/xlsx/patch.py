"""Writing the engine's tabs into an .xlsx without opening the workbook as a whole: the zip
is copied part by part, and only what the new tabs need is changed -- their worksheet parts,
the formats appended to styles.xml, the workbook's list of tabs and print titles, and a chart
where one is wanted. Whatever else the workbook holds (shapes, sparklines, slicers, pivot
tables, macros, threaded comments, extensions of any kind) is carried over byte for byte, so
nothing a coordinator made can be lost, and only the engine's tabs cost time."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sheets_sync.backends.xlsx.cells import CellWriter
from sheets_sync.backends.xlsx.drawing import add_chart, draw_charts, fit_count_axis
from sheets_sync.backends.xlsx.fragments import elements_at
from sheets_sync.backends.xlsx.old import FORMULA_HINT_RE, OldTables
from sheets_sync.backends.xlsx.package import Package
from sheets_sync.backends.xlsx.sheet import TabEdit, Worksheet
from sheets_sync.backends.xlsx.styles import Styles
from sheets_sync.backends.xlsx.tables import fit_tables
from sheets_sync.backends.xlsx.workbook import Book, NotAWorksheet, StrictWorkbook, Tab
from sheets_sync.model import Chart, SeriesChart, Sheet

__all__ = ["NotAWorksheet", "StrictWorkbook", "patch_workbook"]


def patch_workbook(data: bytes, sheets: Sequence[Sheet], old: OldTables | None = None) -> bytes:
    """``data`` (an .xlsx) with each sheet replacing the tab of its name, or added last.
    ``old``: the tabs' values as read, so that the coordinator's formulas can be kept."""
    package = Package(data)
    book = Book(package)
    if book.strict:
        raise StrictWorkbook("the workbook is saved as Strict Open XML")
    styles_part = book.styles_part()
    styles_data = package.read(styles_part)
    styles = Styles(styles_data or None)
    cells = CellWriter(styles, date1904=book.date1904)
    targets = []
    for sheet in sheets:
        tab = book.find(sheet.name) or book.add(sheet.name)
        if sheet.format.hidden:  # otherwise the tab keeps whatever the coordinator chose
            book.hide(tab)
        if sheet.format.landscape:
            book.repeat_header(tab)
        targets.append((sheet, tab))
    selection = book.settle_views({tab.part for _, tab in targets})
    chained, had_formulas, kept_formulas = book.has_calc_chain(), False, False
    for sheet, tab in targets:
        worksheet = Worksheet(None if tab.new else package.read(tab.part))
        had_formulas |= chained and worksheet.has_formulas()
        edit = TabEdit(selected=selection.pop(tab.part, None))
        if not tab.new:
            edit.dropped_tables = fit_tables(package, tab.part, worksheet, sheet.table)
            edit.kept = worksheet.kept(old.get(tab.name) if old else None, sheet, cells,
                                       tab.name)
            kept_formulas |= edit.kept.has_formulas
        chart = sheet.format.chart
        if chart is not None and chart.last_row >= chart.first_row:
            largest = _largest(sheet, chart)
            if not worksheet.has_drawing:
                edit.drawing = add_chart(package, tab.part, chart, tab.name, largest)
            else:
                fit_count_axis(package, tab.part, worksheet.drawing_id(), chart.title, largest)
        elif sheet.format.charts:
            shown = [(c, _series_largest(sheet, c)) for c in sheet.format.charts]
            edit.drawing = draw_charts(package, tab.part, worksheet.drawing_id(), shown,
                                       tab.name)
        package.put(tab.part, worksheet.rewrite(sheet, cells, edit))
    for part, selected in selection.items():  # a coordinator's tab now shown first
        content = Worksheet(package.read(part)).with_tab_selected(selected)
        if content is not None:
            package.put(part, content)
    if had_formulas:  # its cells are rewritten; Excel rebuilds the chain, and would "repair" it
        book.drop_calc_chain()
    if kept_formulas or _formulas_read(package, book, [tab for _, tab in targets]):
        # Their saved results may be out of date now. Only then: a recalculation on opening
        # makes Excel ask to save on closing, which a workbook without such formulas is spared.
        book.recalculate_on_open()
    new_styles = styles.render() or (None if styles_data else styles.serialize())
    if new_styles is not None:
        package.put(styles_part, new_styles)
    book.save()
    return package.build()


def _largest(sheet: Sheet, chart: Chart) -> float:
    """The largest number the chart shows now."""
    rows = sheet.table.rows[chart.first_row - 2:chart.last_row - 1]
    values = [row[chart.value_column] for row in rows if chart.value_column < len(row)]
    return max((v for v in values if isinstance(v, int | float) and not isinstance(v, bool)),
               default=0)


def _series_largest(sheet: Sheet, chart: SeriesChart) -> float:
    """The largest number a chart of several series shows now (labels are text)."""
    numbers = [cell for block in chart.series
               for row in sheet.table.rows[max(block.first_row - 2, 0):block.last_row - 1]
               for cell in row[block.first_column - 1:block.last_column]
               if isinstance(cell, int | float) and not isinstance(cell, bool)]
    return max(numbers, default=0)


def _may_hold_formulas(data: bytes) -> bool:
    """Whether a worksheet's XML may hold a formula cell (``<f>``, ``<f t=...>``, ``<x:f/>``
    ...), by byte searches: ``FORMULA_HINT_RE`` would try every tag of a large tab. A data
    validation's or conditional format's ``<formula1>`` is passed over."""
    for mark in (b"<f", b":f"):
        at = data.find(mark)
        while at >= 0:
            if data[at + 2:at + 3] in _TAG_NAME_ENDS:
                return True
            at = data.find(mark, at + 2)
    return False


_TAG_NAME_ENDS = frozenset({b">", b"/", b" ", b"\t", b"\n", b"\r"})


def _formulas_read(package: Package, book: Book, written: list[Tab]) -> bool:
    """Whether a formula on another tab reads a rewritten tab (by its name, or by a defined
    name that points into it)."""
    names = [t.name for t in written if not t.new]
    if not names:
        return False
    mentions = re.compile("|".join(
        [re.escape(n) + "!" for n in names]
        + [re.escape("'" + n.replace("'", "''") + "'!") for n in names]), re.I)
    words = [n for n, refers in book.defined_names()
             if not n.startswith("_xlnm.") and mentions.search(refers)]
    reads = re.compile("|".join([mentions.pattern, *(rf"\b{re.escape(w)}\b" for w in words)]),
                       re.I)
    skip = {t.part for t in written}
    for tab in book.tabs:
        if tab.part in skip or not tab.kind.endswith("/worksheet") or not package.exists(
                tab.part):
            continue
        data = package.read(tab.part)
        if not _may_hold_formulas(data):  # nearly always: a quick look suffices
            continue
        cells = Worksheet(data)
        starts = [m.start() for m in FORMULA_HINT_RE.finditer(cells.old_data)]
        formulas = elements_at(cells.old_data, starts, "f", cells.namespaces)
        if any(reads.search(f.text or "") for f in formulas):
            return True
    return False
