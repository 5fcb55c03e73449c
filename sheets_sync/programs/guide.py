"""The workbook's own guide: Start Here (what to do this week, in under 300 words), How it
works (every tab, the sign-up questions, running a sync) and Rule tests (the Rules tab's
vocabulary, each test with what Value means and an example row)."""

from __future__ import annotations

from sheets_sync.inputs.settings import Settings
from sheets_sync.model import Cell, Sheet, SheetFormat, Table
from sheets_sync.programs.base import MENTEE, MENTOR, Program
from sheets_sync.programs.samples import Sample
from sheets_sync.words.rules import TEST_GUIDE

START_HERE = "Start Here"
HOW_IT_WORKS = "How it works"
RULE_TESTS = "Rule tests"
EXAMPLE_FILE = "program.xlsx"


def start_here_sheet(program: Program, settings: Settings, data: Sample) -> Sheet:
    """The week's steps, short enough to read before every session of work."""
    mentees, mentors = settings.mentee_tab, settings.mentor_tab
    concern = ("act the same day and follow your safeguarding steps"
               if settings.concern_escalates else "read it and contact the pair")
    approve = ("New pairs start as Active here; set Status to Rejected to turn one down."
               if settings.new_pairs_start_as == "Active" else
               "New pairs arrive as Proposed: read Score and Why, then set Status to Active. "
               "Rejected turns a pair down; Rematch ends it and finds the mentee someone else.")
    rows = [
        f"{program.title}: what to do each week",
        program.description,
        f"1. Screen new sign-ups on the {mentees} and {mentors} tabs: set Approved to Yes. A "
        "Status of Pending or Waitlist means not yet; On hold or Withdrawn keeps them out.",
        "2. Run a sync (or let the schedule run it). It pairs approved people by the Rules "
        "tab, plans sessions and flags who needs you.",
        f"3. Approve pairs on the Pairings tab. {approve}",
        f"4. Work down Follow-ups from the top: the most urgent pairs come first. For Concern "
        f"raised, {concern}, then write the date in that check-in's Handled column on the "
        f"{settings.check_in_tab} tab. Contact gives both emails.",
        "5. Look at Unmatched (who is waiting, for how long and why) and Problems (cells the "
        "sync could not use, and how to fix them).",
        "6. When a pair ends, set its Status to Ended and pick a Closure Reason.",
        f"{HOW_IT_WORKS} explains every tab and this program's rules; {RULE_TESTS} explains "
        "the words of the Rules tab. Your own tabs and typing are never changed by a sync.",
    ]
    if data.mentees:
        rows.append(f"This copy holds made-up people (emails end in @example.org) so you can "
                    f"try a sync at once; {HOW_IT_WORKS} says what was planted. Delete them "
                    "before real people sign up.")
    return _text_sheet(START_HERE, rows)


def how_it_works_sheet(program: Program, settings: Settings, data: Sample) -> Sheet:
    rows = [
        f"{program.title}. {program.description}",
        *program.start_here,
        *_tabs(settings),
        *_questions(program, settings),
        *_running(),
    ]
    if data.mentees:
        rows += [f"This copy holds {len(data.mentees)} made-up mentees and {len(data.mentors)} "
                 "made-up mentors (every email ends in @example.org). Delete their rows, and "
                 "the Pairings and Check-ins rows, before real people sign up.", *data.story]
    return _text_sheet(HOW_IT_WORKS, rows)


def rule_tests_sheet() -> Sheet:
    """What each word of the Rules tab means, with an example row."""
    header = ["Word", "What it means", "What Value means", "Example row"]
    rows: list[list[Cell]] = [
        ["Must", "A requirement: a pair that breaks it is never proposed.", "", ""],
        ["Prefer", "A preference: adds to the pair's score. Pairs with the highest total "
         "score are chosen, once every Must rule holds and mentors have room.", "", ""],
        ["Weight", "How much a Prefer rule counts next to the others: a rule with Weight 2 "
         "counts twice as much as one with Weight 1. Blank means 1.", "", ""],
        ["Score", "0 to 100: the share of the preferences (by Weight) a pair meets. 100 means "
         "every preference, 0 none.", "", ""],
        ["Columns", "Mentee column and Mentor column name a header of the mentees' and "
         "mentors' tabs, as it is written there.", "", ""],
        *[[f"Test: {name}", meaning, value, example]
          for name, meaning, value, example in TEST_GUIDE],
    ]
    look = SheetFormat(widths={"Word": 22, "What it means": 70, "What Value means": 36,
                               "Example row": 52},
                       wrap_columns=("What it means", "What Value means", "Example row"),
                       bold_first_column=True, landscape=True)
    return Sheet(Table(RULE_TESTS, header, rows), look)


