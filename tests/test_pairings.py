"""The Pairings tab's stability rules, roster problems and capacity, through the engine."""

from __future__ import annotations

import datetime as dt

from workbooks import rule, workbook

from sheets_sync import engine
from sheets_sync.model import Snapshot, Table

TODAY = dt.date(2026, 11, 24)
RULES = [rule("Must", "Lang", "overlaps", "Lang"), rule("Prefer", "Topic", "same", "Topic")]


def people(prefix, count, **cells):
    return [{"Email": f"{prefix}{k}@x.org", "Name": f"{prefix.title()} {k}", "Lang": "English",
             "Topic": "cv", **cells} for k in range(count)]


def apply(snapshot: Snapshot, outcome: engine.Outcome) -> Snapshot:
    """The snapshot as it reads after the outcome is written."""
    tabs = dict(snapshot.tabs)
    for sheet in outcome.sheets:
        tabs[sheet.name] = Table(sheet.name, list(sheet.table.header),
                                 [list(r) for r in sheet.table.rows])
    return Snapshot(tabs)


def pairs_of(outcome):
    return [(p.pair_id, p.mentee, p.mentor, p.status) for p in outcome.program.book.pairs]


def test_new_pairs_start_as_settings_say_and_respect_capacity():
    snapshot = workbook(people("mentee", 4), people("mentor", 2, Capacity=1), RULES,
                        settings={"New pairs start as": "Active"})
    outcome = engine.sync(snapshot, TODAY)
    assert len(outcome.new_pairs) == 2
    assert {p.status for p in outcome.new_pairs} == {"Active"}
    assert [p.pair_id for p in outcome.new_pairs] == ["P-0001", "P-0002"]
    assert len(outcome.unmatched) == 2
    assert all(w.reason.startswith("Waiting for a place: all 2 mentors who fit "
                                   "(Mentor 0, Mentor 1) are full") for w in outcome.unmatched)


def test_existing_pairs_keep_row_id_and_coordinator_cells():
    pairings = [{"Pair ID": "P-0007", "Mentee Email": "mentee1@x.org",
                 "Mentor Email": "mentor0@x.org", "Status": "active",
                 "Coordinator Notes": "met at launch", "Budget code": "B-12",
                 "Matched On": dt.date(2026, 10, 1)}]
    snapshot = workbook(people("mentee", 2), people("mentor", 1, Capacity=2), RULES,
                        pairings=pairings)
    outcome = engine.sync(snapshot, TODAY)
    table = outcome.sheets[0].table
    first = dict(zip(table.header, table.rows[0], strict=True))
    assert first["Pair ID"] == "P-0007"
    assert first["Status"] == "active"  # the coordinator's own spelling stays
    assert first["Coordinator Notes"] == "met at launch"
    assert first["Budget code"] == "B-12"
    assert first["Matched On"] == dt.date(2026, 10, 1)
    assert first["Mentee"] == "Mentee 1" and first["Score"] == 100.0
    # The new pair goes below, with the next ID, into the mentor's one remaining place.
    assert pairs_of(outcome)[1] == ("P-0008", "mentee0@x.org", "mentor0@x.org", "Proposed")


def test_live_pairs_use_capacity_and_are_never_reshuffled():
    pairings = [{"Pair ID": "P-0001", "Mentee Email": "mentee0@x.org",
                 "Mentor Email": "mentor0@x.org", "Status": "Paused"}]
    snapshot = workbook(people("mentee", 2), people("mentor", 1, Capacity=1), RULES,
                        pairings=pairings)
    outcome = engine.sync(snapshot, TODAY)
    assert outcome.new_pairs == []
    assert outcome.unmatched[0].email == "mentee1@x.org"


def test_rejected_pair_is_never_proposed_again():
    pairings = [{"Pair ID": "P-0001", "Mentee Email": "mentee0@x.org",
                 "Mentor Email": "mentor0@x.org", "Status": "Rejected"}]
    snapshot = workbook(people("mentee", 1), people("mentor", 1), RULES, pairings=pairings)
    outcome = engine.sync(snapshot, TODAY)
    assert outcome.new_pairs == []
    (waiting,) = outcome.unmatched
    assert waiting.first_claim
    assert waiting.reason.startswith("First in line for the next place that fits: their pair "
                                     "P-0001 with Mentor 0 was turned down.")
    assert "turned down for them" in waiting.reason


def test_rematch_ends_the_pair_and_finds_someone_else():
    pairings = [{"Pair ID": "P-0001", "Mentee Email": "mentee0@x.org",
                 "Mentor Email": "mentor0@x.org", "Status": "Rematch"}]
    snapshot = workbook(people("mentee", 1), people("mentor", 2), RULES, pairings=pairings)
    outcome = engine.sync(snapshot, TODAY)
    assert pairs_of(outcome) == [("P-0001", "mentee0@x.org", "mentor0@x.org", "Ended"),
                                 ("P-0002", "mentee0@x.org", "mentor1@x.org", "Proposed")]
    # And on the next sync the ended pair stays ended, and nothing else moves.
    again = engine.sync(apply(snapshot, outcome), TODAY)
    assert pairs_of(again) == pairs_of(outcome)
    assert not again.changed


