"""A coordinator's week, end to end through the CLI on both backends: concerns that stay open
until handled, the first-meeting clock from approval, a schedule that keeps its promises, a
rematched mentee who keeps her place, Status words, and a sync stopped by the rules."""

from __future__ import annotations

import datetime as dt

from openpyxl.utils import get_column_letter
from week import Week, day

START = "2026-11-30"  # a Monday


def two_active_pairs(week: Week) -> None:
    week.mentee("Ana")
    week.mentor("Bo")
    week.mentee("Cai")
    week.mentor("Dee")
    week.sync(START)
    for pair in ("P-0001", "P-0002"):
        week.set_pair(pair, Status="Active")
    week.sync(START)


def test_a_concern_stays_until_handled_and_comes_first(workbook):
    week = Week(workbook)
    two_active_pairs(week)
    week.check_in("P-0001", "2026-12-01")
    raised = week.check_in("P-0002", "2026-12-02", "Yes", Notes="Sounds overwhelmed.")
    week.sync("2026-12-03")
    first = week.records("Follow-ups")[0]  # most urgent first, whatever its Pair ID
    assert (first["Pair ID"], first["Flag"]) == ("P-0002", "Concern raised")
    assert f"row {raised}" in first["Action"] and "Handled" in first["Action"]
    assert first["Contact"] == "cai@example.org, dee@example.org"

    week.check_in("P-0002", "2026-12-03", "No")  # a later No does not close it
    week.sync("2026-12-04")
    assert week.follow_up("P-0002")["Flag"] == "Concern raised"
    assert day(week.follow_up("P-0002")["Last Check-in"]) == dt.date(2026, 12, 3)

    week.set("Check-ins", raised, Handled="2026-12-04 called Cai, all fine")
    week.sync("2026-12-04")
    assert week.follow_up("P-0002")["Flag"] != "Concern raised"

    typo = week.check_in("P-0002", "2027-12-05", "Yes")  # a year ahead, by a typo
    week.sync("2026-12-06")
    assert week.follow_up("P-0002")["Flag"] == "Concern raised"
    assert day(week.follow_up("P-0002")["Last Check-in"]) == dt.date(2026, 12, 3)
    problems = {(p["Tab"], p["Row"]): p["Problem"] for p in week.records("Problems")}
    assert "concern it raises counts" in problems[("Check-ins", typo)]

    week.set("Check-ins", typo, Handled="Yes")
    week.sync("2026-12-06")
    assert week.follow_up("P-0002")["Flag"] != "Concern raised"


def test_the_first_meeting_clock_starts_at_approval(workbook):
    week = Week(workbook)
    week.mentee("Ana")
    week.mentor("Bo")
    week.sync(START)
    assert week.pair("P-0001")["Status"] == "Proposed"
    assert week.records("Follow-ups") == []
    week.set_pair("P-0001", Status="Active")  # approved a week after it was proposed
    week.sync("2026-12-07")
    pair = week.pair("P-0001")
    assert day(pair["Matched On"]) == dt.date(2026, 11, 30)
    assert day(pair["Active Since"]) == dt.date(2026, 12, 7)
    follow = week.follow_up("P-0001")
    assert follow["Flag"] == "Awaiting first meeting"
    assert day(follow["Next Due"]) == dt.date(2026, 12, 21)  # 14 days after approval
    assert follow["Days Overdue"] == 0
    first = week.records("Schedule")[0]
    assert dt.date(2026, 12, 8) <= day(first["Date"]) <= dt.date(2026, 12, 21)
    week.sync("2026-12-23")
    assert (week.follow_up("P-0001")["Flag"], week.follow_up("P-0001")["Days Overdue"]) == (
        "Overdue", 2)


def test_pairs_approved_on_creation_start_their_clock_at_once(workbook):
    week = Week(workbook)
    row = next(r for r, s in enumerate(week.records("Settings"), start=2)
               if s["Setting"] == "New pairs start as")
    week.set("Settings", row, Value="Active")
    week.mentee("Ana")
    week.mentor("Bo")
    week.sync(START)
    pair = week.pair("P-0001")
    assert pair["Status"] == "Active"
    assert day(pair["Matched On"]) == day(pair["Active Since"]) == day(START)
    assert week.sync(START)["changed"] is False  # nothing left for a second sync to fill in