def _text_sheet(name: str, paragraphs: list[str]) -> Sheet:
    look = SheetFormat(widths={name: 110}, wrap_columns=(name,), landscape=True)
    return Sheet(Table(name, [name], [[text] for text in paragraphs]), look)


def _tabs(settings: Settings) -> list[str]:
    mentees, mentors, check_ins = settings.mentee_tab, settings.mentor_tab, settings.check_in_tab
    return [
        f"{mentees} and {mentors}: one person a row, one column per sign-up question (a "
        "Google Form's response tab works as it is). Approved Yes lets a person be matched; "
        "Status Pending, Waitlist or Applied means not yet; On hold or Withdrawn keeps them "
        "out. A mentor's Capacity is how many mentees they take (blank: the default in "
        "Settings).",
        "Settings: how often pairs meet, how late a check-in may be before it is escalated, "
        "each mentor's default capacity, which columns are private, the time zone and the tab "
        "names. A value the sync can't read is reported in Problems and this program's usual "
        "value is used.",
        f"Rules: what makes a good pair, one rule a row; {RULE_TESTS} explains each word. "
        "The Note says why each rule is there.",
        f"{check_ins}: one row per meeting, ideally from a check-in form. Name the pair by its "
        "Pair ID or by both emails; Concern Yes (or any answer that is not a plain No) flags "
        "the pair until you write something in that row's Handled column (a date, or what "
        "you did).",
        "Pairings: one row per pair, kept in place for good. You set Status (Proposed, Active, "
        "Paused, Ended, Rematch, Rejected), Closure Reason and Coordinator Notes, and may add "
        "columns. Active Since and Ended On are filled in the first time a pair is seen Active "
        "or Ended; a date you type there is kept. The first meeting is due a set number of "
        "days after Active Since.",
        "Schedule: the next sessions of each Active pair, at a time both are free. A session "
        "stays put on later syncs unless it has passed, a check-in covers it or their free "
        "time changed.",
        "Follow-ups: every Active pair, most urgent first (Concern raised, Escalate, Overdue, "
        "Awaiting first meeting, Due soon, On track) with what to do.",
        "Unmatched: approved mentees without a mentor, longest wait first, and why. A mentee "
        "whose pair was turned down or ended early is first in line for the next place.",
        "Problems: every cell the sync could not use, with the fix. Dashboard: the program at "
        "a glance. Sync Log: one line per sync that changed something.",
        "Reports: the program's figures for each program year (Settings: Program year starts), "
        "newest first: who applied, was matched and how fast, pairs active, ended and ended "
        "early, how long pairs lasted, check-ins, concerns, and why pairs ended, with charts. "
        f"sheets-sync report {EXAMPLE_FILE} --out report.html puts a year on one printable "
        "page for a funder.",
        "Messages: the emails sheets-sync writes for you (introduction, first-meeting nudge, "
        "reminders, escalation, closing thank-you), one template a row; Send No switches one "
        "off. Outbox: every message written, once per pair and occasion, from the first sync "
        "after Settings has a Coordinator email; `sheets-sync send` mails them and fills in "
        "Sent At. A sync only adds rows there, never changes one.",
        "Pairings, Schedule, Follow-ups, Unmatched, Problems, Dashboard, Reports, Sync Log "
        "and Outbox belong to sheets-sync: each sync rewrites them (the Outbox only gains "
        "rows); what you type in Pairings, and any column you add to these tabs, is kept.",
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
            # a private column's help repeats that it is private: said once, below
            helps = [h for h in column.help.split("; ") if not (column.private and "private" in h)]
            extra = "; ".join(part for part in (kind, *helps) if part)
            asked.append(f"{column.header} ({extra})" if extra else column.header)
        paragraphs.append(f"The {side} sign-up form (its answers fill the {tab} tab) asks: "
                          + "; ".join(asked) + ".")
    if settings.private_columns:
        paragraphs.append("Private columns stay on their own tab; sheets-sync never copies "
                          "them anywhere, and a rule that uses one is never named in Why: "
                          + ", ".join(settings.private_columns) + ".")
    return paragraphs


def _running() -> list[str]:
    return [
        f"Run a sync by hand with: sheets-sync sync {EXAMPLE_FILE} (use your file's name). "
        f"Add --dry-run to see what would change first, or run sheets-sync check {EXAMPLE_FILE} "
        "to check the rules and data without writing anything.",
        f"To sync on a schedule, run: sheets-sync cron {EXAMPLE_FILE} --every 30m and follow "
        "the steps it prints for your computer. A sync that finds nothing new writes nothing.",
    ]
