"""Program templates peer, career-paths, lgbtq and cross-generational, run through the real
engine: their sample workbooks sync to sensible pairs, follow-ups and unmatched mentees, every
pair honours the program's defining rule (checked by hand on the roster cells), and private
answers never reach a tab the engine writes."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from functools import cache

import pytest
from workbooks import allowed

from sheets_sync import engine
from sheets_sync.inputs.settings import read_settings
from sheets_sync.model import Snapshot, Table, normalise_header
from sheets_sync.outputs.layout import FLAGS
from sheets_sync.programs import builder, career_paths, cross_generational, lgbtq, peer
from sheets_sync.programs.base import MUST, RuleRow

MADE = dt.date(2026, 11, 25)
TODAY = dt.date(2026, 11, 24)
N = 60
MODULES = {"peer": peer, "career-paths": career_paths, "lgbtq": lgbtq,
           "cross-generational": cross_generational}
CADENCE = {"peer": 14, "career-paths": 21, "lgbtq": 14, "cross-generational": 14}


def items(cell) -> set[str]:
    """A checkbox answer as a set of normalised items."""
    text = "" if cell is None else str(cell).replace(";", ",").replace("\n", ",")
    return {" ".join(part.split()).casefold() for part in text.split(",") if part.strip()}


def anyone(cell) -> bool:
    return not items(cell) or "no preference" in items(cell)


# --- each program's defining rule, written out by hand on the raw roster cells ---------------

GRADE_NUMBERS = {"freshman": 9, "sophomore": 10, "junior": 11, "senior": 12}


def peer_rule(mentee: dict, mentor: dict) -> bool:
    """Mentor 1 to 3 grades above the mentee, and trained (or booked)."""
    grade = "Grade this school year"
    gap = GRADE_NUMBERS[mentor[grade].casefold()] - GRADE_NUMBERS[mentee[grade].casefold()]
    return 1 <= gap <= 3 and mentor["Completed peer mentor training?"] in ("Yes", "Scheduled")


def career_paths_rule(mentee: dict, mentor: dict) -> bool:
    """The mentor's own path is one the mentee is curious about."""
    return bool(items(mentee["Paths you're curious about"]) & items(mentor["Your own path"]))


def lgbtq_rule(mentee: dict, mentor: dict) -> bool:
    """Mentor is LGBTQ+ or an ally, of a kind and gender identity the mentee accepts."""
    kind = mentor["Do you identify as LGBTQ+ or as an ally?"]
    comfortable = mentee["I'd be comfortable with a mentor who is"]
    wanted = mentee["Preferred mentor gender identity"]
    return (kind in ("LGBTQ+", "Ally")
            and (anyone(comfortable) or kind.casefold() in items(comfortable))
            and (anyone(wanted) or bool(items(wanted) & items(mentor["Gender identity"]))))


def cross_generational_rule(mentee: dict, mentor: dict) -> bool:
    """At least 20 years between their birth years, either way round."""
    born = "Year you were born"
    return abs(int(mentee[born]) - int(mentor[born])) >= 20


DEFINING = {"peer": peer_rule, "career-paths": career_paths_rule, "lgbtq": lgbtq_rule,
            "cross-generational": cross_generational_rule}


# --- one sample workbook and its first sync per program (cached: the engine is pure) --------


def records(table: Table) -> list[dict]:
    return [dict(zip(table.header, row, strict=False)) for _number, row in table.records()]


@cache
def workbook(name: str):
    program = MODULES[name].PROGRAM
    sheets = builder.build_workbook(program, N, MADE)
    snap = Snapshot({s.name: Table.from_grid(s.name, s.table.grid()) for s in sheets})
    return program, sheets, snap, engine.sync(snap, TODAY)


@pytest.fixture(params=list(MODULES))
def name(request) -> str:
    return request.param


def people(snap: Snapshot, tab: str) -> dict[str, dict]:
    return {str(p["Email Address"]).strip().lower(): p for p in records(snap.get(tab))}


