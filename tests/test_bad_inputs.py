"""The bad-input corpus (tests/files/, made by scripts/make_bad_inputs.py): every damaged
workbook gets a clear outcome, never a traceback, and never loses what the coordinator typed.

For each file, `sheets-sync sync FILE --today 2026-11-24` and `sheets-sync check FILE` run on a
copy through click's CliRunner. EXPECTED says exactly which exit status each must give:
0 (data problems go to the Problems tab), 2 (the workbook or rules are unusable) or 3 (the file
can't be read or written).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import cli

from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.cli import main
from sheets_sync.inputs.checkins import read_check_ins
from sheets_sync.inputs.pairings import read_pairings
from sheets_sync.inputs.roster import read_roster
from sheets_sync.inputs.values import normalise_text
from sheets_sync.model import OWNED_TABS, PAIRINGS, Sheet, Table, normalise_header
from sheets_sync.outputs.layout import HEADERS

FILES = Path(__file__).parent / "files"
TODAY = "2026-11-24"
OWNED = {normalise_header(t) for t in OWNED_TABS}

# file -> (sync exit status, check exit status, text a non-zero exit's message must name)
EXPECTED: dict[str, tuple[int, int, str | None]] = {
    # missing tabs and odd workbook structure
    "no_settings.xlsx": (0, 0, None),
    "no_rules.xlsx": (2, 2, "Rules tab"),
    "no_mentees.xlsx": (2, 2, "'Mentees' tab"),
    "no_mentors.xlsx": (2, 2, "'Mentors' tab"),
    "no_checkins.xlsx": (2, 2, "'Check-ins' tab"),  # its pairs are Active: concerns matter
    "empty_workbook.xlsx": (2, 2, "'Mentees' tab"),
    "mentees_tab_blank.xlsx": (2, 2, "'Mentees' tab"),
    "mentees_header_only.xlsx": (0, 0, None),
    "settings_names_missing_tab.xlsx": (2, 2, "'Sign-ups' tab"),
    "tab_names_case_and_spaces.xlsx": (0, 0, None),
    "hidden_mentors.xlsx": (0, 0, None),
    "blank_formatted_rows_10000.xlsx": (0, 0, None),
    "owned_tabs_messy.xlsx": (0, 0, None),
    "shapes.xlsx": (0, 0, None),  # the text box is carried over untouched
    # headers
    "no_email_column.xlsx": (2, 2, "'Email' to the Mentees tab"),
    "email_header_renamed.xlsx": (0, 0, None),
    "duplicate_email_header.xlsx": (0, 0, None),
    "blank_header_cells.xlsx": (0, 0, None),
    "blank_rule_column_header.xlsx": (2, 2, "Rules row 5"),
    "headers_case_and_spaces.xlsx": (0, 0, None),
    "title_row_above_header.xlsx": (2, 2, "Mentees tab"),
    "merged_cells_roster.xlsx": (0, 0, None),
    # wrong types, dates, size and script
    "numbers_in_name_columns.xlsx": (0, 0, None),
    "text_in_capacity.xlsx": (0, 0, None),
    "booleans_in_dates.xlsx": (0, 0, None),
    "dates_in_text_columns.xlsx": (0, 0, None),
    "wrong_types_everywhere.xlsx": (0, 0, None),
    "dates_as_text_locales.xlsx": (0, 0, None),
    "google_forms_timestamps.xlsx": (0, 0, None),
    "serial_dates_as_numbers.xlsx": (0, 0, None),
    "long_cells_5000.xlsx": (0, 0, None),
    "emoji_and_rtl.xlsx": (0, 0, None),
    "formula_like_text.xlsx": (0, 0, None),
    "formulas_in_inputs.xlsx": (0, 0, None),
    "formulas_with_saved_results.xlsx": (0, 0, None),
    "error_values.xlsx": (0, 0, None),
    "approval_words.xlsx": (0, 0, None),
    "duplicate_people.xlsx": (0, 0, None),
    "bad_emails.xlsx": (0, 0, None),
    # Settings and Rules
    "settings_bad_values.xlsx": (0, 0, None),
    "rules_unknown_test.xlsx": (2, 2, "Rules row 3"),
    "rules_missing_test_column.xlsx": (2, 2, "'Test' column"),
    "rules_unknown_roster_column.xlsx": (2, 2, "Rules row 4"),
    "rules_bad_value.xlsx": (2, 2, "Rules row 6"),
    "rules_bad_weight.xlsx": (2, 2, "Rules row 4"),
    "rules_bad_kind.xlsx": (2, 2, "Rules row 2"),
    "rules_header_only.xlsx": (0, 0, None),
    # Pairings and Check-ins edited by hand
    "pairings_unknown_status.xlsx": (0, 0, None),
    "pairings_duplicate_ids.xlsx": (0, 0, None),
    "pairings_blank_emails.xlsx": (0, 0, None),
    "pairings_not_on_roster.xlsx": (0, 0, None),
    "pairings_hand_typed.xlsx": (0, 0, None),
    "checkins_unknown_pairs.xlsx": (0, 0, None),
    "checkins_future_dates.xlsx": (0, 0, None),
    "checkins_form_wording.xlsx": (0, 0, None),
    # not a usable file
    "csv_renamed.xlsx": (3, 3, "not an Excel workbook"),
    "truncated_zip.xlsx": (3, 3, "damaged"),
    "encrypted_ole.xlsx": (3, 3, "password-protected"),
    "zero_bytes.xlsx": (3, 3, "empty (0 bytes)"),
    "read_only.xlsx": (3, 0, "read-only"),  # the test makes its copy read-only (0444)
    "signups.csv": (2, 2, "Excel workbook (.xlsx)"),
    "old_format.xls": (2, 2, "Excel workbook (.xlsx)"),
}

# Cells damaged on purpose: after the sync, a Problems row must name each (tab, row, column).
DAMAGED: dict[str, list[tuple[str, int | None, str]]] = {
    "no_settings.xlsx": [("Settings", None, "")],
    "merged_cells_roster.xlsx": [("Mentees", 7, "Email Address")],
    "text_in_capacity.xlsx": [("Mentors", row, "Capacity") for row in (2, 3, 4, 5)],
    "booleans_in_dates.xlsx": [("Check-ins", 5, "Meeting Date"), ("Pairings", 5, "Matched On")],
    "dates_in_text_columns.xlsx": [("Mentees", 4, "Availability"), ("Mentees", 5, "Time zone"),
                                   ("Mentees", 8, "Approved")],
    "wrong_types_everywhere.xlsx": [
        ("Mentors", 2, "Time zone"), ("Mentors", 3, "Email Address"),
        ("Mentors", 4, "Availability"), ("Mentors", 4, "Approved"),
        ("Check-ins", 6, "Pair ID"), ("Check-ins", 7, "Meeting Date")],
    "dates_as_text_locales.xlsx": [("Check-ins", 9, "Meeting Date")],
    "google_forms_timestamps.xlsx": [("Mentees", 13, "Email Address"),
                                     ("Check-ins", 3, "Timestamp")],
    "long_cells_5000.xlsx": [("Mentees", 4, "Availability"), ("Mentees", 8, "Time zone")],
    "emoji_and_rtl.xlsx": [("Mentees", 7, "Availability")],
    "error_values.xlsx": [
        ("Mentees", 3, "Email Address"), ("Mentors", 2, "Capacity"),
        ("Mentors", 3, "Availability"), ("Check-ins", 6, "Meeting Date"),
        ("Settings", 8, "Value"), ("Pairings", 3, "Mentor Email")],
    "approval_words.xlsx": [("Mentees", 7, "Approved")],
    "duplicate_people.xlsx": [("Mentees", 6, "Email Address"), ("Mentors", 2, "Email Address")],
    "bad_emails.xlsx": [("Mentees", row, "Email Address") for row in (6, 8, 10, 11)],
    "settings_bad_values.xlsx": [("Settings", row, "Value") for row in (3, 7, 8, 12, 13, 14, 17)],
    "pairings_unknown_status.xlsx": [("Pairings", 3, "Status")],
    "pairings_duplicate_ids.xlsx": [("Pairings", 5, "Pair ID"), ("Pairings", 6, "Pair ID")],
    "pairings_blank_emails.xlsx": [("Pairings", 4, "Mentee Email"),
                                   ("Pairings", 6, "Mentor Email")],
    "pairings_not_on_roster.xlsx": [("Pairings", 8, "Mentee Email")],
    "checkins_unknown_pairs.xlsx": [("Check-ins", 4, "Pair ID"), ("Check-ins", 7, "Pair ID")],
    "checkins_future_dates.xlsx": [("Check-ins", 12, "Meeting Date"),
                                   ("Check-ins", 13, "Meeting Date")],
}

# Files whose damage is harmless: these tabs must get no Problems row at all.
CLEAN: dict[str, tuple[str, ...]] = {
    "tab_names_case_and_spaces.xlsx": ("Mentees", "Mentors", "Check-ins", "Settings"),
    "email_header_renamed.xlsx": ("Mentees", "Mentors"),
    "headers_case_and_spaces.xlsx": ("Mentees", "Mentors"),
    "blank_header_cells.xlsx": ("Mentees", "Mentors"),
    "hidden_mentors.xlsx": ("Mentees", "Mentors"),
    "blank_formatted_rows_10000.xlsx": ("Mentees",),
    "serial_dates_as_numbers.xlsx": ("Check-ins", "Pairings", "Mentees"),
    "numbers_in_name_columns.xlsx": ("Mentees", "Mentors"),
    "checkins_form_wording.xlsx": ("Check-ins",),
    "formula_like_text.xlsx": ("Mentees", "Mentors"),
}


@dataclass
class Run:
    name: str
    path: Path
    before_bytes: bytes
    before_tabs: dict[str, object]
    exit_code: int
    output: str
    second_output: str = ""
    after_first: bytes = b""


_SYNCS: dict[str, Run] = {}


def corpus() -> list[str]:
    return sorted(p.name for p in FILES.iterdir() if p.is_file() and not p.name.startswith("."))


def _copy(name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(FILES / name, path)
    if name == "read_only.xlsx":
        path.chmod(0o444)
    return path


def _input_tabs(path: Path) -> dict[str, object]:
    """Everything the coordinator owns, as openpyxl reads it: tab order, visibility, merged
    ranges and every value of every tab the engine does not own."""
    try:
        book = openpyxl.load_workbook(path)
    except Exception:  # not a workbook at all: its bytes are compared instead
        return {}
    tabs: dict[str, object] = {"(order)": [ws.title for ws in book.worksheets
                                           if normalise_header(ws.title) not in OWNED]}
    for ws in book.worksheets:
        if normalise_header(ws.title) in OWNED:
            continue
        rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
        while rows and all(v is None for v in rows[-1]):
            rows.pop()
        tabs[ws.title] = (ws.sheet_state, sorted(str(r) for r in ws.merged_cells.ranges), rows)
    return tabs


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def synced(name: str, tmp_root: Path) -> Run:
    """`sync FILE --today 2026-11-24` on a copy, once per file per session, then (when it
    succeeded) a second sync of the result, which must change nothing."""
    if name not in _SYNCS:
        path = _copy(name, tmp_root / name.replace(".", "_"))
        run = Run(name, path, path.read_bytes(), _input_tabs(path),
                  *_invoke("sync", str(path), "--today", TODAY))
        if run.exit_code in (0, 2):
            run.after_first = path.read_bytes()
            run.second_output = _invoke("sync", str(path), "--today", TODAY)[1]
        _SYNCS[name] = run
    return _SYNCS[name]


@pytest.fixture(scope="module")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bad_inputs")


def _problems(path: Path) -> list[tuple]:
    ws = openpyxl.load_workbook(path)["Problems"]
    return [tuple(r) for r in ws.iter_rows(min_row=2, values_only=True) if any(r)]


def _assert_friendly(code: int, output: str, mention: str | None) -> None:
    assert "Traceback" not in output, output
    assert "unexpectedly" not in output, output
    if code == 0:
        return
    fix = [line for line in output.splitlines() if line.strip().startswith("Fix:")]
    assert fix and len(fix[0].strip()) > len("Fix: ") + 10, output
    assert mention and mention in output, output


# -- the corpus itself ---------------------------------------------------------------------------


def test_corpus_is_complete() -> None:
    files = corpus()
    assert len(files) >= 40
    assert set(files) == set(EXPECTED), "run scripts/make_bad_inputs.py, then update EXPECTED"
    assert set(DAMAGED) <= set(EXPECTED) and set(CLEAN) <= set(EXPECTED)
    assert all(EXPECTED[name][0] == 0 for name in DAMAGED)
    assert sum((FILES / f).stat().st_size for f in files) < 3_000_000  # keep them small


def test_script_makes_the_same_files(tmp_path: Path) -> None:
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("make_bad_inputs", FILES.parent.parent / "scripts"
                                   / "make_bad_inputs.py")
    assert spec and spec.loader
    script = module_from_spec(spec)
    spec.loader.exec_module(script)
    made = script.main(tmp_path)
    assert sorted(p.name for p in made) == corpus()
    # Same bytes whenever the script runs twice with one openpyxl version.
    again = script.main(tmp_path / "again")
    assert [p.read_bytes() for p in made] == [p.read_bytes() for p in again]


# -- sync ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", corpus())
def test_sync(name: str, tmp_root: Path) -> None:
    run = synced(name, tmp_root)
    code, _check, mention = EXPECTED[name]
    assert run.exit_code == code, run.output
    _assert_friendly(run.exit_code, run.output, mention)
    leftovers = [p.name for p in run.path.parent.iterdir()
                 if p.name.endswith(".sheets-sync.tmp")]
    assert not leftovers
    if code == 2 and name.endswith(".xlsx"):
        # The blocking errors go to the top of Problems and a line to the Sync Log, so a
        # coordinator who only opens the workbook sees it; nothing else is written, and the
        # same stop seen again writes nothing at all.
        assert _input_tabs(run.path) == run.before_tabs, "a coordinator's tab was changed"
        problems = _problems(run.path)
        assert problems and problems[0][4].startswith("Syncs are stopped until this is fixed")
        log = openpyxl.load_workbook(run.path)["Sync Log"]
        assert "Sync stopped" in str(list(log.iter_rows(values_only=True))[-1])
        assert run.path.read_bytes() == run.after_first, "the same stop wrote again"
        return
    if code != 0:
        assert run.path.read_bytes() == run.before_bytes, "a refused sync must write nothing"
        assert not (run.path.parent / ".sheets-sync-backups").exists()
        return
    assert _input_tabs(run.path) == run.before_tabs, "a coordinator's tab was changed"
    assert "Written." in run.output
    assert "Nothing changed; the workbook was not touched." in run.second_output, (
        "a second sync with no input change must change nothing:\n" + run.second_output)


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_damaged_cells_are_problems(name: str, tmp_root: Path) -> None:
    run = synced(name, tmp_root)
    assert run.exit_code == 0, run.output
    found = {(tab, row, column or "") for tab, row, column, *_ in _problems(run.path)}
    missing = [cell for cell in DAMAGED[name] if cell not in found]
    assert not missing, f"no Problems row for {missing}; found {sorted(found, key=str)}"


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_harmless_damage_is_no_problem(name: str, tmp_root: Path) -> None:
    run = synced(name, tmp_root)
    assert run.exit_code == 0, run.output
    noisy = [p for p in _problems(run.path) if p[0] in CLEAN[name]]
    assert not noisy


def test_dates_in_every_locale_are_read(tmp_root: Path) -> None:
    run = synced("dates_as_text_locales.xlsx", tmp_root)
    rows = {p[1] for p in _problems(run.path) if p[0] == "Check-ins"}
    assert rows == {9}  # 24/11/2026, 11/24/2026, 24.11.2026, 24 Nov 2026 ... all understood
    follow = openpyxl.load_workbook(run.path)["Follow-ups"]
    header = [c.value for c in follow[1]]
    at = header.index("Last Check-in")
    last = {r[0]: r[at] for r in follow.iter_rows(min_row=2, values_only=True) if r[0]}
    assert last["P-0002"] == dt.datetime(2026, 11, 24)  # rows 2-3 name P-0002 on 24 Nov


def test_form_text_is_written_as_text_never_as_formulas(tmp_root: Path) -> None:
    run = synced("formula_like_text.xlsx", tmp_root)
    pairings = openpyxl.load_workbook(run.path)["Pairings"]
    cells = {c.value: c.data_type for row in pairings.iter_rows(min_row=2) for c in row}
    for text in ('=HYPERLINK("http://evil.example","Click me")', "+1 555 0100", "-Rania-",
                 "@isabela", '=IMPORTXML("http://x.example","//a")'):
        assert cells.get(text) == "s", text


def test_owned_tabs_hold_values_only(tmp_root: Path) -> None:
    for name in ("owned_tabs_messy.xlsx", "formulas_in_inputs.xlsx", "error_values.xlsx"):
        book = openpyxl.load_workbook(synced(name, tmp_root).path)
        for title in OWNED_TABS:
            kinds = {c.data_type for row in book[title].iter_rows() for c in row}
            assert not kinds & {"f", "e"}, (name, title, kinds)


def test_hidden_tabs_stay_hidden(tmp_root: Path) -> None:
    book = openpyxl.load_workbook(synced("hidden_mentors.xlsx", tmp_root).path)
    assert book["Mentors"].sheet_state == "hidden"
    assert book["Lists"].sheet_state == "veryHidden"
    assert book.active.sheet_state == "visible"


def test_a_drawn_shape_survives_a_sync_byte_for_byte(tmp_root: Path) -> None:
    run = synced("shapes.xlsx", tmp_root)
    assert run.exit_code == 0, run.output
    with zipfile.ZipFile(io.BytesIO(run.before_bytes)) as before, \
            zipfile.ZipFile(run.path) as after:
        kept = [n for n in before.namelist() if n.startswith(("xl/drawings/", "xl/charts/"))
                or b"rIdShape1" in before.read(n)]
        assert "xl/drawings/drawing1.xml" in kept and len(kept) >= 3
        for name in kept:
            assert after.read(name) == before.read(name), name


def test_read_only_file_is_not_replaced(tmp_path: Path) -> None:
    path = _copy("read_only.xlsx", tmp_path)
    before = path.read_bytes()
    code, output = _invoke("sync", str(path), "--today", TODAY)
    # Holds for every user, root included: a file marked read-only is a "do not change".
    assert code == 3, output
    assert "read-only" in output and "Fix:" in output
    assert path.read_bytes() == before
    assert path.stat().st_mode & 0o777 == 0o444
    path.chmod(0o644)  # once writable again, the same workbook syncs
    assert _invoke("sync", str(path), "--today", TODAY)[0] == 0


# -- check ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", corpus())
def test_check(name: str, tmp_path: Path) -> None:
    path = _copy(name, tmp_path)
    before = path.read_bytes()
    code, output = _invoke("check", str(path), "--today", TODAY)
    assert code == EXPECTED[name][1], output
    _assert_friendly(code, output, EXPECTED[name][2])
    assert path.read_bytes() == before, "check must write nothing"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == [name]


# -- the figures ---------------------------------------------------------------------------------


# -- the product fixes this corpus led to, one focused test each ---------------------------------


def test_an_e_mail_header_is_the_email_column() -> None:
    table = Table("Mentors", ["Your e-mail address", "Name"], [["a@x.org", "A"]])
    roster, problems = read_roster(table, "mentor", 2)
    assert list(roster.everyone) == ["a@x.org"] and not problems


def test_an_approval_that_is_neither_yes_nor_no_is_a_problem() -> None:
    table = Table("Mentees", ["Email", "Approved"], [
        ["a@x.org", "maybe"], ["b@x.org", "No"], ["c@x.org", None], ["d@x.org", "Yes"],
        ["e@x.org", dt.date(2026, 1, 1)]])
    roster, problems = read_roster(table, "mentee", 2)
    assert [p.email for p in roster.eligible] == ["d@x.org"]
    assert [(p.row, p.column) for p in problems] == [(2, "Approved"), (6, "Approved")]


def test_invisible_characters_never_make_a_new_person() -> None:
    assert normalise_text("ana@x.org\u200b") == normalise_text("\u200fANA@x.org\ufeff") == (
        "ana@x.org")
    assert normalise_text("👩🏽\u200d💻") == "👩🏽\u200d💻"  # a joiner inside an emoji stays


def _pair(pair_id: str | None, mentee: str, mentor: str, matched_on: object = None) -> list:
    row: dict[str, object] = {"Pair ID": pair_id, "Mentee Email": mentee,
                              "Mentor Email": mentor, "Status": "Active",
                              "Matched On": matched_on}
    return [row.get(h) for h in HEADERS[PAIRINGS]]


def test_a_blank_row_in_pairings_keeps_the_pairs_below_it_in_place() -> None:
    blank = [None] * len(HEADERS[PAIRINGS])
    table = Table(PAIRINGS, HEADERS[PAIRINGS], [
        _pair("P-0001", "a@x.org", "m@x.org", dt.date(2026, 10, 1)), blank,
        _pair(None, "b@x.org", "m@x.org", dt.date(2026, 10, 1))])
    book, problems = read_pairings(table, "Proposed", dt.date(2026, 11, 24))
    assert not problems
    assert [p.row for p in book.pairs] == [2, 3, 4]
    rows = book.rows()
    assert rows[1] == blank and rows[2][0] == "P-0002"


def test_an_unreadable_matched_on_date_is_a_problem() -> None:
    table = Table(PAIRINGS, HEADERS[PAIRINGS], [
        _pair("P-0001", "a@x.org", "m@x.org", True),
        _pair("P-0002", "b@x.org", "m@x.org", "sometime in May"),
        _pair("P-0003", "c@x.org", "m@x.org", "2026-10-01")])
    _book, problems = read_pairings(table, "Proposed", dt.date(2026, 11, 24))
    assert [(p.row, p.column) for p in problems] == [(2, "Matched On"), (3, "Matched On")]


def test_check_ins_find_a_worded_pair_id_question_and_say_which_date_they_used() -> None:
    pairs = read_pairings(Table(PAIRINGS, HEADERS[PAIRINGS], [
        _pair("P-0001", "a@x.org", "m@x.org", dt.date(2026, 10, 1))]), "Proposed",
        dt.date(2026, 11, 24))[0].pairs
    table = Table("Check-ins", ["Timestamp", "Pair ID (from your welcome email)", "Meeting Date"], [
        [dt.datetime(2026, 11, 20, 9), "P-0001", "last Tuesday"],
        [dt.datetime(2026, 12, 1, 9), "P-0001", None],
        [dt.datetime(2026, 11, 21, 9), "P-0001", "2026-11-19"]])
    check_ins, problems = read_check_ins(table, pairs, dt.date(2026, 11, 24))
    assert [(c.row, c.date) for c in check_ins.found] == [(2, dt.date(2026, 11, 20)),
                                                          (3, None),  # in the future
                                                          (4, dt.date(2026, 11, 19))]
    assert [(p.row, p.column) for p in problems] == [(2, "Meeting Date"), (3, "Timestamp"),
                                                     (None, "Concern")]  # no Concern question
    assert "2026-11-20" in problems[0].problem  # says which day it used instead


def test_error_cells_are_read_as_their_text(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Mentees"
    sheet.append(["Email", "Capacity"])
    sheet.append(["#REF!", "#DIV/0!"])
    sheet["C2"] = "=1/0"  # a formula with no saved result stays blank
    book.save(tmp_path / "errors.xlsx")
    table = ExcelBackend(tmp_path / "errors.xlsx").read().get("Mentees")
    assert table is not None and table.rows == [["#REF!", "#DIV/0!"]]


def test_saved_formula_results_survive_a_sync(tmp_path: Path) -> None:
    path = _copy("formulas_with_saved_results.xlsx", tmp_path)
    backend = ExcelBackend(path)
    before = backend.read().get("Mentees")
    assert before is not None and before.rows[0][2] == "Santiago Gómez"
    backend.write([Sheet(Table("Problems", ["Tab", "Row", "Column", "Value", "Problem"]))])
    after = backend.read().get("Mentees")
    assert after is not None and after.rows == before.rows  # results still there for calamine
    mentees = openpyxl.load_workbook(path)["Mentees"]
    assert mentees["C2"].value == '=PROPER("santiago gómez")' and mentees["D3"].value == (
        "=2026-1991")


def test_nobody_is_paired_with_themselves() -> None:
    from workbooks import rule, workbook

    from sheets_sync import engine

    snapshot = workbook(
        [{"Email": "ana@x.org", "Lang": "English"}, {"Email": "bo@x.org", "Lang": "Spanish"}],
        [{"Email": "ana@x.org", "Lang": "English", "Capacity": 1},
         {"Email": "cy@x.org", "Lang": "English, Spanish", "Capacity": 1}],
        [rule("Prefer", "Lang", "overlaps", "Lang")])
    outcome = engine.sync(snapshot, dt.date(2026, 11, 24))
    assert all(p.mentee != p.mentor for p in outcome.new_pairs)


def test_a_private_value_is_hidden_without_garbling_the_message() -> None:
    from sheets_sync.engine import hide_private
    from sheets_sync.inputs.settings import Settings
    from sheets_sync.model import Problem

    private = Settings(private_columns=("Time zone",))
    problem = Problem("Mentees", 8, "Time zone", "e", "Unknown time zone 'e'; the program's "
                      "time zone is used. Write e.g. America/Chicago or UTC-6.")
    hidden = hide_private(problem, private)
    assert hidden.value == "(private)"
    assert hidden.problem == ("Unknown time zone '(private)'; the program's time zone is used. "
                              "Write e.g. America/Chicago or UTC-6.")


@pytest.mark.parametrize("how", ["renamed", "deleted"])
def test_a_pairings_tab_renamed_or_deleted_stops_the_sync_and_keeps_the_pairs(
        how: str, tmp_path: Path) -> None:
    path = tmp_path / "program.xlsx"
    assert cli("new", path, "--program", "general", "--sample", "30").exit_code == 0
    assert cli("sync", path, "--today", "2026-11-24").exit_code == 0
    book = openpyxl.load_workbook(path)
    pairs = [[c.value for c in row] for row in book["Pairings"].iter_rows()]
    if how == "renamed":
        book["Pairings"].title = "Matches"
    else:
        del book["Pairings"]
    book.save(path)
    stopped = cli("sync", path, "--today", "2026-11-25")
    assert stopped.exit_code == 2
    assert ("Rename 'Matches' back to Pairings" if how == "renamed"
            else "Bring the Pairings tab back") in " ".join(stopped.output.split())
    book = openpyxl.load_workbook(path)
    assert "Pairings" not in book.sheetnames  # nothing started afresh
    if how == "renamed":
        book["Matches"].title = "Pairings"
        book.save(path)
        assert cli("sync", path, "--today", "2026-11-25").exit_code == 0
        again = openpyxl.load_workbook(path)["Pairings"]
        assert [[c.value for c in row][:5] for row in again.iter_rows()] == [
            row[:5] for row in pairs]
