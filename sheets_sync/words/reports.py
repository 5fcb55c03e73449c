"""The words of the Reports tab and of the printed report: the figures' names and what each
one counts, said so that a coordinator can repeat it to a funder."""

from __future__ import annotations

import datetime as dt

FIGURE = "Figure"
CLOSURE_REASON = "Closure reason"
NO_REASON = "No reason recorded"

APPLIED = "Mentees who applied"
MATCHED = "Mentees matched"
DAYS_TO_MATCH = "Median days to match"
STILL_WAITING = "Still waiting"
DAYS_WAITING = "Median days waiting"
ACTIVE = "Pairs active"
ENDED = "Pairs ended"
ENDED_EARLY = "Ended early"
MATCH_LENGTH = "Median match length (days)"
REACHED_3 = "Reached 3 months"
REACHED_6 = "Reached 6 months"
REACHED_12 = "Reached 12 months"
CHECK_INS = "Check-ins logged"
CONCERNS = "Concerns raised"

FIGURES = (APPLIED, MATCHED, DAYS_TO_MATCH, STILL_WAITING, DAYS_WAITING, ACTIVE, ENDED,
           ENDED_EARLY, MATCH_LENGTH, REACHED_3, REACHED_6, REACHED_12, CHECK_INS, CONCERNS)
REACHED = {REACHED_3: 3, REACHED_6: 6, REACHED_12: 12}

PAIRS_CHART = "Pairs by program year"
PAIRS_CHART_ROWS = (MATCHED, ACTIVE, ENDED, ENDED_EARLY)
REASONS_CHART = "Why pairs ended"


def meanings(goal: int) -> dict[str, str]:
    """What each figure counts, in a program year (``goal``: the match length goal)."""
    return {
        APPLIED: "Mentees whose sign-up (the form's Timestamp) falls in the year.",
        MATCHED: "Mentees whose first pair was made in the year (a pair you rejected does "
                 "not count).",
        DAYS_TO_MATCH: "From sign-up to that first pair, in days: half waited less, half "
                       "longer.",
        STILL_WAITING: "Approved mentees without a pair today (this year only).",
        DAYS_WAITING: "How long they have waited so far, in days (this year only).",
        ACTIVE: "Pairs that were Active at some time in the year.",
        ENDED: "Pairs whose Ended On falls in the year.",
        ENDED_EARLY: f"Of them, pairs that lasted under {months(goal)} and ended for a reason "
                     "other than Completed the program or Goals met (a pair that ended "
                     "before it was ever Active counts too).",
        MATCH_LENGTH: "From Active Since to Ended On, over the pairs that ended in the year.",
        REACHED_3: "Pairs active in the year that had been Active for 3 months by its end "
                   "(or by the day they ended).",
        REACHED_6: "The same, for 6 months.",
        REACHED_12: "The same, for 12 months.",
        CHECK_INS: "Rows of the Check-ins tab dated in the year.",
        CONCERNS: "Of them, check-ins that raised a concern.",
    }


def months(count: int) -> str:
    return "1 month" if count == 1 else f"{count} months"


def period(start: dt.date, last: dt.date, today: dt.date) -> str:
    """The dates a program year covers; the year under way runs to today."""
    if last > today:
        return f"{day_text(start)} to {day_text(today)} (the year so far)"
    return f"{day_text(start)} to {day_text(last)}"


def day_text(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def report_heading(label: str) -> str:
    return f"Program report {label}"


FIGURES_CAPTION = "The program year in figures"
REASONS_CAPTION = "Why pairs ended"
EARLIER = "the year before, for comparison"
MADE_ON = "Made by sheets-sync on {day} from the program's workbook. It holds figures only: " \
          "no names, no emails and no answers from the rosters."
WHAT_THEY_MEAN = "What the figures count"
UNKNOWN_YEAR = "The workbook has no figures for {year}."
KNOWN_YEARS = "Choose a program year from {first} to {last}, e.g. --year {example}."
NO_ENDINGS = "No pair ended in this year."
NOT_COUNTED = "–"  # a figure only the year under way has
