"""How made-up sample people answer each sign-up question: one answer, several, a number, a
phone number, or a program's own function; and the mentees planted to show the Unmatched tab."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sheets_sync.model import Cell

Choices = Mapping[str, float] | Sequence[str]


def weighted(choices: Choices) -> tuple[list[str], list[float]]:
    """Items and weights of a choices spec (a plain sequence weighs every item 1)."""
    if isinstance(choices, Mapping):
        return list(choices), [float(w) for w in choices.values()]
    return list(choices), [1.0] * len(choices)


@dataclass(frozen=True)
class One:
    """One answer picked from weighted choices (a dropdown or multiple-choice question)."""

    choices: Choices
    blank: float = 0.0  # chance the answer is left blank

    def draw(self, rng: random.Random, person: dict[str, Any]) -> Cell:
        if self.blank and rng.random() < self.blank:
            return None
        items, weights = weighted(self.choices)
        return rng.choices(items, weights)[0]


@dataclass(frozen=True)
class Many:
    """Several answers (a checkbox question), written ", " separated in option order.

    Each item of ``usually`` is ticked with its own probability, then ``count`` more are picked
    from ``choices`` by weight; at least ``at_least`` items are always ticked.
    """

    choices: Choices
    count: tuple[int, int] = (1, 3)
    usually: Mapping[str, float] = field(default_factory=dict)
    at_least: int = 1
    blank: float = 0.0

    def draw(self, rng: random.Random, person: dict[str, Any]) -> Cell:
        if self.blank and rng.random() < self.blank:
            return None
        picked = [item for item, chance in self.usually.items() if rng.random() < chance]
        items, weights = weighted(self.choices)
        wanted = len(picked) + rng.randint(*self.count)
        wanted = max(wanted, self.at_least)
        pool = [(i, w) for i, w in zip(items, weights, strict=True) if i not in picked]
        while len(picked) < wanted and pool:
            index = rng.choices(range(len(pool)), [w for _i, w in pool])[0]
            picked.append(pool.pop(index)[0])
        order = [*self.usually, *items]
        return ", ".join(sorted(picked, key=order.index)) or None


@dataclass(frozen=True)
class Number:
    """A whole number in [low, high] (an age, a grade, a birth year)."""

    low: int
    high: int
    blank: float = 0.0

    def draw(self, rng: random.Random, person: dict[str, Any]) -> Cell:
        if self.blank and rng.random() < self.blank:
            return None
        return rng.randint(self.low, self.high)


@dataclass(frozen=True)
class Phone:
    """A phone number in the range set aside for fiction (555-0100 to 555-0199)."""

    area_codes: tuple[str, ...] = ("212", "312", "415", "503", "617", "646", "713", "919")

    def draw(self, rng: random.Random, person: dict[str, Any]) -> Cell:
        return f"({rng.choice(self.area_codes)}) 555-01{rng.randint(0, 99):02d}"


@dataclass(frozen=True)
class Custom:
    """The escape hatch: ``function(rng, person)`` returns the cell. ``person`` holds the
    answers drawn so far (by header) plus ``_role`` ("mentee"/"mentor") and ``_culture``."""

    function: Callable[[random.Random, dict[str, Any]], Cell]

    def draw(self, rng: random.Random, person: dict[str, Any]) -> Cell:
        return self.function(rng, person)


Draw = One | Many | Number | Phone | Custom


@dataclass(frozen=True)
class Planted:
    """A sample mentee placed on purpose so the Unmatched tab has something to explain."""

    answers: Mapping[str, Cell]  # header -> answer, over the randomly drawn ones
    reason: str  # in a coordinator's words, for the Start Here tab
    culture: str | None = None  # name pool to draw the name from (see ``names``)
