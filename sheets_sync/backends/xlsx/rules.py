"""An engine tab's dropdowns and colour rules (data validations and conditional formats):
the engine's own written afresh each time, the coordinator's kept and moved with their
columns. The engine knows its own by their shape, so they are never doubled, and a workbook
made by an older version gains the ones it lacks."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from sheets_sync.backends.xlsx.formulas import (
    column_number,
    is_identity,
    remap_formula,
    remap_sqref,
)
from sheets_sync.backends.xlsx.looks import (
    DROPDOWN_ERROR,
    DROPDOWN_ERROR_TITLE,
    MIN_RULE_ROWS,
    column_range,
    highlight_formula,
    list_formula,
    recent_formula,
)
from sheets_sync.backends.xlsx.styles import Styles
from sheets_sync.backends.xlsx.xmltree import children, detached, local, make
from sheets_sync.model import Sheet, Table

ENGINE_RANGE_RE = re.compile(r"([A-Z]{1,3})2:([A-Z]{1,3})([0-9]+)")
RECENT_RE = re.compile(
    r"AND\(ISNUMBER\(\$(?P<column>[A-Z]{1,3})2\),\$(?P=column)2>TODAY\(\)-[0-9]+\)")
COLUMN_RE = re.compile(r"\$?([A-Za-z]{1,3})\$?[0-9]*")
FORMULAS = ("formula", "formula1", "formula2")


def dropdowns(like: etree._Element, sheet: Sheet, last_row: int,
              old: list[etree._Element], moves: dict[int, int],
              tab: str) -> etree._Element | None:
    """The tab's <dataValidations>: the engine's dropdowns, then the coordinator's own
    (``old``: the tab's dataValidation elements as they were). ``like``: an element of the
    worksheet, whose namespace they take."""
    table, fmt = sheet.table, sheet.format
    wanted = [(column_range(table, h, last_row), list_formula(o))
              for h, o in fmt.dropdowns.items()]
    wanted += [(column_range(table, h, last_row), s) for h, s in fmt.dropdown_ranges.items()]
    found = detached(like, "dataValidations")
    for target, formula in wanted:
        if target and formula:
            # A warning (not a stop) so the coordinator may still type a value not listed.
            rule = make(found, "dataValidation", {
                "type": "list", "errorStyle": "warning", "allowBlank": "1",
                "showErrorMessage": "1", "errorTitle": DROPDOWN_ERROR_TITLE,
                "error": DROPDOWN_ERROR, "sqref": target})
            make(rule, "formula1", text=formula)
    engine = _columns_of(table, [*fmt.dropdowns, *fmt.dropdown_ranges])
    found.extend(kept_rules(old, moves, tab,
                            lambda element, columns: engine_validation(element, columns,
                                                                       engine)))
    if not len(found):
        return None
    found.set("count", str(len(found)))
    return found


def highlights(like: etree._Element, sheet: Sheet, styles: Styles, last_row: int,
               old: list[etree._Element], moves: dict[int, int],
               tab: str) -> list[etree._Element]:
    """The tab's <conditionalFormatting> blocks: the engine's colours by value and its colour
    for recent rows, then the coordinator's own (``old``), ranked after the engine's."""
    table, fmt = sheet.table, sheet.format
    blocks: dict[str, etree._Element] = {}
    priority = 0

    def rule(target: str, attributes: dict[str, str], formula: str) -> None:
        nonlocal priority
        priority += 1
        block = blocks.get(target)
        if block is None:
            block = blocks[target] = detached(like, "conditionalFormatting", {"sqref": target})
        made = make(block, "cfRule", {**attributes, "priority": str(priority)})
        make(made, "formula", text=formula)

    for header, colours in fmt.highlights.items():
        target = column_range(table, header, last_row)
        for value, rgb in colours.items() if target else ():
            rule(target, {"type": "cellIs", "dxfId": str(styles.dxf(rgb)),  # type: ignore
                          "operator": "equal"}, highlight_formula(value))
    if fmt.recent is not None:
        header, date_header, days, rgb = fmt.recent
        target = column_range(table, header, last_row)
        formula = recent_formula(table, date_header, days)
        if target and formula:
            rule(target, {"type": "expression", "dxfId": str(styles.dxf(rgb))}, formula)
    found = list(blocks.values())
    recent = _columns_of(table, [fmt.recent[0]] if fmt.recent else [])
    for block in kept_rules(old, moves, tab,
                            lambda element, columns: engine_highlight(element, columns, recent)):
        for kept in block.iter():  # priorities stay unique: the coordinator's come after
            number = kept.get("priority", "") if local(kept) == "cfRule" else ""
            if number.isdigit():
                kept.set("priority", str(priority + int(number)))
        found.append(block)
    return found


def kept_rules(old: list[etree._Element], moves: dict[int, int], tab: str,
               engines: Callable[[etree._Element, set[int]], bool]) -> list[etree._Element]:
    """The coordinator's own data validations (or conditional formats) of a tab, moved with
    their columns. ``engines(element, columns)``: whether an element is the engine's own (it
    is written afresh) or in its way."""
    kept = []
    for element in old:
        sqref = element.get("sqref", "")
        columns = _columns(sqref)
        if not columns or any(c not in moves for c in columns) and not is_identity(moves):
            continue  # on a column that is gone: nothing to keep it for
        if engines(element, {moves.get(c, c) for c in columns}):
            continue
        element.set("sqref", remap_sqref(sqref, moves))
        for formula in element.iter():
            if local(formula) in FORMULAS and formula.text:
                formula.text = remap_formula(formula.text, moves, tab)
        kept.append(element)
    return kept


def engine_validation(element: etree._Element, columns: set[int], dropdowns: set[int]) -> bool:
    """A dropdown the engine wrote (its warning title says so), or one on a column where
    the engine writes one now (two on one cell would make Excel "repair" the file)."""
    return element.get("errorTitle") == DROPDOWN_ERROR_TITLE or bool(columns & dropdowns)


def engine_highlight(element: etree._Element, columns: set[int], recent: set[int]) -> bool:
    """A colour rule the engine wrote: one column from row 2 down to a spare row far below,
    every rule "cell equals" a value; or the one rule colouring recent rows, on the column
    the engine colours so (``recent``)."""
    found = ENGINE_RANGE_RE.fullmatch(element.get("sqref", ""))
    if found is None or found.group(1) != found.group(2) or int(found.group(3)) < MIN_RULE_ROWS:
        return False
    rules = children(element, "cfRule")
    if rules and all(r.get("type") == "cellIs" and r.get("operator") == "equal"
                     for r in rules):
        return True
    formulas = [f.text or "" for r in rules for f in children(r, "formula")]
    return (columns == recent and len(rules) == 1 and rules[0].get("type") == "expression"
            and len(formulas) == 1 and RECENT_RE.fullmatch(formulas[0]) is not None)


def _columns_of(table: Table, headers: list[str]) -> set[int]:
    return {i for i in (table.column(h) for h in headers) if i is not None}


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
