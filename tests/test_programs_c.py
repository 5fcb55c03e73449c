"""The low-income, virtual, mental-health and stem templates, run through the real engine.

Each program's sample workbook is synced as a backend would read it back, then checked: pairs,
sessions and every follow-up flag appear; planted mentees stay unmatched with a reason; every
live pair passes the Must rules both as the engine sees them and as checked here by hand from
the raw roster cells; no mentor is over capacity; private answers never reach an owned tab; a
second sync changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from workbooks import allowed

from sheets_sync import engine
from sheets_sync.model import Snapshot, Table
from sheets_sync.outputs.layout import FLAGS
from sheets_sync.programs import builder, template_settings
from sheets_sync.programs.base import MUST, Program, RuleRow
from sheets_sync.programs.builder import program_settings
from sheets_sync.programs.low_income import PROGRAM as LOW_INCOME
from sheets_sync.programs.mental_health import PROGRAM as MENTAL_HEALTH
from sheets_sync.programs.stem import PROGRAM as STEM
from sheets_sync.programs.virtual import PROGRAM as VIRTUAL

PROGRAMS = {p.name: p for p in (LOW_INCOME, VIRTUAL, MENTAL_HEALTH, STEM)}
N = 60
BUILT, TODAY = dt.date(2026, 11, 25), dt.date(2026, 11, 24)
EMAIL_IN_STORY = re.compile(r"\(([^()\s]+@example\.org)\)")


@cache
def run(name: str):
    """(sheets, snapshot, outcome) of the first sync of the program's N-mentee sample."""
    sheets = builder.build_workbook(PROGRAMS[name], N, BUILT)
    snap = Snapshot({s.name: Table.from_grid(s.name, s.table.grid()) for s in sheets})
    return sheets, snap, engine.sync(snap, TODAY)


@pytest.fixture(params=list(PROGRAMS))
def name(request) -> str:
    return request.param


def rows(table: Table) -> dict[str, dict]:
    """A roster tab's people by normalised email: header -> raw cell."""
    people = {}
    for _number, row in table.records():
        person = dict(zip(table.header, row, strict=False))
        people[str(person["Email Address"]).strip().lower()] = person
    return people


def rosters(name: str) -> tuple[dict[str, dict], dict[str, dict]]:
    _sheets, snap, _outcome = run(name)
    return rows(snap.get("Mentees")), rows(snap.get("Mentors"))


def items(cell) -> set[str]:
    """The answers of a checkbox cell, as written by hand: split, trimmed, case-folded."""
    return {part.strip().casefold() for part in re.split(r"[,;\n]", str(cell or ""))
            if part.strip()}


def live_pairs(name: str):
    return [p for p in run(name)[2].program.book.pairs
            if p.status in ("Proposed", "Active", "Paused")]


# --- the defining rules, checked by hand on the raw cells ------------------------------------

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PERIODS = {"mornings": (8, 12), "lunchtimes": (12, 13), "afternoons": (12, 17),
           "evenings": (17, 21)}


def local_quarters(cell) -> set[int]:
    """Quarter-hours of the week (0 = Monday 00:00) an availability cell lists, local time.
    Understands just what the virtual sample writes; anything else fails the test."""
    found: set[int] = set()
    for item in items(cell):
        if match := re.fullmatch(r"(weekday|weekend) (mornings|lunchtimes|afternoons|evenings)",
                                 item):
            days = range(5) if match[1] == "weekday" else range(5, 7)
            spans = [(day, *PERIODS[match[2]]) for day in days]
        elif match := re.fullmatch(r"(mon|tue|wed|thu|fri|sat|sun) (\d\d):(\d\d)-(\d\d):(\d\d)",
                                   item):
            start, end = int(match[2]) + int(match[3]) / 60, int(match[4]) + int(match[5]) / 60
            spans = [(DAYS.index(match[1]), start, end)]
        else:
            raise AssertionError(f"the hand check can't read availability '{item}'")
        for day, start, end in spans:
            found.update(range(day * 96 + round(start * 4), day * 96 + round(end * 4)))
    return found


def utc_quarters(cell, zone: str) -> set[int]:
    hours = ZoneInfo(zone).utcoffset(dt.datetime(TODAY.year, TODAY.month, TODAY.day, 12))
    shift = round(hours.total_seconds() / 900)
    return {(q - shift) % (7 * 96) for q in local_quarters(cell)}


