"""What a rewritten tab held before, where the coordinator put something there that a value
alone does not carry: a formula, a cell's own format. Like a write to Google Sheets, which
changes values and leaves formats where they are, a cell keeps its format at its place, and a
formula stays as long as the value the sync writes there is still the formula's result."""

from __future__ import annotations

import io
import re
from collections.abc import Set
from dataclasses import dataclass

from lxml import etree
from python_calamine import CalamineWorkbook

from sheets_sync.backends.xlsx.formulas import column_number, remap_formula, translate
from sheets_sync.backends.xlsx.fragments import elements_at, tag_starts
from sheets_sync.backends.xlsx.xmltree import MAIN_NS, child, local, namespace
from sheets_sync.model import Cell, Snapshot, Table, column_letter, compare_key, normalise_header

REF_RE = re.compile(r"([A-Z]{1,3})([0-9]+)")
FORMULA_HINT_RE = re.compile(rb"<(?:[\w.\-]+:)?f[\s/>]")
SHARED = ("t", "ref", "si")


class OldTables:
    """The values of the workbook's tabs as read: from the snapshot a sync read, or (for a
    write that did not read first) from the bytes, one tab at a time."""

    def __init__(self, data: bytes, snapshot: Snapshot | None) -> None:
        self.data = data
        self.snapshot = snapshot
        self._book: CalamineWorkbook | None = None

    def get(self, name: str) -> Table | None:
        if self.snapshot is not None:
            return self.snapshot.tabs.get(name)
        try:
            if self._book is None:
                self._book = CalamineWorkbook.from_filelike(io.BytesIO(self.data))
            rows = self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:  # nothing to keep is better than a failed write
            return None
        return Table.from_grid(name, [[None if v == "" else v for v in r] for r in rows])


@dataclass
class OldCell:
    """A cell of the old tab worth keeping something of."""

    value: Cell  # as read
    style: str | None  # its s="" (None: the default)
    xml: str | None = None  # a formula cell's attributes and content (no r, no s), unprefixed

    def keeps_formula(self, value: Cell) -> bool:
        return self.xml is not None and compare_key(value) == compare_key(self.value)


@dataclass
class Kept:
    """The old tab's cells by (row offset, new column index), and where its columns went."""

    cells: dict[int, dict[int, OldCell]]
    moves: dict[int, int]  # old column index -> new column index (0-based)
    tab: str  # the tab's name as the workbook spells it (and its formulas)

    @property
    def has_formulas(self) -> bool:
        return any(c.xml is not None for row in self.cells.values() for c in row.values())


def kept_cells(sheet_data: bytes, namespaces: dict[str | None, str], old: Table | None,
               new: Table, tab: str, own: tuple[set[str], set[int]] = (set(), set())) -> Kept:
    """The cells of the old ``<sheetData>`` that hold a formula or a format of their own,
    placed where their column is in the new table. ``namespaces``: those of the worksheet;
    ``own``: the styles the engine gives cells itself, and the columns it has a look for
    (see CellWriter.own_styles)."""
    moves = column_moves(old, new)
    cells: dict[int, dict[int, OldCell]] = {}
    if old is None or not moves:
        return Kept(cells, moves, tab)
    ours, engine_columns = own
    masters: dict[str, tuple[str, str]] = {}  # shared formula index -> (origin, formula)
    found = []
    for cell in cells_of_note(sheet_data, namespaces, ours | {"0"}):
        ref, style = cell.get("r", ""), cell.get("s")
        where = REF_RE.fullmatch(ref)
        if where is None or int(where.group(2)) < 2:
            continue
        formula = child(cell, "f")
        if formula is not None and formula.get("t") == "shared" and formula.get("ref") \
                and formula.text:
            masters[formula.get("si", "")] = (ref, formula.text)
        column = moves.get(column_number(where.group(1)) - 1)
        if column is None or (formula is None and column in engine_columns):
            continue
        found.append((int(where.group(2)), column, cell, style, formula))
    back = {new: old_column for old_column, new in moves.items()}
    for row, column, cell, style, formula in found:
        value = _value(old, row - 2, back[column])
        xml = None
        if formula is not None:
            text = _formula_text(formula, masters, cell.get("r", ""))
            if text is not None:
                target = column_letter(column + 1) + str(row)
                xml = _formula_cell(cell, formula, remap_formula(text, moves, tab), target)
        cells.setdefault(row - 2, {})[column] = OldCell(value, style if style != "0" else None,
                                                         xml)
    return Kept(cells, moves, tab)


