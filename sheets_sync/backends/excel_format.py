"""What an engine tab looks like in Excel, whatever writes it: cell text made safe, number
formats, column widths, the reach of dropdowns and highlights, and which tab a name means."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from sheets_sync.model import Cell as Value
from sheets_sync.model import Table, normalise_header

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
TIME_FORMAT = "hh:mm"
MAX_CELL_TEXT = 32767  # Excel's limit; longer text makes Excel "repair" the file
HEADER_FILL = "DDEBF7"
MIN_WIDTH, MAX_WIDTH = 10.0, 60.0
ESCAPE_LIKE_RE = re.compile(r"_x[0-9A-Fa-f]{4}_")
SPARE_ROWS = 200  # dropdowns/highlights reach below the data so new rows get them too
MIN_RULE_ROWS = 1000
DROPDOWN_ERROR_TITLE = "Not one of the usual values"
DROPDOWN_ERROR = "This value is not in the list. Keep it anyway?"


def inert_text(value: str) -> str:
    """Text that reads back exactly as typed: no XML-illegal characters, one kind of line
    break (a bare CR would come back as LF and make every sync look like a change), and a
    literal "_x0041_" escaped, since Excel and calamine decode that form as a character."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return ESCAPE_LIKE_RE.sub(r"_x005F\g<0>", text[:MAX_CELL_TEXT])


def find_tab_name(names: Sequence[str], name: str) -> str | None:
    """The tab ``name`` means: the exact name, else the first with the same normalised name."""
    if name in names:
        return name
    wanted = normalise_header(name)
    return next((title for title in names if normalise_header(title) == wanted), None)


def last_rule_row(table: Table) -> int:
    return max(len(table.rows) + 1 + SPARE_ROWS, MIN_RULE_ROWS)


def column_letter(number: int) -> str:
    """1 -> A, 28 -> AB."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_range(table: Table, header: str, last_row: int) -> str | None:
    index = table.column(header)
    if index is None:
        return None
    letter = column_letter(index + 1)
    return f"{letter}2:{letter}{last_row}"


def column_width(table: Table, index: int, widths: dict[str, float]) -> float:
    """The width asked for by header, else the longest value's (within bounds)."""
    wanted = normalise_header(table.header[index])
    for head, width in widths.items():
        if normalise_header(head) == wanted:
            return width
    longest = max(_longest(table.rows, index), len(table.header[index]))
    return min(MAX_WIDTH, max(MIN_WIDTH, longest + 2.0))


def _longest(rows: list[list[Value]], index: int) -> int:
    """The widest line among a column's values, as displayed."""
    values = [row[index] for row in rows if index < len(row)]
    texts = [v for v in values if type(v) is str]
    longest = max(map(len, "\n".join(texts).split("\n"))) if texts else 0
    if len(texts) == len(values):
        return longest
    for value in values:
        if value is None or type(value) is str:
            continue
        if isinstance(value, dt.datetime):
            size = len(DATETIME_FORMAT)
        elif isinstance(value, dt.date):
            size = len(DATE_FORMAT)
        else:
            size = max((len(line) for line in str(value).split("\n")), default=0)
        longest = max(longest, size)
    return longest


def list_formula(options: Iterable[str]) -> str | None:
    """Excel's inline list: quoted, comma-separated, at most 255 characters. Options that
    cannot be written inline (commas, quotes, too long) get no dropdown rather than a broken one."""
    items = [inert_text(str(o)) for o in options]
    if not items or any("," in o or '"' in o for o in items):
        return None
    formula = '"' + ",".join(items) + '"'
    return formula if len(formula) <= 257 else None


def highlight_formula(value: object) -> str:
    """A cellIs rule's operand: the value as an Excel text literal."""
    return '"' + inert_text(str(value)).replace('"', '""') + '"'


def table_header(table: Table) -> list[str] | None:
    """The header as an Excel table's column names, or None when it cannot be one (a blank
    or repeated name): Excel "repairs" a file whose table does not match its header."""
    names = [h.strip() for h in table.header]
    usable = bool(names) and all(names) and len({n.casefold() for n in names}) == len(names)
    return [inert_text(h) for h in table.header] if usable else None
