"""Writing the engine's tabs into an .xlsx without opening the workbook as a whole: the zip
is copied part by part, and only what the new tabs need is changed -- their worksheet parts,
the formats appended to styles.xml, the workbook's list of tabs, and a chart where one is
wanted. Whatever else the workbook holds (shapes, sparklines, slicers, pivot tables, macros,
threaded comments, extensions of any kind) is carried over byte for byte, so nothing a
coordinator made can be lost, and only the engine's tabs cost time."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sheets_sync.backends.excel_format import find_tab_name
from sheets_sync.backends.xlsx_cells import CellWriter
from sheets_sync.backends.xlsx_chart import chart_xml, drawing_xml
from sheets_sync.backends.xlsx_package import (
    CHART,
    CHART_TYPE,
    DRAWING,
    DRAWING_TYPE,
    REL,
    WORKSHEET,
    WORKSHEET_TYPE,
    Package,
)
from sheets_sync.backends.xlsx_sheet_xml import TabEdit, Worksheet, with_tab_selected
from sheets_sync.backends.xlsx_styles import Styles
from sheets_sync.backends.xlsx_tables import fit_tables
from sheets_sync.backends.xlsx_xml import (
    DamagedWorkbook,
    Element,
    Root,
    attr,
    attributes,
    encode,
    parse,
    set_attribute,
    splice,
)
from sheets_sync.model import Chart, Sheet

# CT_Workbook's sequence.
ORDER = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews",
         "sheets", "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
         "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
         "fileRecoveryPr", "webPublishObjects", "extLst")
SHEET_RE = re.compile(r"<(?:[\w.\-]+:)?sheet\b(?:\"[^\"]*\"|'[^']*'|[^>\"'])*?/>")
VIEW_RE = re.compile(r"<(?:[\w.\-]+:)?workbookView\b(?:\"[^\"]*\"|'[^']*'|[^>\"'])*?/?>")
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
HIDDEN = ("hidden", "veryHidden")


def patch_workbook(data: bytes, sheets: Sequence[Sheet]) -> bytes:
    """``data`` (an .xlsx) with each sheet replacing the tab of its name, or added last."""
    package = Package(data)
    book = Book(package)
    styles_part = book.styles_part()
    styles_data = package.read(styles_part)
    styles = Styles(styles_data or None)
    cells = CellWriter(styles)
    targets = []
    for sheet in sheets:
        tab = book.find(sheet.name) or book.add(sheet.name)
        if sheet.format.hidden:  # otherwise the tab keeps whatever the coordinator chose
            tab.tag = set_attribute(tab.tag, "state", "hidden")
        targets.append((sheet, tab))
    selection = book.settle_views({tab.part for _, tab in targets})
    chained, had_formulas = book.has_calc_chain(), False
    for sheet, tab in targets:
        worksheet = Worksheet(None if tab.new else package.text(tab.part))
        had_formulas |= chained and worksheet.has_formulas()
        edit = TabEdit(selected=selection.pop(tab.part, None))
        if not tab.new:
            edit.dropped_tables = fit_tables(package, tab.part, worksheet, sheet.table)
        chart = sheet.format.chart
        if chart is not None and chart.last_row >= chart.first_row and not worksheet.has_drawing:
            edit.drawing = _add_chart(package, tab.part, chart, tab.name)
        package.put(tab.part, encode(worksheet.rewrite(sheet, cells, edit)))
    for part, selected in selection.items():  # a coordinator's tab now shown first
        package.put(part, encode(with_tab_selected(package.text(part), selected)))
    if had_formulas:  # its cells are gone; Excel rebuilds the chain, and would "repair" it
        book.drop_calc_chain()
    new_styles = styles.render() or (None if styles_data else styles.text)
    if new_styles is not None:
        package.put(styles_part, encode(new_styles))
    book.save()
    return package.build()


class NotAWorksheet(ValueError):
    """An engine tab's name is taken by a chart sheet (or another kind of sheet)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


@dataclass
class Tab:
    name: str
    tag: str  # its <sheet> element, as it will be written
    part: str
    kind: str  # the relationship type: worksheet, chartsheet...
    new: bool = False

    @property
    def state(self) -> str:
        return attributes(self.tag).get("state", "visible")


