"""How the Settings that messages need are read: addresses, the SMTP server and the links.

Each parser returns the cleaned text, or None when the cell can't be used (a Problems row then
says how to write it, like any other setting).
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from email.utils import parseaddr

from sheets_sync.model import Cell, is_blank

EMAIL_HOW = "an email address such as coordinator@school.org"
SENDER_HOW = "an email address, optionally with a name: Mentoring Team <mentoring@school.org>"
SERVER_HOW = ("the SMTP server as host:port, e.g. smtp.gmail.com:587 (STARTTLS) or "
              "smtp.gmail.com:465 (SSL)")
LINK_HOW = "a web address starting with https://"
FORM_HOW = ("the form's pre-filled link with {Pair ID} where the pair's ID goes, e.g. "
            "https://docs.google.com/forms/d/e/.../viewform?usp=pp_url&entry.123={Pair ID}")

# Local part @ domain with a dot (or a single-label host such as localhost); no spaces.
_ADDRESS = re.compile(r"^[^@\s<>(),;:\"\[\]\\]+@(?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]+$")
_SERVER = re.compile(r"^(?:(smtps?)://)?([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?/?$",
                     re.IGNORECASE)
# {Pair ID} as typed, and as a form's pre-fill page writes it when it is typed into an answer.
PAIR_ID_MARKS = ("{Pair ID}", "%7BPair+ID%7D", "%7BPair%20ID%7D")
SSL_PORT = 465
STARTTLS_PORT = 587


def _text(value: Cell) -> str:
    return "" if is_blank(value) else " ".join(str(value).split())


def is_address(text: str) -> bool:
    """A plain address (local@domain), the only form sheets-sync sends to."""
    return bool(_ADDRESS.match(text)) and text.isascii()


def email_address(value: Cell) -> str | None:
    text = _text(value).removeprefix("mailto:")
    return text.lower() if is_address(text) else None


def sender(value: Cell) -> str | None:
    """An address, or ``Name <address>``; kept as written (the name is shown to recipients)."""
    text = _text(value)
    name, address = parseaddr(text)
    if not is_address(address) or any(c in name for c in "<>\r\n"):
        return None
    return f"{name} <{address}>" if name else address


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    ssl: bool  # True: TLS from the first byte (port 465); False: STARTTLS

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def server(text: str) -> Server | None:
    """``host:port`` (``smtps://`` or port 465 for SSL, else STARTTLS); port 587 when blank."""
    found = _SERVER.match(_text(text))
    if not found:
        return None
    scheme, host, port = (found.group(1) or "").lower(), found.group(2), found.group(3)
    number = int(port) if port else SSL_PORT if scheme == "smtps" else STARTTLS_PORT
    if not 0 < number < 65536:
        return None
    return Server(host.strip("[]"), number, scheme == "smtps" or number == SSL_PORT)


def smtp_server(value: Cell) -> str | None:
    text = _text(value)
    return text if server(text) is not None else None


def link(value: Cell) -> str | None:
    text = _text(value)
    parts = urllib.parse.urlsplit(pair_link(text, "P-1"))
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in parts.geturl():
        return None
    return text


def form_link(value: Cell) -> str | None:
    text = link(value)
    if text is None or pair_link(text, "P-1") == text:
        return None
    return text


def pair_link(template: str, pair_id: str) -> str:
    """The check-in form link of one pair: its ID where {Pair ID} stands, URL-encoded."""
    quoted = urllib.parse.quote_plus(pair_id)
    for mark in PAIR_ID_MARKS:
        template = re.sub(re.escape(mark), quoted, template, flags=re.IGNORECASE)
    return template
