"""What one sync reads: the workbook's settings, rules, rosters, pairs and check-ins, before any
matching. Every room below the engine takes this, never the engine itself."""

from __future__ import annotations

from dataclasses import dataclass, field

from sheets_sync.inputs.pairings import PairBook
from sheets_sync.inputs.roster import Roster
from sheets_sync.inputs.rules import Rule
from sheets_sync.inputs.settings import Settings
from sheets_sync.model import Problem, Table


@dataclass
class Program:
    """Everything read from a workbook, before any matching."""

    settings: Settings
    rules: list[Rule]
    mentees: Roster
    mentors: Roster
    book: PairBook
    check_in_table: Table | None
    problems: list[Problem] = field(default_factory=list)
