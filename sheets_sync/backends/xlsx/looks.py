"""What an engine tab looks like in Excel, whatever writes it: cell text made safe, number
formats, column widths, the reach of dropdowns and highlights, and which tab a name means."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from sheets_sync.model import (
    DATE_FORMAT,
    DATE_TIME_FORMAT,
    SheetFormat,
    Table,
    column_letter,
    normalise_header,
)
from sheets_sync.model import Cell as Value

TIME_FORMAT = "hh:mm"
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # not in XML 1.0
MAX_CELL_TEXT = 32767  # Excel's limit; longer text makes Excel "repair" the file
HEADER_FILL = "DDEBF7"
MIN_WIDTH, MAX_WIDTH = 10.0, 60.0
ESCAPE_LIKE_RE = re.compile(r"_x[0-9A-Fa-f]{4}_")
SPARE_ROWS = 200  # dropdowns/highlights reach below the data so new rows get them too
MIN_RULE_ROWS = 1000
DROPDOWN_ERROR_TITLE = "Not one of the usual values"
DROPDOWN_ERROR = "This value is not in the list. Keep it anyway?"
# Wrapped rows: a column width counts the default font's "0"s; ordinary text is narrower
# (about 1.2 characters a unit as LibreOffice and Excel draw Calibri), capitals and wide
# letters are not, so a little room is left: better a spare line than a hidden one.
CHARACTERS_PER_WIDTH = 1.1
LINE_HEIGHT = 15.0  # points: one line of an 11-point font, as Excel and LibreOffice set it
MAX_ROW_HEIGHT = 409.0  # Excel's tallest row


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


def column_range(table: Table, header: str, last_row: int) -> str | None:
    index = table.column(header)
    if index is None:
        return None
    letter = column_letter(index + 1)
    return f"{letter}2:{letter}{last_row}"


def column_width(table: Table, index: int, fmt: SheetFormat) -> float:
    """The width asked for by header, else the longest value's (within bounds)."""
    wanted = normalise_header(table.header[index])
    for head, width in fmt.widths.items():
        if normalise_header(head) == wanted:
            return width
    pattern = next((p for h, p in fmt.number_formats.items() if normalise_header(h) == wanted),
                   None)
    longest = max(_longest(table.rows, index, pattern), len(table.header[index]))
    return min(MAX_WIDTH, max(MIN_WIDTH, longest + 2.0))


class RowHeights:
    """Row heights that show a row's wrapped text whole: LibreOffice takes the stored height as
    it is, and Excel grows a row only once someone edits it. Estimated from the text's length
    against the column's width, word by word."""

    def __init__(self, table: Table, fmt: SheetFormat, wrapped: Sequence[bool]) -> None:
        self.columns = [(i, column_width(table, i, fmt)) for i, wrap in enumerate(wrapped)
                        if wrap and i < len(table.header)]
        self.lines: dict[tuple[str, float], int] = {}

    def attribute(self, row: Sequence[Value]) -> str:
        """' ht="45" customHeight="1"' for a row needing more than one line, else ""."""
        most = 1
        for index, width in self.columns:
            value = row[index] if index < len(row) else None
            if type(value) is str and (len(value) > width or "\n" in value):
                key = (value, width)
                lines = self.lines.get(key)
                if lines is None:
                    lines = self.lines[key] = wrapped_lines(value, width)
                most = max(most, lines)
        if most == 1:
            return ""
        return f' ht="{min(MAX_ROW_HEIGHT, most * LINE_HEIGHT + 2):g}" customHeight="1"'


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide."""
    room = max(1, int(width * CHARACTERS_PER_WIDTH) - 1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size > room:
                lines += 1
                used = 0
            elif used:
                used += 1
            while size > room:  # a word longer than the line breaks anywhere
                lines += 1
                size -= room
            used += size
    return lines


def _longest(rows: list[list[Value]], index: int, pattern: str | None) -> int:
    """The widest line among a column's values, as displayed (a date as long as its
    pattern, or a little longer: "ddd d mmm yyyy" shows "Mon 17 Dec 2026")."""
    values = [row[index] for row in rows if index < len(row)]
    texts = [v for v in values if type(v) is str]
    longest = max(map(len, "\n".join(texts).split("\n"))) if texts else 0
    if len(texts) == len(values):
        return longest
    for value in values:
        if value is None or type(value) is str:
            continue
        if isinstance(value, dt.date) and pattern:
            size = len(pattern) + 1
        elif isinstance(value, dt.datetime):
            size = len(DATE_TIME_FORMAT)
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


def recent_formula(table: Table, date_header: str, days: int) -> str | None:
    """A rule's formula for "this row's date is within the last ``days`` days", written for
    row 2 (a rule's formula is relative to the first cell of its range)."""
    index = table.column(date_header)
    if index is None:
        return None
    cell = f"${column_letter(index + 1)}2"
    return f"AND(ISNUMBER({cell}),{cell}>TODAY()-{int(days)})"


def table_header(table: Table) -> list[str] | None:
    """The header as an Excel table's column names, or None when it cannot be one (a blank
    or repeated name): Excel "repairs" a file whose table does not match its header."""
    names = [h.strip() for h in table.header]
    usable = bool(names) and all(names) and len({n.casefold() for n in names}) == len(names)
    return [inert_text(h) for h in table.header] if usable else None
