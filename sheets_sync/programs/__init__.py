"""Program types: what `sheets-sync new --program NAME` lays out, one data module each.

Adding a program type: write ``sheets_sync/programs/<name>.py`` defining ``PROGRAM`` (a
:class:`~sheets_sync.programs.base.Program`: roster questions, rules, settings, Start Here text
and a sample profile), then list it in ``_MODULES`` below.
"""

from __future__ import annotations

import datetime as dt

from sheets_sync.errors import UsageError
from sheets_sync.inputs.settings import Settings
from sheets_sync.model import Sheet, normalise_header
from sheets_sync.programs import (
    arts,
    at_risk_youth,
    builder,
    career_paths,
    cross_generational,
    general,
    learning_support,
    lgbtq,
    low_income,
    mental_health,
    peer,
    reverse,
    stem,
    virtual,
)
from sheets_sync.programs.base import Program

# In the order `sheets-sync programs` lists them.
_MODULES = (reverse, learning_support, at_risk_youth, arts, peer, career_paths, lgbtq,
            cross_generational, low_income, virtual, mental_health, stem, general)

PROGRAMS: dict[str, Program] = {module.PROGRAM.name: module.PROGRAM for module in _MODULES}

MAX_SAMPLE = 100_000


def get_program(name: str) -> Program:
    """The program type called ``name`` (case and spaces ignored)."""
    wanted = normalise_header(name).replace(" ", "-")
    for program in PROGRAMS.values():
        if program.name == wanted:
            return program
    raise UsageError(
        f"There is no program type called '{name}'. Known program types: "
        f"{', '.join(PROGRAMS)}.",
        fix="Run `sheets-sync programs` to see what each one is for, then pass one of those "
            "names to --program.",
    )


def template_settings(name: str) -> Settings | None:
    """The Settings a new workbook of program type ``name`` starts with, or None if there is
    no such program type: what a setting falls back to when its cell can't be read."""
    wanted = normalise_header(name).replace(" ", "-")
    program = PROGRAMS.get(wanted)
    return None if program is None else builder.program_settings(program)


def build_workbook(name: str, sample: int = 0, today: dt.date | None = None) -> list[Sheet]:
    """Every tab of a new workbook for program ``name``, in order; ``sample`` > 0 fills the
    rosters (and some pairs and check-ins) with that many made-up mentees, deterministically
    for the same (name, sample, today)."""
    program = get_program(name)
    if not 0 <= sample <= MAX_SAMPLE:
        raise UsageError(f"--sample must be between 0 and {MAX_SAMPLE}, not {sample}.",
                         fix="Pass a number of sample mentees such as --sample 20.")
    return builder.build_workbook(program, sample, today)


__all__ = ["PROGRAMS", "Program", "build_workbook", "get_program", "template_settings"]
