"""One worksheet part rewritten for an engine tab: its cells, column widths, frozen header,
dropdowns and highlights replace the old ones, and everything else the coordinator set on
the tab (tab colour, print setup, header/footer, a drawing, extensions...) stays as it was,
in the element order the schema (CT_Worksheet) requires. The cells are streamed as text (see
cells.py); the rest of the part is edited as an XML tree (see fragments.py for the cut)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from sheets_sync.backends.xlsx.cells import CellWriter
from sheets_sync.backends.xlsx.fragments import sheet_data_span
from sheets_sync.backends.xlsx.looks import column_width, last_rule_row
from sheets_sync.backends.xlsx.old import Kept, has_formulas, kept_cells
from sheets_sync.backends.xlsx.rules import dropdowns, highlights
from sheets_sync.backends.xlsx.xmltree import (
    MAIN_NS,
    PROLOG,
    REL_NS,
    DamagedWorkbook,
    child,
    children,
    detached,
    link,
    local,
    make,
    parse,
    place,
    relationship_id,
    serialize,
)
from sheets_sync.model import Sheet, Table

ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst",
)
EMPTY_SHEET = (PROLOG + (
    f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetViews><sheetView '
    'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData/>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>")).encode()
WIDTH_ATTRIBUTES = {"min", "max", "width", "customWidth", "bestFit"}
MARK = "\ue000sheetData\ue000"  # where the cells go once the rest is written
UNPREFIXED_TAG_RE = re.compile(r"<(/?)(?=[A-Za-z_][\w.\-]*[\s/>])")


@dataclass
class TabEdit:
    """What to do to a tab beyond writing its sheet: the drawing to link (when it has none),
    the table parts to unlink, and whether it is the selected tab."""

    drawing: str | None = None  # relationship id of a new drawing
    dropped_tables: set[str] = field(default_factory=set)
    selected: bool | None = None  # None: leave as it is
    kept: Kept | None = None  # the old tab's formulas and formats of the coordinator


class Worksheet:
    """A worksheet part: its cells as they were written (``old_data``), the rest as a tree."""

    def __init__(self, data: bytes | None) -> None:
        data = data or EMPTY_SHEET
        span = sheet_data_span(data)
        if span is not None:  # parsed without its cells, which stand in the tree as <sheetData/>
            start, end, name = span
            self.old_data = data[start:end]
            self.root = parse(data[:start] + b"<" + name + b"/>" + data[end:], "a worksheet")
        else:
            self.root = parse(data, "a worksheet")
        cells = child(self.root, "sheetData")
        if cells is None and span is not None:
            raise DamagedWorkbook("a worksheet's cells are not where they belong")
        if cells is None:
            cells = detached(self.root, "sheetData")
            place(self.root, cells, ORDER)
        if span is None:  # a part in another encoding: its cells were parsed with the rest
            self.old_data = etree.tostring(cells, with_tail=False)
            cells.clear(keep_tail=True)
        self.sheet_data = cells
        self.namespaces: dict[str | None, str] = dict(self.root.nsmap)

    @property
    def has_drawing(self) -> bool:
        return child(self.root, "drawing") is not None

    def drawing_id(self) -> str | None:
        """The relationship id of the tab's drawing, if it has one."""
        drawing = child(self.root, "drawing")
        return None if drawing is None else relationship_id(drawing)

    def table_parts(self) -> list[str]:
        """Relationship ids of the tab's Excel tables, in order."""
        parts = child(self.root, "tableParts")
        return [] if parts is None else [relationship_id(p) for p in children(parts, "tablePart")]

    def has_formulas(self) -> bool:
        return has_formulas(self.old_data, self.namespaces)

    def kept(self, old: Table | None, sheet: Sheet, cells: CellWriter, tab: str) -> Kept:
        """The old cells holding the coordinator's formulas and formats (``old``: the tab's
        values as read; ``tab``: its name as the workbook spells it, as formulas do)."""
        return kept_cells(self.old_data, self.namespaces, old, sheet.table, tab,
                          cells.own_styles(sheet.table, sheet.format))

    def rewrite(self, sheet: Sheet, cells: CellWriter, edit: TabEdit) -> bytes:
        """The part's new bytes."""
        table, fmt, root = sheet.table, sheet.format, self.root
        data, dimension = cells.sheet_data(table, fmt, edit.kept)
        rules_to = last_rule_row(table)
        moves, tab = (edit.kept.moves, edit.kept.tab) if edit.kept else ({}, sheet.name)
        self._remove("dimension", "mergeCells")
        place(root, detached(root, "dimension", {"ref": dimension}), ORDER)
        self._views(fmt.frozen_rows, edit.selected)
        self._cols(sheet)
        old_highlights = self._remove("conditionalFormatting")
        for block in highlights(root, sheet, cells.styles, rules_to, old_highlights, moves,
                                tab):
            place(root, block, ORDER)
        old_dropdowns = [rule for rules in self._remove("dataValidations")
                         for rule in children(rules, "dataValidation")]
        found = dropdowns(root, sheet, rules_to, old_dropdowns, moves, tab)
        if found is not None:
            place(root, found, ORDER)
        if fmt.landscape:
            self._fit_to_page()
            self._landscape()
        if fmt.page_breaks:
            self._page_breaks(fmt.page_breaks)
        if edit.drawing:
            link(root, "drawing", edit.drawing, ORDER)
        if edit.dropped_tables:
            self._tables_without(edit.dropped_tables)
        prefix = self.sheet_data.prefix
        return self._assemble((UNPREFIXED_TAG_RE.sub(rf"<\1{prefix}:", data) if prefix
                               else data).encode())

    def with_tab_selected(self, selected: bool) -> bytes | None:
        """The part (otherwise as it was) with its first view's tab (de)selected; None when
        it has no view."""
        views = child(self.root, "sheetViews")
        view = None if views is None else child(views, "sheetView")
        if view is None:
            return None
        _select(view, selected)
        return self._assemble(self.old_data)

    # -- the pieces ----------------------------------------------------------------------

    def _assemble(self, data: bytes) -> bytes:
        """The tree written out, with ``data`` (a whole <sheetData>) in its place."""
        self.sheet_data.text = MARK
        try:
            head, _, tail = serialize(self.root).partition(MARK.encode())
        finally:
            self.sheet_data.text = None
        name = f"{self.sheet_data.prefix}:sheetData" if self.sheet_data.prefix else "sheetData"
        opening, closing = f"<{name}>".encode(), f"</{name}>".encode()
        assert head.endswith(opening) and tail.startswith(closing)
        return head[:-len(opening)] + data + tail[len(closing):]

    def _remove(self, *names: str) -> list[etree._Element]:
        found = [c for c in self.root if local(c) in names]
        for element in found:
            self.root.remove(element)
        return found

    def _views(self, frozen_rows: int, selected: bool | None) -> None:
        views = child(self.root, "sheetViews")
        if views is None:
            views = detached(self.root, "sheetViews")
            make(views, "sheetView", {"workbookViewId": "0"})
            place(self.root, views, ORDER)
        view = child(views, "sheetView")
        if view is None:
            return
        if _frozen_rows(view) >= frozen_rows > 0:  # the coordinator's own panes keep the header
            if selected is not None:
                _select(view, selected)
            return
        for old in [e for e in view if local(e) in ("pane", "selection")]:
            view.remove(old)
        if frozen_rows > 0:
            cell = f"A{frozen_rows + 1}"
            fresh = [detached(view, "pane", {"ySplit": str(frozen_rows), "topLeftCell": cell,
                                             "activePane": "bottomLeft", "state": "frozen"}),
                     detached(view, "selection", {"pane": "bottomLeft", "activeCell": cell,
                                                  "sqref": cell})]
        else:
            fresh = [detached(view, "selection", {"activeCell": "A1", "sqref": "A1"})]
        for index, element in enumerate(fresh):
            view.insert(index, element)
        if selected is not None:
            _select(view, selected)

    def _cols(self, sheet: Sheet) -> None:
        """Widths for the table's columns; other column settings (hidden, outline, style)
        and columns beyond the table are kept."""
        table = sheet.table
        width = len(table.header)
        spans = []
        for cols in self._remove("cols"):
            for col in children(cols, "col"):
                try:
                    spans.append((int(col.get("min", "")), int(col.get("max", "")),
                                  dict(col.attrib)))
                except ValueError:
                    continue
        entries: list[tuple[int, dict[str, str]]] = []
        for index in range(1, width + 1):
            extra = next((a for low, high, a in spans if low <= index <= high), {})
            size = column_width(table, index - 1, sheet.format)
            entries.append((index, {"min": str(index), "max": str(index), "width": f"{size:g}",
                                    "customWidth": "1", **{k: v for k, v in extra.items()
                                                           if k not in WIDTH_ATTRIBUTES}}))
        for low, high, item in spans:
            if high > width:
                low = max(low, width + 1)
                rest = {k: v for k, v in item.items() if k not in ("min", "max")}
                entries.append((low, {"min": str(low), "max": str(high), **rest}))
        if entries:
            cols = detached(self.root, "cols")
            for _, attributes in sorted(entries, key=lambda entry: entry[0]):
                make(cols, "col", attributes)
            place(self.root, cols, ORDER)

    def _fit_to_page(self) -> None:
        """sheetPr with the page setup's "fit to page" on, everything else kept."""
        properties = child(self.root, "sheetPr")
        if properties is None:
            properties = detached(self.root, "sheetPr")
            place(self.root, properties, ORDER)
        setup = child(properties, "pageSetUpPr")
        if setup is None:
            setup = make(properties, "pageSetUpPr")  # the last in CT_SheetPr's sequence
        setup.set("fitToPage", "1")

    def _landscape(self) -> None:
        """Landscape, one page wide and as many tall as it takes; the paper size and printer
        settings the coordinator chose are kept."""
        setup = child(self.root, "pageSetup")
        if setup is None:
            setup = detached(self.root, "pageSetup")
            place(self.root, setup, ORDER)
        for name, value in (("orientation", "landscape"), ("fitToWidth", "1"),
                            ("fitToHeight", "0")):
            setup.set(name, value)

    def _page_breaks(self, rows: tuple[int, ...]) -> None:
        """A new page at each of these sheet rows (a break's id is the row it follows); breaks
        already there, as an application saved them, are kept as they are."""
        old = child(self.root, "rowBreaks")
        if old is not None and [b.get("id") for b in children(old, "brk")] == [
                str(row - 1) for row in rows]:
            return
        self._remove("rowBreaks")
        breaks = detached(self.root, "rowBreaks", {"count": str(len(rows)),
                                                   "manualBreakCount": str(len(rows))})
        for row in rows:
            make(breaks, "brk", {"id": str(row - 1), "max": "16383", "man": "1"})
        place(self.root, breaks, ORDER)

    def _tables_without(self, dropped: set[str]) -> None:
        parts = child(self.root, "tableParts")
        if parts is None:
            return
        for part in children(parts, "tablePart"):
            if relationship_id(part) in dropped:
                parts.remove(part)
        left = len(children(parts, "tablePart"))
        if left:
            parts.set("count", str(left))
        else:
            self.root.remove(parts)


def _frozen_rows(view: etree._Element) -> float:
    """How many rows a view's frozen pane holds (0 when none is frozen)."""
    pane = child(view, "pane")
    if pane is None or pane.get("state") not in ("frozen", "frozenSplit"):
        return 0
    try:
        return float(pane.get("ySplit", "0"))
    except ValueError:
        return 0


def _select(view: etree._Element, selected: bool) -> None:
    if selected:
        view.set("tabSelected", "1")
    elif "tabSelected" in view.attrib:
        del view.attrib["tabSelected"]
