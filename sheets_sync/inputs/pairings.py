"""The Pairings tab's life: pairs keep their row and ID, the coordinator's cells are never
rewritten, Rejected pairs are never proposed again and Rematch ends a pair for a new one."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sheets_sync.inputs import values
from sheets_sync.model import PAIRINGS, Cell, Problem, Table, is_blank, normalise_header
from sheets_sync.outputs.layout import CLOSURE_REASONS, HEADERS, PAIR_STATUSES, PLANNED_ENDINGS
from sheets_sync.words import problems as say

LIVE = ("Proposed", "Active", "Paused")  # these hold a place in the mentor's capacity
BARRED = ("Rejected", "Ended", "Rematch")  # never propose these two people again
ID_PATTERN = re.compile(r"^P-(\d+)$", re.IGNORECASE)


@dataclass
class Pair:
    """One row of the Pairings tab, whatever columns it has."""

    cells: dict[str, Cell]  # standard header -> value; coordinator columns by their own header
    row: int | None  # sheet row as read, None for a new pair
    mentee: str = ""
    mentor: str = ""
    status: str = ""
    sent_back: bool = False
    today: dt.date | None = None  # the sync's: a date typed without a year is the nearest one

    @property
    def pair_id(self) -> str:
        return "" if self.cells.get("Pair ID") is None else str(self.cells["Pair ID"])

    @property
    def is_live(self) -> bool:
        return self.status in LIVE or self.status not in PAIR_STATUSES

    @property
    def matched_on(self) -> dt.date | None:
        return values.parse_date(self.cells.get("Matched On"), self.today)

    @property
    def active_since(self) -> dt.date | None:
        return values.parse_date(self.cells.get("Active Since"), self.today)

    @property
    def ended_on(self) -> dt.date | None:
        return values.parse_date(self.cells.get("Ended On"), self.today)

    @property
    def closure_reason(self) -> str | None:
        """The Closure Reason as the dropdown words it; None when blank or not one of them."""
        typed = values.normalise_text(self.cells.get("Closure Reason"))
        return next((r for r in CLOSURE_REASONS if r.casefold() == typed), None)

    @property
    def sent_back_early(self) -> bool:
        """Rejected, or ended before its time (a Rematch, or any reason but a planned one)."""
        if self.status == "Rejected":
            return True
        return self.status == "Ended" and self.closure_reason not in PLANNED_ENDINGS


@dataclass
class PairBook:
    """Every pair of the Pairings tab, in the order the tab shows them."""

    header: list[str]
    pairs: list[Pair] = field(default_factory=list)
    next_number: int = 1

    def live(self) -> list[Pair]:
        return [p for p in self.pairs if p.mentee and p.mentor and p.is_live]

    def barred(self) -> set[tuple[str, str]]:
        return {(p.mentee, p.mentor) for p in self.pairs if p.status in BARRED}

    def owed(self) -> dict[str, Pair]:
        """Mentees without a live pair whose latest pair was sent back early (Rejected, a
        Rematch, or Ended for any reason but a planned ending), with that pair: they keep first
        claim on the next free place that fits, sync after sync, until matched again."""
        latest: dict[str, Pair] = {}
        for pair in self.pairs:
            if pair.mentee and pair.mentor:
                latest[pair.mentee] = pair
        live = {p.mentee for p in self.live()}
        return {mentee: pair for mentee, pair in latest.items()
                if mentee not in live and pair.sent_back_early}

    def add(self, mentee: str, mentor: str, cells: dict[str, Cell]) -> Pair:
        pair_id = f"P-{self.next_number:04d}"
        self.next_number += 1
        pair = Pair({**cells, "Pair ID": pair_id}, None, mentee, mentor, cells["Status"])
        self.pairs.append(pair)
        return pair

    def rows(self) -> list[list[Cell]]:
        return [[pair.cells.get(h) for h in self.header] for pair in self.pairs]


def read_pairings(table: Table | None, start_as: str, today: dt.date
                  ) -> tuple[PairBook, list[Problem]]:
    """Existing pairs; hand-typed rows get an ID, a Rematch becomes Ended (its mentee is then
    matched again), and blank cells the engine needs are filled in."""
    standard = HEADERS[PAIRINGS]
    header = _merged_header(table.header if table else [], standard)
    book = PairBook(header)
    if table is None:
        return book, []
    problems: list[Problem] = []
    positions = {h: i for i, h in enumerate(table.header) if h}
    names = [(_standard_name(h, standard), i) for h, i in positions.items()]
    for offset, row in enumerate(table.rows):
        if all(is_blank(v) for v in row):  # a blank row keeps its place, so pairs below it
            book.pairs.append(Pair({}, offset + 2))  # keep their rows (and Problems rows)
            continue
        cells = {name: row[i] for name, i in names}
        book.pairs.append(_read_pair(cells, offset + 2, today, problems))
    _number_pairs(book, problems)
    # A workbook from before these columns existed: its live pairs' first-meeting clock keeps
    # running from Matched On, as it did, rather than starting afresh today.
    upgrading = table.column("Active Since") is None
    for pair in book.pairs:
        _settle(pair, start_as, today, upgrading, problems)
    return book, problems


def _merged_header(existing: list[str], standard: list[str]) -> list[str]:
    """The tab's own columns in their order (standard names restored), then missing ones."""
    merged = [_standard_name(h, standard) for h in existing if h]
    return merged + [h for h in standard if h not in merged]


