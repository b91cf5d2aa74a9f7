"""Email channel: one multipart/alternative message over SMTP (STARTTLS, implicit TLS or plain).

Every failure is a one-line DeliveryError without the password, so the outbox can retry it.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.header import Header
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Literal

from tracker.deliver.message import RenderedMessage
from tracker.errors import ConfigError, DeliveryError
from tracker.redact import scrub

log = logging.getLogger(__name__)

Security = Literal["starttls", "tls", "none"]
SECURITY_MODES: tuple[str, ...] = ("starttls", "tls", "none")


@dataclass(frozen=True)
class EmailSettings:
    """Where and how to send alert mail; `password` is already resolved from the environment."""

    host: str
    from_addr: str
    to: Sequence[str]
    port: int = 587
    security: Security = "starttls"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_seconds: float = 30.0
    ca_file: str | None = None  # extra CA bundle, for a self-hosted server's own certificate

    def __post_init__(self) -> None:
        object.__setattr__(self, "to", tuple(self.to))
        if self.security not in SECURITY_MODES:
            raise ConfigError(
                f"email security must be one of {', '.join(SECURITY_MODES)}, got {self.security!r}"
            )
        if not self.host:
            raise ConfigError("email host is empty")
        if not 0 < self.port < 65536:
            raise ConfigError(f"email port must be 1..65535, got {self.port}")
        if not self.to:
            raise ConfigError("email 'to' has no recipients")
        for addr in (self.from_addr, *self.to):
            if "@" not in parseaddr(addr)[1] or any(c in addr for c in "\r\n"):
                raise ConfigError(f"email address is not valid: {addr!r}")
        if self.password and not self.username:
            raise ConfigError("email password is set but username is not")
        if self.timeout_seconds <= 0:
            raise ConfigError("email timeout_seconds must be > 0")

    def __repr__(self) -> str:
        password = "'***'" if self.password else "None"
        return (
            f"EmailSettings(host={self.host!r}, port={self.port}, security={self.security!r}, "
            f"username={self.username!r}, password={password}, from_addr={self.from_addr!r}, "
            f"to={list(self.to)!r}, timeout_seconds={self.timeout_seconds})"
        )


def message_id(idempotency_key: str, from_addr: str) -> str:
    """A stable Message-ID for an alert, so a retried send is the same mail to clients."""
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:32]
    domain = parseaddr(from_addr)[1].rpartition("@")[2] or "tracker.invalid"
    return f"<tracker.{digest}@{domain}>"


_PLAIN_SUBJECT = 68  # "Subject: " + this fits a 78-character line: no folding needed


def set_subject(msg: EmailMessage, subject: str) -> None:
    """Set a Subject that any RFC 2047 parser (email.policy.default) reads back exactly.

    The stdlib's own folding of long or non-ASCII headers can drop or add a space at a fold,
    so anything that needs folding is written as UTF-8 encoded words, split at character
    boundaries, and stored as is: the whitespace between encoded words is not part of the text.
    """
    subject = " ".join(subject.split())
    if subject.isascii() and "=?" not in subject and len(subject) <= _PLAIN_SUBJECT:
        msg["Subject"] = subject
    else:
        msg.set_raw("Subject", Header(subject, "utf-8", header_name="Subject").encode())


def build_email(rendered: RenderedMessage, idempotency_key: str, settings: EmailSettings) -> EmailMessage:
    """The MIME message: plain text first, HTML as the preferred alternative."""
    msg = EmailMessage()
    set_subject(msg, rendered.subject)
    msg["From"] = settings.from_addr
    msg["To"] = ", ".join(settings.to)
    msg["Date"] = formatdate(localtime=False, usegmt=True)
    msg["Message-ID"] = message_id(idempotency_key, settings.from_addr)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: autoresponders should not reply
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    return msg


class EmailChannel:
    """Sends rendered alerts by SMTP with the configured timeout and security."""

    name = "email"

    def __init__(self, settings: EmailSettings) -> None:
        self.settings = settings

    def __repr__(self) -> str:
        return f"EmailChannel({self.settings!r})"

    def _where(self) -> str:
        return f"smtp {self.settings.host}:{self.settings.port}"

    def _fail(self, what: str) -> DeliveryError:
        text = " ".join(what.split())
        for secret in (self.settings.password, self.settings.username):
            if secret and len(secret) >= 4:  # a server may echo the login it refused
                text = text.replace(secret, "***")
        return DeliveryError(f"{self._where()}: {scrub(text)[:300]}")

    def _ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.settings.ca_file)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "tls":
            return smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_seconds, context=self._ssl_context())
        smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
        try:
            if s.security == "starttls":
                smtp.ehlo()
                smtp.starttls(context=self._ssl_context())
                smtp.ehlo()
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, rendered: RenderedMessage, idempotency_key: str) -> None:
        """Deliver one alert to every recipient; raise DeliveryError if none accepted it."""
        s = self.settings
        msg = build_email(rendered, idempotency_key, s)
        try:
            smtp = self._connect()
            try:
                if s.username:
                    smtp.login(s.username, s.password or "")
                refused = smtp.send_message(msg, from_addr=s.from_addr, to_addrs=list(s.to))
            finally:
                try:
                    smtp.quit()
                except (smtplib.SMTPException, OSError):
                    smtp.close()
        except smtplib.SMTPNotSupportedError as exc:
            raise self._fail(f"server does not support this: {exc}") from None
        except smtplib.SMTPAuthenticationError as exc:
            raise self._fail(f"login refused for {s.username!r}: {exc.smtp_code}") from None
        except smtplib.SMTPRecipientsRefused as exc:
            raise self._fail(f"all recipients refused: {', '.join(exc.recipients)}") from None
        except smtplib.SMTPResponseException as exc:
            reply = (
                exc.smtp_error.decode("utf-8", "replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            raise self._fail(f"{type(exc).__name__} {exc.smtp_code} {reply}") from None
        except TimeoutError:
            raise self._fail(f"timed out after {s.timeout_seconds:g}s") from None
        except ssl.SSLError as exc:
            raise self._fail(f"TLS failed: {exc.reason or type(exc).__name__}") from None
        except (smtplib.SMTPException, OSError) as exc:
            if isinstance(exc.__context__, TimeoutError):  # smtplib rewraps read timeouts
                raise self._fail(f"timed out after {s.timeout_seconds:g}s") from None
            raise self._fail(f"{type(exc).__name__}: {exc}") from None
        if refused:
            log.warning("email %s: some recipients refused: %s", idempotency_key, ", ".join(refused))
