"""workbook.xml: the tabs, their order, which one is shown, the date system, the print titles
of the engine's tabs and how formulas are calculated. It is edited as an XML tree (every
namespace prefix and declaration kept as written) and saved only when something in it
changed, so a sync that adds no tab leaves it byte for byte as it was."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from lxml import etree

from sheets_sync.backends.xlsx.looks import find_tab_name
from sheets_sync.backends.xlsx.package import REL, WORKSHEET, WORKSHEET_TYPE, Package
from sheets_sync.backends.xlsx.xmltree import (
    DamagedWorkbook,
    child,
    detached,
    local,
    make,
    place,
    relationship_id,
    serialize,
)

# CT_Workbook's sequence.
ORDER = ("fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews",
         "sheets", "functionGroups", "externalReferences", "definedNames", "calcPr", "oleSize",
         "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
         "fileRecoveryPr", "webPublishObjects", "extLst")
STYLES_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
HIDDEN = ("hidden", "veryHidden")
TRUE = ("1", "true")
PRINT_TITLES = "_xlnm.Print_Titles"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"  # "Strict Open XML Spreadsheet"
PROPERTIES = "docProps/app.xml"


@dataclass
class Tab:
    name: str
    element: etree._Element  # its <sheet>
    part: str
    kind: str  # the relationship type: worksheet, chartsheet...
    new: bool = False

    @property
    def state(self) -> str:
        return self.element.get("state", "visible")


class StrictWorkbook(ValueError):
    """A workbook saved as "Strict Open XML Spreadsheet": readable, but its parts use other
    names than those the writer adds, and Excel would have to "repair" a mix of the two."""


class NotAWorksheet(ValueError):
    """An engine tab's name is taken by a chart sheet (or another kind of sheet)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class Book:
    """The workbook part of a package, open for editing."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.part = next((r.part for r in package.relations("")
                          if r.type.endswith("/officeDocument") and r.part), "xl/workbook.xml")
        self.root = package.tree(self.part)
        self.ns = etree.QName(self.root).namespace or ""
        self.relations = {r.id: r for r in package.relations(self.part)}
        sheets = child(self.root, "sheets")
        if sheets is None:
            raise DamagedWorkbook("the workbook lists no tabs")
        self.sheets = sheets
        self.tabs = [self._tab(e) for e in sheets if local(e) == "sheet"]
        self.new_names: list[str] = []
        self.changed = False

    # -- reading -------------------------------------------------------------------------

    @property
    def strict(self) -> bool:
        return self.ns == STRICT

    @property
    def date1904(self) -> bool:
        """True for Excel's 1904 date system (serial 0 is 1 January 1904)."""
        properties = child(self.root, "workbookPr")
        return properties is not None and properties.get("date1904", "").lower() in TRUE

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

    def defined_names(self) -> list[tuple[str, str]]:
        """(name, what it refers to) of every defined name."""
        names = child(self.root, "definedNames")
        return [(e.get("name", ""), e.text or "") for e in (names if names is not None else ())
                if local(e) == "definedName"]

    def has_calc_chain(self) -> bool:
        return any(r.type.endswith("/calcChain") for r in self.relations.values())

    # -- editing -------------------------------------------------------------------------

    def add(self, name: str) -> Tab:
        folder = posixpath.join(posixpath.dirname(self.part), "worksheets")
        part = self.package.new_name(folder + "/sheet{}.xml")
        self.package.add(part, b"", WORKSHEET_TYPE)
        rel_id = self.package.relate(self.part, WORKSHEET, part)
        numbers = [int(t.element.get("sheetId", "0")) for t in self.tabs
                   if t.element.get("sheetId", "").isdigit()]
        element = make(self.sheets, "sheet", {"name": name,
                                              "sheetId": str(max([0, *numbers]) + 1)})
        element.set(f"{{{self._rel_namespace()}}}id", rel_id)
        tab = Tab(name, element, part, WORKSHEET, new=True)
        self.tabs.append(tab)
        self.new_names.append(name)
        self.changed = True
        return tab

    def hide(self, tab: Tab) -> None:
        if tab.state not in HIDDEN:
            tab.element.set("state", "hidden")
            self.changed = True

    def settle_views(self, written: set[str]) -> dict[str, bool]:
        """Excel refuses a workbook whose shown tab is hidden: show the first visible one.
        The sheet parts whose tab is to be marked selected (True) or not (False). Nothing
        changes while the shown tab is visible."""
        if not self.tabs:
            return {}
        marks = {t.part: False for t in self.tabs if t.state in HIDDEN and t.part in written}
        visible = [i for i, t in enumerate(self.tabs) if t.state not in HIDDEN]
        view = self._view()
        value = view.get("activeTab", "") if view is not None else ""
        active = min(int(value) if value.isdigit() else 0, len(self.tabs) - 1)
        if visible and active not in visible:
            active = visible[0]
            self._set_active(active)
            marks[self.tabs[active].part] = True
        elif self.tabs[active].new:
            marks[self.tabs[active].part] = True
        return {part: flag for part, flag in marks.items() if part}

    def repeat_header(self, tab: Tab) -> None:
        """Print the tab's first row on every page, unless the coordinator chose what to
        repeat there already."""
        index = self.tabs.index(tab)
        names = child(self.root, "definedNames")
        if names is not None and any(
                e.get("name", "").casefold() == PRINT_TITLES.casefold()
                and e.get("localSheetId") == str(index) for e in names):
            return
        if names is None:
            names = self._insert("definedNames")
        make(names, "definedName", {"name": PRINT_TITLES, "localSheetId": str(index)},
             "'" + tab.name.replace("'", "''") + "'!$1:$1")
        self.changed = True

    def recalculate_on_open(self) -> None:
        """Ask Excel to recalculate every formula when the workbook is next opened."""
        calc = child(self.root, "calcPr")
        if calc is None:
            calc = self._insert("calcPr")
        if calc.get("fullCalcOnLoad", "").lower() not in TRUE:
            calc.set("fullCalcOnLoad", "1")
            self.changed = True

    def drop_calc_chain(self) -> None:
        for relation in list(self.relations.values()):
            if relation.type.endswith("/calcChain"):
                self.package.unrelate(self.part, relation.id)
                if relation.part:
                    self.package.drop(relation.part)

    def save(self) -> None:
        """workbook.xml (and docProps/app.xml for new tabs), when they changed."""
        if not self.changed:
            return
        self.package.put(self.part, serialize(self.root))
        if self.new_names and self.package.exists(PROPERTIES):
            properties = self.package.tree(PROPERTIES)
            if _with_titles(properties, self.new_names):
                self.package.put(PROPERTIES, serialize(properties))

    # -- helpers -------------------------------------------------------------------------

    def _insert(self, name: str) -> etree._Element:
        """A new child where the schema's sequence puts it."""
        element = detached(self.root, name)
        place(self.root, element, ORDER)
        return element

    def _view(self) -> etree._Element | None:
        views = child(self.root, "bookViews")
        if views is None:
            return None
        return next((v for v in views if local(v) == "workbookView"), None)

    def _set_active(self, active: int) -> None:
        view = self._view()
        if view is None:
            views = child(self.root, "bookViews")
            if views is None:
                views = self._insert("bookViews")
            view = make(views, "workbookView")
        view.set("activeTab", str(active))
        self.changed = True

    def _tab(self, element: etree._Element) -> Tab:
        rel_id = relationship_id(element)
        relation = self.relations.get(rel_id)
        part = relation.part if relation else ""
        return Tab(element.get("name", ""), element, part, relation.type if relation else "")

    def _rel_namespace(self) -> str:
        for tab in self.tabs:
            for key in tab.element.attrib:
                name = etree.QName(key)
                if name.localname == "id" and name.namespace:
                    return name.namespace
        return REL[:-1]


def _with_titles(properties: etree._Element, names: list[str]) -> bool:
    """docProps/app.xml made to list the new tabs too, when it lists only worksheets (as Excel
    writes it for a workbook without named ranges); False to leave it as it is."""
    pairs = _vector(properties, "HeadingPairs")
    titles = _vector(properties, "TitlesOfParts")
    if pairs is None or titles is None or pairs.get("size") != "2":
        return False
    count = next((e for e in pairs.iter() if local(e) == "i4"), None)
    if count is None or count.text is None or count.text.strip() != titles.get("size"):
        return False
    total = str(int(titles.get("size", "0")) + len(names))
    for name in names:
        make(titles, "lpstr", text=name)
    titles.set("size", total)
    count.text = total
    return True


def _vector(properties: etree._Element, name: str) -> etree._Element | None:
    holder = child(properties, name)
    return None if holder is None else child(holder, "vector")
