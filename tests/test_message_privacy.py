"""Private columns never travel: for the two programs with the most private answers, every
message the SMTP server received, the --dry-run output, the run log, the calendar files and
the Outbox tab are searched for every private answer of the sample people. None is there,
while the names (which are not private) are."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ExcelWorkbook, cli
from mailing import day, messages_on, outbox, send
from smtp_server import smtp_server
from week import Week

from sheets_sync.inputs import values


def private_answers(week: Week) -> set[str]:
    """Every private cell of both rosters, whole and item by item (long enough to be told
    apart from ordinary words: 'No' or 'Man' are in any text)."""
    settings = {r["Setting"]: r["Value"] for r in week.records("Settings")}
    private = [c.strip() for c in str(settings["Private columns"]).split(",") if c.strip()]
    found: set[str] = set()
    for tab in ("Mentees", "Mentors"):
        for person in week.records(tab):
            for column in private:
                cell = values.cell_text(person.get(column))
                found.update(v for v in (cell, *values.split_list(cell)) if len(v) >= 6)
    return found


@pytest.mark.parametrize("program", ["mental-health", "lgbtq"])
def test_no_private_answer_is_in_any_message_attachment_log_or_dry_run(program, tmp_path: Path):
    book = ExcelWorkbook(tmp_path)
    assert cli("new", book.target, "--program", program, "--sample", 40, "--today",
               day()).exit_code == 0
    week = Week.__new__(Week).on(book)
    with smtp_server() as (inbox, server):
        messages_on(week, server)
        week.sync(day())
        letter = book.column_letter("Pairings", "Status")
        book.edit("Pairings", {f"{letter}{n}": "Active" for n, pair in
                               enumerate(week.records("Pairings"), start=2)
                               if pair["Status"] == "Proposed"})
        week.sync(day())
        dry_run = send(week, "--dry-run").output
        log = tmp_path / "send.log"
        assert send(week, "--log-file", log).exit_code == 0
        assert cli("calendar", book.target, "--out", tmp_path / "ics").exit_code == 0
    calendars = "\n".join(p.read_text() for p in (tmp_path / "ics").iterdir())
    rows = "\n".join(str(v) for row in outbox(week) for v in row.values())
    everything = "\n".join([inbox.everything(), dry_run, log.read_text(), calendars, rows])

    secrets = private_answers(week)
    assert len(secrets) > 40 and len(inbox.received) > 10
    assert sorted(s for s in secrets if s in everything) == []
    names = {p["Mentee"] for p in week.records("Pairings") if p["Status"] == "Active"}
    assert sum(name in inbox.everything() for name in names) >= 10  # the search finds things
