"""The core end-to-end behaviours, run on Excel and on Google Sheets (the local emulator)."""

from __future__ import annotations

import json

import pytest
from conftest import ENGINE_TABS

from sheets_sync.programs import PROGRAMS

TODAY = "2026-11-24"
FLAGS = {"Concern raised", "Escalate", "Overdue", "Awaiting first meeting", "Due soon",
         "On track"}
PAYLOADS = ['=HYPERLINK("http://x/?"&A1)', "+1+1", "-2+3", "@SUM(1)",
            '=IMPORTXML("http://x","//a")']


def test_sync_fills_the_tabs_and_a_second_sync_changes_nothing(workbook):
    workbook.new()
    inputs = workbook.input_tabs()
    first = workbook.sync("--today", TODAY)
    assert first.exit_code == 0, first.output
    for tab in ENGINE_TABS:
        if tab not in ("Problems", "Outbox"):  # both may rightly be empty
            assert workbook.records(tab), tab
    assert {r["Flag"] for r in workbook.records("Follow-ups")} == FLAGS
    assert workbook.input_tabs() == inputs, "an input tab changed"
    state = workbook.state()
    second = workbook.sync("--today", TODAY, "--json")
    assert json.loads(second.output)["written"] is False
    assert workbook.state() == state


def test_form_text_is_written_as_text_never_as_a_formula(workbook):
    workbook.new()
    name = workbook.column_letter("Mentees", "Full name")
    notes = workbook.column_letter("Check-ins", "Notes")
    workbook.edit("Mentees", {f"{name}{row}": p for row, p in enumerate(PAYLOADS, start=2)})
    workbook.edit("Check-ins", {f"{notes}2": PAYLOADS[0]})
    result = workbook.sync("--today", TODAY)
    assert result.exit_code == 0, result.output
    stored = workbook.text_cells("Pairings")
    landed = [p for p in PAYLOADS if p in stored]
    assert landed, "the sample's first mentees should have pairs"
    assert all(stored[p] for p in landed)
    for tab in ENGINE_TABS:
        assert all(workbook.text_cells(tab).values()), tab


def test_coordinator_edits_and_decisions_survive(workbook):
    workbook.new()
    workbook.sync("--today", TODAY)
    pairs = workbook.records("Pairings")
    proposed = [row for row, p in enumerate(pairs, start=2) if p["Status"] == "Proposed"]
    rejected, rematch = proposed[0], proposed[1]
    extra = chr(ord("A") + len(pairs[0]))  # the first free column
    status = workbook.column_letter("Pairings", "Status")
    notes = workbook.column_letter("Pairings", "Coordinator Notes")
    workbook.edit("Pairings", {f"{status}{rejected}": "Rejected", f"{status}{rematch}": "Rematch",
                               f"{notes}{rejected}": "not a good fit", f"{extra}1": "Called?",
                               f"{extra}{rematch}": "left a message"})
    assert workbook.sync("--today", TODAY).exit_code == 0
    after = workbook.records("Pairings")
    assert [p["Pair ID"] for p in after[:len(pairs)]] == [p["Pair ID"] for p in pairs]
    assert after[rejected - 2]["Status"] == "Rejected"
    assert after[rejected - 2]["Coordinator Notes"] == "not a good fit"
    assert after[rematch - 2]["Status"] == "Ended"
    assert after[rematch - 2]["Called?"] == "left a message"
    old = {(p["Mentee Email"], p["Mentor Email"]) for p in (pairs[rejected - 2],
                                                            pairs[rematch - 2])}
    live = {(p["Mentee Email"], p["Mentor Email"]) for p in after
            if p["Status"] in ("Proposed", "Active", "Paused")}
    assert not old & live


@pytest.mark.parametrize("program", list(PROGRAMS))
def test_every_program_syncs_on_both_backends(workbook, program):
    workbook.new(program, sample=60)
    result = workbook.sync("--today", TODAY)
    assert result.exit_code == 0, result.output
    for tab in ("Pairings", "Schedule", "Follow-ups"):
        assert workbook.records(tab), tab
    state = workbook.state()
    assert workbook.sync("--today", TODAY).exit_code == 0
    assert workbook.state() == state
