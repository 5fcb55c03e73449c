"""Program templates: the tabs `sheets-sync new` lays out, and their sample people."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from sheets_sync import engine
from sheets_sync.errors import UsageError
from sheets_sync.inputs.rules import TESTS
from sheets_sync.inputs.settings import read_settings
from sheets_sync.model import OWNED_TABS, PAIRINGS, Sheet, Snapshot, Table, normalise_header
from sheets_sync.outputs.layout import FLAGS, HEADERS
from sheets_sync.programs import PROGRAMS, build_workbook, get_program
from sheets_sync.programs.base import MUST, Column, Program, RuleRow
from sheets_sync.programs.builder import program_settings
from sheets_sync.programs.samples import flag_plan

TODAY = dt.date(2025, 3, 10)
TAB_ORDER = ["Start Here", "How it works", "Settings", "Rules", "Rule tests", "Mentees",
             "Mentors", "Check-ins", "Messages", "Lists", *OWNED_TABS]
EMAIL = re.compile(r"[a-z]+\.[a-z]+\d+@example\.org")


def tabs(name: str, sample: int = 0, today: dt.date = TODAY) -> dict[str, Table]:
    return {sheet.name: sheet.table for sheet in build_workbook(name, sample, today)}


def snapshot(sheets: list[Sheet]) -> Snapshot:
    """As a backend would read the workbook back: from the raw grid of each tab."""
    return Snapshot({s.name: Table.from_grid(s.name, s.table.grid()) for s in sheets})


def records(table: Table) -> list[dict]:
    return [dict(zip(table.header, row, strict=True)) for _number, row in table.records()]


def items(cell) -> set[str]:
    return {part.strip().casefold() for part in str(cell or "").split(",") if part.strip()}


@pytest.fixture(params=list(PROGRAMS))
def name(request) -> str:
    return request.param


@pytest.mark.parametrize("sample", [0, 1, 9, 24])
def test_every_program_builds_every_tab_in_order(name, sample):
    sheets = build_workbook(name, sample, TODAY)
    assert [s.name for s in sheets] == TAB_ORDER
    for sheet in sheets:
        assert sheet.table.header, sheet.name
        assert all(len(row) == len(sheet.table.header) for row in sheet.table.rows), sheet.name
        for header in (*sheet.format.dropdowns, *sheet.format.widths):
            assert header in sheet.table.header, (sheet.name, header)
    by_name = {s.name: s for s in sheets}
    for owned in OWNED_TABS:
        assert by_name[owned].table.header == HEADERS[owned]
        if owned != PAIRINGS or not sample:
            assert by_name[owned].table.rows == []


def test_without_a_sample_the_rosters_are_empty(name):
    built = tabs(name)
    for tab in ("Mentees", "Mentors", "Check-ins", PAIRINGS):
        assert built[tab].rows == []
    assert built["Start Here"].header == ["Start Here"]
    assert len(built["Start Here"].rows) >= 8


@pytest.mark.parametrize("sample", [0, 40])
def test_start_here_is_the_week_in_under_300_words(name, sample):
    built = {s.name: s.table for s in build_workbook(name, sample=sample, today=TODAY)}
    words = " ".join(str(row[0]) for row in built["Start Here"].rows).split()
    assert 150 < len(words) < 300
    text = " ".join(words)
    for step in ("Approved", "Pairings", "Follow-ups", "Handled", "Unmatched", "Problems",
                 "Closure Reason", "How it works", "Rule tests"):
        assert step in text, step
    # the rest of the guide: every tab, and each rule test with what its Value means
    how = " ".join(str(row[0]) for row in built["How it works"].rows)
    assert all(tab in how for tab in ("Schedule", "Follow-ups", "Sync Log", "Active Since"))
    guide = {row[0]: row for row in built["Rule tests"].rows}
    assert {f"Test: {t}" for t in TESTS} <= set(guide)
    assert "hours a week" in guide["Test: time overlap"][2].casefold()
    assert "Weight" in guide


def test_private_is_said_once_not_column_by_column(name):
    for row in tabs(name)["How it works"].rows:
        assert str(row[0]).casefold().count("private") <= 2, row[0]


def test_rules_name_columns_that_exist(name):
    built = tabs(name)
    rules = records(built["Rules"])
    assert rules
    assert built["Rules"].header == ["Rule", "Mentee column", "Test", "Mentor column", "Value",
                                     "Weight", "Note"]
    for rule in rules:
        if rule["Test"] != "mentor is":
            assert built["Mentees"].column(rule["Mentee column"]) is not None, rule
        assert built["Mentors"].column(rule["Mentor column"]) is not None, rule
        assert rule["Note"]
        assert (rule["Weight"] is None) == (rule["Rule"] == MUST), rule


def test_rules_tab_offers_the_spec_tests():
    rules = {s.name: s for s in build_workbook("general")}["Rules"]
    assert rules.format.dropdowns["Rule"] == ["Must", "Prefer"]
    assert rules.format.dropdowns["Test"] == [
        "same", "differs", "overlaps", "covers", "mentor is", "mentee accepts",
        "mentor older by", "mentor younger by", "age gap", "within", "time overlap"]


def test_settings_tab_parses_without_problems(name):
    built = tabs(name)
    settings, problems = read_settings(Snapshot({"Settings": built["Settings"]}), TODAY)
    assert problems == []
    assert settings.program == name
    assert replace(settings, utc_offset=0.0) == program_settings(get_program(name))
    assert (settings.mentee_tab, settings.mentor_tab, settings.check_in_tab) == (
        "Mentees", "Mentors", "Check-ins")


def test_private_columns_exist_in_the_rosters(name):
    built = tabs(name)
    settings, _problems = read_settings(Snapshot({"Settings": built["Settings"]}), TODAY)
    assert settings.private_columns
    for column in settings.private_columns:
        assert (built["Mentees"].column(column) is not None
                or built["Mentors"].column(column) is not None), column


def test_general_program_defaults():
    settings = program_settings(get_program("general"))
    assert settings.time_zone == "America/New_York"
    assert (settings.default_capacity, settings.check_in_every, settings.due_soon_within,
            settings.escalate_after, settings.first_meeting_within) == (2, 14, 3, 14, 14)
    assert settings.new_pairs_start_as == "Proposed"
    assert settings.private_columns == ("Phone number", "Anything else we should know?")


def test_rosters_have_the_standard_columns(name):
    sheets = {s.name: s for s in build_workbook(name)}
    for tab in ("Mentees", "Mentors"):
        header = sheets[tab].table.header
        assert header[:3] == ["Timestamp", "Email Address", "Full name"]
        assert header[-2:] == ["Approved", "Status"]
        assert sheets[tab].format.dropdowns["Approved"] == ["Yes", "No"]
        assert sheets[tab].format.dropdowns["Status"] == [
            "Active", "Pending", "Waitlist", "On hold", "Withdrawn"]
    assert "Capacity" in sheets["Mentors"].table.header
    assert sheets["Check-ins"].table.header == [
        "Timestamp", "Your Email", "Pair ID", "Mentee Email", "Mentor Email", "Meeting Date",
        "Concern", "Notes", "Handled"]
    assert sheets["Check-ins"].format.dropdowns == {"Concern": ["Yes", "No"]}


def test_checkbox_choices_go_to_the_lists_tab(name):
    program = get_program(name)
    lists = tabs(name)["Lists"]
    for column in (*program.mentee_columns, *program.mentor_columns):
        if column.multi:
            at = lists.column(column.header)
            assert at is not None, column.header
            assert set(column.options) <= {v for v in lists.values(at) if v}


def test_sample_is_deterministic():
    assert [t.keys() for t in tabs("general", 15).values()] == [
        t.keys() for t in tabs("general", 15).values()]
    assert tabs("general", 15)["Mentees"].keys() != tabs("general", 16)["Mentees"].keys()


def test_sample_dates_follow_today_but_people_do_not():
    now, later = tabs("general", 12, TODAY), tabs("general", 12, TODAY + dt.timedelta(days=40))
    assert now["Mentees"].values(1) == later["Mentees"].values(1)
    stamps = [r["Timestamp"] for r in records(later["Mentees"])]
    assert all(stamp.date() < TODAY + dt.timedelta(days=40) for stamp in stamps)
    assert all(not isinstance(v, str) or not v.startswith(("=", "+", "@"))
               for table in later.values() for row in table.rows for v in row)


@pytest.mark.parametrize("sample", [1, 5, 9, 20, 37])
def test_sample_sizes_and_unique_emails(name, sample):
    built = tabs(name, sample)
    mentees, mentors = records(built["Mentees"]), records(built["Mentors"])
    assert len(mentees) == sample
    assert len(mentors) == max(4, round(sample * 0.4))
    emails = [p["Email Address"] for p in mentees + mentors]
    assert len(set(emails)) == len(emails)
    assert all(EMAIL.fullmatch(e) for e in emails)
    for mentor in mentors:
        assert mentor["Capacity"] in (None, 1, 2, 3)


def test_sample_has_the_planted_edge_cases():
    built = tabs("general", 20)
    mentees, mentors = records(built["Mentees"]), records(built["Mentors"])
    assert [m["Status"] for m in mentees].count("Withdrawn") == 1
    assert [m["Status"] for m in mentors].count("On hold") == 1
    assert sum(m["Approved"] != "Yes" for m in mentors) >= 1
    approved = [m for m in mentors if m["Approved"] == "Yes" and m["Status"] == "Active"]
    tagalog = [m for m in mentees if items(m["Languages you speak"]) == {"tagalog"}]
    assert len(tagalog) == 1
    assert not any("tagalog" in items(m["Languages you speak"]) for m in approved)
    sunday = [m for m in mentees if m["Availability"] == "Sun 16:00-17:00"]
    assert len(sunday) == 1
    assert not any("sun" in str(m["Availability"]).casefold() for m in mentors)


def test_planted_pairs_are_between_eligible_people_who_pass_the_must_rules():
    built = tabs("general", 20)
    mentees = {m["Email Address"]: m for m in records(built["Mentees"])}
    mentors = {m["Email Address"]: m for m in records(built["Mentors"])}
    pairs = [p for p in records(built[PAIRINGS]) if p["Status"] != "Ended"]  # not the past
    assert [p["Pair ID"] for p in pairs] == [f"P-000{i}" for i in range(1, 7)]
    load: dict[str, int] = {}
    for pair in pairs:
        mentee, mentor = mentees[pair["Mentee Email"]], mentors[pair["Mentor Email"]]
        assert pair["Mentee"] == mentee["Full name"] and pair["Mentor"] == mentor["Full name"]
        assert pair["Status"] == "Active" and pair["Score"] is None and pair["Why"] is None
        assert isinstance(pair["Matched On"], dt.date) and pair["Matched On"] < TODAY
        for person in (mentee, mentor):
            assert (person["Approved"], person["Status"]) == ("Yes", "Active")
            assert person["Timestamp"].date() < pair["Matched On"]
        assert items(mentee["Languages you speak"]) & items(mentor["Languages you speak"])
        assert items(mentee["Availability"]) & items(mentor["Availability"])
        assert mentee["Time zone"] == mentor["Time zone"]
        load[mentor["Email Address"]] = load.get(mentor["Email Address"], 0) + 1
    for email, count in load.items():
        assert count <= (mentors[email]["Capacity"] or 2)


def test_check_ins_name_a_planted_pair():
    built = tabs("general", 20)
    pairs = {p["Pair ID"]: p for p in records(built[PAIRINGS])}
    by_emails = {frozenset((p["Mentee Email"], p["Mentor Email"])): p for p in pairs.values()}
    swapped = 0
    for row in records(built["Check-ins"]):
        pair = pairs.get(row["Pair ID"]) or by_emails[
            frozenset((row["Mentee Email"], row["Mentor Email"]))]
        assert row["Your Email"] in (pair["Mentee Email"], pair["Mentor Email"])
        assert row["Meeting Date"] > pair["Matched On"]
        assert row["Timestamp"].date() == row["Meeting Date"] + dt.timedelta(days=1)
        assert row["Concern"] in ("Yes", "No") and row["Notes"]
        swapped += row["Mentee Email"] == pair["Mentor Email"]
    assert swapped == 1


# Due soon's window (0..3 days ahead) is too narrow to hold for a sync two days early.
@pytest.mark.parametrize("shift", [-1, 0, 1, 2])
def test_a_first_sync_shows_each_flag_and_the_planted_unmatched(shift):
    sheets = build_workbook("general", 20, TODAY)
    outcome = engine.sync(snapshot(sheets), TODAY + dt.timedelta(days=shift))
    result = {s.name: s.table for s in outcome.sheets}
    flags = {r["Pair ID"]: r["Flag"] for r in records(result["Follow-ups"])}
    assert [flags[f"P-000{i}"] for i in range(1, 7)] == list(FLAGS)
    mentees = records({s.name: s.table for s in sheets}["Mentees"])
    planted = {m["Email Address"] for m in mentees
               if m["Languages you speak"] == "Tagalog" or m["Availability"] == "Sun 16:00-17:00"}
    unmatched = {r["Email"]: r["Reason"] for r in records(result["Unmatched"])}
    for email in planted:
        assert unmatched[email].startswith("No approved mentor")
    assert records(result["Problems"]) == []


def test_unknown_program_is_a_usage_error():
    with pytest.raises(UsageError) as raised:
        get_program("knitting")
    assert "general" in raised.value.message
    assert "sheets-sync programs" in raised.value.fix
    with pytest.raises(UsageError):
        build_workbook("knitting")
    with pytest.raises(UsageError):
        build_workbook("general", sample=-1)
    assert get_program(" General ") is PROGRAMS["general"]


def test_a_program_that_names_a_missing_column_is_refused():
    with pytest.raises(ValueError, match="no mentor column 'Shoe size'"):
        Program("broken", "Broken", "x", (Column("Age"),), (Column("Age"),),
                (RuleRow(MUST, "Age", "same", "Shoe size", note="why"),))


def test_program_descriptions_are_one_line(name):
    program = get_program(name)
    assert program.description and "\n" not in program.description
    assert normalise_header(program.name) == program.name


def test_planted_pairs_pass_every_kind_of_must_rule_of_a_data_only_program():
    """A future program module is data; the sample machinery must make its pairs valid."""
    from sheets_sync.programs import builder
    from sheets_sync.programs.base import PREFER, SampleProfile
    from sheets_sync.programs.draws import Many, Number, One

    genders = ("Woman", "Man", "Non-binary")
    skills = ("AI", "Social media", "Data", "Security")
    shared = (Column("Age"), Column("Department", ("Sales", "IT", "HR")),
              Column("Gender", genders), Column("Year", help="1-4"))
    program = Program(
        "demo", "Demo", "Every Must test at once.",
        (*shared, Column("Learning goals", skills, multi=True),
         Column("Preferred mentor gender", (*genders, "No preference"))),
        (*shared, Column("Skills", skills, multi=True), Column("Background check", ("Cleared",
                                                                                  "Pending"))),
        (RuleRow(MUST, "Age", "mentor younger by", "Age", 10, note="reverse mentoring"),
         RuleRow(MUST, "Learning goals", "covers", "Skills", note="can teach it all"),
         RuleRow(MUST, "Department", "differs", "Department", note="fresh eyes"),
         RuleRow(MUST, None, "mentor is", "Background check", "Cleared", note="safety"),
         RuleRow(MUST, "Preferred mentor gender", "mentee accepts", "Gender", note="comfort"),
         RuleRow(MUST, "Year", "within", "Year", 1, note="close in study"),
         RuleRow(PREFER, "Gender", "same", "Gender", weight=1, note="nice to have")),
        settings={"check_in_every": 28},
        sample=SampleProfile(
            mentee={"Age": Number(35, 60), "Year": Number(1, 4),
                    "Learning goals": Many(skills, (1, 2))},
            mentor={"Age": Number(22, 40), "Year": Number(1, 4), "Skills": Many(skills, (1, 3)),
                    "Background check": One({"Cleared": 1, "Pending": 3})}),
    )
    built = {s.name: s.table for s in builder.build_workbook(program, 12, TODAY)}
    mentees = {m["Email Address"]: m for m in records(built["Mentees"])}
    mentors = {m["Email Address"]: m for m in records(built["Mentors"])}
    pairs = [p for p in records(built[PAIRINGS]) if p["Status"] != "Ended"]  # not the past
    assert len(pairs) == 6
    for pair in pairs:
        mentee, mentor = mentees[pair["Mentee Email"]], mentors[pair["Mentor Email"]]
        assert mentee["Age"] - mentor["Age"] >= 10
        assert items(mentee["Learning goals"]) <= items(mentor["Skills"])
        assert mentee["Department"] != mentor["Department"]
        assert mentor["Background check"] == "Cleared"
        assert mentee["Preferred mentor gender"] in (mentor["Gender"], "No preference")
        assert abs(mentee["Year"] - mentor["Year"]) <= 1
    settings, problems = read_settings(Snapshot({"Settings": built["Settings"]}), TODAY)
    assert problems == [] and settings.check_in_every == 28
    latest = [days[-1] for _flag, _matched, days in flag_plan(settings) if days]
    assert latest == [5, 28 + 14 + 17, 28 + 5, 28 - 2, 11]
