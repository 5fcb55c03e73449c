"""Rows of the Problems tab: a cell the sync could not use, what it did instead, and the fix.

Row numbers are the sheet's (the header is row 1). A problem never stops a sync; the errors at
the end of this module do (``Blocker``), and they are listed at the top of the Problems tab.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sheets_sync.model import PAIRINGS, SETTINGS, Cell, Problem

DATE_EXAMPLE = "2026-11-24"


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 mentor', '3 mentors'."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def day(date: dt.date) -> str:
    """A date as a coordinator reads it in a sentence: 'Mon 7 Dec'."""
    return f"{date:%a} {date.day} {date:%b}"


# --- roster tabs ---------------------------------------------------------------------------


def no_email(tab: str, row: int, column: str, value: Cell) -> Problem:
    return Problem(tab, row, column, value,
                   "No email address, so this person can't be matched. Add their email.")


def not_an_email(tab: str, row: int, column: str, value: Cell) -> Problem:
    return Problem(tab, row, column, value, "This is not an email address, so this person "
                   "can't be matched. Correct it.")


def repeated_email(tab: str, row: int, column: str, value: Cell, email: str,
                   used_row: int) -> Problem:
    return Problem(tab, row, column, value, f"{email} signed up again on row {used_row}; that "
                   "later entry is the one used. Delete or merge the older row.")


def bad_capacity(tab: str, row: int, column: str, value: Cell, default: int,
                 most: int) -> Problem:
    return Problem(tab, row, column, value, f"Capacity must be a whole number from 0 to {most}, "
                   f"such as 2; using the default of {default} from Settings.")


def unclear_approval(tab: str, row: int, column: str, value: Cell) -> Problem:
    return Problem(tab, row, column, value, "Can't tell whether this person is approved, so "
                   "they are not matched yet. Write Yes or No.")


def unknown_status_word(tab: str, row: int, column: str, value: Cell) -> Problem:
    return Problem(tab, row, column, value, f"'{value}' is not a Status sheets-sync knows, so "
                   "this person is not matched. Write Approved (ready to be matched), Pending "
                   "(not yet) or Withdrawn (left the program).")


def unreadable_number(tab: str, row: int, column: str, value: Cell) -> Problem:
    return Problem(tab, row, column, value, "Can't read this as a number (an age, year of "
                   "birth, date of birth, grade or time zone), so the rules that use this "
                   "column treat it as blank. Write an age such as 34, a year of birth, or a "
                   f"date written like {DATE_EXAMPLE}.")


def impossible_birth_date(tab: str, row: int, column: str, value: Cell) -> Problem:
    return Problem(tab, row, column, value, "This date of birth is in the future, so the rules "
                   "that use this column treat it as blank. Write the year in full, in a date "
                   f"like {DATE_EXAMPLE}.")


def unreadable_times(tab: str, row: int, column: str, value: Cell,
                     unknown: Sequence[str]) -> Problem:
    parts = ", ".join(f"'{u}'" for u in unknown)
    return Problem(tab, row, column, value, f"Can't read {parts} as a time, so that part is "
                   "left out when looking for shared free time. Write e.g. 'Mon 18:00-20:00' "
                   "or 'Tuesday evenings'.")


def unknown_person_zone(tab: str, row: int, column: str, value: Cell) -> Problem:
    return Problem(tab, row, column, value, "Unknown time zone, so the program's own time zone "
                   "is used for this person. Write e.g. America/Chicago or UTC-6.")


# --- Settings ----------------------------------------------------------------------------


def no_settings_tab() -> Problem:
    return Problem(SETTINGS, None, "", "", "There is no Settings tab, so every setting uses "
                   "its default. Add one: sheets-sync new makes a workbook with one.")


def bad_setting(row: int, label: str, value: Cell, how: str, used: Cell) -> Problem:
    until = (f"Until then {used} is used, this program's usual value." if used not in (None, "")
             else "Until then it counts as blank.")
    return Problem(SETTINGS, row, "Value", value, f"'{label}' can't be '{value}': write {how}. "
                   + until)


def unknown_program_zone(row: int | None, value: Cell, used: str) -> Problem:
    return Problem(SETTINGS, row, "Value", value, f"Unknown time zone, so {used} is used. "
                   "Write e.g. Europe/London, America/Chicago or UTC-5.")


# --- Pairings ----------------------------------------------------------------------------


def unknown_pair_status(row: int, value: Cell, statuses: Sequence[str]) -> Problem:
    return Problem(PAIRINGS, row, "Status", value, "Unknown status, so this pair is kept as it "
                   "is and still takes one of the mentor's places. Use one of: "
                   + ", ".join(statuses) + ".")


def pair_missing_email(row: int, column: str, value: Cell) -> Problem:
    return Problem(PAIRINGS, row, column, value, "A pair needs both emails; this row is kept "
                   "but ignored until both are filled in.")


def unreadable_date(tab: str, row: int | None, column: str, value: Cell) -> Problem:
    return Problem(tab, row, column, value, f"Can't read this date, so it is left as it is "
                   f"and not used. Write it like {DATE_EXAMPLE}.")


def repeated_pair_id(row: int | None, pair_id: str, first_row: int) -> Problem:
    return Problem(PAIRINGS, row, "Pair ID", pair_id, f"The same Pair ID as row {first_row}, "
                   "so check-ins naming it can't tell the two pairs apart. Give one a new ID.")


def not_on_roster(row: int | None, column: str, email: str, tab: str) -> Problem:
    return Problem(PAIRINGS, row, column, email, f"{email} is not on the {tab} tab. The pair "
                   "is kept as it is; check the spelling, or end the pair.")


def breaks_must_rules(row: int | None, status: str, pair_id: str,
                      broken: Sequence[str]) -> Problem:
    what = "; ".join(broken)
    return Problem(PAIRINGS, row, "Status", status, f"Pair {pair_id} does not meet "
                   f"{'this requirement' if len(broken) == 1 else 'these requirements'}: "
                   f"{what}. It is kept as it is; change its Status if it should end.")


def no_closure_reason(row: int | None, pair_id: str) -> Problem:
    return Problem(PAIRINGS, row, "Closure Reason", "", f"Pair {pair_id} has ended: pick why "
                   "in its Closure Reason (the dropdown lists the reasons). Reports count early "
                   "endings by it.")


def unknown_closure_reason(row: int | None, pair_id: str, value: Cell) -> Problem:
    return Problem(PAIRINGS, row, "Closure Reason", value, f"Pair {pair_id} has ended, but this "
                   "is not one of the reasons in the dropdown: pick the one that fits. Until "
                   "then Reports count it as Other and no closing thank-you is sent.")


# --- Check-ins -----------------------------------------------------------------------------


def check_in_without_pair(tab: str, row: int, column: str, value: Cell,
                          concern: bool = False, given_id: bool = False) -> Problem:
    worry = (" It raises a concern, so it can't be followed up until then." if concern else "")
    if given_id:
        return Problem(tab, row, column, value, f"No pair in Pairings has this Pair ID (was its "
                       "row deleted?). Correct the Pair ID, or give both the mentee's and the "
                       f"mentor's emails.{worry}")
    return Problem(tab, row, column, value, "This check-in names no pair in Pairings. Give its "
                   f"Pair ID, or both the mentee's and the mentor's emails.{worry}")


def unclear_concern(tab: str, row: int, column: str, value: Cell, has_handled: bool) -> Problem:
    handled = ("write in its Handled column once it is dealt with" if has_handled else
               "add a column named Handled and write in it once it is dealt with")
    return Problem(tab, row, column, value, "This answer is not a plain Yes or No, so it is "
                   "counted as a concern, to be safe. Read the check-in, then write No here if "
                   f"there is no concern, or {handled}.")


def no_concern_column(tab: str) -> Problem:
    return Problem(tab, None, "Concern", "", "This tab has no Concern column, so no check-in "
                   "can raise a concern. Add a column named Concern (answers Yes or No).")


def unreadable_meeting_date(tab: str, row: int, column: str, value: Cell,
                            concern: bool) -> Problem:
    counted = (" The concern it raises still counts." if concern else "")
    return Problem(tab, row, column, value, f"Can't read the meeting date, so this check-in "
                   f"is not counted.{counted} Write the date like {DATE_EXAMPLE}.")


def meeting_date_from_timestamp(tab: str, row: int, column: str, value: Cell,
                                used: dt.date) -> Problem:
    return Problem(tab, row, column, value, "Can't read the meeting date, so the day the "
                   f"check-in was sent ({used.isoformat()}) is used. Write it like "
                   f"{DATE_EXAMPLE}.")


def future_meeting_date(tab: str, row: int, column: str, value: Cell,
                        concern: bool) -> Problem:
    if concern:
        return Problem(tab, row, column, value, "This meeting date is in the future (a typo in "
                       "the year?). The concern it raises counts all the same; correct the "
                       "date so the meeting counts too.")
    return Problem(tab, row, column, value, "This meeting date is in the future, so the "
                   "check-in is not counted yet. Correct the date if it is a typo.")


# --- errors that stop a sync (exit 2) ---------------------------------------------------------


class Blocker(Problem):
    """A problem that makes the workbook unusable: the sync stops until it is fixed."""

    def as_row(self) -> list[Cell]:
        row = super().as_row()
        row[-1] = f"Syncs are stopped until this is fixed. {row[-1]}"
        return row


def blocker(tab: str, row: int | None, column: str, value: Cell, what: str,
            fix: str) -> Blocker:
    return Blocker(tab, row, column, value, f"{what} {fix}")


def missing_roster(role: str, tab: str, empty: bool, tabs: Sequence[str]) -> Blocker:
    """``tabs``: the coordinator's tabs, to choose from."""
    what = (f"The '{tab}' tab, where the {role}s are, is empty: it needs a header row."
            if empty else f"There is no '{tab}' tab for the {role}s.")
    return blocker(SETTINGS, None, f"{role.title()} tab", tab, what,
                   f"Add it, or name the right tab in Settings ('{role.title()} tab'). The "
                   f"workbook's tabs are: {', '.join(tabs)}.")


