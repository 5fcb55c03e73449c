"""What `send` writes in the Outbox's Error column and prints: in words a coordinator can act on,
and never a private value (only addresses and the mail server's own reply)."""

from __future__ import annotations

import datetime as dt

from sheets_sync.words.problems import day, plural

# An Error cell starting with one of these is the send's own state, not a failure.
CLAIM = "Sending now"
HELD = "Not sent again"
UNCONFIRMED = "Sent, unconfirmed"


def claim(token: str, at: dt.datetime) -> str:
    return f"{CLAIM} (send {token}, started {at:%Y-%m-%d %H:%M})"


def held(at_text: str) -> str:
    return (f"{HELD}: a send that started {at_text} on another computer (or whose record was "
            "lost) stopped while sending this message, so it may have gone out. If the "
            "recipients did not get it, clear this cell and run send again.")


def unconfirmed(why: str) -> str:
    return (f"{UNCONFIRMED}: the mail server took the message but its answer was lost "
            f"({why}). It is most likely delivered, so it is not sent again.")


def unconfirmed_after_stop() -> str:
    return (f"{UNCONFIRMED}: the send stopped while the mail server was taking this message. "
            "It is most likely delivered, so it is not sent again.")


def bad_address(column: str, text: str) -> str:
    return (f"'{text}' in {column} is not an email address. Correct it in this row (or in "
            "the roster, for the next messages) and run send again.")


def no_address(column: str) -> str:
    return f"{column} is blank: nobody to send this to. Fill it in and run send again."


def too_old(due: dt.date, days: int) -> str:
    return (f"Not sent: it was due on {day(due)} {due.year}, more than {plural(days, 'day')} "
            "before this send, so it is out of date. Send it yourself if it still matters.")


def no_encryption(server: str) -> str:
    return (f"The mail server {server} does not offer encryption (STARTTLS), so nothing was "
            "sent: the password and messages would cross the network readable. Use the "
            "server's encrypted port (587 or 465). Will try again at the next send.")


def login_refused(user: str, reply: str) -> str:
    return (f"The mail server refused the login of SMTP user {user} ({reply}). Check SMTP user "
            "in Settings and the password in SHEETS_SYNC_SMTP_PASSWORD (an app password for "
            "Gmail or Microsoft 365). Will try again at the next send.")


def tls_failed(server: str, why: str) -> str:
    return (f"Could not set up an encrypted connection to {server} ({why}). Check the SMTP "
            "server's name and port in Settings. Will try again at the next send.")


def unreachable(server: str, why: str) -> str:
    return (f"Could not reach the mail server {server} ({why}). Will try again at the next "
            "send; if it keeps failing, check SMTP server in Settings.")


def connection_lost(why: str) -> str:
    return (f"The connection to the mail server broke before the message was handed over "
            f"({why}); it was not delivered. Will try again at the next send.")


def data_refused(code: int, reply: str) -> str:
    return f"The mail server would not take the message ({code} {reply}). Will try again."


def message_refused(code: int, reply: str) -> str:
    return (f"The mail server refused the message ({code} {reply}); it was not delivered. "
            "Will try again at the next send.")


def sender_refused(sender: str, code: int, reply: str) -> str:
    return (f"The mail server refused to send from {sender} ({code} {reply}). Check Send from "
            "in Settings: it must be an address your SMTP user may send as.")


def recipients_refused(refused: list[tuple[str, int, str]]) -> str:
    each = "; ".join(f"{address} ({code} {reply})" for address, code, reply in refused)
    return (f"The mail server refused {each}, so the message went to nobody. Correct the "
            "address in this row (or in the roster) and run send again.")


# --- the terminal ----------------------------------------------------------------------------


def summary(sent: int, failed: int, waiting: int, out_of_date: int) -> str:
    parts = [f"Sent {plural(sent, 'message')}"]
    if failed:
        parts.append(f"{failed} could not be sent (see the Outbox's Error column)")
    if waiting:
        parts.append(f"{waiting} left alone (being sent elsewhere, or held: see Error)")
    if out_of_date:
        parts.append(f"{out_of_date} out of date, not sent")
    return "; ".join(parts) + "."


def not_configured(waiting: int) -> str:
    return (f"Settings has no SMTP server, so nothing was sent ({plural(waiting, 'message')} "
            "in the Outbox wait for one).")


def nothing_sent(failed: int, first_error: str) -> str:
    return (f"None of the {plural(failed, 'due message')} could be sent. The first reason: "
            f"{first_error}")
