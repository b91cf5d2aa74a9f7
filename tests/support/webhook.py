"""The one test webhook receiver: a loopback HTTP server that records every POST, checks
Standard Webhooks signatures when given the secret, and answers from a script."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from standardwebhooks.webhooks import Webhook

from tests.support.http import LoopbackServer, reply
from tests.support.ports import free_port


@dataclass
class Delivery:
    """One POST as the receiver saw it; `payload` is set only if the signature verified."""

    headers: dict[str, str]
    body: bytes
    payload: dict[str, Any] | None
    verify_error: str | None
    answered: int | None = None  # the status sent back (None: never answered)
    path: str = "/"  # the request target it was POSTed to

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Receiver:
    """A real HTTP server on a fixed 127.0.0.1 port (it can be stopped and started again at the
    same URL) that answers POSTs from a script.

    `script` holds one action per request, then `default`: an int status, "hang" (hold until
    `release` is set, then 204), or "block" (the same, used to kill the sender while the
    receiver has the message). With `secret`, a POST whose signature does not verify gets 401.
    """

    path: str = "/hook"
    secret: str | None = None
    script: list[int | str] = field(default_factory=list)
    default: int | str = 204
    reply: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # sent with every answer
    port: int = field(default_factory=free_port)
    deliveries: list[Delivery] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    cond: threading.Condition = field(default_factory=threading.Condition)
    server: LoopbackServer | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.base + self.path

    def start(self) -> Receiver:
        self.server = LoopbackServer(self._handle, methods=("POST",), port=self.port, keep_alive=False)
        return self

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        body = h.rfile.read(int(h.headers.get("content-length", "0")))
        headers = {k.lower(): v for k, v in h.headers.items()}
        payload, error = None, None
        if self.secret is not None:
            try:
                payload = Webhook(self.secret).verify(body, headers)
            except Exception as exc:  # WebhookVerificationError, or ValueError if malformed
                error = f"{type(exc).__name__}: {exc}"
        d = Delivery(headers, body, payload, error, path=h.path)
        with self.cond:
            action = self.script.pop(0) if self.script else self.default
            self.deliveries.append(d)
            self.cond.notify_all()
        if action in ("hang", "block"):
            self.release.wait(30)
            action = 204
        status = 401 if error else int(action)
        # recorded before the reply goes out: the sender may read the reply and the test look
        # at `answered` before this thread runs again
        d.answered = status
        try:
            reply(h, status, self.reply, self.headers)
        except OSError:
            d.answered = None  # the sender gave up (timeout) or died
        with self.cond:
            self.cond.notify_all()

    def stop(self) -> None:
        self.release.set()
        if self.server is not None:
            self.server.close()
            self.server = None

    def wait_for(self, n: int, timeout: float = 20) -> list[Delivery]:
        """Block until at least n POSTs arrived."""
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.deliveries) >= n, timeout):
                raise AssertionError(f"timed out waiting for {n} webhook POST(s), got {len(self.deliveries)}")
            return list(self.deliveries)

    def acknowledged(self) -> list[Delivery]:
        """POSTs that got a 2xx answer back to the sender: what counts as delivered."""
        return [d for d in self.deliveries if d.answered is not None and d.answered < 300]
