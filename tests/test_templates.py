"""Every program template end to end through the CLI on real .xlsx files: a sample syncs into
sensible pairs that honour the program's defining rule, capacity and privacy, a second sync
changes nothing, and the workbook opens in a real spreadsheet application."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner
from office import CSV_FILTER, convert, needs_libreoffice
from workbooks import allowed

from sheets_sync import engine
from sheets_sync.backends.excel import ExcelBackend
from sheets_sync.cli import main
from sheets_sync.model import OWNED_TABS
from sheets_sync.programs import PROGRAMS

TODAY = "2026-11-24"
GRADES = {"freshman": 9, "sophomore": 10, "junior": 11, "senior": 12}
MENTAL_HEALTH_TRAINING = {"mental health first aid", "peer support training (university)",
                          "suicide prevention (qpr or asist)", "counselling qualification"}


def items(cell) -> set[str]:
    return {p.strip().casefold() for p in re.split(r"[,;\n]", str(cell or "")) if p.strip()}


def accepts(wanted, value) -> bool:
    chosen = items(wanted)
    return not chosen or "no preference" in chosen or str(value).strip().casefold() in chosen


def cleared(mentor, column="Background check") -> bool:
    return str(mentor[column]).strip().casefold() == "cleared"


# Each program's defining rule, written out by hand from docs/programs.md (not via the engine).
DEFINING = {
    "reverse": lambda e, o: int(o["Year of birth"]) - int(e["Year of birth"]) >= 10,
    "learning-support": lambda e, o: cleared(o) and bool(
        items(e["Learning differences (tick all that apply)"]))
    and items(e["Learning differences (tick all that apply)"])
    <= items(o["Learning differences you have supported"]),
    "at-risk-youth": lambda e, o: cleared(o) and accepts(
        e["Who would you feel comfortable with as a mentor?"], o["Your gender"]),
    "arts": lambda e, o: str(e["Your main discipline"]).casefold()
    in items(o["Disciplines you can mentor in"]),
    "peer": lambda e, o: 1 <= GRADES[str(o["Grade this school year"]).casefold()]
    - GRADES[str(e["Grade this school year"]).casefold()] <= 3,
    "career-paths": lambda e, o: bool(items(e["Paths you're curious about"])
                                      & items(o["Your own path"])),
    "lgbtq": lambda e, o: o["Do you identify as LGBTQ+ or as an ally?"] in ("LGBTQ+", "Ally")
    and accepts(e["I'd be comfortable with a mentor who is"],
                o["Do you identify as LGBTQ+ or as an ally?"]),
    "cross-generational": lambda e, o: abs(int(e["Year you were born"])
                                           - int(o["Year you were born"])) >= 20,
    "low-income": lambda e, o: cleared(o) and bool(
        items(e["What would you like help with?"]) & items(o["I can help with"])),
    "virtual": lambda e, o: bool(items(e["Languages you speak"])
                                 & items(o["Languages you speak"])),
    "mental-health": lambda e, o: bool(items(o["Mental-health training completed"])
                                       & MENTAL_HEALTH_TRAINING)
    and accepts(e["Preferred mentor gender"], o["Your gender"]),
    "stem": lambda e, o: bool(items(e["STEM fields"]) & items(o["STEM fields"]))
    and accepts(e["Preferred mentor gender"], o["Gender"]),
    "general": lambda e, o: bool(items(e["Languages you speak"])
                                 & items(o["Languages you speak"])),
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def records(path: Path, tab: str) -> list[dict]:
    grid = list(openpyxl.load_workbook(path, read_only=True)[tab].iter_rows(values_only=True))
    return [dict(zip(grid[0], row, strict=False)) for row in grid[1:]
            if any(v not in (None, "") for v in row)]


@pytest.fixture(scope="module")
def synced(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("programs")
    books = {}
    for name in PROGRAMS:
        path = folder / f"{name}.xlsx"
        assert run("new", path, "--program", name, "--sample", 60,
                   "--today", "2026-11-25").exit_code == 0
        result = run("sync", path, "--today", TODAY)
        assert result.exit_code == 0, (name, result.output)
        books[name] = path
    return books


def test_every_program_has_a_defining_rule_check():
    assert set(DEFINING) == set(PROGRAMS) and len(PROGRAMS) == 13


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_sample_syncs_into_pairs_that_honour_the_program(synced, name):
    path = synced[name]
    pairs = records(path, "Pairings")
    assert pairs and records(path, "Schedule") and records(path, "Follow-ups")
    assert records(path, "Unmatched")
    mentees = {str(r["Email Address"]).strip().lower(): r for r in records(path, "Mentees")}
    mentors = {str(r["Email Address"]).strip().lower(): r for r in records(path, "Mentors")}
    live = [p for p in pairs if p["Status"] in ("Proposed", "Active", "Paused")]
    for pair in live:
        mentee, mentor = mentees[pair["Mentee Email"]], mentors[pair["Mentor Email"]]
        assert DEFINING[name](mentee, mentor), (pair["Pair ID"], mentee, mentor)
    # The engine's own rule evaluation agrees: every live pair passes every Must rule.
    outcome = engine.sync(ExcelBackend(path).read(), dt.date.fromisoformat(TODAY))
    scores = outcome.scores
    at_mentee = {p.email: i for i, p in enumerate(scores.mentees)}
    at_mentor = {p.email: j for j, p in enumerate(scores.mentors)}
    for pair in outcome.program.book.live():
        assert allowed(scores, at_mentee[pair.mentee], at_mentor[pair.mentor]), pair.pair_id
    load = Counter(p["Mentor Email"] for p in live)
    capacity = {p.email: p.capacity for p in outcome.program.mentors.everyone.values()}
    assert all(load[m] <= capacity[m] for m in load)
    assert not outcome.changed, "a second sync would change something"


@pytest.mark.parametrize("name", list(PROGRAMS))
def test_no_private_column_reaches_an_owned_tab(synced, name):
    path = synced[name]
    book = openpyxl.load_workbook(path, read_only=True)
    settings = {r[0]: r[1] for r in book["Settings"].iter_rows(min_row=2, values_only=True)}
    private = [c.strip() for c in str(settings["Private columns"] or "").split(",") if c.strip()]
    assert private, "every template keeps something private"
    secret_values = set()
    for tab in ("Mentees", "Mentors"):
        rows = records(path, tab)
        public = {str(v) for r in rows for k, v in r.items() if k not in private and v}
        secret_values |= {str(r[c]) for r in rows for c in private if c in r and r[c]
                          and len(str(r[c])) >= 6 and str(r[c]) not in public}
    for tab in OWNED_TABS:
        for row in book[tab].iter_rows(values_only=True):
            for value in row:
                assert str(value) not in secret_values, (tab, value)
        header = [c for c in next(book[tab].iter_rows(values_only=True), ())]
        assert not set(header) & set(private), tab


def test_programs_lists_all_thirteen():
    listed = run("programs").output.splitlines()
    assert [line.split()[0] for line in listed] == [
        "reverse", "learning-support", "at-risk-youth", "arts", "peer", "career-paths", "lgbtq",
        "cross-generational", "low-income", "virtual", "mental-health", "stem", "general"]
    assert all(len(line.split(None, 1)[1]) > 30 for line in listed)


@needs_libreoffice
def test_every_workbook_opens_in_libreoffice(synced, tmp_path):
    # LibreOffice reads every tab of every synced workbook (printing is test_print_layout's).
    converted = tmp_path / "csv"
    convert(list(synced.values()), CSV_FILTER, converted)
    for name, path in synced.items():
        tabs = openpyxl.load_workbook(path, read_only=True).sheetnames
        made = {f.stem[len(name) + 1:] for f in converted.glob(f"{name}-*.csv")}
        assert made >= set(tabs), (name, set(tabs) - made)
        pairings = (converted / f"{name}-Pairings.csv").read_text("utf-8").splitlines()
        assert len(pairings) > 10 and pairings[0].startswith("Pair ID,"), name


def test_rule_checks_reject_what_they_should():
    # The hand-written checks are real tests, not tautologies.
    assert not DEFINING["reverse"]({"Year of birth": 1990}, {"Year of birth": 1995})
    assert not DEFINING["peer"]({"Grade this school year": "Senior"},
                                {"Grade this school year": "Junior"})
    assert not DEFINING["cross-generational"]({"Year you were born": 1980},
                                              {"Year you were born": 1990})
    assert np.all([DEFINING["general"]({"Languages you speak": "English, French"},
                                       {"Languages you speak": "french"})])


def test_the_committed_starter_workbooks_are_what_the_script_makes_now(tmp_path: Path):
    """templates/ is what a coordinator downloads: it must not lag behind the code."""
    root = Path(__file__).resolve().parent.parent
    subprocess.run([sys.executable, str(root / "scripts" / "build_templates.py"), "--out",
                    str(tmp_path)], check=True, capture_output=True)
    stale = []
    for name in PROGRAMS:
        with zipfile.ZipFile(root / "templates" / f"{name}.xlsx") as committed, \
                zipfile.ZipFile(tmp_path / f"{name}.xlsx") as fresh:
            parts = set(committed.namelist()) | set(fresh.namelist())
            parts.discard("docProps/core.xml")  # the time it was made
            if any(part not in committed.namelist() or part not in fresh.namelist()
                   or committed.read(part) != fresh.read(part) for part in parts):
                stale.append(name)
    assert not stale, f"run: python scripts/build_templates.py ({', '.join(stale)} changed)"
