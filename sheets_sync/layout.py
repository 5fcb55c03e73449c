"""The engine-owned tabs' columns and look, shared by `new` and by every sync."""

from __future__ import annotations

from sheets_sync.model import (
    DASHBOARD,
    FOLLOW_UPS,
    PAIRINGS,
    PROBLEMS,
    SCHEDULE,
    SYNC_LOG,
    UNMATCHED,
    Chart,
    Sheet,
    SheetFormat,
    Table,
)

PAIR_STATUSES = ("Proposed", "Active", "Paused", "Ended", "Rematch", "Rejected")
FLAGS = ("Concern raised", "Escalate", "Overdue", "Awaiting first meeting", "Due soon", "On track")

HEADERS: dict[str, list[str]] = {
    PAIRINGS: ["Pair ID", "Mentee", "Mentee Email", "Mentor", "Mentor Email", "Score", "Why",
               "Status", "Matched On", "Coordinator Notes"],
    SCHEDULE: ["Pair ID", "Session", "Date", "Start", "End", "Time Zone", "Mentee", "Mentor",
               "Note"],
    FOLLOW_UPS: ["Pair ID", "Mentee", "Mentor", "Last Check-in", "Next Due", "Days Overdue",
                 "Flag", "Action"],
    UNMATCHED: ["Email", "Name", "Reason"],
    PROBLEMS: ["Tab", "Row", "Column", "Value", "Problem"],
    DASHBOARD: ["Measure", "Value"],
    SYNC_LOG: ["When", "Today", "Changes", "Seconds"],
}


FLAG_COLOURS = {
    "Concern raised": "F4B6B6",
    "Escalate": "F8CBAD",
    "Overdue": "FFE699",
    "Awaiting first meeting": "DDEBF7",
    "Due soon": "FFF2CC",
    "On track": "C6EFCE",
}
STATUS_COLOURS = {
    "Proposed": "FFF2CC",
    "Active": "C6EFCE",
    "Paused": "EDEDED",
    "Rematch": "F8CBAD",
    "Rejected": "F4B6B6",
    "Ended": "D9D9D9",
}

# The Dashboard's rows are always the same measures, the follow-up flags last (rows 16-21):
# the chart drawn over them can be laid out once, when the workbook is made.
DASHBOARD_CHART = Chart("Follow-ups by flag", label_column=0, value_column=1, first_row=16,
                        last_row=21, anchor="D2")

FORMATS: dict[str, SheetFormat] = {
    PAIRINGS: SheetFormat(
        widths={"Why": 60, "Coordinator Notes": 40},
        dropdowns={"Status": list(PAIR_STATUSES)},
        highlights={"Status": STATUS_COLOURS},
        date_columns=("Matched On",),
    ),
    SCHEDULE: SheetFormat(date_columns=("Date",), widths={"Note": 40}),
    FOLLOW_UPS: SheetFormat(
        widths={"Action": 70},
        highlights={"Flag": FLAG_COLOURS},
        date_columns=("Last Check-in", "Next Due"),
    ),
    UNMATCHED: SheetFormat(widths={"Reason": 90}),
    PROBLEMS: SheetFormat(widths={"Problem": 90, "Value": 30}),
    DASHBOARD: SheetFormat(widths={"Measure": 34, "Value": 14}, bold_first_column=True,
                           chart=DASHBOARD_CHART),
    SYNC_LOG: SheetFormat(widths={"When": 20, "Changes": 80}),
}


def owned_sheet(name: str, rows: list[list] | None = None,
                header: list[str] | None = None) -> Sheet:
    """An engine-owned tab with its standard look (header may carry coordinator columns)."""
    table = Table(name, list(header or HEADERS[name]), [list(r) for r in rows or []])
    return Sheet(table, FORMATS[name])


def empty_owned_sheets() -> list[Sheet]:
    """Every engine-owned tab with headers only, for a new workbook."""
    return [owned_sheet(name) for name in HEADERS]