def live_pairs(outcome) -> list:
    return outcome.program.book.live()


def test_program_is_named_as_the_spec_and_consistent(name):
    program = MODULES[name].PROGRAM
    assert program.name == name
    assert program.problems() == []
    assert program.description and "\n" not in program.description
    assert program.start_here
    for side in ("mentee", "mentor"):
        headers = {normalise_header(h) for h in program.headers(side)}
        assert {"time zone", "availability"} <= headers, side
    for column in (*program.mentee_columns, *program.mentor_columns):
        if column.private:
            assert "," not in column.header and ";" not in column.header
    with pytest.raises(ValueError, match="no mentor column 'Shoe size'"):
        replace(program, rules=(*program.rules, RuleRow(MUST, "Time zone", "same", "Shoe size",
                                                        note="why")))


def test_settings_fit_the_program(name):
    program, sheets, snap, _outcome = workbook(name)
    settings, problems = read_settings(snap, TODAY)
    assert problems == []
    assert settings.program == name
    assert settings.check_in_every == CADENCE[name]
    assert settings.private_columns == tuple(program.private_headers())
    assert settings.private_columns
    assert 1 <= settings.first_meeting_within <= 21 and settings.sessions_to_schedule >= 1


def test_first_sync_pairs_plans_and_follows_up(name):
    _program, _sheets, _snap, outcome = workbook(name)
    assert outcome.program.book.pairs
    assert outcome.sessions
    assert all(s.start for s in outcome.sessions), "planted pairs share free time"
    assert outcome.follow_ups
    assert {f.flag for f in outcome.follow_ups} == set(FLAGS)
    assert outcome.problems == []
    rate = len(outcome.program.book.pairs) / N
    assert rate >= 0.65, f"only {rate:.0%} of the sample mentees got a pair"


def test_planted_mentees_are_unmatched_for_a_must_rule(name):
    program, _sheets, snap, outcome = workbook(name)
    unmatched = {w.email: w.reason for w in outcome.unmatched}
    assert unmatched and all(unmatched.values())
    mentees = people(snap, "Mentees")
    for case in program.sample.unmatched:
        found = [email for email, person in mentees.items()
                 if all(person.get(h) == v for h, v in case.answers.items())]
        assert len(found) == 1, case.reason
        assert unmatched[found[0]].startswith("No approved mentor"), unmatched[found[0]]


def test_every_live_pair_passes_the_must_rules_and_the_defining_rule(name):
    _program, _sheets, snap, outcome = workbook(name)
    scores = outcome.scores
    row = {p.email: i for i, p in enumerate(scores.mentees)}
    col = {p.email: j for j, p in enumerate(scores.mentors)}
    mentees, mentors = people(snap, "Mentees"), people(snap, "Mentors")
    pairs = live_pairs(outcome)
    assert len(pairs) > N // 2
    for pair in pairs:
        assert allowed(scores, row[pair.mentee], col[pair.mentor]), pair.pair_id
        assert DEFINING[name](mentees[pair.mentee], mentors[pair.mentor]), pair.pair_id


def test_no_mentor_over_capacity(name):
    _program, _sheets, _snap, outcome = workbook(name)
    load = Counter(pair.mentor for pair in live_pairs(outcome))
    capacity = {p.email: p.capacity for p in outcome.program.mentors.everyone.values()}
    for mentor, count in load.items():
        assert count <= capacity[mentor], mentor


