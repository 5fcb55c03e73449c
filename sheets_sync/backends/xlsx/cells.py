"""A Table as worksheet XML rows: every value stored with the type it has (text as an inline
string, never a formula; numbers, booleans, dates as serial numbers of the workbook's date
system, with a date format), the header bold on a fill, wrap columns wrapped and their rows
made tall enough, the first column bold when asked.

This is the hot path of a sync (hundreds of thousands of cells): one string per cell, built
from pieces prepared once per column, and each distinct text escaped once."""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from dataclasses import replace

from sheets_sync.backends.xlsx.looks import (
    HEADER_FILL,
    MAX_CELL_TEXT,
    TIME_FORMAT,
    RowHeights,
    inert_text,
)
from sheets_sync.backends.xlsx.old import Kept, OldCell
from sheets_sync.backends.xlsx.styles import Look, Styles
from sheets_sync.backends.xlsx.xmltree import text_escape
from sheets_sync.model import (
    DATE_FORMAT,
    DATE_TIME_FORMAT,
    Cell,
    SheetFormat,
    Table,
    column_letter,
    normalise_header,
)

NEEDS_CARE_RE = re.compile(r"[\x00-\x1f&<>]|_x[0-9A-Fa-f]{4}_")
EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()  # day 0 of Excel's serial numbers
EPOCH_1904_ORDINAL = dt.date(1904, 1, 1).toordinal()  # ... in the 1904 date system (Mac)
HEADER_LOOK = Look(bold=True, fill=HEADER_FILL)


