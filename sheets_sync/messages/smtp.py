"""One SMTP session: connect (SSL, or STARTTLS), log in, and hand over messages one by one,
with a hook at the single moment a message becomes the server's.

A message is the server's once it has received the line holding a lone "." that ends the DATA.
Everything before that can fail or be killed without anything being delivered, so the hook
``commit`` runs just before that line is sent (the journal writes its line there) and
``committed`` just after (the journal makes it durable). After it, a lost reply is the one case
nobody can settle (see the journal).
"""

from __future__ import annotations

import ipaddress
import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from email.message import EmailMessage

from sheets_sync.inputs.mail import Server
from sheets_sync.messages.compose import WIRE
from sheets_sync.words import sending as say

TIMEOUT = 60  # seconds a server may take to answer one command


class Refused(Exception):
    """The server said no to this message: it was not delivered; the words say why."""


class Unreachable(Exception):
    """No session could be had (connection, encryption or login): nothing was delivered."""


class Broken(Exception):
    """The connection broke before the message was handed over: nothing was delivered, and
    the session must be opened again."""


class Unconfirmed(Exception):
    """The connection broke after the message was handed over: the server most likely has it."""


class Session:
    """A connection to the program's SMTP server."""

    def __init__(self, server: Server, user: str, password: str) -> None:
        self.server, self.user, self.password = server, user, password
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _open(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        server, context = self.server, ssl.create_default_context()
        try:
            if server.ssl:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT,
                                                      context=context)
            else:
                smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
            smtp.ehlo()
            if not server.ssl and smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            elif not server.ssl and not _loopback(server.host):
                smtp.close()
                raise Unreachable(say.no_encryption(str(server)))
            if self.user:
                smtp.login(self.user, self.password)
        except smtplib.SMTPAuthenticationError as error:
            raise Unreachable(say.login_refused(self.user, _reply(error))) from None
        except ssl.SSLError as error:
            raise Unreachable(say.tls_failed(str(server), error.reason or str(error))) from None
        except (smtplib.SMTPException, OSError) as error:
            raise Unreachable(say.unreachable(str(server), _why(error))) from None
        self._smtp = smtp
        return smtp

    def deliver(self, message: EmailMessage, sender: str, recipients: list[str],
                commit: Callable[[], None], committed: Callable[[], None]) -> None:
        """Hand one message over; ``commit()`` runs just before the server can accept it,
        ``committed()`` right after. Raises Refused, Unreachable, Broken or Unconfirmed."""
        smtp = self._open()
        try:
            self._envelope(smtp, sender, recipients)
            code, reply = smtp.docmd("DATA")
            if code != 354:
                self._reset(smtp)
                raise Refused(say.data_refused(code, _text(reply)))
            smtp.send(_dot_stuffed(message.as_bytes(policy=WIRE)))
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise Broken(say.connection_lost(_why(error))) from None
        commit()
        try:
            smtp.send(b".\r\n")
            committed()
            code, reply = smtp.getreply()
        except (smtplib.SMTPException, OSError) as error:
            self._drop()
            raise Unconfirmed(say.unconfirmed(_why(error))) from None
        if code != 250:
            raise Refused(say.message_refused(code, _text(reply)))

    def _envelope(self, smtp: smtplib.SMTP, sender: str, recipients: list[str]) -> None:
        code, reply = smtp.mail(sender)
        if code != 250:
            self._reset(smtp)
            raise Refused(say.sender_refused(sender, code, _text(reply)))
        refused = []
        for address in recipients:
            code, reply = smtp.rcpt(address)
            if code not in (250, 251):
                refused.append((address, code, _text(reply)))
        if refused:  # all or nobody: a later retry must not reach anyone twice
            self._reset(smtp)
            raise Refused(say.recipients_refused(refused))

    def _reset(self, smtp: smtplib.SMTP) -> None:
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _drop(self) -> None:
        if self._smtp is not None:
            self._smtp.close()
            self._smtp = None


def _dot_stuffed(data: bytes) -> bytes:
    """The DATA lines as SMTP carries them: CRLF endings, a leading "." doubled, and a final
    CRLF (the terminating "." goes separately, after the journal's claim)."""
    data = re.sub(rb"\r?\n", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _loopback(host: str) -> bool:
    """Mail to a relay on this computer may go unencrypted (nothing crosses the network)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _reply(error: smtplib.SMTPResponseException) -> str:
    return f"{error.smtp_code} {_text(error.smtp_error)}"


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


def _why(error: BaseException) -> str:
    if isinstance(error, socket.timeout | TimeoutError):
        return "it stopped answering"
    if isinstance(error, ConnectionRefusedError):
        return "nothing answered on that port"
    if isinstance(error, socket.gaierror):
        return "that server name was not found"
    if isinstance(error, smtplib.SMTPResponseException):
        return _reply(error)
    return " ".join(str(error).split()) or type(error).__name__
