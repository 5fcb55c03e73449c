"""Helpers for the message tests: a coordinator's week with messages switched on, sending to
the test SMTP server, and the Outbox as the coordinator reads it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import cli
from week import Week

COORDINATOR = "sam.rivera@example.org"
FORM = "https://docs.google.com/forms/d/e/1FAIpQLSe/viewform?usp=pp_url&entry.1234={Pair ID}"
SURVEY = "https://example.org/end-of-match-survey"


def today() -> dt.date:
    """The program's date now (general programs run on New York time): the send's own day,
    so nothing a test queues is out of date when it is sent."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("America/New_York")).date()


def day(offset: int = 0) -> str:
    return (today() + dt.timedelta(days=offset)).isoformat()


def set_settings(week: Week, **values: Any) -> None:
    """Settings rows by label: ``Coordinator_email="x"`` sets 'Coordinator email'."""
    rows = {r["Setting"]: n for n, r in enumerate(week.records("Settings"), start=2)}
    column = week.book.column_letter("Settings", "Value")
    week.book.edit("Settings", {f"{column}{rows[label.replace('_', ' ')]}": value
                                for label, value in values.items()})


def messages_on(week: Week, server: str | None = None, **more: Any) -> None:
    settings = {"Coordinator_name": "Sam Rivera", "Coordinator_email": COORDINATOR,
                "Check-in_form_link": FORM, "Survey_link": SURVEY, **more}
    if server:
        settings["SMTP_server"] = server
    set_settings(week, **settings)


def active_pair(week: Week, when: str) -> str:
    """Ana and Bo, paired on ``when`` and made Active."""
    week.mentee("Ana")
    week.mentor("Bo")
    week.sync(when)
    week.set_pair("P-0001", Status="Active")
    return "P-0001"


def send(week: Week, *args: Any):
    return cli("send", week.book.target, *args)


def outbox(week: Week) -> list[dict[str, Any]]:
    return week.records("Outbox")


def kinds(week: Week) -> list[tuple[str, str]]:
    return [(r["Pair ID"], r["Message"]) for r in outbox(week)]
