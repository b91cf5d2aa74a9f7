"""The one test SMTP server: aiosmtpd on 127.0.0.1 with AUTH, STARTTLS, implicit TLS, a
refusing state (not started) and a mode that hangs up in the middle of DATA."""

from __future__ import annotations

import socket
import ssl
import struct
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.support.ports import free_port

Security = Literal["none", "starttls", "tls"]


class Mailbox:
    """An aiosmtpd handler that keeps what it received (envelope and message) and signals each
    arrival; with `drop_mid_data` it resets the connection instead of answering the DATA."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []  # (MAIL FROM, RCPT TOs) per message
        self.drop_mid_data = False
        self.drops = 0
        self.cond = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_mid_data:
            # the client has sent the message and waits for the verdict: it never comes
            sock = server.transport.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            server.transport.abort()
            with self.cond:
                self.drops += 1
                self.cond.notify_all()
            return "554 dropped"  # written to a closed transport: never seen
        msg = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.cond:
            self.messages.append(msg)  # type: ignore[arg-type]
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.cond.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, n: int, timeout: float = 20) -> list[EmailMessage]:
        """Block until at least n messages arrived."""
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.messages) >= n, timeout):
                raise AssertionError(f"timed out waiting for {n} mail(s), got {len(self.messages)}")
            return list(self.messages)


class Smtp:
    """SMTP on a fixed 127.0.0.1 port (aiosmtpd cannot start on port 0) that a test can take
    down (connections refused) and bring back up. `login` makes AUTH required (without TLS);
    `security` "starttls" requires STARTTLS, "tls" is implicit TLS, both with `cert`."""

    def __init__(
        self,
        *,
        login: tuple[str, str] | None = None,
        security: Security = "none",
        cert: tuple[Path, Path] | None = None,
    ) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self._options: dict[str, Any] = {}
        if login is not None:
            self._options.update(
                authenticator=_authenticator(*login),
                auth_required=True,
                auth_require_tls=False,  # warns per session: tests filter that UserWarning
            )
        if security != "none":
            if cert is None:
                raise ValueError(f"security {security!r} needs a certificate")
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(cert[0]), str(cert[1]))
            if security == "starttls":
                self._options.update(tls_context=context, require_starttls=True)
            else:
                self._options.update(ssl_context=context)
        self._ctl: Controller | None = None

    def start(self) -> None:
        self._ctl = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **self._options)
        self._ctl.start()

    def stop(self) -> None:
        if self._ctl is not None:
            self._ctl.stop()
            self._ctl = None

    def __enter__(self) -> Smtp:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _authenticator(user: str, password: str) -> Any:
    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            user.encode(),
            password.encode(),
        )
        return AuthResult(success=ok, handled=False)  # handled=False or a failed login hangs

    return authenticate