def test_the_schedule_keeps_its_promises_and_meets_the_deadline(workbook):
    week = Week(workbook)
    free = ["Mon 18:00-20:00", "Wed 14:00-17:00", "Thu 09:00-10:00, Sat 10:00-12:00",
            "Tue 12:00-13:00"]
    for k, slot in enumerate(free):
        week.mentee(f"Mentee{k}", Availability=slot)
        week.mentor(f"Mentor{k}", Availability=slot)
    week.sync(START)
    for pair in week.records("Pairings"):
        week.set_pair(pair["Pair ID"], Status="Active")
    week.sync(START)
    schedule = week.tab_state("Schedule")
    sessions = week.records("Schedule")
    for pair in week.records("Pairings"):
        deadline = day(week.follow_up(pair["Pair ID"])["Next Due"])
        mine = [s for s in sessions if s["Pair ID"] == pair["Pair ID"]]
        assert [s["Session"] for s in mine] == [1, 2, 3]
        assert mine[0]["Start"], "every pair has a common slot"
        assert day(mine[0]["Date"]) <= deadline
        weekdays = {day(s["Date"]).weekday() for s in mine}
        assert len({s["Start"] for s in mine}) == 1 and len(weekdays) == 1  # a steady slot
    for later in ("2026-12-01", "2026-12-02"):
        week.sync(later)
        assert week.tab_state("Schedule") == schedule, later


def test_a_rematched_mentee_keeps_first_claim_until_matched(workbook):
    week = Week(workbook)
    mia = week.mentee("Mia")
    week.mentor("Abe")
    week.mentee("Ned")
    week.mentor("Bea")
    week.sync(START)
    for pair in week.records("Pairings"):
        week.set_pair(pair["Pair ID"], Status="Active")
    ola = week.mentee("Ola")  # waiting: both mentors are full
    week.sync(START)
    week.set_pair(week.pair_of(mia), Status="Rematch")
    week.sync("2026-12-01")
    waiting = week.records("Unmatched")
    assert [w["Email"] for w in waiting] == [mia]  # Abe's freed place went to Ola
    assert waiting[0]["Reason"].startswith("First in line for the next place that fits")
    assert day(waiting[0]["Waiting Since"]) == dt.date(2026, 12, 1)

    pia = week.mentee("Pia", Interests="Chess", Timestamp="2026-11-02")  # waited longer
    week.sync("2026-12-02")
    waiting = week.records("Unmatched")
    assert [w["Email"] for w in waiting] == [mia, pia.casefold()]
    assert waiting[0]["Days Waiting"] == 1 and waiting[1]["Days Waiting"] == 30

    # One place opens, with a mentor who shares Pia's interests: Mia still comes first.
    week.set("Mentors", 3, Capacity=2, Interests="Chess")
    result = week.sync("2026-12-03")
    assert [(p["mentee"], p["mentor"]) for p in result["new_pair_list"]] == [("Mia", "Bea")]
    assert [w["Email"] for w in week.records("Unmatched")] == [pia]
    assert ola in {p["Mentee Email"] for p in week.records("Pairings")}


def test_pending_waitlist_and_unknown_status_words_are_not_matched(workbook):
    week = Week(workbook)
    week.mentee("Ana", Status="Pending")
    week.mentee("Ben", Status="waitlist")
    maybe = week.add("Mentees", **{"Email Address": "cy@example.org", "Full name": "Cy",
                                   "Languages you speak": "English", "Approved": "Yes",
                                   "Availability": "Mon 18:00-20:00", "Status": "Maybe"})
    dee = week.mentee("Dee", Status="approved")
    week.mentor("Mo", Capacity=3)
    week.sync(START)
    assert [p["Mentee Email"] for p in week.records("Pairings")] == [dee]
    assert week.records("Unmatched") == []
    problems = [p for p in week.records("Problems") if p["Tab"] == "Mentees"]
    assert [(p["Row"], p["Column"]) for p in problems] == [(maybe, "Status")]
    assert "Write Approved" in problems[0]["Problem"]
    dashboard = {r["Measure"]: r["Value"] for r in week.records("Dashboard")}
    assert dashboard["Mentees not yet approved (Pending, Waitlist ...)"] == 3


