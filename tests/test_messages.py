"""Messages end to end on both backends, through the command line and a real SMTP server: the
introduction, the overdue reminders over several days, the escalation to the coordinator only
and the closing thank-you; each once per pair, kind and occasion."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from mailing import COORDINATOR, SURVEY, active_pair, day, kinds, messages_on, outbox, send
from smtp_server import smtp_server
from week import Week


@pytest.fixture
def mail():
    with smtp_server() as running:
        yield running


def test_an_introduction_goes_once_to_both_people_with_the_coordinator_and_the_sessions(
        workbook, mail):
    inbox, server = mail
    week = Week(workbook, start=day())
    messages_on(week, server)
    week.mentee("Ana")
    week.mentor("Bo")
    week.sync(day())
    assert outbox(week) == []  # a Proposed pair is introduced only once it is Active
    week.set_pair("P-0001", Status="Active")
    week.sync(day())
    [row] = outbox(week)
    assert (row["Message ID"], row["Message"]) == (f"P-0001-introduction-{day()}",
                                                    "Introduction")
    assert row["To"] == "Ana <ana@example.org>, Bo <bo@example.org>"
    assert row["Cc"] == f"Sam Rivera <{COORDINATOR}>"
    assert not row["Sent At"] and not row["Error"]

    sent = send(week)
    assert sent.exit_code == 0, sent.output
    assert "Sent 1 message." in sent.output
    [got] = inbox.received
    assert sorted(got.rcpt_tos) == sorted(["ana@example.org", "bo@example.org", COORDINATOR])
    message = got.message
    assert message["To"].addresses[0].addr_spec == "ana@example.org"
    assert [a.addr_spec for a in message["Cc"].addresses] == [COORDINATOR]
    assert message.get_body(("plain",)).get_content().startswith("Hello Ana and Bo,")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    events = Calendar.from_ical(attachment.get_content()).walk("VEVENT")
    planned = [s for s in week.records("Schedule") if s["Pair ID"] == "P-0001"]
    assert len(events) == len(planned) == 3
    first = events[0]
    assert str(first["DTSTART"].dt.tzinfo) == "America/New_York"
    assert first["DTSTART"].dt.strftime("%H:%M") == planned[0]["Start"]
    assert str(first["UID"]).startswith("P-0001-session-1-")
    assert outbox(week)[0]["Sent At"]

    again = week.sync(day())
    assert not again["tabs"]["Outbox"]["added"]
    assert "Sent 0 messages." in send(week).output
    assert len(inbox.received) == 1


def test_an_overdue_reminder_goes_once_per_missed_due_date(workbook, mail):
    inbox, server = mail
    week = Week(workbook, start=day())
    messages_on(week, server)
    pair = active_pair(week, day())
    for offset in (0, 5, 10, 11, 12):  # general: first meeting within 14 days, due soon 3 ahead
        week.sync(day(offset))
    assert kinds(week) == [(pair, "Introduction"), (pair, "First meeting nudge")]
    assert outbox(week)[1]["Message ID"] == f"{pair}-first-meeting-{day(14)}"
    for offset in (15, 16, 17, 20):
        week.sync(day(offset))
    assert kinds(week)[2:] == [(pair, "Overdue reminder")]
    week.sync(day(28))  # 14 days late: the coordinator hears of it, once
    assert kinds(week)[3:] == [(pair, "Escalation")]
    week.sync(day(29))
    assert len(outbox(week)) == 4
    week.check_in(pair, day(29))  # they met; the next check-in is due 14 days later
    for offset in (30, 40, 41, 44, 45, 50):
        week.sync(day(offset))
    assert kinds(week)[4:] == [(pair, "Check-in reminder"), (pair, "Overdue reminder")]
    assert [r["Message ID"] for r in outbox(week)][4:] == [
        f"{pair}-reminder-{day(43)}", f"{pair}-overdue-{day(43)}"]

    assert send(week).exit_code == 0
    by_subject = [r.message["Subject"] for r in inbox.received]
    assert len(by_subject) == 6 and inbox.duplicates() == 0
    assert by_subject.count("Your mentoring check-in is overdue") == 2
    assert send(week).exit_code == 0 and len(inbox.received) == 6


def test_an_escalation_goes_to_the_coordinator_only_and_says_why(workbook, mail):
    inbox, server = mail
    week = Week(workbook, start=day())
    messages_on(week, server)
    pair = active_pair(week, day())
    week.sync(day())
    raised = week.check_in(pair, day(2), "Yes", Notes="Ana said something worrying at home.")
    week.sync(day(3))
    escalation = next(r for r in outbox(week) if r["Message"] == "Escalation")
    assert escalation["To"] == f"Sam Rivera <{COORDINATOR}>" and not escalation["Cc"]
    assert f"Check-ins tab, row {raised}" in escalation["Body"]
    assert escalation["Message ID"] == f"{pair}-escalation-concern-{day(2)}"

    assert send(week).exit_code == 0
    [got] = [r for r in inbox.received if "attention" in r.message["Subject"]]
    assert got.rcpt_tos == [COORDINATOR]
    assert "worrying" not in got.text()  # the check-in's notes stay in the workbook
    week.sync(day(4))
    assert sum(1 for r in outbox(week) if r["Message"] == "Escalation") == 1


def test_an_introduction_across_time_zones_gives_each_person_their_own_time(workbook):
    week = Week(workbook, start=day())
    messages_on(week, Show_local_times="Yes")
    week.mentee("Ana", **{"Time zone": "America/Los_Angeles", "Availability": "Mon 18:00-20:00"})
    week.mentor("Bo", **{"Time zone": "Europe/London", "Availability": "Tue 02:00-04:00"})
    week.sync(day())
    week.set_pair("P-0001", Status="Active")
    week.sync(day())
    [row] = outbox(week)
    body = " ".join(row["Body"].split())
    assert "New York time (Ana: Mon" in body and "18:00 (UTC-8); Bo: Tue" in body, body
    assert "America/New_York" not in body


def test_the_closing_thank_you_carries_the_survey_but_not_after_a_safety_concern(workbook, mail):
    inbox, server = mail
    week = Week(workbook, start=day())
    messages_on(week, server)
    week.mentee("Ana")
    week.mentor("Bo")
    week.mentee("Cai")
    week.mentor("Dee")
    week.sync(day())
    week.set_pair("P-0001", Status="Active")
    week.set_pair("P-0002", Status="Active")
    week.sync(day())
    week.set_pair("P-0001", Status="Ended", **{"Closure Reason": "Goals met"})
    week.set_pair("P-0002", Status="Ended", **{"Closure Reason": "Safety or conduct concern"})
    week.sync(day(1))
    week.sync(day(2))
    closing = [r for r in outbox(week) if r["Message"] == "Closing thank-you"]
    assert [r["Pair ID"] for r in closing] == ["P-0001"]
    assert SURVEY in closing[0]["Body"]
    assert send(week).exit_code == 0
    thanks = [r for r in inbox.received if r.message["Subject"].startswith("Thank you")]
    assert len(thanks) == 1 and SURVEY in thanks[0].text()
    assert sorted(thanks[0].rcpt_tos) == ["ana@example.org", "bo@example.org"]


def test_no_thank_you_until_the_ending_has_a_reason_from_the_list(workbook):
    week = Week(workbook, start=day())
    messages_on(week)
    active_pair(week, day())
    week.sync(day())
    week.set_pair("P-0001", Status="Ended")  # the reason is picked later
    week.sync(day(1))
    week.set_pair("P-0001", **{"Closure Reason": "Safety/conduct concern"})  # typed, not picked
    week.sync(day(2))
    assert not [r for r in outbox(week) if r["Message"] == "Closing thank-you"]
    problem = next(p for p in week.records("Problems") if p["Column"] == "Closure Reason")
    assert "not one of the reasons" in problem["Problem"]
    week.set_pair("P-0001", **{"Closure Reason": "Safety or conduct concern"})
    week.sync(day(3))
    assert not [r for r in outbox(week) if r["Message"] == "Closing thank-you"]
    assert not [p for p in week.records("Problems") if p["Column"] == "Closure Reason"]


def test_a_pair_check_in_link_names_its_pair_and_the_form_answer_counts(workbook):
    week = Week(workbook, start=day())
    messages_on(week)
    pair = active_pair(week, day())
    week.check_in(pair, day(1))
    for offset in (1, 12):
        week.sync(day(offset))
    reminder = next(r for r in outbox(week) if r["Message"] == "Check-in reminder")
    link = "https://docs.google.com/forms/d/e/1FAIpQLSe/viewform?usp=pp_url&entry.1234=P-0001"
    assert link in reminder["Body"]
    week.check_in(pair, day(13))  # as the pre-filled form writes it: the Pair ID filled in
    week.sync(day(13))
    assert week.follow_up(pair)["Flag"] == "On track"


def test_messages_wait_for_a_coordinator_email_and_a_kind_switched_off_is_not_queued(
        workbook):
    week = Week(workbook, start=day())
    pair = active_pair(week, day())
    week.sync(day())
    assert outbox(week) == []  # nothing is queued (and no backlog builds) until messages are on
    messages_on(week)
    rows = {r["Message"]: n for n, r in enumerate(week.records("Messages"), start=2)}
    week.set("Messages", rows["Introduction"], Send="No")
    week.sync(day(1))
    assert outbox(week) == []
    week.set("Messages", rows["Introduction"], Send="Yes")
    week.sync(day(1))
    assert kinds(week) == [(pair, "Introduction")]


def test_a_template_naming_a_private_column_is_a_problem_and_never_queued(workbook):
    week = Week(workbook, start=day())
    messages_on(week, Private_columns="Availability")
    rows = {r["Message"]: n for n, r in enumerate(week.records("Messages"), start=2)}
    week.set("Messages", rows["Introduction"],
             Body="Hello {Mentee}, you are free {Mentee Availability}. {Typo here}")
    pair = active_pair(week, day())
    week.sync(day())
    assert (pair, "Introduction") not in kinds(week)
    problems = [p for p in week.records("Problems") if p["Tab"] == "Messages"]
    words = " ".join(p["Problem"] for p in problems)
    assert "names a private column" in words and "{Typo here} is neither" in words
    assert all(p["Row"] == rows["Introduction"] for p in problems)
    assert "Mon 18:00" not in " ".join(str(v) for p in problems for v in p.values())
    assert dt.date.fromisoformat(day())  # the sync went on: the rest of the workbook is there
    assert week.pair(pair)["Status"] == "Active"