def test_hand_typed_pair_is_kept_with_a_problem_when_it_breaks_a_must_rule():
    pairings = [{"Mentee Email": "Mentee0@X.org ", "Mentor Email": "mentor0@x.org"}]
    mentors = people("mentor", 1, Lang="French")
    snapshot = workbook(people("mentee", 1), mentors, RULES, pairings=pairings)
    outcome = engine.sync(snapshot, TODAY)
    assert pairs_of(outcome) == [("P-0001", "mentee0@x.org", "mentor0@x.org", "Proposed")]
    row = outcome.sheets[0].table.rows[0]
    assert row[2] == "Mentee0@X.org "  # what the coordinator typed is not rewritten
    broken = [p for p in outcome.problems if p.tab == "Pairings"]
    assert broken and broken[0].row == 2
    assert "the mentor shares at least one of the mentee's Lang" in broken[0].problem


def test_roster_problems_name_tab_row_and_column():
    mentees = [*people("mentee", 1), {"Email": None, "Name": "No Mail", "Lang": "English"},
               {"Email": " MENTEE0@x.org", "Name": "Again", "Lang": "English"}]
    mentors = people("mentor", 1, Capacity="two")
    outcome = engine.sync(workbook(mentees, mentors, RULES), TODAY)
    found = {(p.tab, p.row, p.column): p.problem for p in outcome.problems}
    assert "No email address" in found[("Mentees", 3, "Email")]
    assert "signed up again on row 4" in found[("Mentees", 2, "Email")]
    repeated = next(p for p in outcome.problems if p.row == 2 and p.tab == "Mentees")
    assert repeated.value == "mentee0@x.org"  # row 2's own text, not row 4's
    assert "Capacity must be a whole number" in found[("Mentors", 2, "Capacity")]
    assert [p.name for p in outcome.program.mentees.eligible] == ["Again"]


def test_a_capacity_beyond_any_mentor_is_a_problem_and_the_default_is_used():
    # 2**64 came from a fuzzed workbook: it once overflowed the solver's 64-bit integers.
    mentors = people("mentor", 3, Capacity=1000)
    mentors[1]["Capacity"], mentors[2]["Capacity"] = 1001, float(2 ** 64)
    outcome = engine.sync(workbook(people("mentee", 3), mentors, RULES), TODAY)
    found = {(p.tab, p.row, p.column): p.problem for p in outcome.problems}
    assert ("Mentors", 2, "Capacity") not in found
    for row in (3, 4):
        assert "from 0 to 1000" in found[("Mentors", row, "Capacity")]
    assert [m.capacity for m in outcome.program.mentors.eligible] == [1000, 2, 2]


def test_unapproved_and_withdrawn_people_are_not_matched():
    mentees = people("mentee", 2)
    mentees[1]["Status"] = "Withdrawn"
    mentors = people("mentor", 2, Approved="No")
    mentors[1]["Approved"] = True
    outcome = engine.sync(workbook(mentees, mentors, RULES), TODAY)
    assert pairs_of(outcome) == [("P-0001", "mentee0@x.org", "mentor1@x.org", "Proposed")]


def test_unmatched_reason_names_the_must_rule_and_a_blank_cell():
    mentees = people("mentee", 2)
    mentees[0]["Lang"] = "Tagalog"
    mentees[1]["Lang"] = None
    outcome = engine.sync(workbook(mentees, people("mentor", 2), RULES), TODAY)
    reasons = {w.email: w.reason for w in outcome.unmatched}
    assert reasons["mentee0@x.org"] == ("No approved mentor shares any of their Lang "
                                        "(Tagalog).")
    assert "their answer is blank" in reasons["mentee1@x.org"]


def test_private_values_never_reach_the_problems_tab():
    mentors = people("mentor", 1, Age="secret-ish")
    rules = [*RULES, rule("Prefer", "Age", "age gap", "Age", 5)]
    outcome = engine.sync(workbook(people("mentee", 1, Age=30), mentors, rules,
                                   settings={"Private columns": "Age"}), TODAY)
    cells = [str(c) for s in outcome.sheets for row in s.table.rows for c in row]
    assert "secret-ish" not in cells
    assert any(p.column == "Age" and p.value == "(private)" for p in outcome.problems)


def test_second_sync_changes_nothing():
    snapshot = workbook(people("mentee", 5), people("mentor", 2), RULES)
    first = engine.sync(snapshot, TODAY)
    assert first.changed
    second = engine.sync(apply(snapshot, first), TODAY)
    assert not second.changed
    assert pairs_of(second) == pairs_of(first)


def test_unmatched_reason_counts_only_mentors_still_open_to_the_mentee():
    """mentee0 rejected mentor0: of the 2 mentors who fit, only mentor1 is still open to them,
    and mentor1 is full; mentee1 was rejected by both, so nobody who fits is left."""
    pairings = [{"Pair ID": f"P-000{k}", "Mentee Email": mentee, "Mentor Email": mentor,
                 "Status": "Rejected"}
                for k, (mentee, mentor) in enumerate([("mentee0@x.org", "mentor0@x.org"),
                                                      ("mentee1@x.org", "mentor0@x.org"),
                                                      ("mentee1@x.org", "mentor1@x.org")], 1)]
    pairings.append({"Pair ID": "P-0004", "Mentee Email": "mentee2@x.org",
                     "Mentor Email": "mentor1@x.org", "Status": "Active"})
    snapshot = workbook(people("mentee", 3), people("mentor", 2, Capacity=1), RULES,
                        pairings=pairings)
    outcome = engine.sync(snapshot, TODAY)
    reasons = {w.email: w.reason for w in outcome.unmatched}
    assert outcome.new_pairs == []
    assert reasons["mentee0@x.org"].endswith(
        "Waiting for a place: the only mentor who fits (Mentor 1) is full. Raise a mentor's "
        "Capacity, or recruit a mentor.")
    assert reasons["mentee1@x.org"].endswith(
        "Every mentor who fits (2) was turned down for them or paired with them before. "
        "Approve another mentor, or look at their answers with the mentee.")
