"""Lays a program out as the tabs of a new workbook, optionally with sample people."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields, replace
from typing import Any

from sheets_sync.inputs.settings import Settings, settings_rows
from sheets_sync.messages.kinds import KINDS
from sheets_sync.messages.templates import template_table
from sheets_sync.model import PAIRINGS, RULES, SETTINGS, Cell, Sheet, SheetFormat, Table
from sheets_sync.outputs.layout import HEADERS, empty_owned_sheets, owned_sheet
from sheets_sync.programs.base import MENTEE, MENTOR, RULE_KINDS, TESTS, YES_NO, Column, Program
from sheets_sync.programs.guide import how_it_works_sheet, rule_tests_sheet, start_here_sheet
from sheets_sync.programs.samples import CHECK_IN_HEADERS, Sample, generate
from sheets_sync.programs.voices import message_rows

LISTS = "Lists"
RULES_HEADER = ["Rule", "Mentee column", "Test", "Mentor column", "Value", "Weight", "Note"]
SETTINGS_HEADER = ["Setting", "Value", "Help"]


def program_settings(program: Program) -> Settings:
    """The Settings a new workbook of this program starts with."""
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(program.settings) - known)
    if unknown:
        raise ValueError(f"Program '{program.name}' sets unknown settings: {', '.join(unknown)}")
    values: dict[str, Any] = {
        "program": program.name,
        "mentee_tab": "Mentees",
        "mentor_tab": "Mentors",
        "check_in_tab": "Check-ins",
        "private_columns": tuple(program.private_headers()),
    }
    values.update(program.settings)
    values["private_columns"] = tuple(values["private_columns"])
    return Settings(**values)


def build_workbook(program: Program, sample: int = 0,
                   today: dt.date | None = None) -> list[Sheet]:
    """Every tab of a new workbook, in order (with ``sample`` made-up mentees when > 0)."""
    today = today or dt.date.today()
    settings = program_settings(program)
    data = generate(program, sample, today, settings) if sample > 0 else Sample()
    owned = empty_owned_sheets()
    if data.pairings:
        header = HEADERS[PAIRINGS]
        rows = [[pair.get(head) for head in header] for pair in data.pairings]
        owned = [owned_sheet(PAIRINGS, rows) if s.name == PAIRINGS else s for s in owned]
    coordinators = [
        start_here_sheet(program, settings, data),
        how_it_works_sheet(program, settings, data),
        Sheet(Table(SETTINGS, list(SETTINGS_HEADER), settings_rows(settings)),
              SheetFormat(widths={"Setting": 32, "Value": 40, "Help": 80},
                          wrap_columns=("Help",), bold_first_column=True)),
        rules_sheet(program),
        rule_tests_sheet(),
        roster_sheet(program, MENTEE, settings.mentee_tab, data.mentees),
        roster_sheet(program, MENTOR, settings.mentor_tab, data.mentors),
        Sheet(Table(settings.check_in_tab, list(CHECK_IN_HEADERS),
                    [[row.get(head) for head in CHECK_IN_HEADERS] for row in data.check_ins]),
              SheetFormat(widths={"Timestamp": 20, "Your Email": 32, "Pair ID": 10,
                                  "Mentee Email": 32, "Mentor Email": 32, "Meeting Date": 14,
                                  "Concern": 10, "Notes": 60, "Handled": 30},
                          dropdowns={"Concern": list(YES_NO)}, date_columns=("Meeting Date",),
                          wrap_columns=("Notes", "Handled"))),
        messages_sheet(program),
        lists_sheet(program),
    ]
    # Every tab prints landscape, one page wide, its header on each page.
    printable = [Sheet(s.table, replace(s.format, landscape=True)) for s in coordinators]
    return [*printable, *owned]


def messages_sheet(program: Program) -> Sheet:
    """The coordinator's message templates, in this program's voice."""
    look = SheetFormat(widths={"Message": 20, "Send to": 24, "Subject": 34, "Body": 80,
                               "Send": 7},
                       dropdowns={"Message": [k.name for k in KINDS], "Send": list(YES_NO)},
                       wrap_columns=("Send to", "Subject", "Body"), bold_first_column=True,
                       landscape=True)
    return Sheet(template_table(message_rows(program.name)), look)


def rules_sheet(program: Program) -> Sheet:
    table = Table(RULES, list(RULES_HEADER), [rule.as_row() for rule in program.rules])
    look = SheetFormat(
        widths={"Rule": 10, "Mentee column": 30, "Test": 16, "Mentor column": 30, "Value": 10,
                "Weight": 8, "Note": 80},
        dropdowns={"Rule": list(RULE_KINDS), "Test": list(TESTS)},
        wrap_columns=("Note",),
    )
    return Sheet(table, look)


def roster_sheet(program: Program, side: str, name: str, people: list[dict[str, Cell]]) -> Sheet:
    columns = program.columns(side)
    headers = [c.header for c in columns]
    look = SheetFormat(
        widths={c.header: _width(c) for c in columns},
        dropdowns={c.header: list(c.options) for c in columns if c.options and not c.multi},
        wrap_columns=tuple(c.header for c in columns if c.multi),
    )
    return Sheet(Table(name, headers, [[p.get(h) for h in headers] for p in people]), look)


def lists_sheet(program: Program) -> Sheet:
    """One column per checkbox question, listing its options (the form's choices)."""
    lists: dict[str, list[str]] = {}
    for column in (*program.mentee_columns, *program.mentor_columns):
        if column.multi and column.options:
            options = lists.setdefault(column.header, [])
            options += [o for o in column.options if o not in options]
    if not lists:
        lists = {"Options": ["This program has no checkbox questions."]}
    depth = max(len(options) for options in lists.values())
    rows = [[options[i] if i < len(options) else None for options in lists.values()]
            for i in range(depth)]
    look = SheetFormat(widths={header: max(20, min(40, len(header) + 4)) for header in lists})
    return Sheet(Table(LISTS, list(lists), rows), look)


def _width(column: Column) -> float:
    if column.width is not None:
        return column.width
    if column.multi:
        return 36
    return max(14, min(36, len(column.header) + 2))
