"""The workbook as plain tables: what backends read into and what the engine writes out.

Nothing here knows about files, the network or the terminal.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

Cell = Any  # None | str | int | float | bool | datetime.date | datetime.datetime | datetime.time

# Tabs the engine owns and rewrites on every sync; every other tab belongs to the coordinator.
PAIRINGS = "Pairings"
SCHEDULE = "Schedule"
FOLLOW_UPS = "Follow-ups"
UNMATCHED = "Unmatched"
PROBLEMS = "Problems"
DASHBOARD = "Dashboard"
SYNC_LOG = "Sync Log"
REPORTS = "Reports"
OUTBOX = "Outbox"  # append-only: a sync adds rows, only `send` fills in Sent At and Error
OWNED_TABS = (PAIRINGS, SCHEDULE, FOLLOW_UPS, UNMATCHED, PROBLEMS, DASHBOARD, REPORTS, SYNC_LOG,
              OUTBOX)

SETTINGS = "Settings"
RULES = "Rules"
MESSAGES = "Messages"


def normalise_header(text: Cell) -> str:
    """Header text as compared: case-folded, inner runs of spaces collapsed, ends trimmed."""
    if text is None:
        return ""
    return " ".join(str(text).split()).casefold()


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_key(value: Cell) -> str:
    """A canonical text form of a cell, so values read back from any backend compare equal
    to the values that were written (3 == 3.0, a midnight datetime == its date, None == "")."""
    if value.__class__ is str:  # by far the most common: checked first
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        number = float(value)
        if math.isnan(number):
            return ""
        if number == 0:
            return "0"  # -0.0 reads back as 0
        return repr(round(number, 9)).removesuffix(".0")
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


EPOCH = dt.datetime(1899, 12, 30)  # day 0 of spreadsheet date serial numbers


def date_serial(value: dt.date) -> float:
    """A date or datetime as a spreadsheet serial number (days since 1899-12-30)."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    return (moment.replace(tzinfo=None) - EPOCH).total_seconds() / 86400


def compare_key(value: Cell) -> str:
    """Like ``cell_key``, but a date equals its serial number: Google Sheets reads dates back as
    serials while Excel reads them back as dates, and both must compare equal to what was
    written."""
    if value.__class__ is str:
        return value
    if value.__class__ in _CACHED:  # dates and numbers repeat down a column: worked out once
        return _cached_compare_key(value.__class__, value)
    return _compare_key(value)


def _compare_key(value: Cell) -> str:
    if isinstance(value, dt.date):
        return cell_key(round(date_serial(value), 6))
    return cell_key(value)


def row_keys(row: list[Cell], width: int) -> list[str]:
    """A row's cells in canonical form (``compare_key``), padded with "" to ``width``."""
    keys = list(map(compare_key, row))
    return keys + [""] * (width - len(keys))


# Typed as Hashable, not type: mypy does not count a class as a hashable cache key.
_CACHED: frozenset[Hashable] = frozenset({int, float, bool, dt.date, dt.datetime})


@lru_cache(maxsize=65536)
def _cached_compare_key(_kind: type, value: Cell) -> str:
    # By type too: 1, 1.0 and True are one key to a cache, not to a sheet.
    return _compare_key(value)


@dataclass
class Table:
    """One tab: a header row and the data rows below it.

    ``rows[i]`` sits on sheet row ``i + 2`` (the header is row 1). Rows are padded to the
    header's width; blank rows in the middle are kept so row numbers stay true.
    """

    name: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    @classmethod
    def from_grid(cls, name: str, grid: Sequence[Sequence[Cell]]) -> Table:
        """Build from raw sheet values (first row = header); trims trailing blank rows/columns."""
        grid = [list(row) for row in grid]
        while grid and all(is_blank(v) for v in grid[-1]):
            grid.pop()
        if not grid:
            return cls(name, [], [])
        width = max(len(row) for row in grid)
        while width and all(len(row) < width or is_blank(row[width - 1]) for row in grid):
            width -= 1
        header = [("" if v is None else str(v).strip()) for v in grid[0][:width]]
        header += [""] * (width - len(header))
        rows = [[*row[:width], *[None] * (width - len(row))] for row in grid[1:]]
        return cls(name, header, rows)

    def column(self, *names: str) -> int | None:
        """Index of the first header matching any of ``names`` (case/space-insensitive)."""
        wanted = [normalise_header(n) for n in names]
        normalised = [normalise_header(h) for h in self.header]
        for name in wanted:
            if name in normalised:
                return normalised.index(name)
        return None

    def column_containing(self, fragment: str) -> int | None:
        """Index of the first header containing ``fragment`` (case-insensitive)."""
        fragment = normalise_header(fragment)
        for index, head in enumerate(self.header):
            if fragment in normalise_header(head):
                return index
        return None

    def reader(self, *headers: str) -> Callable[[list[Cell], str], Cell]:
        """``read(row, header)``: a row's cell under one of ``headers`` (None where the tab has
        no such column), the columns looked up once."""
        at = {header: self.column(header) for header in headers}

        def read(row: list[Cell], header: str) -> Cell:
            index = at[header]
            return None if index is None or index >= len(row) else row[index]

        return read

    def values(self, index: int) -> list[Cell]:
        return [row[index] if index < len(row) else None for row in self.rows]

    def records(self) -> Iterator[tuple[int, list[Cell]]]:
        """(sheet row number, row) for every non-blank data row."""
        for offset, row in enumerate(self.rows):
            if not all(is_blank(v) for v in row):
                yield offset + 2, row

    def grid(self) -> list[list[Cell]]:
        return [list(self.header), *[list(r) for r in self.rows]]

    def keys(self) -> list[list[str]]:
        """Every cell in canonical form, rows padded to the header's width."""
        width = len(self.header)
        return [row_keys(row, width) for row in (self.header, *self.rows)]