class CellWriter:
    """Writes the cells of any number of tabs into one workbook's styles and date system."""

    def __init__(self, styles: Styles, date1904: bool = False) -> None:
        self.styles = styles
        self.epoch = EPOCH_1904_ORDINAL if date1904 else EPOCH_ORDINAL
        self.strings: dict[str, str] = {}  # text -> the cell's tail, "" when blank
        self.style_attrs: dict[Look, str] = {}

    def sheet_data(self, table: Table, fmt: SheetFormat,
                   kept: Kept | None = None) -> tuple[str, str]:
        """The <sheetData> element and the dimension (used range) it fills. ``kept``: the
        old tab's formulas and cell formats, kept where they still apply."""
        header_width = len(table.header)
        width = max([header_width, *map(len, table.rows)])
        letters = [column_letter(i + 1) for i in range(width)]
        looks = column_looks(table, fmt, width)
        starts = ['<c r="' + letter for letter in letters]
        attrs = [self._style_attr(look) for look in looks]
        blanks = [self._style_attr(replace(look, top=False)) for look in looks]
        dated: list[dict[str, str]] = [{} for _ in looks]  # number format -> style, per column
        must_pad = any(blank != '"' for blank in blanks)
        heights = RowHeights(table, fmt, [look.wrap for look in looks])
        old_rows = kept.cells if kept is not None else {}
        strings = self.strings
        rows = []
        if header_width:
            blank = self._style_attr(HEADER_LOOK) + "/>"
            header_dates: dict[str, str] = {}
            rows.append('<row r="1">' + "".join(
                self._cell(value, "1", starts[i], HEADER_LOOK, header_dates)
                or starts[i] + "1" + blank for i, value in enumerate(table.header)) + "</row>")
        last_row, last_column = (1, header_width) if header_width else (0, 0)
        for offset, row in enumerate(table.rows):
            number = str(offset + 2)
            if must_pad and len(row) < header_width:
                row = [*row, *[None] * (header_width - len(row))]
            old = old_rows.get(offset)
            if old is not None:  # the coordinator's formulas or formats: the careful way
                cells = self._row_keeping(row, number, starts, looks, blanks, dated, old)
            else:
                cells = []
                add = cells.append
                columns = zip(row, starts, attrs, looks, dated, blanks, strict=False)  # short rows
                for value, start, attr, look, formats, blank in columns:
                    kind = type(value)
                    if kind is str:
                        tail = strings.get(value)
                        if tail is None:
                            tail = strings[value] = _string_tail(value)
                        if tail:
                            add(f"{start}{number}{attr}{tail}")
                            continue
                    elif value is None:
                        pass
                    elif kind is int:
                        add(f"{start}{number}{attr}><v>{value}</v></c>")
                        continue
                    elif kind is float:
                        if value - value == 0.0:  # finite: NaN and infinities are left blank
                            add(f"{start}{number}{attr}><v>{value!r}</v></c>")
                            continue
                    else:
                        text = self._cell(value, number, start, look, formats)
                        if text:
                            add(text)
                            continue
                    if blank != '"':  # a blank cell still wears the column's look
                        add(f"{start}{number}{blank}/>")
            if cells:
                rows.append(f'<row r="{number}"{heights.attribute(row)}>{"".join(cells)}</row>')
                last_row = offset + 2
                last_column = max(last_column, len(row))
        dimension = f"A1:{letters[last_column - 1]}{last_row}" if last_row else "A1"
        return "<sheetData>" + "".join(rows) + "</sheetData>", dimension

    def own_styles(self, table: Table, fmt: SheetFormat) -> tuple[set[str], set[int]]:
        """The styles (s="") the engine itself gives this tab's cells, where the workbook has
        them already, and the columns it has a look of its own for: a cell wearing one of
        those, or in one of those columns, holds no format of the coordinator's."""
        looks = column_looks(table, fmt, len(table.header))
        found = {self.styles.find(HEADER_LOOK)}
        for look in looks:
            found.add(self.styles.find(look))
            found.add(self.styles.find(replace(look, top=False)))
            if look.number_format is None:
                found.update(self.styles.find(replace(look, number_format=code))
                             for code in (DATE_FORMAT, DATE_TIME_FORMAT, TIME_FORMAT))
        engine = {i for i, look in enumerate(looks) if replace(look, top=False) != Look()}
        return {str(s) for s in found if s is not None}, engine

    def _row_keeping(self, row: list[Cell], number: str, starts: list[str], looks: list[Look],
                     blanks: list[str], dated: list[dict[str, str]],
                     old: dict[int, OldCell]) -> list[str]:
        """A row's cells where some old cells hold a formula or a format of their own: a
        formula stays while its result is the value written; the cell's own format stays
        wherever the engine has no look of its own for the column."""
        cells = []
        for index, start in enumerate(starts):
            value = row[index] if index < len(row) else None
            look, cell = looks[index], old.get(index)
            style = None
            plain = replace(look, top=False) == Look()
            if cell is not None and cell.style is not None and plain and _fits(
                    value, self.styles.is_date(cell.style)):
                style = f'" s="{cell.style}"'
            if cell is not None and cell.keeps_formula(value):
                cells.append(f"{start}{number}{style or self._style_attr(look)}{cell.xml}")
                continue
            if style is None:
                text = self._cell(value, number, start, look, dated[index])
            else:
                text = self._cell(value, number, start, look, {}, style)
            if text:
                cells.append(text)
            elif (style or blanks[index]) != '"':
                cells.append(f"{start}{number}{style or blanks[index]}/>")
        return cells

    def _style_attr(self, look: Look) -> str:
        """The end of a cell's r="" attribute, with its style when it has one."""
        found = self.style_attrs.get(look)
        if found is None:
            index = self.styles.xf(look)
            found = self.style_attrs[look] = f'" s="{index}"' if index else '"'
        return found

    def _cell(self, value: Cell, number: str, start: str, look: Look,
              formats: dict[str, str], style: str | None = None) -> str:
        """Any value off the fast path, as one cell ("" for blank). ``formats``: the styles
        of this column's dates, times... by number format. ``style``: the cell's own, kept."""
        if value is None:
            return ""
        if isinstance(value, str):
            tail = self.strings.get(value)
            if tail is None:
                tail = self.strings[value] = _string_tail(value)
            return start + number + (style or self._style_attr(look)) + tail if tail else ""
        if isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b":
            attr = style or self._style_attr(look)
            return f'{start}{number}{attr} t="b"><v>{int(bool(value))}</v></c>'
        if isinstance(value, dt.datetime | dt.date | dt.time):
            serial, code = _serial(value, self.epoch)
            if serial is None:
                text = _as_text(value)
                return self._cell(text, number, start, look, formats, style) if text else ""
            code = look.number_format or code
            date_attr = style or formats.get(code)
            if date_attr is None:
                date_attr = formats[code] = self._style_attr(replace(look, number_format=code))
            return f"{start}{number}{date_attr}><v>{serial!r}</v></c>"
        if isinstance(value, numbers.Number) and not isinstance(value, complex):
            try:
                # numbers.Number promises no __float__ to the type checker; every real does.
                number_value = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError) as error:
                raise TypeError(f"cannot store {value!r} in a cell") from error
            if not math.isfinite(number_value):
                return ""
            shown = int(value) if isinstance(value, numbers.Integral) else number_value
            return f"{start}{number}{style or self._style_attr(look)}><v>{shown!r}</v></c>"
        raise TypeError(f"cannot store a {type(value).__name__} ({value!r}) in a cell")


