"""The engine-owned tabs' columns and look, shared by `new` and by every sync."""

from __future__ import annotations

from sheets_sync.model import (
    DASHBOARD,
    DATE_TIME_FORMAT,
    FOLLOW_UPS,
    OUTBOX,
    PAIRINGS,
    PROBLEMS,
    REPORTS,
    SCHEDULE,
    SYNC_LOG,
    UNMATCHED,
    WEEKDAY_DATE_FORMAT,
    Cell,
    Chart,
    Sheet,
    SheetFormat,
    Table,
)

PAIR_STATUSES = ("Proposed", "Active", "Paused", "Ended", "Rematch", "Rejected")
FLAGS = ("Concern raised", "Escalate", "Overdue", "Awaiting first meeting", "Due soon", "On track")
# Why a pair ended, as the Pairings dropdown offers it; the first two are endings as planned.
SAFETY_ENDING = "Safety or conduct concern"  # no cheerful thank-you after that
CLOSURE_REASONS = ("Completed the program", "Goals met", "Mentee moved or changed school",
                   "Mentor moved", "Mentor ran out of time", "Mentee stopped responding",
                   "Mentor stopped responding", "Not a good fit", SAFETY_ENDING,
                   "Other")
PLANNED_ENDINGS = CLOSURE_REASONS[:2]

HEADERS: dict[str, list[str]] = {
    PAIRINGS: ["Pair ID", "Mentee", "Mentee Email", "Mentor", "Mentor Email", "Score", "Why",
               "Status", "Matched On", "Active Since", "Ended On", "Closure Reason",
               "Coordinator Notes"],
    SCHEDULE: ["Pair ID", "Session", "Date", "Start", "End", "Time Zone", "Mentee", "Mentor",
               "Note"],
    FOLLOW_UPS: ["Pair ID", "Mentee", "Mentor", "Contact", "Last Check-in", "Next Due",
                 "Days Overdue", "Flag", "Action"],
    UNMATCHED: ["Email", "Name", "Waiting Since", "Days Waiting", "Reason"],
    PROBLEMS: ["Tab", "Row", "Column", "Value", "Problem"],
    DASHBOARD: ["Measure", "Value"],
    REPORTS: ["Figure"],  # then one column per program year, newest first
    SYNC_LOG: ["When", "Today", "Changes", "Seconds"],
    OUTBOX: ["Message ID", "Pair ID", "Message", "To", "Cc", "Subject", "Body", "Due On",
             "Sent At", "Error"],
}


FLAG_COLOURS = {
    "Concern raised": "F4B6B6",
    "Escalate": "F8CBAD",
    "Overdue": "FFE699",
    "Awaiting first meeting": "DDEBF7",
    "Due soon": "FFF2CC",
    "On track": "C6EFCE",
}
NEW_PAIR_COLOUR = "BDD7EE"
STATUS_COLOURS = {
    "Proposed": "FFF2CC",
    "Active": "C6EFCE",
    "Paused": "EDEDED",
    "Rematch": "F8CBAD",
    "Rejected": "F4B6B6",
    "Ended": "D9D9D9",
}



def dashboard_chart(first_row: int, last_row: int) -> Chart:
    """The Dashboard's chart over the follow-up flag counts (its last rows). The rows are
    always the same measures, so the chart can be laid out once, when the workbook is made."""
    return Chart("Follow-ups by flag", label_column=0, value_column=1, first_row=first_row,
                 last_row=last_row, anchor="D2")


DASHBOARD_ROWS = 17  # measures above the flag counts
DASHBOARD_CHART = dashboard_chart(DASHBOARD_ROWS + 2, DASHBOARD_ROWS + 1 + len(FLAGS))

FORMATS: dict[str, SheetFormat] = {
    PAIRINGS: SheetFormat(
        widths={"Pair ID": 9, "Mentee": 18, "Mentee Email": 30, "Mentor": 18,
                "Mentor Email": 30, "Score": 7, "Why": 44, "Status": 11, "Matched On": 12,
                "Active Since": 12, "Ended On": 12, "Closure Reason": 24,
                "Coordinator Notes": 32},
        dropdowns={"Status": list(PAIR_STATUSES), "Closure Reason": list(CLOSURE_REASONS)},
        highlights={"Status": STATUS_COLOURS},
        recent=("Pair ID", "Matched On", 7, NEW_PAIR_COLOUR),  # pairs made this week
        date_columns=("Matched On", "Active Since", "Ended On"),
        wrap_columns=("Why", "Coordinator Notes"),
        landscape=True,
    ),
    SCHEDULE: SheetFormat(
        widths={"Pair ID": 9, "Session": 8, "Date": 16, "Start": 7, "End": 7, "Time Zone": 16,
                "Mentee": 20, "Mentor": 20, "Note": 44},
        date_columns=("Date",), number_formats={"Date": WEEKDAY_DATE_FORMAT},
        wrap_columns=("Note",), landscape=True,
    ),
    FOLLOW_UPS: SheetFormat(
        widths={"Pair ID": 9, "Mentee": 18, "Mentor": 18, "Contact": 30, "Last Check-in": 13,
                "Next Due": 13, "Days Overdue": 13, "Flag": 20, "Action": 64},
        highlights={"Flag": FLAG_COLOURS},
        date_columns=("Last Check-in", "Next Due"),
        wrap_columns=("Contact", "Action"), landscape=True,
    ),
    UNMATCHED: SheetFormat(
        widths={"Email": 30, "Name": 22, "Waiting Since": 14, "Days Waiting": 13, "Reason": 90},
        date_columns=("Waiting Since",), wrap_columns=("Reason",), landscape=True),
    PROBLEMS: SheetFormat(
        widths={"Tab": 14, "Row": 6, "Column": 24, "Value": 28, "Problem": 90},
        wrap_columns=("Value", "Problem"), landscape=True),
    DASHBOARD: SheetFormat(widths={"Measure": 46, "Value": 44}, bold_first_column=True,
                           chart=DASHBOARD_CHART, wrap_columns=("Value",), landscape=True),
    REPORTS: SheetFormat(widths={"Figure": 34}, bold_first_column=True, landscape=True),
    # "When" is shown to the second: Google reads a date back as it shows it, so a format
    # without seconds would make a logged time read back as another one.
    SYNC_LOG: SheetFormat(widths={"When": 20, "Today": 12, "Changes": 90, "Seconds": 9},
                          date_columns=("When", "Today"),
                          number_formats={"When": DATE_TIME_FORMAT + ":ss"},
                          wrap_columns=("Changes",), landscape=True),
    OUTBOX: SheetFormat(
        widths={"Message ID": 36, "Pair ID": 8, "Message": 17, "To": 30, "Cc": 24,
                "Subject": 30, "Body": 60, "Due On": 11, "Sent At": 16, "Error": 36},
        date_columns=("Due On", "Sent At"), number_formats={"Sent At": DATE_TIME_FORMAT},
        wrap_columns=("To", "Cc", "Subject", "Body", "Error"), landscape=True),
}


def owned_sheet(name: str, rows: list[list[Cell]] | None = None,
                header: list[str] | None = None) -> Sheet:
    """An engine-owned tab with its standard look (header may carry coordinator columns)."""
    table = Table(name, list(header or HEADERS[name]), [list(r) for r in rows or []])
    return Sheet(table, FORMATS[name])


def empty_owned_sheets() -> list[Sheet]:
    """Every engine-owned tab with headers only, for a new workbook."""
    return [owned_sheet(name) for name in HEADERS]
