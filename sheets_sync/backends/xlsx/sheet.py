"""One worksheet part rewritten for an engine tab: its cells, column widths, frozen header,
dropdowns and highlights replace the old ones, and everything else the coordinator set on
the tab (tab colour, print setup, header/footer, a drawing, extensions...) stays as it was,
in the element order the schema (CT_Worksheet) requires."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sheets_sync.backends.xlsx.cells import CellWriter
from sheets_sync.backends.xlsx.looks import (
    DROPDOWN_ERROR,
    DROPDOWN_ERROR_TITLE,
    column_range,
    column_width,
    highlight_formula,
    last_rule_row,
    list_formula,
)
from sheets_sync.backends.xlsx.old import (
    Kept,
    engine_highlight,
    engine_validation,
    kept_cells,
    kept_rules,
)
from sheets_sync.backends.xlsx.xmltext import (
    PROLOG,
    Element,
    Root,
    attr,
    attributes,
    element_at,
    parse,
    set_attribute,
    text_escape,
)
from sheets_sync.backends.xlsx.xmltext import splice as splice_children
from sheets_sync.model import Sheet, Table

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
    "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
    "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
    "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags",
    "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects",
    "controls", "webPublishItems", "tableParts", "extLst",
)
EMPTY_SHEET = PROLOG + (
    f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheetViews><sheetView '
    'workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData/>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>"
)
FORMULA_RE = re.compile(r"<(?:[\w.\-]+:)?f[\s/>]")
SHEET_VIEW_RE = re.compile(r"<(?:[\w.\-]+:)?sheetView[\s/>]")
PANE_RE = re.compile(
    r"<((?:[\w.\-]+:)?)(pane|selection)\b(?:\"[^\"]*\"|'[^']*'|[^>\"'])*?(?:/>|>\s*</\1\2\s*>)"
)
COL_RE = re.compile(r"<(?:[\w.\-]+:)?col\b(?:\"[^\"]*\"|'[^']*'|[^>\"'])*>")
TABLE_PART_RE = re.compile(r"<(?:[\w.\-]+:)?tablePart\b(?:\"[^\"]*\"|'[^']*'|[^>\"'])*?/>")
WIDTH_ATTRIBUTES = {"min", "max", "width", "customWidth", "bestFit"}
PRIORITY_RE = re.compile(r"(\spriority\s*=\s*)[\"']([0-9]+)[\"']")


@dataclass
class TabEdit:
    """What to do to a tab beyond writing its sheet: the drawing to link (when it has none),
    the table parts to unlink, and whether it is the selected tab."""

    drawing: str | None = None  # relationship id of a new drawing
    dropped_tables: set[str] = field(default_factory=set)
    selected: bool | None = None  # None: leave as it is
    kept: Kept | None = None  # the old tab's formulas and formats of the coordinator


class Worksheet:
    """A worksheet part's text, its top-level elements found once."""

    def __init__(self, text: str | None) -> None:
        self.text = text if text is not None else EMPTY_SHEET
        self.root: Root = parse(self.text)
        self.p = self.root.prefix
        self.by_name: dict[str, Element] = {}
        for child in self.root.children:
            self.by_name.setdefault(child.name, child)

    def xml(self, name: str) -> str | None:
        child = self.by_name.get(name)
        return None if child is None else self.text[child.start:child.end]

    @property
    def has_drawing(self) -> bool:
        return "drawing" in self.by_name

    def table_parts(self) -> list[str]:
        """Relationship ids of the tab's Excel tables, in order."""
        xml = self.xml("tableParts") or ""
        return [_rel_id(m.group(0)) for m in TABLE_PART_RE.finditer(xml)]

    def has_formulas(self) -> bool:
        data = self.by_name.get("sheetData")
        return bool(data and FORMULA_RE.search(self.text, data.tag_end, data.end))

    def kept(self, old: Table | None, sheet: Sheet, cells: CellWriter, tab: str) -> Kept:
        """The old cells holding the coordinator's formulas and formats (``tab``: the tab's
        name as the workbook spells it, as formulas do)."""
        data = self.by_name.get("sheetData")
        text = self.text[data.tag_end:data.end] if data is not None else ""
        return kept_cells(text, old, sheet.table, tab, cells.own_styles(sheet.table, sheet.format))

    def rewrite(self, sheet: Sheet, cells: CellWriter, edit: TabEdit) -> str:
        """The part's new text."""
        table, fmt, p = sheet.table, sheet.format, self.p
        data, dimension = cells.sheet_data(table, fmt, edit.kept)
        rules_to = last_rule_row(table)
        moves, tab = (edit.kept.moves, edit.kept.tab) if edit.kept else ({}, sheet.name)
        replace: dict[str, str | None] = {
            "dimension": f'<{p}dimension ref="{dimension}"/>',
            "sheetViews": self._views(fmt.frozen_rows, edit.selected),
            "cols": self._cols(sheet),
            "sheetData": _prefixed(data, p) if p else data,
            "mergeCells": None,
            "conditionalFormatting": self._highlights(sheet, cells, rules_to, moves, tab),
            "dataValidations": self._dropdowns(sheet, rules_to, moves, tab),
        }
        if fmt.landscape:
            replace["sheetPr"] = self._fit_to_page()
            replace["pageSetup"] = self._landscape()
        if edit.drawing:
            replace["drawing"] = f'<{p}drawing {self._rel_attr()}="{edit.drawing}"/>'
        if edit.dropped_tables:
            replace["tableParts"] = self._tables_without(edit.dropped_tables)
        return splice_children(self.text, self.root, ORDER, replace)

    # -- the pieces ----------------------------------------------------------------------

    def _views(self, frozen_rows: int, selected: bool | None) -> str:
        p = self.p
        if frozen_rows > 0:
            cell = f"A{frozen_rows + 1}"
            pane = (f'<{p}pane ySplit="{frozen_rows}" topLeftCell="{cell}" '
                    f'activePane="bottomLeft" state="frozen"/><{p}selection pane="bottomLeft" '
                    f'activeCell="{cell}" sqref="{cell}"/>')
        else:
            pane = f'<{p}selection activeCell="A1" sqref="A1"/>'
        old = self.xml("sheetViews")
        if old is None:
            old = f'<{p}sheetViews><{p}sheetView workbookViewId="0"/></{p}sheetViews>'
        found = SHEET_VIEW_RE.search(old)
        view = element_at(old, found.start()) if found else None
        if view is None:
            return old
        start = old[view.start:view.tag_end]
        if view.tag_end == view.end:
            start, inner = start[:-2].rstrip() + ">", ""
        else:
            inner = old[view.tag_end:view.end - len(view.qname) - 3]
        if selected is not None:
            start = set_attribute(start, "tabSelected", "1" if selected else None)
        inner = pane + PANE_RE.sub("", inner)
        return old[:view.start] + start + inner + f"</{view.qname}>" + old[view.end:]

    def _cols(self, sheet: Sheet) -> str | None:
        """Widths for the table's columns; other column settings (hidden, outline, style)
        and columns beyond the table are kept."""
        table, p = sheet.table, self.p
        width = len(table.header)
        every = "".join(self.text[c.start:c.end] for c in self.root.children if c.name == "cols")
        old = [attributes(m.group(0)) for m in COL_RE.finditer(every)]
        spans = []
        for item in old:
            try:
                spans.append((int(item["min"]), int(item["max"]), item))
            except (KeyError, ValueError):
                continue
        entries = []
        for index in range(1, width + 1):
            extra = next((a for low, high, a in spans if low <= index <= high), {})
            kept = "".join(f' {k}="{attr(v)}"' for k, v in extra.items()
                           if k not in WIDTH_ATTRIBUTES)
            size = column_width(table, index - 1, sheet.format)
            entries.append((index, f'<{p}col min="{index}" max="{index}" width="{size:g}" '
                                   f'customWidth="1"{kept}/>'))
        for low, high, item in spans:
            if high > width:
                low = max(low, width + 1)
                rest = "".join(f' {k}="{attr(v)}"' for k, v in item.items()
                               if k not in ("min", "max"))
                entries.append((low, f'<{p}col min="{low}" max="{high}"{rest}/>'))
        if not entries:
            return None
        return f"<{p}cols>" + "".join(xml for _, xml in sorted(entries)) + f"</{p}cols>"

    def _dropdowns(self, sheet: Sheet, last_row: int, moves: dict[int, int],
                   tab: str) -> str | None:
        table, fmt, p = sheet.table, sheet.format, self.p
        wanted = [(column_range(table, h, last_row), list_formula(o))
                  for h, o in fmt.dropdowns.items()]
        wanted += [(column_range(table, h, last_row), s) for h, s in fmt.dropdown_ranges.items()]
        items = [(target, formula) for target, formula in wanted if target and formula]
        # A warning (not a stop) so the coordinator may still type a value that is not listed.
        body = [
            f'<{p}dataValidation type="list" errorStyle="warning" allowBlank="1" '
            f'showErrorMessage="1" errorTitle="{attr(DROPDOWN_ERROR_TITLE)}" '
            f'error="{attr(DROPDOWN_ERROR)}" sqref="{target}"><{p}formula1>'
            f"{text_escape(formula)}</{p}formula1></{p}dataValidation>"
            for target, formula in items]
        engine = _columns_of(table, [*fmt.dropdowns, *fmt.dropdown_ranges])
        body += [_prefixed(xml, p) for xml in kept_rules(
            self.xml("dataValidations") or "", moves, tab,
            lambda element, columns: engine_validation(element, columns, engine))]
        if not body:
            return None
        return f'<{p}dataValidations count="{len(body)}">{"".join(body)}</{p}dataValidations>'

    def _highlights(self, sheet: Sheet, cells: CellWriter, last_row: int,
                    moves: dict[int, int], tab: str) -> str | None:
        table, p = sheet.table, self.p
        groups: dict[str, list[str]] = {}
        priority = 0
        for header, colours in sheet.format.highlights.items():
            target = column_range(table, header, last_row)
            if not target:
                continue
            for value, rgb in colours.items():
                priority += 1
                dxf = cells.styles.dxf(rgb)
                groups.setdefault(target, []).append(
                    f'<{p}cfRule type="cellIs" dxfId="{dxf}" priority="{priority}" '
                    f'operator="equal"><{p}formula>{text_escape(highlight_formula(value))}'
                    f"</{p}formula></{p}cfRule>")
        blocks = [f'<{p}conditionalFormatting sqref="{target}">{"".join(rules)}'
                  f"</{p}conditionalFormatting>" for target, rules in groups.items()]
        old = "".join(self.text[c.start:c.end] for c in self.root.children
                      if c.name == "conditionalFormatting")
        for xml in kept_rules(old, moves, tab, lambda element, _: engine_highlight(element)):
            # Priorities must stay unique: the coordinator's come after the engine's.
            xml = PRIORITY_RE.sub(lambda m: f'{m.group(1)}"{priority + int(m.group(2))}"', xml)
            blocks.append(_prefixed(xml, p))
        return "".join(blocks) or None

    def _fit_to_page(self) -> str:
        """sheetPr with the page setup's "fit to page" on, everything else kept."""
        p = self.p
        old = self.xml("sheetPr")
        if old is None:
            return f'<{p}sheetPr><{p}pageSetUpPr fitToPage="1"/></{p}sheetPr>'
        root = parse(old)
        setup = next((c for c in root.children if c.name == "pageSetUpPr"), None)
        if setup is not None:
            tag = set_attribute(old[setup.start:setup.tag_end], "fitToPage", "1")
            return old[:setup.start] + tag + old[setup.tag_end:]
        head = old[:root.element.tag_end]
        inner = "" if root.element.tag_end == root.element.end else old[
            root.element.tag_end:root.inner_end]
        if root.element.tag_end == root.element.end:
            head = head[:-2].rstrip() + ">"
        return (head + inner + f'<{p}pageSetUpPr fitToPage="1"/>'
                + f"</{root.element.qname}>")

    def _landscape(self) -> str:
        """Landscape, one page wide and as many tall as it takes; the paper size and printer
        settings the coordinator chose are kept."""
        old = self.xml("pageSetup")
        tag = old[:old.index(">") + 1] if old is not None else f"<{self.p}pageSetup/>"
        if not tag.endswith("/>"):  # <pageSetup ...></pageSetup>: it has no children
            tag = tag[:-1].rstrip() + "/>"
        for name, value in (("orientation", "landscape"), ("fitToWidth", "1"),
                            ("fitToHeight", "0")):
            tag = set_attribute(tag, name, value)
        return tag

    def _tables_without(self, dropped: set[str]) -> str | None:
        old = self.xml("tableParts") or ""
        kept = [m.group(0) for m in TABLE_PART_RE.finditer(old)
                if _rel_id(m.group(0)) not in dropped]
        if not kept:
            return None
        child = self.by_name["tableParts"]
        start = set_attribute(self.text[child.start:child.tag_end], "count", str(len(kept)))
        return start + "".join(kept) + f"</{child.qname}>"

    def _rel_attr(self) -> str:
        """The relationship-id attribute name, declaring its namespace when the root does not."""
        head = self.text[self.root.element.start:self.root.element.tag_end]
        found = re.search(rf'xmlns:([\w.\-]+)\s*=\s*["\']{re.escape(REL_NS)}["\']', head)
        return f"{found.group(1)}:id" if found else f'xmlns:r="{REL_NS}" r:id'


def _columns_of(table: Table, headers: list[str]) -> set[int]:
    return {i for i in (table.column(h) for h in headers) if i is not None}


def _rel_id(tag: str) -> str:
    return next((v for k, v in attributes(tag).items() if k.endswith(":id")), "")


def _prefixed(xml: str, prefix: str) -> str:
    """Cells are written unprefixed; a worksheet whose root is prefixed needs them prefixed."""
    return re.sub(r"<(/?)(?=[a-zA-Z])", rf"<\1{prefix}", xml)


def with_tab_selected(text: str, selected: bool) -> str:
    """A sheet part (not otherwise rewritten) with its first view's tab (de)selected."""
    found = SHEET_VIEW_RE.search(text)
    view = element_at(text, found.start()) if found else None
    if view is None:
        return text
    start = set_attribute(text[view.start:view.tag_end], "tabSelected", "1" if selected else None)
    return text[:view.start] + start + text[view.tag_end:]