def test_a_stopped_sync_lists_every_blocking_error_in_the_workbook(workbook):
    week = Week(workbook)
    week.mentee("Ana")
    week.mentor("Bo")
    week.sync(START)
    rules = week.records("Rules")
    week.set("Rules", 3, Value="one hour")  # time overlap
    week.set("Rules", 4, Weight="lots")
    week.set("Rules", 5, Test="similar")
    result = workbook.sync("--today", "2026-12-01")
    assert result.exit_code == 2
    assert "3 problems" in result.output
    top = week.records("Problems")[:3]
    assert [(p["Tab"], p["Row"], p["Column"]) for p in top] == [
        ("Rules", 3, "Value"), ("Rules", 4, "Weight"), ("Rules", 5, "Test")]
    assert all(p["Problem"].startswith("Syncs are stopped until this is fixed") for p in top)
    assert "Sync stopped: 3 problems" in week.records("Sync Log")[-1]["Changes"]
    assert week.records("Rules")[0] == rules[0]
    assert [p["Status"] for p in week.records("Pairings")] == ["Proposed"]


def test_two_digit_birth_years_are_in_the_past(workbook):
    week = Week(workbook)
    week.add("Rules", Rule="Must", **{"Mentee column": "Age", "Test": "age gap",
                                      "Mentor column": "Age", "Value": 20,
                                      "Note": "cross-generational"})
    week.mentee("Ana", Age="03/04/05")  # 2005: 21
    week.mentor("Bo", Age="03/04/65")  # 1965, not 2065: 61
    typo = week.add("Mentors", **{"Email Address": "cy@example.org", "Full name": "Cy",
                                  "Languages you speak": "English", "Approved": "Yes",
                                  "Availability": "Mon 18:00-20:00", "Age": "2085-04-03"})
    week.sync(START)
    assert [(p["Mentee"], p["Mentor"]) for p in week.records("Pairings")] == [("Ana", "Bo")]
    problems = [p for p in week.records("Problems") if p["Tab"] == "Mentors"]
    assert [(p["Row"], p["Column"]) for p in problems] == [(typo, "Age")]
    assert "in the future" in problems[0]["Problem"]


def test_a_concern_in_words_counts_and_an_unclear_answer_is_asked_about(workbook):
    week = Week(workbook)
    two_active_pairs(week)
    week.check_in("P-0001", "2026-12-01", "Yes - see notes")
    unclear = week.check_in("P-0002", "2026-12-02", "kind of")
    week.check_in("P-0002", "2026-12-02", "No, all good.")
    week.sync("2026-12-03")
    assert week.follow_up("P-0001")["Flag"] == "Concern raised"
    assert week.follow_up("P-0002")["Flag"] == "Concern raised"
    asked = {p["Row"]: p for p in week.records("Problems") if p["Tab"] == "Check-ins"}
    assert set(asked) == {unclear}  # "Yes - see notes" and "No, all good." are plain enough
    assert asked[unclear]["Column"] == "Concern" and "not a plain Yes or No" in \
        asked[unclear]["Problem"]

    week.set("Check-ins", unclear, Handled="2026-12-03 she is fine")
    week.sync("2026-12-03")
    assert week.follow_up("P-0002")["Flag"] != "Concern raised"
    assert not [p for p in week.records("Problems") if p["Tab"] == "Check-ins"]