def leaks(program, snap: Snapshot, outcome) -> list[tuple[str, str]]:
    """(tab, cell) for every engine-tab cell that shows a private answer of anyone."""
    private = {normalise_header(h) for h in program.private_headers()}
    secret_cells: set[str] = set()
    secret_items: set[str] = set()
    open_items: set[str] = set()
    own: dict[str, tuple[set[str], set[str]]] = {}  # email -> (private items, open items)
    for tab in ("Mentees", "Mentors"):
        for person in records(snap.get(tab)):
            mine = own.setdefault(str(person["Email Address"]).strip().lower(), (set(), set()))
            for header, value in person.items():
                if value is None or str(value).strip() == "":
                    continue
                if normalise_header(header) in private:
                    secret_cells.add(str(value).strip())
                    secret_items.update(items(value))
                    mine[0].update(items(value))
                else:
                    open_items.update(items(value))
                    mine[1].update(items(value))
    # Whole answers (phone numbers, notes, emergency contacts) must appear nowhere, not even
    # inside a longer text; single checkbox items only count when no open column uses the
    # same word (Yes, English ...), and short ones are left out.
    whole = {v for v in secret_cells if len(v) >= 8 or any(c.isdigit() for c in v)}
    words = {i for i in secret_items - open_items if len(i) >= 5}
    assert whole and (words or program.name == "peer")
    patterns = [re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE) for w in words]
    found = []
    for sheet in outcome.sheets:
        for row in sheet.table.grid():
            for cell in row:
                if not isinstance(cell, str) or not cell:
                    continue
                if ((cell.strip() in secret_cells and cell.strip().casefold() not in open_items)
                        or any(value in cell for value in whole)
                        or any(pattern.search(cell) for pattern in patterns)):
                    found.append((sheet.name, cell))
    # Why names shared answers, which are always the mentee's: none may be one the mentee
    # (or mentor) gave only in a private column.
    for pair in records(next(s.table for s in outcome.sheets if s.name == "Pairings")):
        mentee, mentor = own[pair["Mentee Email"]], own[pair["Mentor Email"]]
        hidden = {i for i in (mentee[0] | mentor[0]) - mentee[1] if len(i) >= 5}
        why = str(pair["Why"] or "")
        found += [("Pairings", why) for item in hidden
                  if re.search(rf"(?<!\w){re.escape(item)}(?!\w)", why, re.IGNORECASE)]
    return found


def test_private_answers_never_reach_an_engine_tab(name):
    program, _sheets, snap, outcome = workbook(name)
    assert leaks(program, snap, outcome) == []


def test_the_leak_check_catches_private_topics_in_why():
    """Without the Private columns setting the mentee's private topics show in Why."""
    program, _sheets, snap, _outcome = workbook("lgbtq")
    settings = snap.get("Settings")
    rows = [[r[0], None if r[0] == "Private columns" else r[1], *r[2:]] for r in settings.rows]
    tabs = {**snap.tabs, "Settings": Table("Settings", settings.header, rows)}
    exposed = leaks(program, snap, engine.sync(Snapshot(tabs), TODAY))
    assert any(tab == "Pairings" for tab, _cell in exposed)


def test_a_second_sync_changes_nothing(name):
    _program, _sheets, snap, outcome = workbook(name)
    assert outcome.changed
    tables = dict(snap.tabs)
    tables.update({s.name: Table(s.name, s.table.header, s.table.rows) for s in outcome.sheets})
    again = engine.sync(Snapshot(tables), TODAY)
    assert not again.changed
    assert again.problems == []


def test_sample_is_deterministic(name):
    program = MODULES[name].PROGRAM
    first = builder.build_workbook(program, 12, MADE)
    second = builder.build_workbook(program, 12, MADE)
    assert [s.table.grid() for s in first] == [s.table.grid() for s in second]


@pytest.mark.parametrize("size", [1, 3, 8, 25])
def test_small_samples_build_and_sync(name, size):
    program = MODULES[name].PROGRAM
    sheets = builder.build_workbook(program, size, MADE)
    snap = Snapshot({s.name: Table.from_grid(s.name, s.table.grid()) for s in sheets})
    outcome = engine.sync(snap, TODAY)
    assert outcome.problems == []
    mentees, mentors = people(snap, "Mentees"), people(snap, "Mentors")
    assert len(mentees) == size
    for pair in live_pairs(outcome):
        assert DEFINING[name](mentees[pair.mentee], mentors[pair.mentor]), pair.pair_id
