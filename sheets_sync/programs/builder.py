"""Lays a program out as the tabs of a new workbook, optionally with sample people."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

from sheets_sync.layout import HEADERS, empty_owned_sheets, owned_sheet
from sheets_sync.model import PAIRINGS, RULES, SETTINGS, Cell, Sheet, SheetFormat, Table
from sheets_sync.programs.base import MENTEE, MENTOR, RULE_KINDS, TESTS, YES_NO, Column, Program
from sheets_sync.programs.samples import CHECK_IN_HEADERS, Sample, generate
from sheets_sync.settings import Settings, settings_rows

START_HERE = "Start Here"
LISTS = "Lists"
RULES_HEADER = ["Rule", "Mentee column", "Test", "Mentor column", "Value", "Weight", "Note"]
SETTINGS_HEADER = ["Setting", "Value", "Help"]
EXAMPLE_FILE = "program.xlsx"


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
    return [
        start_here_sheet(program, settings, data),
        Sheet(Table(SETTINGS, list(SETTINGS_HEADER), settings_rows(settings)),
              SheetFormat(widths={"Setting": 32, "Value": 40, "Help": 80},
                          wrap_columns=("Help",), bold_first_column=True)),
        rules_sheet(program),
        roster_sheet(program, MENTEE, settings.mentee_tab, data.mentees),
        roster_sheet(program, MENTOR, settings.mentor_tab, data.mentors),
        Sheet(Table(settings.check_in_tab, list(CHECK_IN_HEADERS),
                    [[row.get(head) for head in CHECK_IN_HEADERS] for row in data.check_ins]),
              SheetFormat(widths={"Timestamp": 20, "Your Email": 32, "Pair ID": 10,
                                  "Mentee Email": 32, "Mentor Email": 32, "Meeting Date": 14,
                                  "Concern": 10, "Notes": 60, "Handled": 30},
                          dropdowns={"Concern": list(YES_NO)}, date_columns=("Meeting Date",),
                          wrap_columns=("Notes", "Handled"))),
        lists_sheet(program),
        *owned,
    ]


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


# --- Start Here ------------------------------------------------------------------------------


def start_here_sheet(program: Program, settings: Settings, data: Sample) -> Sheet:
    paragraphs = [
        f"{program.title}. {program.description}",
        *program.start_here,
        *_workflow(settings),
        *_questions(program, settings),
        *_running(),
    ]
    if data.mentees:
        paragraphs += [
            f"This copy holds {len(data.mentees)} made-up mentees and {len(data.mentors)} "
            "made-up mentors (every email ends in @example.org) so you can try a sync at once. "
            "Delete their rows, and the Pairings and Check-ins rows, before real people sign up.",
            *data.story,
        ]
    rows = [[text] for text in paragraphs]
    look = SheetFormat(widths={START_HERE: 120}, wrap_columns=(START_HERE,))
    return Sheet(Table(START_HERE, [START_HERE], rows), look)


def _workflow(settings: Settings) -> list[str]:
    mentees, mentors, check_ins = settings.mentee_tab, settings.mentor_tab, settings.check_in_tab
    if settings.new_pairs_start_as == "Active":
        start = "New pairs start as Active, so they are live at once; you can still change them."
    else:
        start = ("New pairs start as Proposed, so nothing happens until you approve them: read "
                 "the Score and Why columns, then set Status to Active.")
    return [
        f"How it works: people sign up on the {mentees} and {mentors} tabs (a Google Form's "
        "response tab works as it is). You screen them there, setting Approved to Yes. Each "
        "sync pairs approved mentees with approved mentors following the Rules tab, plans "
        "their sessions and flags pairs whose check-in is due, overdue or needs you.",
        "Settings: how often pairs meet, how late a check-in may be before it is escalated, "
        "each mentor's default capacity, which columns are private, and the tab names.",
        "Rules: what makes a good pair. Must rows are hard rules (a pair that breaks one is "
        "never proposed); Prefer rows add their Weight to a pair's score. Columns are named by "
        "their header text. Edit, add or remove rows; the Note says why each rule is there.",
        f"{mentees} and {mentors}: one person a row, one column per sign-up question. Approved "
        "Yes lets a person be matched; Status On hold or Withdrawn keeps them out of new pairs. "
        "A mentor's Capacity is how many mentees they take (blank: the default in Settings).",
        f"{check_ins}: one row per meeting, ideally from a check-in form. Name the pair by its "
        "Pair ID or by the mentee's and mentor's emails; Concern Yes flags the pair for you.",
        "Lists: the choices of each checkbox question, to copy into your forms.",
        "Pairings, Schedule, Follow-ups, Unmatched, Problems, Dashboard and Sync Log belong to "
        "sheets-sync: each sync rewrites them, but keeps the Status and Coordinator Notes you "
        "type in Pairings and any column you add to these tabs. Unmatched says why each "
        "mentee has no mentor; Problems lists every cell that could not be used.",
        f"{start} Set Status to Rejected to turn a pair down (those two are never proposed "
        "again), or to Rematch to end a pair and find the mentee a different mentor. Paused "
        "keeps a pair without follow-ups; Ended closes it. A pair keeps its row and Pair ID.",
    ]


def _questions(program: Program, settings: Settings) -> list[str]:
    paragraphs = []
    for side, tab in ((MENTEE, settings.mentee_tab), (MENTOR, settings.mentor_tab)):
        asked = []
        for column in program.columns(side)[1:]:
            if column.header in ("Approved", "Status"):
                continue
            if column.multi:
                kind = "checkboxes, choices on the Lists tab"
            else:
                kind = "one of: " + ", ".join(column.options) if column.options else ""
            extra = "; ".join(part for part in (kind, column.help,
                                                 "private" if column.private else "") if part)
            asked.append(f"{column.header} ({extra})" if extra else column.header)
        paragraphs.append(f"The {side} sign-up form (its answers fill the {tab} tab) asks: "
                          + "; ".join(asked) + ".")
    if settings.private_columns:
        paragraphs.append("Private columns (" + ", ".join(settings.private_columns) + ") "
                          "stay on their own tab: sheets-sync never copies them anywhere.")
    return paragraphs


def _running() -> list[str]:
    return [
        f"Run a sync by hand with: sheets-sync sync {EXAMPLE_FILE} (use your file's name). "
        f"Add --dry-run to see what would change first, or run sheets-sync check {EXAMPLE_FILE} "
        "to check the rules and data without writing anything.",
        f"To sync on a schedule, run: sheets-sync cron {EXAMPLE_FILE} --every 30m and add the "
        "line it prints to your crontab (crontab -e). A sync that finds nothing new writes "
        "nothing.",
    ]