def cells_of_note(sheet_data: bytes, namespaces: dict[str | None, str],
                  plain: set[str] | None) -> list[etree._Element]:
    """The cells holding a formula, or a style not in ``plain`` (None: formulas only). Found
    by a search for those alone (a tab of the engine's has tens of thousands of cells, nearly
    all plain), then parsed, so that a match in a cell's text counts for nothing."""
    starts = [sheet_data.rfind(b"<", 0, m.start()) for m in
              FORMULA_HINT_RE.finditer(sheet_data)]
    if plain is not None:
        other_style = re.compile(rb"\ss\s*=\s*[\"'](?!(?:" + "|".join(sorted(plain)).encode()
                                 + rb")[\"'])[0-9]+[\"']")
        starts += tag_starts(sheet_data, other_style)
    found = elements_at(sheet_data, [s for s in starts if s >= 0], "c", namespaces)
    return [c for c in found if child(c, "f") is not None
            or (plain is not None and c.get("s", "0") not in plain)]


def has_formulas(sheet_data: bytes, namespaces: dict[str | None, str]) -> bool:
    """Whether any cell holds a formula."""
    return FORMULA_HINT_RE.search(sheet_data) is not None and bool(
        cells_of_note(sheet_data, namespaces, None))


def column_moves(old: Table | None, new: Table) -> dict[int, int]:
    """Old column index -> new column index, matched by header text."""
    if old is None:
        return {}
    wanted: dict[str, int] = {}
    for index, header in enumerate(new.header):
        wanted.setdefault(normalise_header(header), index)
    moves = {}
    for index, header in enumerate(old.header):
        key = normalise_header(header)
        if key and key in wanted:
            moves[index] = wanted.pop(key)
    return moves


def _value(old: Table, offset: int, column: int) -> Cell:
    if 0 <= offset < len(old.rows) and column < len(old.rows[offset]):
        return old.rows[offset][column]
    return None


def _formula_text(formula: etree._Element, masters: dict[str, tuple[str, str]],
                  ref: str) -> str | None:
    """The formula of a cell as written in it alone: a shared formula's master text moved to
    this cell. None for what cannot stand alone (a block-wide array formula, a data table)."""
    kind = formula.get("t", "normal")
    if kind == "shared":
        master = masters.get(formula.get("si", ""))
        if master is None:
            return None
        origin, text = master
        return text if origin == ref else translate(text, origin, ref)
    if kind == "array" and ":" in formula.get("ref", ref):
        return None
    if kind == "dataTable" or not formula.text:
        return None
    return formula.text


def _formula_cell(cell: etree._Element, formula: etree._Element, text: str,
                  target: str) -> str:
    """The attributes and content of the formula cell, to follow its r and s: the cell as
    parsed, its formula standing alone, in no namespace (the tab's is added as it is
    written)."""
    copy = _plain(cell, skip={"r", "s"})
    for element in copy:
        if local(element) == "f":
            element.attrib.clear()
            attributes = {k: v for k, v in formula.attrib.items() if k not in SHARED}
            if formula.get("t") == "array":  # one cell's array formula: it stays one
                attributes = {"t": "array", "ref": target, **attributes}
            for key, value in attributes.items():
                element.set(key, value)
            element.text = text
    return etree.tostring(copy, encoding="unicode")[len("<c"):]


def _plain(element: etree._Element, skip: Set[str] = frozenset()) -> etree._Element:
    """A copy of ``element`` whose spreadsheet elements are in no namespace."""
    ns = namespace(element)
    copy = etree.Element(local(element) if ns == MAIN_NS else element.tag)
    for key, value in element.attrib.items():
        if key not in skip:
            copy.set(key, value)
    copy.text = element.text
    for part in element:
        if isinstance(part.tag, str):
            inner = _plain(part)
            inner.tail = part.tail
            copy.append(inner)
    return copy