def missing_check_in_tab(tab: str, tabs: Sequence[str]) -> Blocker:
    return blocker(SETTINGS, None, "Check-in tab", tab,
                   f"There is no '{tab}' tab for the check-ins, so the sync can't tell which "
                   "pairs met or which concerns are still open.",
                   "Add it, or name the right tab in Settings ('Check-in tab'). The "
                   f"workbook's tabs are: {', '.join(tabs)}.")


def typed_without_header(tab: str, row: int, letter: str, value: Cell) -> Blocker:
    return blocker(tab, row, f"column {letter}", value,
                   f"Something is typed in column {letter}, which has no header, in a tab the "
                   "sync rewrites: it would be lost.", "Give the column a header in row 1 (it "
                   "is then kept as your own column), or move what you typed to a tab of your "
                   "own.")


def pairings_gone(renamed: str | None, planned: Sequence[str]) -> Blocker:
    """``renamed``: a tab that holds the pairs under another name; ``planned``: engine tabs
    that still list pairs."""
    where = (f"the '{renamed}' tab holds the pairs" if renamed
             else f"{' and '.join(planned)} still list{'s' if len(planned) == 1 else ''} pairs")
    fix = (f"Rename '{renamed}' back to {PAIRINGS}: it keeps every year's pairs, and Reports "
           "counts them by program year." if renamed else
           f"Bring the {PAIRINGS} tab back (undo its deletion, or copy it from the newest "
           "workbook in the .sheets-sync-backups folder).")
    return blocker(PAIRINGS, None, "", "", f"There is no {PAIRINGS} tab, but {where}: a sync "
                   "now would start every pair afresh and lose their Status and history.", fix)


def pair_gone(pair_id: str) -> Blocker:
    return blocker(PAIRINGS, None, "Pair ID", pair_id, f"Pair {pair_id} was being followed up, "
                   "but no row of Pairings has this Pair ID any more (a deleted row, or a "
                   "changed ID?): its Status and notes would be lost and its people paired "
                   "afresh.", "Put the row back (undo, or copy it from the newest workbook in "
                   "the .sheets-sync-backups folder), or its Pair ID. To end a pair, keep its "
                   "row and set its Status to Ended.")


def stopped_summary(count: int) -> str:
    what = "this problem is" if count == 1 else f"these {count} problems are"
    return f"The workbook can't be synced until {what} fixed:"


STOPPED_FIX = ("Fix them in the workbook, then run the sync again. A sync that stops lists them "
               "at the top of the Problems tab and changes nothing else.")


def stopped_log(count: int) -> str:
    return (f"Sync stopped: {plural(count, 'problem')} in the workbook must be fixed first "
            "(see the top of the Problems tab). Nothing else was changed.")