class Book:
    """workbook.xml: the tabs, their order, which one is shown, how formulas are calculated."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.part = next((r.part for r in package.relations("")
                          if r.type.endswith("/officeDocument") and r.part), "xl/workbook.xml")
        self.text = package.text(self.part)
        self.root: Root = parse(self.text)
        self.p = self.root.prefix
        self.relations = {r.id: r for r in package.relations(self.part)}
        self.sheets = self._child("sheets")
        if self.sheets is None:
            raise DamagedWorkbook("the workbook lists no tabs")
        self.tabs = [self._tab(m.group(0)) for m in
                     SHEET_RE.finditer(self.text, self.sheets.tag_end, self.sheets.end)]
        self.view = None
        views = self._child("bookViews")
        if views is not None:
            self.view = VIEW_RE.search(self.text, views.tag_end, views.end)
        self.active_tab: int | None = None
        self.new_names: list[str] = []

    def styles_part(self) -> str:
        found = next((r.part for r in self.relations.values() if r.type.endswith("/styles")),
                     None)
        if found:
            return found
        part = posixpath.join(posixpath.dirname(self.part), "styles.xml")
        self.package.relate(self.part, REL + "styles", part)
        if not self.package.exists(part):
            self.package.add(part, b"", STYLES_TYPE)
        return part

    def find(self, name: str) -> Tab | None:
        chosen = find_tab_name([t.name for t in self.tabs], name)
        tab = next((t for t in self.tabs if t.name == chosen), None)
        if tab is not None and not tab.kind.endswith("/worksheet"):
            raise NotAWorksheet(tab.name)
        if tab is not None and not self.package.exists(tab.part):
            raise DamagedWorkbook(f"the part of the tab '{tab.name}' is missing")
        return tab

    def add(self, name: str) -> Tab:
        folder = posixpath.join(posixpath.dirname(self.part), "worksheets")
        part = self.package.new_name(folder + "/sheet{}.xml")
        self.package.add(part, b"", WORKSHEET_TYPE)
        rel_id = self.package.relate(self.part, WORKSHEET, part)
        number = max([0, *(_sheet_id(t.tag) for t in self.tabs)]) + 1
        tag = (f'<{self.p}sheet name="{attr(name)}" sheetId="{number}" '
               f'{self._rel_attribute()}="{rel_id}"/>')
        tab = Tab(name, tag, part, WORKSHEET, new=True)
        self.tabs.append(tab)
        self.new_names.append(name)
        return tab

    def settle_views(self, written: set[str]) -> dict[str, bool]:
        """Excel refuses a workbook whose shown tab is hidden: show the first visible one.
        The sheet parts whose tab is to be marked selected (True) or not (False)."""
        if not self.tabs:
            return {}
        marks = {t.part: False for t in self.tabs if t.state in HIDDEN and t.part in written}
        visible = [i for i, t in enumerate(self.tabs) if t.state not in HIDDEN]
        values = attributes(self.view.group(0)) if self.view else {}
        active = int(values["activeTab"]) if values.get("activeTab", "").isdigit() else 0
        active = min(active, len(self.tabs) - 1)
        if visible and active not in visible:
            active = self.active_tab = visible[0]
            marks[self.tabs[active].part] = True
        elif self.tabs[active].new:
            marks[self.tabs[active].part] = True
        return {part: flag for part, flag in marks.items() if part}

    def has_calc_chain(self) -> bool:
        return any(r.type.endswith("/calcChain") for r in self.relations.values())

    def drop_calc_chain(self) -> None:
        for relation in list(self.relations.values()):
            if relation.type.endswith("/calcChain"):
                self.package.unrelate(self.part, relation.id)
                if relation.part:
                    self.package.drop(relation.part)

    def save(self) -> None:
        """workbook.xml with the tabs' list, the shown tab, and a full recalculation on
        opening (formulas elsewhere may read the rewritten tabs)."""
        assert self.sheets is not None
        start = self.text[self.sheets.start:self.sheets.tag_end]
        if self.sheets.tag_end == self.sheets.end:
            start = start[:-2].rstrip() + ">"
        replace: dict[str, str | None] = {
            "sheets": start + "".join(t.tag for t in self.tabs) + f"</{self.sheets.qname}>",
        }
        if self.active_tab is not None:
            replace["bookViews"] = self._book_views(self.active_tab)
        calc = self._child("calcPr")
        tag = self.text[calc.start:calc.end] if calc else f"<{self.p}calcPr/>"
        replace["calcPr"] = set_attribute(tag, "fullCalcOnLoad", "1")
        self.package.put(self.part, encode(splice(self.text, self.root, ORDER, replace)))
        if self.new_names and self.package.exists("docProps/app.xml"):
            app = _with_titles(self.package.text("docProps/app.xml"), self.new_names)
            if app is not None:
                self.package.put("docProps/app.xml", encode(app))

    # -- helpers -------------------------------------------------------------------------

    def _child(self, name: str) -> Element | None:
        return next((c for c in self.root.children if c.name == name), None)

    def _tab(self, tag: str) -> Tab:
        values = attributes(tag)
        rel_id = next((v for k, v in values.items() if k.endswith(":id")), "")
        relation = self.relations.get(rel_id)
        part = relation.part if relation else ""
        return Tab(values.get("name", ""), tag, part, relation.type if relation else "")

    def _rel_attribute(self) -> str:
        head = self.text[self.root.element.start:self.root.element.tag_end]
        for name, value in attributes(head).items():
            if name.startswith("xmlns:") and value.endswith("/officeDocument/2006/relationships"):
                return name[6:] + ":id"
        return f'xmlns:r="{REL[:-1]}" r:id'

    def _book_views(self, active: int) -> str:
        views = self._child("bookViews")
        if views is None or self.view is None:
            return (f'<{self.p}bookViews><{self.p}workbookView activeTab="{active}"/>'
                    f"</{self.p}bookViews>")
        tag = set_attribute(self.view.group(0), "activeTab", str(active))
        return (self.text[views.start:self.view.start()] + tag
                + self.text[self.view.end():views.end])


def _add_chart(package: Package, sheet_part: str, chart: Chart, tab: str) -> str:
    """Drawing and chart parts for a tab; the relationship id the sheet links them by."""
    drawing = package.new_name("xl/drawings/drawing{}.xml")
    chart_part = package.new_name("xl/charts/chart{}.xml")
    package.add(chart_part, chart_xml(chart, tab), CHART_TYPE)
    chart_rel = package.relate(drawing, CHART, chart_part)
    package.add(drawing, drawing_xml(chart, chart_rel), DRAWING_TYPE)
    return package.relate(sheet_part, DRAWING, drawing)


def _sheet_id(tag: str) -> int:
    value = attributes(tag).get("sheetId", "0")
    return int(value) if value.isdigit() else 0


def _with_titles(text: str, names: list[str]) -> str | None:
    """docProps/app.xml listing the new tabs too, when it lists only worksheets (as Excel
    writes it for a workbook without named ranges); None to leave it as it is."""
    pairs = re.search(r"<HeadingPairs>\s*<vt:vector size=\"2\"[^>]*>\s*<vt:variant>\s*"
                      r"<vt:lpstr>[^<]*</vt:lpstr>\s*</vt:variant>\s*<vt:variant>\s*"
                      r"<vt:i4>(\d+)</vt:i4>", text)
    titles = re.search(r"(<TitlesOfParts>\s*<vt:vector size=\")(\d+)(\"[^>]*>)(.*?)"
                       r"(</vt:vector>)", text, re.S)
    if not pairs or not titles or pairs.group(1) != titles.group(2):
        return None
    count = str(int(titles.group(2)) + len(names))
    added = "".join(f"<vt:lpstr>{attr(name)}</vt:lpstr>" for name in names)
    text = (text[:titles.start()] + titles.group(1) + count + titles.group(3) + titles.group(4)
            + added + titles.group(5) + text[titles.end():])
    return text[:pairs.start(1)] + count + text[pairs.end(1):]