def low_income_ok(mentee: dict, mentor: dict) -> None:
    assert str(mentor["Background check"]).strip().casefold() == "cleared"
    assert items(mentee["What would you like help with?"]) & items(mentor["I can help with"])


def virtual_ok(mentee: dict, mentor: dict) -> None:
    assert items(mentee["Languages you speak"]) & items(mentor["Languages you speak"])
    shared = (utc_quarters(mentee["Availability"], mentee["Time zone"])
              & utc_quarters(mentor["Availability"], mentor["Time zone"]))
    assert len(shared) >= 4, "less than an hour a week in common once zones are applied"


TRAINING = {"mental health first aid", "peer support training (university)",
            "suicide prevention (qpr or asist)", "counselling qualification"}


def gender_ok(wanted, gender) -> bool:
    wanted = items(wanted)
    return not wanted or "no preference" in wanted or str(gender).strip().casefold() in wanted


def mental_health_ok(mentee: dict, mentor: dict) -> None:
    assert items(mentor["Mental-health training completed"]) & TRAINING
    assert gender_ok(mentee["Preferred mentor gender"], mentor["Your gender"])


def stem_ok(mentee: dict, mentor: dict) -> None:
    assert items(mentee["STEM fields"]) & items(mentor["STEM fields"])
    assert gender_ok(mentee["Preferred mentor gender"], mentor["Gender"])
    if mentee["Age"] < 18:
        assert mentor["Safeguarding check"] == "Cleared"


DEFINING = {"low-income": low_income_ok, "virtual": virtual_ok,
            "mental-health": mental_health_ok, "stem": stem_ok}


# --- tests -----------------------------------------------------------------------------------


def test_programs_are_consistent(name):
    program = PROGRAMS[name]
    assert program.problems() == []
    assert program.mentee_columns and program.mentor_columns and program.start_here
    for side in ("mentee", "mentor"):
        headers = program.headers(side)
        assert "Time zone" in headers and "Availability" in headers, (name, side)
    bad = RuleRow(MUST, "No such column", "overlaps", "Availability", note="broken")
    with pytest.raises(ValueError, match="no mentee column"):
        replace(program, rules=(*program.rules, bad))
    with pytest.raises(ValueError, match="Note"):
        Program(name, "t", "d", program.mentee_columns, program.mentor_columns,
                [RuleRow(MUST, "Availability", "time overlap", "Availability", 1)])


def test_sync_pairs_plans_and_flags_every_follow_up(name):
    _sheets, _snap, outcome = run(name)
    assert outcome.program.book.pairs
    assert outcome.new_pairs
    assert outcome.sessions
    assert outcome.follow_ups
    assert {f.flag for f in outcome.follow_ups} == set(FLAGS)
    assert [s for s in outcome.sessions if s.start], "no session found a shared slot"


@pytest.mark.parametrize("shift", [-1, 0, 1, 2])
def test_each_planted_pair_shows_its_flag_a_day_or_two_either_way(name, shift):
    sheets, snap, _outcome = run(name)
    outcome = engine.sync(snap, BUILT + dt.timedelta(days=shift))
    flags = {f.pair.pair_id: f.flag for f in outcome.follow_ups}
    assert [flags[f"P-000{i}"] for i in range(1, 7)] == list(FLAGS)


def test_well_over_half_the_mentees_are_matched(name):
    matched = {p.mentee for p in live_pairs(name)}
    assert len(matched) / N >= 0.65, len(matched)


def test_planted_mentees_are_unmatched_with_a_reason(name):
    sheets, _snap, outcome = run(name)
    assert outcome.unmatched
    assert all(reason for reason in (w.reason for w in outcome.unmatched))
    story = [row[0] for row in next(s for s in sheets if s.name == "How it works").table.rows]
    planted = {EMAIL_IN_STORY.search(line)[1] for line in story if "so stays unmatched" in line}
    assert len(planted) == len(PROGRAMS[name].sample.unmatched)
    reasons = {w.email: w.reason for w in outcome.unmatched}
    for email in planted:
        assert reasons[email].startswith("No approved mentor"), reasons[email]


