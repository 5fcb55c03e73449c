"""A sample program's past: earlier pairs, now Ended with a Closure Reason, over the last two
program years, with their check-ins, so that a first sync's Reports tab has a year to compare
with and every figure to show (time to match, match length, early endings, 3, 6 and 12
months reached, closures by reason).

Their mentees are sample mentees: those whose pair ended as planned, or who moved or stopped
responding, have left (Status Left); the others wait for a new mentor, first in line. The
dates are counted from the program year under way (Settings' Program year starts), so the
past always spans the year before and this one, whatever day the workbook is made.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sheets_sync.inputs.settings import Settings, month_day
from sheets_sync.model import Cell
from sheets_sync.programs.base import SampleProfile

Person = dict[str, Any]
CHECK_IN_EVERY = 30  # days between an earlier pair's check-ins
FIRST_PAIR = 7  # the planted pairs are P-0001 to P-0006


@dataclass(frozen=True)
class Past:
    """One earlier pair, its days counted from the start of the previous program year."""

    applied: int
    matched_after: int  # days from sign-up to the pair
    length: int  # days from Active Since to Ended On (cut short at today)
    reason: str
    concern: bool = False  # one check-in raised a concern (handled since)


PASTS = (
    Past(3, 9, 395, "Completed the program"),
    Past(20, 13, 128, "Mentor ran out of time"),
    Past(45, 6, 290, "Goals met"),
    Past(70, 20, 292, "Mentee stopped responding", concern=True),
    Past(150, 21, 60, "Not a good fit", concern=True),
    Past(200, 14, 187, "Mentee moved or changed school"),
    Past(250, 12, 155, "Goals met"),
)
APPROVED_AFTER = 3  # days from the pair being made to it turning Active
# Endings after which the mentee leaves; after the others they wait for a new mentor, first
# in line (as the Unmatched tab shows).
LEAVING = ("Completed the program", "Goals met", "Mentee moved or changed school",
           "Mentee stopped responding")


def plant_past(rng: random.Random, today: dt.date, settings: Settings, leavers: list[Person],
               mentors: list[Person], profile: SampleProfile) -> tuple[list[dict[str, Cell]],
                                                                       list[dict[str, Cell]],
                                                                       list[str]]:
    """Pairings rows, check-ins and a line of story for the earlier pairs; ``leavers`` are the
    mentees that become their mentees (as many pairs as there are leavers, up to seven)."""
    if not mentors or not leavers:
        return [], [], []
    month, day = month_day(settings.program_year_starts) or (9, 1)
    this_year = dt.date(today.year, month, day)
    if this_year > today:
        this_year = dt.date(today.year - 1, month, day)
    last_year = dt.date(this_year.year - 1, month, day)
    pairs: list[dict[str, Cell]] = []
    check_ins: list[dict[str, Cell]] = []
    for number, (past, mentee) in enumerate(zip(PASTS, leavers, strict=False), FIRST_PAIR):
        mentor = rng.choice(mentors)
        applied = last_year + dt.timedelta(days=past.applied)
        matched = applied + dt.timedelta(days=past.matched_after)
        active = matched + dt.timedelta(days=APPROVED_AFTER)
        ended = min(today, active + dt.timedelta(days=past.length))
        mentee["Timestamp"] = dt.datetime.combine(applied, mentee["Timestamp"].time())
        if past.reason in LEAVING:
            mentee["Status"] = "Left"
        joined = matched - dt.timedelta(days=rng.randint(5, 30))
        mentor["Timestamp"] = min(mentor["Timestamp"],
                                  dt.datetime.combine(joined, mentor["Timestamp"].time()))
        pair_id = f"P-{number:04d}"
        pairs.append({
            "Pair ID": pair_id, "Mentee": mentee["Full name"],
            "Mentee Email": mentee["Email Address"], "Mentor": mentor["Full name"],
            "Mentor Email": mentor["Email Address"], "Status": "Ended", "Matched On": matched,
            "Active Since": active, "Ended On": ended, "Closure Reason": past.reason})
        check_ins += _check_ins(rng, pair_id, mentee, mentor, active, ended, past, profile)
    last = f"P-{FIRST_PAIR + len(pairs) - 1:04d}"
    story = [f"P-{FIRST_PAIR:04d} to {last} are earlier pairs, now Ended with a Closure "
             "Reason. Most of their mentees have left (Status Left); the others wait first "
             "in line for a new mentor. With their check-ins they give the Reports tab two "
             "program years to compare."]
    return pairs, check_ins, story


def _check_ins(rng: random.Random, pair_id: str, mentee: Person, mentor: Person,
               active: dt.date, ended: dt.date, past: Past,
               profile: SampleProfile) -> list[dict[str, Cell]]:
    """A check-in about every month while the pair ran; a concern (handled) near the end."""
    days = list(range(10, (ended - active).days - 4, CHECK_IN_EVERY))
    rows = []
    for position, offset in enumerate(days):
        met = active + dt.timedelta(days=offset)
        concern = past.concern and position == len(days) - 1
        both = rng.random() < 0.5
        row: dict[str, Cell] = {
            "Timestamp": dt.datetime.combine(met + dt.timedelta(days=1),
                                             dt.time(rng.randint(8, 21), rng.randint(0, 59))),
            "Your Email": rng.choice((mentee["Email Address"], mentor["Email Address"])),
            "Pair ID": pair_id,
            "Mentee Email": mentee["Email Address"] if both else None,
            "Mentor Email": mentor["Email Address"] if both else None,
            "Meeting Date": met,
            "Concern": "Yes" if concern else "No",
            "Notes": profile.concern_note if concern else rng.choice(profile.check_in_notes),
        }
        if concern:
            row["Handled"] = f"Called {mentee['Full name'].split()[0]} on " \
                             f"{met + dt.timedelta(days=2):%d %b}."
        rows.append(row)
    return rows