def column_looks(table: Table, fmt: SheetFormat, width: int) -> list[Look]:
    """Each column's look: bold, wrapped, in a number format, as the format asks."""
    wrap = {normalise_header(h) for h in fmt.wrap_columns}
    patterns = {normalise_header(h): p for h, p in fmt.number_formats.items()}
    heads = [normalise_header(h) for h in table.header] + [""] * (width - len(table.header))
    # In a tab with wrapped text every cell sits at the top, level with the text beside it.
    return [Look(bold=fmt.bold_first_column and i == 0, number_format=patterns.get(head),
                 wrap=i < len(table.header) and head in wrap, top=bool(wrap))
            for i, head in enumerate(heads)]


def _string_tail(value: str) -> str:
    """What follows a text cell's style: its type and inline string; "" when it is blank."""
    if not value or value.isspace():
        return ""
    if len(value) > MAX_CELL_TEXT or NEEDS_CARE_RE.search(value):
        text = inert_text(value)
        if not text or text.isspace():  # "\x1b\r" is blank once made safe
            return ""
        text = text_escape(text)
    else:
        text = value
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _serial(value: dt.date | dt.time, epoch: int) -> tuple[float | int | None, str]:
    """A date, time or datetime as a serial number of the workbook's date system (wall time
    for a time zone); None for a day the system cannot show (before its first day)."""
    if isinstance(value, dt.time):
        return _day_fraction(value), TIME_FORMAT
    days = value.toordinal() - epoch
    if epoch == EPOCH_ORDINAL and 0 < days <= 60:  # Excel counts a 29 February 1900 that never was
        days -= 1
    if days < 1 and not (days == 0 and epoch == EPOCH_1904_ORDINAL):
        return None, DATE_FORMAT
    if isinstance(value, dt.datetime):
        return days + _day_fraction(value), DATE_TIME_FORMAT
    return days, DATE_FORMAT


def _is_date(value: Cell) -> bool:
    return isinstance(value, dt.date | dt.time)


def _as_text(value: dt.date | dt.time) -> str:
    """A day before the date system's first, as ISO text: shown as it is rather than ####."""
    return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()


def _day_fraction(value: dt.time | dt.datetime) -> float:
    return (value.hour * 3600 + value.minute * 60 + value.second
            + value.microsecond / 10**6) / 86400


def _fits(value: Cell, date_style: bool) -> bool:
    """Whether a kept cell format still shows the value as what it is: a date format only
    for a date, and a number never under a date format (0 would read back as a time)."""
    if _is_date(value):
        return date_style
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return not (numeric and date_style)
