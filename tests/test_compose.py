"""An Outbox row as the email that goes out, for any text a form can hold: no name, subject or
body can add a header or a recipient, and what was written arrives as written."""

from __future__ import annotations

import datetime as dt
import email
from email.headerregistry import Address
from email.policy import default

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sheets_sync.messages.compose import WIRE, Row, compose, one_line
from sheets_sync.messages.outbox import display_address

HEADERS = ["Content-Transfer-Encoding", "Content-Type", "Date", "From", "MIME-Version",
           "Message-ID", "Subject", "To"]
NOW = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
SENDER = Address("Sam Rivera", addr_spec="sam@example.org")
FORM_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300) | st.sampled_from([
    "Ana\r\nBcc: evil@example.net", "Hi\nTo: evil@example.net\n\nbody", "=?utf-8?q?x?=",
    ".\r\n.\r\nMAIL FROM:<evil@example.net>", "José \"Pepe\" O'Neil, Jr. <x@y>"])


def row(name: str, subject: str, body: str) -> Row:
    to = display_address(one_line(name), "ana@example.org") + ", Bo <bo@example.org>"
    return Row(2, "P-0001-introduction-2026-12-01", "P-0001", "Introduction", to,
               "Sam Rivera <sam@example.org>", subject, body, None, None, "")


@settings(max_examples=300, deadline=None)
@given(name=FORM_TEXT, subject=FORM_TEXT, body=FORM_TEXT)
@example(name=',"', subject="", body="")   # a comma inside quotes, then an escaped quote
def test_no_name_subject_or_body_adds_a_header_or_a_recipient(name, subject, body):
    mail = compose(row(name, subject, body), SENDER, "sam@example.org", None, NOW)
    sent = email.message_from_bytes(mail.message.as_bytes(policy=WIRE), policy=default)
    assert sorted(sent.keys()) == sorted([*HEADERS, "Cc"])
    assert mail.recipients == ["ana@example.org", "bo@example.org", "sam@example.org"]
    assert [a.addr_spec for a in sent["To"].addresses] == ["ana@example.org", "bo@example.org"]
    # Text that is itself an RFC 2047 encoded word ("=?utf-8?q?...?=") is shown decoded by
    # mail programs, as email defines; it can't add a header either way.
    if "=?" not in name:
        assert sent["To"].addresses[0].display_name == one_line(name)
    if "=?" not in subject:
        assert str(sent["Subject"]) == one_line(subject)
    assert sent["Message-ID"] == mail.message["Message-ID"]


@settings(max_examples=200, deadline=None)
@given(body=st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from(
    ["\n", ".", "\r"]), max_size=3000))
def test_the_body_arrives_as_written(body):
    mail = compose(row("Ana", "Hello", body), SENDER, "sam@example.org", None, NOW)
    sent = email.message_from_bytes(mail.message.as_bytes(policy=WIRE), policy=default)
    expected = body.replace("\r\n", "\n").replace("\r", "\n")
    wire = mail.message.as_bytes(policy=WIRE)
    assert wire.isascii() and all(len(line) <= 998 for line in wire.splitlines())
    assert sent.get_content().replace("\r\n", "\n").rstrip("\n") == expected.rstrip("\n")


def test_the_message_id_is_the_same_on_every_attempt():
    first = compose(row("Ana", "Hello", "Body"), SENDER, "", None, NOW)
    later = compose(row("Ana", "Hello", "Body"), SENDER, "", None, NOW + dt.timedelta(days=1))
    assert first.message["Message-ID"] == later.message["Message-ID"]
    assert first.message["Message-ID"].endswith("@example.org>")


def test_two_programs_messages_of_one_message_id_have_their_own_message_ids():
    # Every workbook has a P-0001: two programs escalating it to one coordinator send two
    # different emails, which a mail program must not take for one.
    one = compose(row("Ana", "Pair P-0001 needs attention", "Ana and Bo"), SENDER, "", None, NOW)
    two = compose(row("Ana", "Virtual pair P-0001", "Cai and Dee"), SENDER, "", None, NOW)
    assert one.message["Message-ID"] != two.message["Message-ID"]


def test_the_next_session_reads_in_plain_words_and_each_persons_own_time():
    from sheets_sync.words.messages import next_session

    day = dt.date(2026, 12, 12)
    assert next_session(day, "12:00", "12:30", "America/Chicago") == (
        "Sat 12 Dec 2026, 12:00-12:30 Chicago time")
    assert next_session(day, "02:30", "03:30", "UTC", "Ana: Fri 11 Dec 18:30 (UTC-8)") == (
        "Sat 12 Dec 2026, 02:30-03:30 UTC (Ana: Fri 11 Dec 18:30 (UTC-8))")
    assert next_session(day, "", "", "UTC", "ignored") == "Sat 12 Dec 2026, time to be agreed"


def test_an_escalation_for_an_unclear_answer_says_it_may_be_a_concern():
    from sheets_sync.words.messages import concern_reason

    day = dt.date(2026, 12, 3)
    assert concern_reason(day, 7, "Check-ins") == (
        "a concern was raised on Thu 3 Dec (Check-ins tab, row 7)")
    unclear = concern_reason(day, 7, "Check-ins", unclear=True)
    assert "other than Yes or No" in unclear and "may be a concern" in unclear
