"""A concern is escalated once: not again when the coordinator corrects its mistyped date,
sorts the Check-ins tab or upgrades from a version that named concerns differently, and a new
concern is never hidden behind an older one's message."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from mailing import active_pair, messages_on, outbox
from week import Week
from workbooks import rule, table, workbook

from sheets_sync import engine, programs
from sheets_sync.outputs.layout import HEADERS

START = "2026-11-30"


def concern(pair: str, stamp: dt.datetime | None, met: str, notes: str = "") -> dict[str, Any]:
    """A check-in raising a concern, as the form writes it (``stamp`` None: typed by hand)."""
    cells = {"Pair ID": pair, "Meeting Date": met, "Concern": "Yes", "Notes": notes}
    return {**cells, "Timestamp": stamp} if stamp else cells


def escalations(week: Week) -> list[str]:
    return [r["Message ID"] for r in outbox(week) if r["Message"] == "Escalation"]


@pytest.mark.parametrize("stamped", [True, False], ids=["form", "typed"])
def test_correcting_a_mistyped_date_does_not_escalate_the_concern_again(workbook, stamped):
    week = Week(workbook, start=START)
    messages_on(week)
    pair = active_pair(week, START)
    stamp = dt.datetime(2026, 12, 2, 19, 45, 12) if stamped else None
    row = week.add("Check-ins", **concern(pair, stamp, "2027-12-02"))  # the year mistyped
    week.sync("2026-12-03")
    future = [p for p in week.records("Problems") if p["Tab"] == "Check-ins"]
    assert [p["Row"] for p in future] == [row] and "future" in future[0]["Problem"]
    [first] = escalations(week)
    if stamped:
        assert first == f"{pair}-escalation-concern-2026-12-02T19:45:12"
    week.set("Check-ins", row, **{"Meeting Date": "2026-12-02"})
    week.sync("2026-12-04")
    assert escalations(week) == [first]
    assert week.follow_up(pair)["Flag"] == "Concern raised"  # still open until Handled


def test_sorting_the_check_ins_neither_repeats_nor_hides_an_escalation(workbook):
    week = Week(workbook, start=START)
    messages_on(week)
    pair = active_pair(week, START)
    older = concern(pair, dt.datetime(2026, 12, 1, 18, 0, 5), "2026-12-01", "first")
    newer = concern(pair, dt.datetime(2026, 12, 2, 9, 15), "2026-12-02", "second")
    rows = [week.add("Check-ins", **older), week.add("Check-ins", **newer)]
    week.sync("2026-12-03")
    assert len(escalations(week)) == 2
    # The mentee reports the same meeting; the coordinator sorts the tab newest first.
    also = concern(pair, dt.datetime(2026, 12, 3, 8, 0), "2026-12-02", "from the mentee")
    rows.append(week.add("Check-ins", **also))
    for row, cells in zip(rows, (also, newer, older), strict=True):
        week.set("Check-ins", row, **cells)
    week.sync("2026-12-04")
    assert escalations(week)[2:] == [f"{pair}-escalation-concern-2026-12-03T08:00:00"]
    week.sync("2026-12-05")
    assert len(escalations(week)) == 3


def test_escalations_named_the_old_way_are_not_queued_again(workbook):
    """The previous version named a concern by its meeting date, or by its row while that date
    could not be counted; an Outbox it wrote keeps working, also once a typo is corrected."""
    week = Week(workbook, start=START)
    messages_on(week)
    pair = active_pair(week, START)
    week.add("Check-ins", **concern(pair, dt.datetime(2026, 12, 1, 18, 0), "2026-12-01"))
    typo = week.add("Check-ins", **concern(pair, dt.datetime(2026, 12, 2, 9, 0), "2027-12-02"))
    week.sync("2026-12-03")
    old_names = {f"{pair}-escalation-concern-2026-12-01T18:00:00":
                 f"{pair}-escalation-concern-2026-12-01",
                 f"{pair}-escalation-concern-2026-12-02T09:00:00":
                 f"{pair}-escalation-concern-{typo}"}
    for row, record in enumerate(outbox(week), start=2):
        if record["Message ID"] in old_names:
            week.set("Outbox", row, **{"Message ID": old_names.pop(record["Message ID"])})
    assert not old_names
    assert not week.sync("2026-12-04")["tabs"]["Outbox"]["added"]
    week.set("Check-ins", typo, **{"Meeting Date": "2026-12-02"})
    assert not week.sync("2026-12-05")["tabs"]["Outbox"]["added"]
    assert len(escalations(week)) == 2


# -- the names, on a workbook in memory ---------------------------------------------------------

TODAY = dt.date(2026, 12, 4)


def queued(check_ins: list[dict[str, Any]], outbox_rows: tuple[dict[str, Any], ...] = ()
           ) -> list[str]:
    """The Message IDs of the escalations one sync adds for pair P-0001."""
    people = {"Email": "ann@x.org", "Name": "Ann"}, {"Email": "mo@x.org", "Name": "Mo"}
    pairings = [{"Pair ID": "P-0001", "Mentee Email": "ann@x.org", "Mentor Email": "mo@x.org",
                 "Status": "Active", "Matched On": dt.date(2026, 11, 1),
                 "Active Since": dt.date(2026, 11, 1)}]
    snapshot = workbook([people[0]], [people[1]], [rule("Prefer", "Name", "differs", "Name")],
                        {"Coordinator email": "sam@x.org"}, pairings, check_ins)
    messages = next(s for s in programs.build_workbook("general") if s.name == "Messages")
    snapshot.tabs["Messages"] = messages.table
    snapshot.tabs["Outbox"] = table("Outbox", list(outbox_rows), HEADERS["Outbox"])
    return [row[0] for row in engine.sync(snapshot, TODAY).queued if row[2] == "Escalation"]


def check_in(met: Any, stamp: dt.datetime | None = None) -> dict[str, Any]:
    return {"Pair ID": "P-0001", "Timestamp": stamp, "Meeting Date": met, "Concern": "Yes"}


def sent(message_id: str, due_on: dt.date) -> dict[str, Any]:
    return {"Message ID": message_id, "Pair ID": "P-0001", "Message": "Escalation",
            "Due On": due_on}


def test_a_concern_is_named_by_its_form_timestamp_else_its_date_else_its_row():
    found = queued([check_in(dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 20, 5, 9, 999_900)),
                    check_in(dt.date(2026, 12, 2)), check_in("2027-12-02")])
    assert found == ["P-0001-escalation-concern-2026-12-01T20:05:10",
                     "P-0001-escalation-concern-2026-12-02", "P-0001-escalation-concern-4"]


@pytest.mark.parametrize(("due_on", "again"), [
    (dt.date(2026, 12, 2), False),  # queued after the meeting: it may have been this concern
    (dt.date(2026, 11, 20), True),  # queued before the meeting: it was about another concern
])
def test_an_old_name_counts_only_for_a_message_queued_once_the_concern_had_begun(due_on, again):
    old = (sent("P-0001-escalation-concern-2", due_on),)
    assert bool(queued([check_in(dt.date(2026, 11, 22))], old)) is again