def test_every_live_pair_passes_the_must_rules(name):
    _sheets, _snap, outcome = run(name)
    mentees, mentors = rosters(name)
    scores = outcome.scores
    at_mentee = {p.email: i for i, p in enumerate(scores.mentees)}
    at_mentor = {p.email: j for j, p in enumerate(scores.mentors)}
    pairs = live_pairs(name)
    assert len(pairs) > N / 2
    for pair in pairs:
        assert allowed(scores, at_mentee[pair.mentee], at_mentor[pair.mentor]), pair.pair_id
        DEFINING[name](mentees[pair.mentee], mentors[pair.mentor])


def test_no_mentor_is_over_capacity(name):
    _mentees, mentors = rosters(name)
    default = template_settings(name).default_capacity
    load = Counter(p.mentor for p in live_pairs(name))
    for email, count in load.items():
        capacity = mentors[email]["Capacity"]
        assert count <= (default if capacity is None else capacity), email


def test_private_answers_never_reach_an_owned_tab(name):
    program = PROGRAMS[name]
    _sheets, _snap, outcome = run(name)
    owned = [str(cell) for sheet in outcome.sheets for row in sheet.table.grid()
             for cell in row if cell is not None]
    assert program.private_headers()
    secrets: set[str] = set()
    for people, columns in zip(rosters(name), (program.mentee_columns, program.mentor_columns),
                               strict=True):
        for column in (c for c in columns if c.private):
            for person in people.values():
                value = person[column.header]
                if value is None:
                    continue
                if not column.options:  # free text: unique to the person
                    secrets.add(str(value))
                else:  # options long enough not to turn up by chance
                    secrets.update(i for i in re.split(r", ", str(value)) if len(i) >= 12)
    assert len(secrets) > 10
    leaks = {secret for secret in secrets if any(secret in cell for cell in owned)}
    assert not leaks


def test_a_second_sync_changes_nothing(name):
    _sheets, snap, outcome = run(name)
    assert outcome.changed
    tabs = dict(snap.tabs)
    tabs.update({s.name: Table(s.name, s.table.header, s.table.rows) for s in outcome.sheets})
    again = engine.sync(Snapshot(tabs), TODAY)
    assert again.changed is False


def test_the_sample_has_no_problems(name):
    assert run(name)[2].problems == []


def test_settings_fit_the_program(name):
    settings = program_settings(PROGRAMS[name])
    assert settings.program == name
    assert settings.check_in_every == {"low-income": 14, "virtual": 14, "mental-health": 7,
                                       "stem": 14}[name]
    assert settings.new_pairs_start_as == "Proposed"


def test_mental_health_escalates_concerns_at_once():
    settings = program_settings(MENTAL_HEALTH)
    assert settings.concern_escalates and settings.escalate_after <= 5
    assert {"What are you finding hard at the moment?", "Lived experience you're open about",
            "Any diagnosis you'd like us to know about",
            "Emergency contact (name and phone)"} <= set(settings.private_columns)
    concern = next(f for f in run("mental-health")[2].follow_ups if f.flag == "Concern raised")
    assert "Act today" in concern.action


def test_virtual_schedule_shows_both_local_times():
    assert program_settings(VIRTUAL).show_local_times
    notes = [s.note for s in run("virtual")[2].sessions if s.start]
    assert notes and all("Mentee:" in note and "Mentor:" in note for note in notes)
    # the planted pairs live in different zones, so the two clocks differ
    differing = [n for n in notes if len(set(re.findall(r"\(UTC[^)]*\)", n))) == 2]
    assert len(differing) >= len(notes) // 2


def test_stem_mentees_are_girls_and_women_and_minors_get_checked_mentors():
    mentees, mentors = rosters("stem")
    assert all(not mentee["Full name"].startswith(("James ", "Liam ", "Kwame "))
               for mentee in mentees.values())
    assert any(m["Safeguarding check required"] == "Cleared" for m in mentees.values())
    assert Counter(m["Gender"] for m in mentors.values())["Woman"] > len(mentors) / 2


def test_samples_are_deterministic(name):
    first = builder.build_workbook(PROGRAMS[name], 12, BUILT)
    second = builder.build_workbook(PROGRAMS[name], 12, BUILT)
    assert [s.table.grid() for s in first] == [s.table.grid() for s in second]