def test_a_check_in_tab_settings_cannot_find_stops_the_sync_before_concerns_vanish(workbook):
    week = Week(workbook)
    two_active_pairs(week)
    week.check_in("P-0002", "2026-12-02", "Yes")
    week.sync("2026-12-03")
    follow_ups = week.records("Follow-ups")
    row = next(r for r, s in enumerate(week.records("Settings"), start=2)
               if s["Setting"] == "Check-in tab")
    week.set("Settings", row, Value="Checkins")  # a typo

    result = workbook.sync("--today", "2026-12-04")
    assert result.exit_code == 2
    top = week.records("Problems")[0]
    assert (top["Tab"], top["Column"], top["Value"]) == ("Settings", "Check-in tab", "Checkins")
    assert "There is no 'Checkins' tab" in top["Problem"] and "Check-ins" in top["Problem"]
    assert week.records("Follow-ups") == follow_ups  # the concern is still in view


def test_time_in_a_pair_is_not_waiting_whatever_the_ending(workbook):
    week = Week(workbook)
    ana = week.mentee("Ana", Timestamp="2026-09-01")
    week.mentor("Bo")
    week.sync(START)
    week.set_pair("P-0001", Status="Active")
    week.sync(START)
    week.set_pair("P-0001", Status="Ended", **{"Closure Reason": "Completed the program"})
    week.set("Mentors", 2, Capacity=0)  # no place: Ana waits again
    week.sync("2026-12-10")
    waiting = week.records("Unmatched")
    assert [w["Email"] for w in waiting] == [ana]
    assert day(waiting[0]["Waiting Since"]) == dt.date(2026, 12, 10)  # not 1 September
    assert waiting[0]["Days Waiting"] == 0


def test_a_note_typed_under_no_header_in_pairings_stops_the_sync_instead_of_vanishing(workbook):
    week = Week(workbook)
    two_active_pairs(week)
    width = len(week.book.header("Pairings"))
    beyond = get_column_letter(width + 2)  # one empty column between
    workbook.edit("Pairings", {f"{beyond}3": "called Dee's school"})
    result = workbook.sync("--today", "2026-12-01")
    assert result.exit_code == 2
    top = week.records("Problems")[0]
    assert (top["Tab"], top["Row"], top["Column"]) == ("Pairings", 3, f"column {beyond}")
    assert "no header" in top["Problem"] and "Give the column a header" in top["Problem"]
    assert workbook.grid("Pairings")[2][width + 1] == "called Dee's school"

    workbook.edit("Pairings", {f"{beyond}1": "Calls"})
    week.sync("2026-12-01")
    assert week.pair("P-0002")["Calls"] == "called Dee's school"


def test_an_active_pairs_row_cleared_by_mistake_stops_the_sync_until_it_is_back(workbook):
    week = Week(workbook)
    two_active_pairs(week)
    week.sync("2026-12-01")
    row = week.row_of("P-0002")
    kept = week.pair("P-0002")
    week.set("Pairings", row, **{h: None for h in kept})  # the row's cells deleted
    result = workbook.sync("--today", "2026-12-02")
    assert result.exit_code == 2
    top = week.records("Problems")[0]
    assert (top["Tab"], top["Value"]) == ("Pairings", "P-0002")
    assert "Put the row back" in top["Problem"]
    assert len([p for p in week.records("Pairings") if p["Pair ID"]]) == 1  # nothing afresh

    week.set("Pairings", row, **kept)
    week.sync("2026-12-02")
    assert week.pair("P-0002")["Status"] == "Active"
    assert [p["Pair ID"] for p in week.records("Pairings")] == ["P-0001", "P-0002"]


def test_a_note_under_no_header_in_problems_or_the_sync_log_outlives_the_stop(workbook):
    week = Week(workbook)
    two_active_pairs(week)
    for tab in ("Problems", "Sync Log"):
        beyond = get_column_letter(len(week.book.header(tab)) + 2)
        workbook.edit(tab, {f"{beyond}2": "asked Sam to fix"})
        assert workbook.sync("--today", "2026-12-01").exit_code == 2
        assert workbook.sync("--today", "2026-12-01").exit_code == 2  # and again: still there
        assert any("asked Sam to fix" in row for row in workbook.grid(tab)), tab
        workbook.edit(tab, {f"{beyond}2": None})

