"""What a rewritten tab held before, where the coordinator put something there that a value
alone does not carry: a formula, a cell's own format. Like a write to Google Sheets, which
changes values and leaves formats where they are, a cell keeps its format at its place, and a
formula stays as long as the value the sync writes there is still the formula's result."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from python_calamine import CalamineWorkbook

from sheets_sync.backends.xlsx.formulas import (
    column_number,
    is_identity,
    remap_formula,
    remap_sqref,
)
from sheets_sync.backends.xlsx.looks import (
    DROPDOWN_ERROR_TITLE,
    MIN_RULE_ROWS,
    column_letter,
)
from sheets_sync.backends.xlsx.xmltext import (
    attr,
    attributes,
    element_at,
    set_attribute,
    text_escape,
)
from sheets_sync.model import Cell, Snapshot, Table, compare_key, normalise_header

CELL_RE = re.compile(
    r"<(?:[\w.\-]+:)?c\b((?:\"[^\"]*\"|'[^']*'|[^>\"'])*?)(?:/>|>(.*?)</(?:[\w.\-]+:)?c>)", re.S)
FORMULA_RE = re.compile(
    r"<(?:[\w.\-]+:)?f\b((?:\"[^\"]*\"|'[^']*'|[^>\"'])*?)(?:/>|>(.*?)</(?:[\w.\-]+:)?f>)", re.S)
REF_RE = re.compile(r"([A-Z]{1,3})([0-9]+)")
FORMULA_START_RE = re.compile(r"<(?:[\w.\-]+:)?f[\s/>]")
PREFIX_RE = re.compile(r"<(/?)[\w.\-]+:")
SHARED = ("t", "ref", "si")
RULE_START_RE = re.compile(r"<(?:[\w.\-]+:)?(?:dataValidation|conditionalFormatting)[\s/>]")
RULE_FORMULA_RE = re.compile(r"(<(?:[\w.\-]+:)?formula[12]?>)(.*?)(</(?:[\w.\-]+:)?formula[12]?>)",
                             re.S)
ENGINE_RANGE_RE = re.compile(r"([A-Z]{1,3})2:([A-Z]{1,3})([0-9]+)")
CF_RULE_RE = re.compile(r"<(?:[\w.\-]+:)?cfRule\b(?:\"[^\"]*\"|'[^']*'|[^>\"'])*>")
COLUMN_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?[0-9]*")


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


def kept_cells(sheet_data: str, old: Table | None, new: Table, tab: str,
               own: tuple[set[str], set[int]] = (set(), set())) -> Kept:
    """The cells of the old ``<sheetData>`` that hold a formula or a format of their own,
    placed where their column is in the new table. ``own``: the styles the engine gives
    cells itself, and the columns it has a look for (see CellWriter.own_styles)."""
    moves = column_moves(old, new)
    cells: dict[int, dict[int, OldCell]] = {}
    if old is None or not moves:
        return Kept(cells, moves, tab)
    ours, engine_columns = own
    masters: dict[str, tuple[str, str]] = {}  # shared formula index -> (origin, formula)
    found = []
    for match in _cells_of_note(sheet_data, ours | {"0"}):
        tag, inner = match.group(1), match.group(2) or ""
        formula = FORMULA_RE.search(inner) if "f" in inner else None
        values = attributes(tag)
        style = values.get("s")
        where = REF_RE.fullmatch(values.get("r", ""))
        if where is None or int(where.group(2)) < 2:
            continue
        if formula is not None:
            shared = attributes(formula.group(1))
            if shared.get("t") == "shared" and shared.get("ref") and formula.group(2):
                masters[shared.get("si", "")] = (values["r"], html.unescape(formula.group(2)))
        column = moves.get(column_number(where.group(1)) - 1)
        if column is None or (formula is None and column in engine_columns):
            continue
        found.append((int(where.group(2)), column, values, style, inner, formula))
    back = {new: old_column for old_column, new in moves.items()}
    for row, column, values, style, inner, formula in found:
        value = _value(old, row - 2, back[column])
        xml = None
        if formula is not None:
            text = _formula_text(formula, masters, values["r"])
            if text is not None:
                target = column_letter(column + 1) + str(row)
                xml = _formula_cell(values, inner, formula, remap_formula(text, moves, tab),
                                    target)
        cells.setdefault(row - 2, {})[column] = OldCell(value, style if style != "0" else None,
                                                         xml)
    return Kept(cells, moves, tab)


def _cells_of_note(sheet_data: str, plain: set[str]) -> list[re.Match[str]]:
    """The cells holding a formula, or a style not in ``plain``. Found by searching for
    those alone (a tab of the engine's has tens of thousands of cells, nearly all plain)."""
    other_style = re.compile(r"\ss\s*=\s*[\"'](?!(?:" + "|".join(sorted(plain))
                             + r")[\"'])[0-9]+[\"']")
    starts = {sheet_data.rfind("<", 0, m.start()) for m in other_style.finditer(sheet_data)}
    starts |= {sheet_data.rfind("<", 0, m.start()) for m in FORMULA_START_RE.finditer(sheet_data)}
    cells = (CELL_RE.match(sheet_data, start) for start in sorted(starts) if start >= 0)
    return [cell for cell in cells if cell is not None]


def column_moves(old: Table | None, new: Table) -> dict[int, int]:
    """Old column index -> new column index, matched by header text."""
    if old is None:
        return {}
    wanted = {}
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


def _formula_text(formula: re.Match[str], masters: dict[str, tuple[str, str]],
                  ref: str) -> str | None:
    """The formula of a cell as written in it alone: a shared formula's master text moved to
    this cell. None for what cannot stand alone (a block-wide array formula, a data table)."""
    values = attributes(formula.group(1))
    kind = values.get("t", "normal")
    if kind == "shared":
        master = masters.get(values.get("si", ""))
        if master is None:
            return None
        origin, text = master
        if origin == ref:
            return text
        from openpyxl.formula.translate import Translator, TranslatorError  # seldom needed

        try:
            return Translator("=" + text, origin=origin).translate_formula(ref)[1:]
        except TranslatorError:
            return None
    if kind == "array" and ":" in values.get("ref", ref):
        return None
    if kind == "dataTable" or not formula.group(2):
        return None
    return html.unescape(formula.group(2))


def _formula_cell(values: dict[str, str], inner: str, formula: re.Match[str], text: str,
                  target: str) -> str:
    """The attributes and content of the formula cell, to follow its r and s."""
    original = attributes(formula.group(1))
    f_values = {k: v for k, v in original.items() if k not in SHARED}
    if original.get("t") == "array":  # one cell's array formula: it stays one
        f_values = {"t": "array", "ref": target, **f_values}
    f_attrs = "".join(f' {k}="{attr(v)}"' for k, v in f_values.items())
    rest = "".join(f' {k}="{attr(v)}"' for k, v in values.items() if k not in ("r", "s"))
    content = (inner[:formula.start()] + f"<f{f_attrs}>{text_escape(text)}</f>"
               + inner[formula.end():])
    return rest + ">" + PREFIX_RE.sub(r"<\1", content) + "</c>"


def kept_rules(xml: str, moves: dict[int, int], tab: str,
               engines: Callable[[str, set[int]], bool]) -> list[str]:
    """The coordinator's own data validations (or conditional formats) of a tab, moved with
    their columns. ``xml``: the old elements (a <dataValidations>, or the
    <conditionalFormatting> blocks); ``engines(element, columns)``: whether an element is the
    engine's own (it is written afresh) or in its way."""
    kept = []
    for element in _elements(xml):
        tag = element[:element.index(">") + 1]
        sqref = attributes(tag).get("sqref", "")
        columns = _columns(sqref)
        if not columns or any(c not in moves for c in columns) and not is_identity(moves):
            continue  # on a column that is gone: nothing to keep it for
        if engines(element, {moves.get(c, c) for c in columns}):
            continue
        moved = set_attribute(tag, "sqref", remap_sqref(sqref, moves))
        body = RULE_FORMULA_RE.sub(
            lambda m: m.group(1) + text_escape(remap_formula(html.unescape(m.group(2)), moves,
                                                             tab)) + m.group(3),
            element[len(tag):])
        kept.append(PREFIX_RE.sub(r"<\1", moved + body))
    return kept


def engine_validation(element: str, columns: set[int], dropdowns: set[int]) -> bool:
    """A dropdown the engine wrote (its warning title says so), or one on a column where
    the engine writes one now (two on one cell would make Excel "repair" the file)."""
    title = attributes(element[:element.index(">") + 1]).get("errorTitle")
    return title == DROPDOWN_ERROR_TITLE or bool(columns & dropdowns)


def engine_highlight(element: str) -> bool:
    """A highlight the engine wrote: one column from row 2 down to a spare row far below,
    every rule "cell equals" a value."""
    sqref = attributes(element[:element.index(">") + 1]).get("sqref", "")
    found = ENGINE_RANGE_RE.fullmatch(sqref)
    if found is None or found.group(1) != found.group(2) or int(found.group(3)) < MIN_RULE_ROWS:
        return False
    rules = [attributes(m.group(0)) for m in CF_RULE_RE.finditer(element)]
    return bool(rules) and all(r.get("type") == "cellIs" and r.get("operator") == "equal"
                               for r in rules)


def _elements(xml: str) -> list[str]:
    """The dataValidation / conditionalFormatting elements in ``xml``."""
    found = []
    position = 0
    while True:
        match = RULE_START_RE.search(xml, position)
        if match is None:
            return found
        element = element_at(xml, match.start())
        if element is None:
            return found
        found.append(xml[element.start:element.end])
        position = element.end


def _columns(sqref: str) -> set[int]:
    """0-based columns a space-separated list of ranges covers."""
    columns: set[int] = set()
    for part in sqref.split():
        letters = [m.group(1) for m in COLUMN_RE.finditer(part)]
        if not letters:
            return set()
        numbers = [column_number(x) - 1 for x in letters]
        columns.update(range(min(numbers), max(numbers) + 1))
    return columns
