"""Roster columns read once into arrays the scorers use: texts, item lists, numbers (ages,
grades, time zones) and weekly availability grids in UTC. Unreadable cells become Problems."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from sheets_sync.inputs import values, zones
from sheets_sync.inputs.availability import Ranges
from sheets_sync.inputs.roster import Person, Roster
from sheets_sync.model import Cell, Problem, is_blank
from sheets_sync.words import problems as say

TIME_ZONE_HEADERS = ("Time zone", "Timezone", "Your time zone", "Time zone (UTC offset)")
T = TypeVar("T")
# Text is memoised by itself, other cells by (type, value): the type keeps 1, 1.0 and True
# apart. Floats (0.0 and -0.0 are equal keys), datetimes and times (equal across time zones,
# yet written differently) are parsed every time: they are cheap and rare in forms.
_MEMO_TYPES = frozenset({int, bool, type(None), dt.date})
_TEXT_OR_BLANK = frozenset({str, type(None)})


def parse_each(parse: Callable[[Cell], T], cells: list[Cell]) -> list[T]:
    """``[parse(v) for v in cells]``, parsing each distinct cell once: forms give few distinct
    answers. Equal cells share one result, so results must not be modified."""
    if _TEXT_OR_BLANK.issuperset(map(type, cells)):  # a form's column: parsed in bulk
        parsed = {value: parse(value) for value in dict.fromkeys(cells)}
        return list(map(parsed.__getitem__, cells))
    texts: dict[str, T] = {}      # text, the common case, keyed by itself
    seen: dict[tuple[type, Cell], T] = {}
    out = []
    for value in cells:
        if value.__class__ is str:
            if value not in texts:
                texts[value] = parse(value)
            out.append(texts[value])
        elif value.__class__ in _MEMO_TYPES:
            key = (value.__class__, value)
            if key not in seen:
                seen[key] = parse(value)
            out.append(seen[key])
        else:
            out.append(parse(value))
    return out


class ColumnReader:
    """Parses each roster column once per kind and gathers the cells it could not read."""

    def __init__(self, mentees: Roster, mentors: Roster, today: dt.date, offset: float) -> None:
        self.sides = {"mentee": mentees, "mentor": mentors}
        self.today = today
        self.offset = offset
        self._problems: dict[tuple[str, int, str], Problem] = {}
        # Each column parsed once per kind, by (side, column).
        self._texts: dict[tuple[str, str], list[str]] = {}
        self._lists: dict[tuple[str, str], list[list[str]]] = {}
        self._numbers: dict[tuple[str, str], np.ndarray] = {}
        self._weeks: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
        self._offsets: dict[str, list[float]] = {}

    def problems(self) -> list[Problem]:
        return list(self._problems.values())

    def _add(self, words: Callable[..., Problem], side: str, person: Person, column: str,
             value: Cell, *more: object) -> None:
        """A Problems row for a person's cell, once per cell."""
        tab = self.sides[side].table.name
        self._problems.setdefault((tab, person.row, column),
                                  words(tab, person.row, column, value, *more))

    # -- column readers -------------------------------------------------------------------
    def _cells(self, side: str, column: str) -> list[Cell]:
        return self.sides[side].column_values(column)

    def texts(self, side: str, column: str) -> list[str]:
        key = (side, column)
        if key not in self._texts:
            self._texts[key] = parse_each(values.normalise_text, self._cells(side, column))
        return self._texts[key]

    def lists(self, side: str, column: str) -> list[list[str]]:
        key = (side, column)
        if key not in self._lists:
            self._lists[key] = parse_each(values.split_list, self._cells(side, column))
        return self._lists[key]

    def numbers(self, side: str, column: str) -> np.ndarray:
        key = (side, column)
        if key not in self._numbers:
            people = self.sides[side].eligible
            cells = self._cells(side, column)
            out = np.full(len(people), np.nan)
            for k, (person, value, number) in enumerate(zip(
                    people, cells, parse_each(self._number, cells), strict=True)):
                if number is None and not is_blank(value):
                    self._add(say.impossible_birth_date if values.is_future_date(
                        value, self.today) else say.unreadable_number, side, person, column,
                        value)
                out[k] = np.nan if number is None else number
            self._numbers[key] = out
        return self._numbers[key]

    def _number(self, value: Cell) -> float | None:
        level = values.parse_level(value, self.today)
        return level if level is not None else zones.parse_utc_offset(value, self.today)

    def week(self, side: str, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Availability as UTC quarter-hour grids: the distinct grids (bool, grids × week
        slots) and which one each person has."""
        key = (side, column)
        if key not in self._weeks:
            people = self.sides[side].eligible
            cells = self._cells(side, column)
            parsed = parse_each(values.parse_slots, cells)
            for person, value, (_ranges, unknown) in zip(people, cells, parsed, strict=True):
                if unknown:
                    self._add(say.unreadable_times, side, person, column, value, list(unknown))
            # Equal (slots, time zone) share one grid, built once.
            seen: dict[tuple[Ranges, float], int] = {}
            at = np.fromiter((seen.setdefault((ranges, offset), len(seen)) for (ranges, _u), offset
                              in zip(parsed, self.offsets(side), strict=True)),
                             dtype=np.int64, count=len(people))
            grids = np.zeros((len(seen), values.WEEK_SLOTS), dtype=bool)
            for k, (ranges, offset) in enumerate(seen):
                grids[k] = values.slots_grid(ranges, offset)
            self._weeks[key] = (grids, at)
        return self._weeks[key]

    def offsets(self, side: str) -> list[float]:
        """Each person's hours east of UTC: their time zone column's, else the program's."""
        if side not in self._offsets:
            roster = self.sides[side]
            index = roster.table.column(*TIME_ZONE_HEADERS)
            if index is None:
                index = roster.table.column_containing("time zone")
            if index is None:  # no time zone column: everyone is in the program's
                self._offsets[side] = [self.offset] * len(roster.eligible)
                return self._offsets[side]
            column = roster.table.header[index]
            cells = [person.cells[index] for person in roster.eligible]
            result = []
            for person, value, offset in zip(roster.eligible, cells, parse_each(
                    lambda v: zones.parse_utc_offset(v, self.today), cells), strict=True):
                if offset is None and not is_blank(value):
                    self._add(say.unknown_person_zone, side, person, column, value)
                result.append(self.offset if offset is None else offset)
            self._offsets[side] = result
        return self._offsets[side]
