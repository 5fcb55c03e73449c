"""Fuzzing the sync with random workbooks: random headers (some missing, some blank or
repeated), random cell types everywhere. A sync either works or stops with a SheetsSyncError
(a clear message and an exit status) -- never any other exception -- and what it writes is
plain cell values that both backends can store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workbooks import CHECK_IN_HEADER

from sheets_sync import engine
from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.cli import main
from sheets_sync.errors import SheetsSyncError
from sheets_sync.inputs.rules import RULES_HEADER, TESTS
from sheets_sync.inputs.settings import SETTING_FIELDS
from sheets_sync.model import OWNED_TABS, PAIRINGS, Sheet, Snapshot, Table
from sheets_sync.outputs.layout import HEADERS, PAIR_STATUSES

TODAY = dt.date(2026, 11, 24)
PEOPLE = [f"p{n}@example.org" for n in range(6)]
EMAILS = [*PEOPLE, " P1@Example.org ", "not an email", "@x.org", "p2@example.org\u200b"]
EMAIL_HEADERS = ["Email", "Email Address", "Your e-mail", "What is your email?"]
ROSTER_HEADERS = ["Name", "Full name", "Age", "Time zone", "Languages", "Availability",
                  "Interests", "Capacity", "Approved", "Status", "Timestamp", "Gender", "Grade",
                  "Date of birth", "", "Notes 📝"]
WORDS = ["English", "Spanish", "Mon 18:00-20:00", "Tuesday evenings", "Weekend mornings",
         "UTC+5:30", "Europe/Berlin", "-8", "Yes", "No", "TRUE", "Any", "Senior", "Freshman",
         "1990", "24/11/2026", "11/24/2026", "2026-11-24T10:00", "Withdrawn", "On hold",
         "Active", "Proposed", "Rejected", "Rematch", "#REF!", "#N/A", "#DIV/0!",
         "=IMPORTXML(\"http://x\",\"//a\")", "+1 555", "-", "@", "a, b; c\nd", "🦄 Art, 🎵",
         "محمد", "נועה", "P-0001", "p-0002 ", "x" * 5000]
TYPICAL = {
    "Age": [17, 35, 61, "35 years old", 1990, "Senior", dt.date(1990, 5, 1)],
    "Time zone": ["Europe/Berlin", "UTC+5:30", -8, 5.5, "EST", "Mars/Olympus", ""],
    "Languages": ["English", "English, Spanish", "spanish", "Hindi; English"],
    "Availability": ["Mon 18:00-20:00", "Tuesday evenings", "Weekend mornings, Mon 9-11",
                     "anytime", "never"],
    "Interests": ["Art, Music", "music", "Science; Art"],
    "Capacity": [1, 2, 3, "two", -1, 2.5],
    "Approved": ["Yes", "No", True, False, "maybe", "✅"],
    "Status": ["Active", "Withdrawn", "On hold", "?"],
    "Gender": ["Woman", "Man", "Any", "Non-binary"],
    "Grade": [9, "Senior", "Freshman", "Year 10", "7th grade"],
}
INPUT_TEXT = st.one_of(
    st.sampled_from(WORDS + EMAILS),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12),
)


def cells(*, excel: bool = False) -> st.SearchStrategy:
    """Any value a backend can hand the engine. For an .xlsx only what Excel itself can hold:
    dates from 1900 (earlier ones are not dates in Excel) and finite numbers."""
    low = dt.datetime(1900, 3, 1) if excel else dt.datetime.min
    return st.one_of(
        st.none(),
        st.integers(min_value=-(10**12), max_value=10**12),
        st.floats(allow_nan=not excel, allow_infinity=not excel),
        st.booleans(),
        st.dates(min_value=low.date()),
        st.datetimes(min_value=low),
        st.times(),
        INPUT_TEXT,
    )


def mostly(common: st.SearchStrategy, rare: st.SearchStrategy, odds: int = 6
           ) -> st.SearchStrategy:
    """``common`` ``odds`` times in ``odds + 1``, else ``rare``."""
    return st.sampled_from([True] * odds + [False]).flatmap(lambda c: common if c else rare)


def column_cells(header: str, excel: bool) -> st.SearchStrategy:
    """Mostly what people type under that header, sometimes anything at all."""
    if header in EMAIL_HEADERS:
        typical = st.sampled_from(EMAILS)
    else:
        typical = st.sampled_from(TYPICAL.get(header, WORDS))
    return mostly(typical, cells(excel=excel), 3)


@st.composite
def tables(draw: st.DrawFn, name: str, *, excel: bool = False, like: list[str] | None = None
           ) -> Table:
    header = draw(st.lists(st.one_of(st.sampled_from(ROSTER_HEADERS), st.text(max_size=8)),
                           max_size=8))
    if like is not None and draw(st.sampled_from([True] * 4 + [False])):
        header = draw(st.permutations(like)) + header[:2]  # mostly the mentees' columns
    elif draw(st.sampled_from([True] * 9 + [False])):  # mostly with an email column
        header.insert(draw(st.integers(0, len(header))), draw(st.sampled_from(EMAIL_HEADERS)))
    rows = draw(st.lists(st.tuples(*[column_cells(h, excel) for h in header]).map(list),
                         min_size=draw(st.sampled_from([1, 1, 1, 0])), max_size=6))
    return Table(name, header, rows)


@st.composite
def rules_tables(draw: st.DrawFn, mentee: Table, mentor: Table, *, excel: bool = False) -> Table:
    header = draw(mostly(st.just(list(RULES_HEADER)),  # now and then a damaged header
                         st.lists(st.sampled_from(RULES_HEADER + ["Kind", ""]), max_size=8), 9))
    shared = [h for h in mentee.header if h in mentor.header] or ["Nope"]
    columns = mostly(st.sampled_from(shared),
                     st.sampled_from([*mentee.header, *mentor.header, "Nope", "", None]), 12)
    tests = mostly(st.sampled_from(list(TESTS)),
                   st.sampled_from(["similar to", " Overlaps ", None]), 12)

    @st.composite
    def row(draw: st.DrawFn) -> list[object]:
        test = draw(tests)
        kind = TESTS.get(test or "", (True, False, ""))[2]
        fitting = {"number": st.sampled_from([1, 3, 0.5, "3", 20]),
                   "list": st.sampled_from(["Yes, Cleared", "Woman", "Yes"])}.get(
            kind, st.sampled_from([None, "", 2]))
        choices = {
            "Rule": mostly(st.sampled_from(["Must", "Prefer", "Prefer", "prefer "]),
                           st.one_of(st.sampled_from(["Should", None]), cells(excel=excel)), 12),
            "Mentee column": columns,
            "Test": st.just(test),
            "Mentor column": columns,
            "Value": mostly(fitting, st.one_of(st.sampled_from([-1, "three"]),
                                               cells(excel=excel)), 12),
            "Weight": mostly(st.sampled_from([None, 1, 2.5, 3]),
                             st.one_of(st.sampled_from([0, "high"]), cells(excel=excel)), 12),
        }
        return [draw(choices.get(h, cells(excel=excel))) for h in header]

    rows = draw(st.lists(row(), min_size=1, max_size=4))
    return Table("Rules", header, rows)


@st.composite
def snapshots(draw: st.DrawFn, *, excel: bool = False) -> Snapshot:
    mentees = draw(tables("Mentees", excel=excel))
    mentors = draw(tables("Mentors", excel=excel, like=mentees.header))
    tabs = {"Mentees": mentees, "Mentors": mentors}
    if draw(st.sampled_from([True] * 19 + [False])):  # now and then no Rules tab at all
        tabs["Rules"] = draw(rules_tables(mentees, mentors, excel=excel))
    tab_settings = ["Mentor tab", "Mentee tab", "Check-in tab"]
    labels = mostly(st.sampled_from([f for f in SETTING_FIELDS if f not in tab_settings]
                                    + ["capacity", "Unknown setting"]),
                    st.sampled_from(tab_settings), 20)
    values = mostly(st.sampled_from(["two weeks", -1, 0, 7, 3, "Mars/Olympus", "Active",
                                     "Proposed", "Yes", "Email, Age", "UTC-5"]),
                    cells(excel=excel), 2)
    settings_rows = draw(st.lists(st.tuples(labels, values), max_size=5))
    tabs["Settings"] = Table("Settings", ["Setting", "Value", "Help"],
                             [[label, value, None] for label, value in settings_rows])
    pair_header = HEADERS[PAIRINGS] + ["My column"]
    emails = mostly(st.sampled_from(EMAILS), cells(excel=excel), 3)
    pair_cell = {
        "Pair ID": st.one_of(st.sampled_from(["P-0001", "P-0002", "p-0001", "", "X"]),
                             cells(excel=excel)),
        "Mentee Email": emails,
        "Mentor Email": emails,
        "Status": st.one_of(st.sampled_from([*PAIR_STATUSES, "weird", " active"]),
                            cells(excel=excel)),
        "Matched On": st.one_of(st.sampled_from([dt.date(2026, 10, 1), "2026-11-01", None]),
                                cells(excel=excel)),
    }
    tabs[PAIRINGS] = Table(PAIRINGS, pair_header, draw(st.lists(st.tuples(
        *[pair_cell.get(h, cells(excel=excel)) for h in pair_header]).map(list), max_size=4)))
    check_cell = {
        "Pair ID": st.sampled_from(["P-0001", "P-0002", "P-0099", None]),
        "Mentee Email": st.sampled_from(EMAILS + [None]),
        "Mentor Email": st.sampled_from(EMAILS + [None]),
        "Meeting Date": st.one_of(st.sampled_from([dt.date(2026, 11, 1), "11/20/2026", None]),
                                  cells(excel=excel)),
        "Concern": st.one_of(st.sampled_from(["Yes", "No"]), cells(excel=excel)),
    }
    tabs["Check-ins"] = Table("Check-ins", CHECK_IN_HEADER, draw(st.lists(st.tuples(
        *[check_cell.get(h, cells(excel=excel)) for h in CHECK_IN_HEADER]).map(list),
        max_size=4)))
    return Snapshot(tabs)


PLAIN = (type(None), str, int, float, bool, dt.date, dt.datetime, dt.time)


def assert_plain(sheet: Sheet) -> None:
    """Values only: what both backends store as they are (dt.time included: the model's Cell
    allows it and a time typed into an input cell may be shown back in Problems)."""
    for row in [sheet.table.header, *sheet.table.rows]:
        for value in row:
            assert isinstance(value, PLAIN) and not isinstance(value, np.generic), (
                sheet.name, type(value), value)
            if isinstance(value, str):
                assert not value.startswith("=") or sheet.name != "Dashboard", value


def sync_or_refuse(snapshot: Snapshot) -> engine.Outcome | None:
    try:
        return engine.sync(snapshot, TODAY)
    except SheetsSyncError as error:
        assert error.message and error.exit_code in (2, 3), error
        return None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(snapshots())
def test_any_snapshot_syncs_or_gives_a_clear_error(snapshot: Snapshot) -> None:
    outcome = sync_or_refuse(snapshot)
    if outcome is None:
        return
    assert {s.name for s in outcome.sheets} == set(OWNED_TABS) - {"Sync Log"}
    for sheet in outcome.sheets:
        assert_plain(sheet)
    for problem in outcome.problems:
        assert isinstance(problem.problem, str) and problem.problem
    # The same input again gives the same output: nothing random, nothing left over.
    again = engine.sync(snapshot, TODAY)
    assert [s.table.keys() for s in again.sheets] == [s.table.keys() for s in outcome.sheets]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large,
                                                                 HealthCheck.function_scoped_fixture])
@given(snapshot=snapshots(excel=True))
def test_any_xlsx_syncs_through_the_command_line(snapshot: Snapshot, tmp_path: Path) -> None:
    folder = tmp_path / f"case{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    path = folder / "program.xlsx"
    ExcelBackend(path).create([Sheet(table) for table in snapshot.tabs.values()])
    result = CliRunner().invoke(main, ["sync", str(path), "--today", TODAY.isoformat()])
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "unexpectedly" not in result.output
    if result.exit_code == 2:
        assert "Fix:" in result.output
        return
    second = CliRunner().invoke(main, ["sync", str(path), "--today", TODAY.isoformat()])
    assert second.exit_code == 0, second.output
    assert "Nothing changed" in second.output, second.output
