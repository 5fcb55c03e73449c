"""`sheets-sync send` against a real SMTP server: encryption and login, what a failure writes on
its row while the rest still go, exit statuses, header injection, --dry-run, and the journal that
keeps a message from going twice."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import trustme
from conftest import ExcelWorkbook, cli
from icalendar import Calendar
from mailing import COORDINATOR, day, messages_on, outbox, send
from smtp_server import PASSWORD, USER, free_port, smtp_server
from week import Week

from sheets_sync.messages.journal import journal_path


@pytest.fixture(scope="module")
def three_pairs(tmp_path_factory) -> Path:
    """Three Active pairs, introduced today, in an .xlsx (made once, copied for each test)."""
    week = Week(ExcelWorkbook(tmp_path_factory.mktemp("base")), start=day())
    for mentee, mentor in (("Ana", "Bo"), ("Cai", "Dee"), ("Eli", "Fay")):
        week.mentee(mentee)
        week.mentor(mentor)
    week.sync(day())
    for pair in ("P-0001", "P-0002", "P-0003"):
        week.set_pair(pair, Status="Active")
    return week.book.path


@pytest.fixture
def week(three_pairs: Path, tmp_path: Path) -> Week:
    book = ExcelWorkbook(tmp_path)
    shutil.copy(three_pairs, book.path)
    return Week.__new__(Week).on(book)


def queue(week: Week, server: str, **settings) -> None:
    messages_on(week, server, **settings)
    week.sync(day())
    assert len(outbox(week)) == 3


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    ca = trustme.CA()
    bundle = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    return ca.issue_cert("localhost", "127.0.0.1"), bundle


@pytest.mark.filterwarnings("ignore:Requiring AUTH")  # aiosmtpd can't tell SSL is TLS
@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_starttls_and_ssl_with_a_login_from_the_environment(week, certificate, mode,
                                                            monkeypatch):
    cert, bundle = certificate
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # trust the test CA, as a real one is
    with smtp_server(mode, cert, login=True) as (inbox, server):
        queue(week, server, SMTP_user=USER)
        monkeypatch.delenv("SHEETS_SYNC_SMTP_PASSWORD", raising=False)
        missing = send(week)
        assert missing.exit_code == 2 and "SHEETS_SYNC_SMTP_PASSWORD" in missing.output
        monkeypatch.setenv("SHEETS_SYNC_SMTP_PASSWORD", "wrong")
        refused = send(week)
        assert refused.exit_code == 3 and "None of the 3 due messages" in refused.output
        assert all("refused the login" in r["Error"] for r in outbox(week))
        monkeypatch.setenv("SHEETS_SYNC_SMTP_PASSWORD", PASSWORD)
        done = send(week)
        assert done.exit_code == 0 and "Sent 3 messages." in done.output
        assert len(inbox.received) == 3
        assert all(r["Sent At"] and not r["Error"] for r in outbox(week))


def test_a_bad_address_and_a_refused_recipient_go_on_their_row_and_the_rest_still_go(week):
    with smtp_server() as (inbox, server):
        queue(week, server)
        rows = outbox(week)
        week.set("Outbox", 2, To="Ana <ana@@example.org>, Bo <bo@example.org>")
        inbox.refuse.add("dee@example.org")
        result = send(week)
        assert result.exit_code == 0, result.output
        assert "Sent 1 message; 2 could not be sent" in result.output
        errors = {r["Pair ID"]: r["Error"] for r in outbox(week)}
        assert "'ana@@example.org' in To is not an email address" in errors["P-0001"]
        assert "refused dee@example.org (550 5.1.1 No such mailbox here)" in errors["P-0002"]
        assert "went to nobody" in errors["P-0002"]
        assert not errors["P-0003"] and len(inbox.received) == 1

        inbox.refuse.clear()  # the coordinator corrected things; the next send retries
        week.set("Outbox", 2, To=rows[0]["To"])
        assert "Sent 2 messages." in send(week).output
        assert len(inbox.received) == 3 and inbox.duplicates() == 0
        assert sum(r.rcpt_tos.count("dee@example.org") for r in inbox.received) == 1


def test_a_server_that_is_down_is_said_on_every_row_and_exits_3(week):
    queue(week, f"127.0.0.1:{free_port()}")
    result = send(week)
    assert result.exit_code == 3
    assert "None of the 3 due messages could be sent" in result.output
    assert all("Could not reach the mail server" in r["Error"] and "nothing answered" in
               r["Error"] and not r["Sent At"] for r in outbox(week))


def test_a_line_break_in_a_name_or_subject_cannot_add_a_header(week):
    with smtp_server() as (inbox, server):
        week.set("Mentees", 2, **{"Full name": "Ana\r\nBcc: evil@example.net"})
        queue(week, server)
        week.set("Outbox", 3, Subject="Hello\r\nBcc: evil@example.net\r\nX-Evil: 1")
        assert send(week).exit_code == 0
        for received in inbox.received:
            message = received.message
            assert message["Bcc"] is None and message["X-Evil"] is None
            assert "evil@example.net" not in received.rcpt_tos
        subjects = [r.message["Subject"] for r in inbox.received]
        assert "Hello Bcc: evil@example.net X-Evil: 1" in subjects
        names = [a.display_name for r in inbox.received for a in r.message["To"].addresses]
        assert "Ana Bcc: evil@example.net" in names


def test_dry_run_shows_exactly_what_would_go_and_sends_and_writes_nothing(week):
    with smtp_server() as (inbox, server):
        queue(week, server)
        before = week.book.path.read_bytes()
        shown = send(week, "--dry-run")
        assert shown.exit_code == 0
        assert "3 messages would be sent" in shown.output
        assert "To: Ana <ana@example.org>, Bo <bo@example.org>" in shown.output
        assert f"Cc: Sam Rivera <{COORDINATOR}>" in shown.output
        assert "Attachment: P-0001-sessions.ics" in shown.output
        for row in outbox(week):
            assert row["Body"] in shown.output and f"Subject: {row['Subject']}" in shown.output
        assert inbox.received == []
        assert week.book.path.read_bytes() == before
        assert not journal_path(week.book.target).exists()
        send(week)
        ids = {r.message_id for r in inbox.received}
        assert all(f"Message-ID: {i}" in shown.output for i in ids)  # the same ones went


def test_without_an_smtp_server_send_does_nothing_and_says_so(week):
    messages_on(week)
    week.sync(day())
    result = send(week)
    assert result.exit_code == 0 and "no SMTP server" in result.output
    assert send(week, "--quiet").output == ""
    assert all(not r["Sent At"] and not r["Error"] for r in outbox(week))


def test_a_session_that_breaks_part_way_loses_nothing_and_sends_nothing_twice(week):
    with smtp_server() as (inbox, server):
        queue(week, server)
        inbox.drop_at_rcpt.add(1)  # the connection drops while the second message starts
        result = send(week)
        assert result.exit_code == 0 and "Sent 2 messages; 1 could not be sent" in result.output
        errors = [r["Error"] for r in outbox(week)]
        assert "broke before the message was handed over" in errors[1]
        assert "Sent 1 message." in send(week).output
        assert len(inbox.received) == 3 and inbox.duplicates() == 0


def test_a_lost_reply_counts_as_sent_and_is_never_sent_again(week):
    with smtp_server() as (inbox, server):
        queue(week, server)
        inbox.drop_before_reply.add(0)  # kept by the server, its "250" never arrives
        inbox.drop_without_keeping.add(2)  # the rare other side: lost with its reply
        result = send(week)
        assert result.exit_code == 0, result.output
        rows = outbox(week)
        assert all(r["Sent At"] for r in rows)
        assert rows[0]["Error"].startswith("Sent, unconfirmed") and not rows[1]["Error"]
        assert rows[2]["Error"].startswith("Sent, unconfirmed")  # at most once: not resent
        assert send(week).exit_code == 0
        assert len(inbox.received) == 2 and inbox.duplicates() == 0


def test_the_journal_keeps_a_requeued_message_from_going_twice(week):
    with smtp_server() as (inbox, server):
        queue(week, server)
        assert send(week).exit_code == 0
        sent_at = [r["Sent At"] for r in outbox(week)]
        last = len(outbox(week)) + 1
        for row in range(2, last + 1):  # the coordinator clears the Outbox by hand
            week.set("Outbox", row, **{h: None for h in outbox(week)[0]})
        week.sync(day())
        assert len(outbox(week)) == 3 and not any(r["Sent At"] for r in outbox(week))
        result = send(week)
        assert "Sent 0 messages." in result.output and "Recorded 3" in result.output
        assert [r["Sent At"] for r in outbox(week)] == sent_at
        assert len(inbox.received) == 3


def test_a_claim_from_another_computer_is_held_never_sent_and_released_by_clearing_it(week):
    with smtp_server() as (inbox, server):
        queue(week, server)
        now = dt.datetime.now(ZoneInfo("America/New_York"))  # the program's clock
        old = (now - dt.timedelta(hours=3)).strftime("%Y-%m-%d %H:%M")
        week.set("Outbox", 2, Error=f"Sending now (send deadbeef, started {old})")
        young = (now - dt.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")
        week.set("Outbox", 3, Error=f"Sending now (send deadbeef, started {young})")
        result = send(week)
        assert "Sent 1 message; 2 left alone" in result.output
        rows = outbox(week)
        assert rows[0]["Error"].startswith("Not sent again") and not rows[0]["Sent At"]
        assert rows[1]["Error"].startswith("Sending now (send deadbeef")
        assert len(inbox.received) == 1
        week.set("Outbox", 2, Error=None)  # the coordinator checked: it never arrived
        assert "Sent 1 message;" in send(week).output
        assert len(inbox.received) == 2


def test_a_message_due_too_long_ago_is_not_sent(week):
    with smtp_server() as (inbox, server):
        queue(week, server)
        week.set("Outbox", 2, **{"Due On": day(-10)})
        result = send(week)
        assert "Sent 2 messages; 1 out of date, not sent." in result.output
        assert "out of date" in outbox(week)[0]["Error"]
        assert len(inbox.received) == 2


def test_calendar_writes_each_active_pair_with_stable_uids(week, tmp_path: Path):
    week.sync(day())
    first, again = tmp_path / "first", tmp_path / "again"
    for folder in (first, again):
        result = cli("calendar", week.book.target, "--out", folder)
        assert result.exit_code == 0 and "Wrote 3 calendar files" in result.output
    assert sorted(p.name for p in first.iterdir()) == ["P-0001.ics", "P-0002.ics", "P-0003.ics"]
    uids = [[str(e["UID"]) for e in Calendar.from_ical((f / "P-0002.ics").read_bytes())
             .walk("VEVENT")] for f in (first, again)]
    assert uids[0] == uids[1] and len(set(uids[0])) == 3
