"""Follow-up flags and the session schedule."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from workbooks import rule, workbook

from sheets_sync import engine
from sheets_sync.inputs import checkins
from sheets_sync.model import Snapshot

TODAY = dt.date(2026, 11, 24)
SETTINGS = {"Check-in every (days)": 14, "Due soon within (days)": 3,
            "Escalate after (days overdue)": 14, "First meeting within (days)": 10,
            "Sessions to schedule": 2, "Session length (minutes)": 60,
            "Time zone": "America/New_York"}


def one_pair(check_ins, matched_on=dt.date(2026, 9, 1), settings=None, mentee_tz="UTC-5",
             mentor_tz="UTC-5", mentee_free="Tue 18:00-20:00", mentor_free="Tue 18:00-21:00"):
    mentees = [{"Email": "ann@x.org", "Name": "Ann", "Time zone": mentee_tz,
                "Availability": mentee_free}]
    mentors = [{"Email": "mo@x.org", "Name": "Mo", "Time zone": mentor_tz,
                "Availability": mentor_free}]
    pairings = [{"Pair ID": "P-0001", "Mentee Email": "ann@x.org", "Mentor Email": "mo@x.org",
                 "Status": "Active", "Matched On": matched_on, "Active Since": matched_on}]
    snapshot = workbook(mentees, mentors, [rule("Prefer", "Name", "differs", "Name")],
                        {**SETTINGS, **(settings or {})}, pairings, check_ins)
    return engine.sync(snapshot, TODAY)


def check_in(days_ago, concern="No", **names):
    when = TODAY - dt.timedelta(days=days_ago)
    who = names or {"Pair ID": "P-0001"}
    return {"Timestamp": dt.datetime.combine(when, dt.time(20)), "Meeting Date": when,
            "Concern": concern, **who}


@pytest.mark.parametrize(("check_ins", "matched_on", "flag", "overdue"), [
    ([check_in(20), check_in(5, "Yes")], None, "Concern raised", 0),
    ([check_in(45)], None, "Escalate", 31),
    ([check_in(19)], None, "Overdue", 5),
    ([], TODAY - dt.timedelta(days=3), "Awaiting first meeting", 0),
    ([], TODAY - dt.timedelta(days=12), "Overdue", 2),
    ([check_in(12)], None, "Due soon", 0),
    ([check_in(4)], None, "On track", 0),
    ([check_in(5, "Yes"), check_in(2)], None, "Concern raised", 0),  # a later No: still open
    ([check_in(5, "Yes", Handled="2026-11-20"), check_in(2)], None, "On track", 0),
])
def test_flags(check_ins, matched_on, flag, overdue):
    outcome = one_pair(check_ins, matched_on or dt.date(2026, 9, 1))
    (follow_up,) = outcome.follow_ups
    assert (follow_up.flag, follow_up.days_overdue) == (flag, overdue)
    assert follow_up.action


def test_check_in_found_by_emails_in_either_order():
    outcome = one_pair([check_in(4, **{"Mentee Email": "MO@x.org", "Mentor Email": "ann@x.org"})])
    assert outcome.follow_ups[0].last_check_in == TODAY - dt.timedelta(days=4)


def test_unknown_pair_and_future_date_are_problems():
    outcome = one_pair([check_in(4, **{"Pair ID": "P-0099"}), check_in(-3),
                        check_in(2, **{"Mentee Email": "zed@x.org", "Mentor Email": "mo@x.org"})])
    problems = [p.problem for p in outcome.problems if p.tab == "Check-ins"]
    assert any("No pair in Pairings has this Pair ID" in p for p in problems)
    assert any("This check-in names no pair" in p for p in problems)  # no Pair ID given
    assert any("in the future" in p for p in problems)


def test_concern_escalates_at_once_where_the_program_says_so():
    outcome = one_pair([check_in(2, "Yes")], settings={"Concern escalates at once": "Yes"})
    assert outcome.follow_ups[0].action.startswith("A concern was raised")
    assert "Act today" in outcome.follow_ups[0].action


def test_sessions_fall_in_a_shared_slot_in_the_programs_time_zone():
    # Mentee free Tue 18-20 in UTC-5; mentor in UTC-8 free Tue 15-18 local = 18-21 in UTC-5.
    outcome = one_pair([check_in(4)], mentor_tz="UTC-8", mentor_free="Tue 15:00-18:00")
    first, second = outcome.sessions
    assert first.date == dt.date(2026, 12, 1)  # due 2026-12-04 (a Friday): the Tuesday before
    assert (first.start, first.end) == ("18:00", "19:00")
    assert second.date == dt.date(2026, 12, 15)
    assert first.date.weekday() == second.date.weekday() == 1


def test_no_shared_time_leaves_a_note():
    outcome = one_pair([check_in(4)], mentor_free="Sat 08:00-09:00")
    assert outcome.sessions[0].start == ""
    assert "agree a time" in outcome.sessions[0].note


def test_local_times_shown_when_asked():
    outcome = one_pair([check_in(4)], settings={"Show local times": "Yes"}, mentor_tz="UTC-8",
                       mentor_free="Tue 15:00-18:00")
    assert outcome.sessions[0].note == ("Mentee: Tue 01 Dec 18:00 (UTC-5); "
                                        "Mentor: Tue 01 Dec 15:00 (UTC-8)")


@pytest.mark.parametrize(("answer", "concern", "clear"), [
    ("Yes", True, True), (True, True, True), ("x", True, True), (1, True, True),
    ("Yes - see notes", True, True), ("Sí", True, True), ("Concern raised", True, True),
    ("No", False, True), ("no.", False, True), ("N/A", False, True), ("-", False, True),
    ("No - all fine", False, True), (None, False, True), (False, False, True),
    ("maybe", True, False), ("?", True, False), ("no, but he seemed low", True, False),
    (2, True, False), ("Not at the moment", False, True), ("All good thanks!", False, True),
    ("No, everything is great", False, True), ("N/A - first meeting", False, True),
    ("No worries", False, True), ("None so far", False, True), ("Nah", False, True),
    ("Not really, no", False, True), ("not sure", True, False),
    ("No. He said his dad hits him", True, False), ("no concerns but she was late", True, False),
])
def test_a_concern_answer_that_is_not_plainly_no_counts(answer, concern, clear):
    assert checkins.read_concern(answer) == (concern, clear)


def test_an_unclear_or_orphaned_concern_is_a_problems_row_until_handled():
    result = one_pair([check_in(3, "kind of"), check_in(2, "Yes", **{"Pair ID": "P-0009"}),
                       {**check_in(1, "not sure"), "Handled": "called, fine"}])
    rows = {p.row: p.problem for p in result.problems if p.tab == "Check-ins"}
    assert sorted(rows) == [2, 3]  # the handled row is not asked about again
    assert "not a plain Yes or No" in rows[2]
    assert "No pair in Pairings has this Pair ID" in rows[3] and "raises a concern" in rows[3]
    assert result.follow_ups[0].flag == "Concern raised"


def shared_people(pairs, free, previous=None, today=TODAY, **extra):
    """A program of hand-typed pairs ``(Pair ID, mentee, mentor, status)`` among people whose
    free time is ``free[name]``; ``previous`` is the Schedule tab a last sync wrote."""
    names = {role: sorted({p[k] for p in pairs}) for k, role in ((1, "Mentee"), (2, "Mentor"))}
    people = {role: [{"Email": f"{n.lower()}@x.org", "Name": n, "Time zone": "UTC-5",
                      "Availability": free[n]} for n in found] for role, found in names.items()}
    pairings = [{"Pair ID": pair_id, "Mentee Email": f"{mentee.lower()}@x.org",
                 "Mentor Email": f"{mentor.lower()}@x.org", "Status": status,
                 "Matched On": dt.date(2026, 9, 1), "Active Since": active_since}
                for pair_id, mentee, mentor, status, active_since in pairs]
    snapshot = workbook(people["Mentee"], people["Mentor"],
                        [rule("Prefer", "Name", "differs", "Name")], {**SETTINGS, **extra},
                        pairings, [check_in(4)])
    if previous is not None:
        snapshot = Snapshot({**snapshot.tabs, "Schedule": previous})
    return engine.sync(snapshot, today)


def schedule(outcome):
    return next(s.table for s in outcome.sheets if s.table.name == "Schedule")


def double_booked(sessions):
    """Pairs of sessions that put one person in two places at once."""
    timed = [s for s in sessions if s.start]
    return [(a, b) for a, b in itertools.combinations(timed, 2)
            if a.date == b.date and {a.mentee, a.mentor} & {b.mentee, b.mentor}
            and a.start < b.end and b.start < a.end]


OLD = dt.date(2026, 9, 1)  # P-0001 has met (a check-in 4 days ago); the others are newer
NEW = dt.date(2026, 11, 20)


@pytest.mark.parametrize("pairs", [
    [("P-0001", "Ann", "Mo", "Active", OLD), ("P-0002", "Bea", "Mo", "Active", NEW),
     ("P-0003", "Cy", "Mo", "Active", NEW)],  # one mentor, three mentees
    [("P-0001", "Ann", "Mo", "Active", OLD), ("P-0002", "Ann", "Max", "Active", NEW)],
])
def test_a_persons_pairs_never_get_the_same_slot(pairs):
    free = dict.fromkeys(["Ann", "Bea", "Cy", "Mo", "Max"], "Tue 18:00-21:00")
    outcome = shared_people(pairs, free)
    assert all(s.start for s in outcome.sessions)
    assert double_booked(outcome.sessions) == []
    firsts = {s.pair_id: s.start for s in outcome.sessions if s.date == dt.date(2026, 12, 1)}
    assert len(set(firsts.values())) == len(firsts) == len(pairs)  # all that Tuesday


def test_a_new_pair_works_around_the_times_already_promised():
    free = dict.fromkeys(["Ann", "Bea", "Mo"], "Tue 18:00-20:00")
    pairs = [("P-0001", "Ann", "Mo", "Active", OLD), ("P-0002", "Bea", "Mo", "Proposed", NEW)]
    first = shared_people(pairs, free)
    pairs[1] = ("P-0002", "Bea", "Mo", "Active", NEW)  # approved: more urgent, planned first
    later = shared_people(pairs, free, previous=schedule(first), today=TODAY + dt.timedelta(1))
    promised = [s for s in later.sessions if s.pair_id == "P-0001"]
    assert promised == first.sessions  # kept: same dates, times and numbers
    assert [s.start for s in later.sessions if s.pair_id == "P-0002"] == ["19:00", "19:00"]
    assert double_booked(later.sessions) == []


def test_an_older_schedule_that_double_booked_is_mended_around_the_older_pair():
    free = dict.fromkeys(["Ann", "Bea", "Mo"], "Tue 18:00-20:00")
    pairs = [("P-0001", "Ann", "Mo", "Active", OLD), ("P-0002", "Bea", "Mo", "Active", NEW)]
    clashing = schedule(shared_people(pairs, free))
    start, end = clashing.header.index("Start"), clashing.header.index("End")
    for row in clashing.rows:
        row[start], row[end] = "18:00", "19:00"  # as a sync before the fix wrote it
    outcome = shared_people(pairs, free, previous=clashing)
    assert {s.start for s in outcome.sessions if s.pair_id == "P-0001"} == {"18:00"}
    assert {s.start for s in outcome.sessions if s.pair_id == "P-0002"} == {"19:00"}


def test_no_time_left_leaves_a_note_instead_of_double_booking():
    free = dict.fromkeys(["Ann", "Bea", "Mo"], "Tue 18:00-19:00")  # one session a week
    weekly = {"Check-in every (days)": 7}
    pairs = [("P-0001", "Ann", "Mo", "Active", OLD), ("P-0002", "Bea", "Mo", "Proposed", NEW)]
    first = shared_people(pairs, free, **weekly)
    assert [s.date.day for s in first.sessions] == [1, 8]  # Mo's Tuesdays 1 and 8 December
    tomorrow = TODAY + dt.timedelta(1)
    pairs[1] = ("P-0002", "Bea", "Mo", "Active", tomorrow)  # due to meet by 5 December
    later = shared_people(pairs, free, previous=schedule(first), today=tomorrow, **weekly)
    assert [s for s in later.sessions if s.pair_id == "P-0001"] == first.sessions
    new = next(s for s in later.sessions if s.pair_id == "P-0002")
    assert (new.number, new.start, new.end) == (1, "", "")
    assert "taken by another session" in new.note and "agree a time" in new.note
    assert double_booked(later.sessions) == []


WINDOWS = ["Tue 18:00-20:00", "Tue 19:00-21:30", "Wed 09:00-10:00", "Thu 17:00-18:00",
           "Mon 12:00-14:00, Tue 18:00-19:00"]


@settings(max_examples=30, deadline=None)
@given(links=st.lists(st.tuples(st.sampled_from(["Ann", "Bea", "Cy"]),
                                st.sampled_from(["Mo", "Max"]), st.booleans()),
                      min_size=1, max_size=5, unique_by=lambda link: link[:2]),
       free=st.fixed_dictionaries({n: st.sampled_from(WINDOWS)
                                   for n in ["Ann", "Bea", "Cy", "Mo", "Max"]}),
       length=st.sampled_from([30, 45, 60, 90]), wanted=st.integers(1, 3))
def test_nobody_is_ever_in_two_sessions_at_once(links, free, length, wanted):
    """Over two syncs, the second approving the rest, no person's sessions overlap."""
    extra = {"Session length (minutes)": length, "Sessions to schedule": wanted}
    pairs = [(f"P-{k:04d}", mentee, mentor, "Active" if approved else "Proposed", OLD)
             for k, (mentee, mentor, approved) in enumerate(links, 1)]
    first = shared_people(pairs, free, **extra)
    assert double_booked(first.sessions) == []
    pairs = [(*pair[:3], "Active", pair[4]) for pair in pairs]
    later = shared_people(pairs, free, previous=schedule(first), today=TODAY + dt.timedelta(2),
                          **extra)
    assert double_booked(later.sessions) == []


def test_a_missed_first_meeting_is_planned_again_by_its_deadline():
    pairs = [("P-0001", "Ann", "Mo", "Active", dt.date(2026, 9, 1)),
             ("P-0002", "Cy", "Di", "Active", dt.date(2026, 11, 22))]  # first meeting by 12 Dec
    free = {n: "Tue 18:00-20:00" for n in ("Ann", "Mo", "Cy", "Di")}
    extra = {"First meeting within (days)": 20}
    first = shared_people(pairs, free, **extra)
    planned = [(r[1], r[2]) for r in schedule(first).rows if r[0] == "P-0002"]
    assert planned == [(1, dt.date(2026, 12, 1)), (2, dt.date(2026, 12, 15))]
    # 1 December passes with no check-in: session 2 (15 Dec) would miss the deadline
    later = shared_people(pairs, free, previous=schedule(first), today=dt.date(2026, 12, 2),
                          **extra)
    planned = [(r[1], r[2]) for r in schedule(later).rows if r[0] == "P-0002"]
    assert planned[0] == (2, dt.date(2026, 12, 8))
