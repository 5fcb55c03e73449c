"""An Outbox row as the email that goes out: a real EmailMessage with a plain-text body, the
coordinator in Cc where the row says so, a Message-ID that stays the same on every attempt, and
the pair's sessions as an .ics on an introduction.

Names and subjects come from forms: each is put on one line before it becomes a header, so a
carriage return or line feed in them can never start a header of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses, parseaddr

from sheets_sync.inputs.mail import is_address
from sheets_sync.model import Cell
from sheets_sync.words import sending as say

# How a message is written for SMTP. When it folds a long To line, the email package can encode
# the comma between two addresses, and mail programs then show one address less; lines of up to
# 998 characters (the most SMTP allows) leave nothing to fold.
WIRE = SMTP.clone(max_line_length=998, cte_type="7bit")  # ASCII only: no 8BITMIME needed


@dataclass(frozen=True)
class Row:
    """One Outbox row, by its standard columns."""

    number: int  # sheet row
    message_id: str
    pair_id: str
    kind: str
    to: str
    cc: str
    subject: str
    body: str
    due_on: dt.date | None
    sent_at: Cell
    error: str


@dataclass
class Mail:
    message: EmailMessage
    sender: str
    recipients: list[str]
    attachments: list[str] = field(default_factory=list)  # file names, for --dry-run


class Unsendable(ValueError):
    """The row can't become an email (a bad or missing address): the words say why."""


def one_line(text: str) -> str:
    return " ".join(str(text).split())


# One address of a To or Cc cell: the text up to a comma outside a "quoted name" (where \"
# and \\ are escapes, as ``display_address`` writes them).
_ADDRESS = re.compile(r'(?:"(?:[^"\\]|\\.)*"?|[^,"])+')


def addresses(column: str, text: str) -> list[Address]:
    """The addresses of a To or Cc cell (``Name <address>, ...``), each checked on its own so
    that an error names the one that is wrong."""
    found = []
    for part in _ADDRESS.findall(one_line(text)):
        if not part.strip():
            continue
        shown, address = parseaddr(part)
        if not is_address(address):
            bracketed = re.search(r"<([^<>]*)>", part)
            raise Unsendable(say.bad_address(column, (bracketed.group(1) if bracketed
                                                      else part).strip()))
        found.append(Address(display_name=one_line(shown), addr_spec=address))
    return found


def sender_address(send_from: str, coordinator: str, coordinator_name: str) -> Address:
    shown, address = getaddresses([send_from or coordinator])[0]
    return Address(display_name=one_line(shown or coordinator_name), addr_spec=address)


def compose(row: Row, sender: Address, reply_to: str, ics: bytes | None,
            now: dt.datetime) -> Mail:
    """The email for one row; raises Unsendable."""
    if not row.to.strip():
        raise Unsendable(say.no_address("To"))
    to, cc = addresses("To", row.to), addresses("Cc", row.cc) if row.cc.strip() else []
    message = EmailMessage(policy=WIRE)
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    if reply_to and reply_to != sender.addr_spec:
        message["Reply-To"] = Address(addr_spec=reply_to)
    message["Subject"] = one_line(row.subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = header_id(row.message_id, sender.domain, row.to,
                                      f"{row.subject}\n{row.body}")
    body = row.body.replace("\r\n", "\n").replace("\r", "\n")
    message.set_content(body)  # 7bit, or quoted-printable / base64 when lines need it
    attachments = []
    if ics:
        name = f"{row.pair_id}-sessions.ics"
        message.add_attachment(ics, maintype="text", subtype="calendar", filename=name,
                               params={"method": "PUBLISH"})
        attachments.append(name)
    recipients = list(dict.fromkeys(a.addr_spec for a in (*to, *cc)))
    return Mail(message, sender.addr_spec, recipients, attachments)


def header_id(message_id: str, domain: str, to: str, text: str = "") -> str:
    """The same on every attempt, so a mail system that does see a message twice knows it;
    ``text`` (subject and body) tells apart two programs' messages of one Message ID (every
    workbook has a P-0014) sent to the same coordinator."""
    digest = hashlib.sha256(f"{message_id}|{one_line(to)}|{text}".encode()).hexdigest()[:16]
    safe = "".join(c if c.isalnum() or c in "-." else "-" for c in message_id)
    return f"<{safe}.{digest}@{domain or 'sheets-sync.invalid'}>"
