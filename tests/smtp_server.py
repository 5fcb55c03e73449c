"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd, in a thread of the test process):
plain, STARTTLS or SSL, with or without a login, that keeps every message it accepted and can be
told to refuse a recipient or to drop the connection at a given moment."""

from __future__ import annotations

import email
import socket
import ssl
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "coordinator@example.org", "app password 123"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=default)

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    def text(self) -> str:
        """Everything in the message as a person (or a program) could read it: the headers
        decoded, each part's content decoded from quoted-printable or base64."""
        message = self.message
        parts = [f"{k}: {v}" for k, v in message.items()]
        for part in message.walk():
            if part.is_multipart():
                continue
            content = part.get_content()
            parts.append(content.decode("utf-8", "replace") if isinstance(content, bytes)
                         else content)
        return "\n".join(parts + [self.data.decode("utf-8", "replace")])


@dataclass
class Inbox:
    """What the server accepted, and the faults it is told to act out. A fault is keyed by the
    number of messages accepted so far (0 = the first message)."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    drop_at_rcpt: set[int] = field(default_factory=set)  # before the message is handed over
    drop_before_reply: set[int] = field(default_factory=set)  # kept, but the reply is lost
    drop_without_keeping: set[int] = field(default_factory=set)  # after the "." : lost
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if len(self.received) in self.drop_at_rcpt:
            self.drop_at_rcpt.discard(len(self.received))
            server.transport.close()
            return "421 closing"
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = len(self.received)
        if number in self.drop_without_keeping:
            self.drop_without_keeping.discard(number)
            server.transport.close()
            return "421 closing"
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                          envelope.original_content or envelope.content))
        if number in self.drop_before_reply:
            server.transport.close()
        return "250 Message accepted for delivery"

    def duplicates(self) -> int:
        counts = Counter(r.message_id for r in self.received)
        return sum(n - 1 for n in counts.values())

    def everything(self) -> str:
        return "\n".join(r.text() for r in self.received)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USER and \
        auth_data.password.decode() == PASSWORD
    return AuthResult(success=ok, handled=False)  # a refusal answers 535, as servers do


@contextmanager
def smtp_server(mode: str = "plain", cert=None, login: bool = False
                ) -> Iterator[tuple[Inbox, str]]:
    """A server and the value for Settings' SMTP server. ``mode``: plain, starttls or ssl;
    ``cert`` a trustme certificate for the TLS modes."""
    inbox, port = Inbox(), free_port()
    options: dict = {}
    context = None
    if mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
    if mode == "starttls":
        options.update(tls_context=context, require_starttls=True)
    if login:
        options.update(authenticator=_login, auth_required=True,
                       auth_require_tls=mode == "starttls")
    controller = Controller(inbox, hostname="127.0.0.1", port=port,
                            ssl_context=context if mode == "ssl" else None,
                            server_hostname="localhost", **options)
    controller.start()
    try:
        scheme = "smtps://" if mode == "ssl" else ""
        host = "localhost" if mode != "plain" else "127.0.0.1"
        yield inbox, f"{scheme}{host}:{port}"
    finally:
        controller.stop()