def _standard_name(header: str, standard: list[str]) -> str:
    key = normalise_header(header)
    return next((s for s in standard if normalise_header(s) == key), header)


def _read_pair(cells: dict[str, Cell], row: int, today: dt.date,
               problems: list[Problem]) -> Pair:
    mentee = _email(cells.get("Mentee Email"))
    mentor = _email(cells.get("Mentor Email"))
    raw_status = cells.get("Status")
    status = next((s for s in PAIR_STATUSES if s.casefold() == values.normalise_text(raw_status)),
                  "" if is_blank(raw_status) else str(raw_status))
    if status and status not in PAIR_STATUSES:
        problems.append(say.unknown_pair_status(row, raw_status, PAIR_STATUSES))
    for column, email in (("Mentee Email", mentee), ("Mentor Email", mentor)):
        if not email:
            problems.append(say.pair_missing_email(row, column, cells.get(column)))
    for column in ("Matched On", "Active Since", "Ended On"):
        typed = cells.get(column)
        if not is_blank(typed) and values.parse_date(typed, today) is None:
            problems.append(say.unreadable_date(PAIRINGS, row, column, typed))
    return Pair(cells, row, mentee, mentor, status, today=today)


def _email(value: Cell) -> str:
    text = values.normalise_email(value)
    return text if "@" in text else ""


def _number_pairs(book: PairBook, problems: list[Problem]) -> None:
    numbers = [int(m.group(1)) for p in book.pairs if (m := ID_PATTERN.match(p.pair_id.strip()))]
    book.next_number = max(numbers, default=0) + 1
    seen: dict[str, int] = {}
    for pair in book.pairs:
        pair_id = pair.pair_id.strip()
        if not pair_id and pair.mentee and pair.mentor:
            pair.cells["Pair ID"] = f"P-{book.next_number:04d}"
            book.next_number += 1
        elif pair_id and pair_id.casefold() in seen:
            problems.append(say.repeated_pair_id(pair.row, pair_id, seen[pair_id.casefold()]))
        elif pair_id:
            seen[pair_id.casefold()] = pair.row or 0


def _settle(pair: Pair, start_as: str, today: dt.date, upgrading: bool,
            problems: list[Problem]) -> None:
    """Status and the life dates: Active Since is stamped the first time a pair is seen Active,
    Ended On the first time it is seen Ended; a date the coordinator typed is kept."""
    if not (pair.mentee and pair.mentor):
        return
    pair.sent_back = pair.status in ("Rejected", "Rematch")
    if pair.status == "Rematch":
        pair.status = pair.cells["Status"] = "Ended"
    elif not pair.status:
        pair.status = pair.cells["Status"] = start_as
    if is_blank(pair.cells.get("Matched On")):
        pair.cells["Matched On"] = today
    cells = pair.cells
    if pair.status in ("Active", "Paused") and is_blank(cells.get("Active Since")):
        if upgrading and pair.matched_on is not None:
            cells["Active Since"] = pair.matched_on
        elif pair.status == "Active":
            cells["Active Since"] = today
    if pair.status == "Ended":
        if is_blank(cells.get("Ended On")):
            cells["Ended On"] = today
        if is_blank(cells.get("Closure Reason")):
            problems.append(say.no_closure_reason(pair.row, pair.pair_id))
        elif pair.closure_reason is None:
            problems.append(say.unknown_closure_reason(pair.row, pair.pair_id,
                                                       cells["Closure Reason"]))