@dataclass
class Snapshot:
    """Every tab of a workbook as read, looked up by case/space-insensitive name.

    ``time_zone`` and ``locale`` are the workbook's own, where the backend knows them (a Google
    spreadsheet has both): the time zone is the default when Settings names none, and the locale
    says whether a date typed as 05/11/2026 is day-first. ``title`` names the program on a
    printed report.
    """

    tabs: dict[str, Table] = field(default_factory=dict)
    time_zone: str | None = None
    locale: str | None = None
    title: str | None = None  # the spreadsheet's title, or the file's name without .xlsx

    def get(self, name: str) -> Table | None:
        wanted = normalise_header(name)
        for tab_name, table in self.tabs.items():
            if normalise_header(tab_name) == wanted:
                return table
        return None

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None


@dataclass(frozen=True)
class Problem:
    """An input cell the engine could not use, as a row of the Problems tab."""

    tab: str
    row: int | None
    column: str
    value: Cell
    problem: str

    def as_row(self) -> list[Cell]:
        value = "" if self.value is None else self.value
        row = "" if self.row is None else self.row
        return [self.tab, row, self.column, value, self.problem]


@dataclass
class Chart:
    """A bar chart drawn from two columns of a block of rows (sheet row numbers, inclusive)."""

    title: str
    label_column: int
    value_column: int
    first_row: int
    last_row: int
    anchor: str = "E2"


@dataclass(frozen=True)
class Cells:
    """A block of a tab's cells by sheet row and column numbers (1-based, inclusive)."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


@dataclass(frozen=True)
class SeriesChart:
    """A bar or column chart of one or more series. The categories and each series are one row
    or one column of cells whose first cell is a label: the series' name (the categories'
    label is not drawn). ``reverse`` draws the categories last to first, so that columns kept
    newest first read oldest to newest."""

    title: str
    categories: Cells
    series: tuple[Cells, ...]
    anchor: str = "A1"
    bars: bool = False  # horizontal bars; vertical columns otherwise
    reverse: bool = False


DATE_FORMAT = "yyyy-mm-dd"  # number format patterns both Excel and Google Sheets understand
WEEKDAY_DATE_FORMAT = "ddd d mmm yyyy"  # Mon 7 Dec 2026
DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass
class SheetFormat:
    """How a tab should look; backends apply what they can. Keys are header texts.

    Every date cell is written as a real date with a date format (``DATE_FORMAT`` unless
    ``number_formats`` names another pattern for its column). Rows holding text in a
    ``wrap_columns`` column are made tall enough to show it. ``landscape`` prints the tab
    landscape, one page wide, with the header row repeated on every page.
    """

    widths: dict[str, float] = field(default_factory=dict)
    dropdowns: dict[str, list[str]] = field(default_factory=dict)
    dropdown_ranges: dict[str, str] = field(default_factory=dict)  # header -> "Lists!A2:A9"
    highlights: dict[str, dict[str, str]] = field(default_factory=dict)  # header -> value -> RGB
    date_columns: tuple[str, ...] = ()
    number_formats: dict[str, str] = field(default_factory=dict)  # header -> format pattern
    wrap_columns: tuple[str, ...] = ()
    frozen_rows: int = 1
    bold_first_column: bool = False
    chart: Chart | None = None
    hidden: bool = False
    landscape: bool = False
    # Charts redrawn over the tab's cells each time it is written (their ranges follow the
    # tab's rows and columns), found again by their titles.
    charts: tuple[SeriesChart, ...] = ()
    # Sheet rows that start a new printed page (so a chart is never cut in two); an .xlsx only:
    # Google Sheets' API sets no page breaks.
    page_breaks: tuple[int, ...] = ()
    # (column to colour, date column, days, RGB): a column's cells coloured in the rows whose
    # date is within the last ``days`` days (today included), e.g. pairs made this week.
    recent: tuple[str, str, int, str] | None = None


@dataclass
class Sheet:
    """A tab to write: its contents and its look."""

    table: Table
    format: SheetFormat = field(default_factory=SheetFormat)

    @property
    def name(self) -> str:
        return self.table.name


def column_letter(number: int) -> str:
    """A spreadsheet column's letters: 1 -> A, 28 -> AB."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
