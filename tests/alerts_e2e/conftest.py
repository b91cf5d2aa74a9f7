"""Real local servers (aiosmtpd, an HTTP webhook receiver), a config writer and a daemon process."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from standardwebhooks.webhooks import Webhook

from tests.integration.conftest import query
from tests.loopback import LoopbackServer, reply
from tests.support.ports import free_port
from tracker.cli import main

SECRET = "whsec_" + base64.b64encode(b"tracker-e2e-signing-key-32-bytes").decode()
ENV = {"TEST_HOOK_SECRET": SECRET}
RECORD_SUBJECT = "Pakistan IT exports: record $437M in December 2025 (provisional; previous $386M, Oct 2025)"


# -- SMTP -----------------------------------------------------------------------------------


class Mailbox:
    """An aiosmtpd handler that keeps what it received and signals each arrival."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.cond = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.cond:
            self.messages.append(msg)  # type: ignore[arg-type]
            self.cond.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, n: int, timeout: float = 20) -> list[EmailMessage]:
        """Block until at least n messages arrived."""
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.messages) >= n, timeout):
                raise AssertionError(f"timed out waiting for {n} mail(s), got {len(self.messages)}")
            return list(self.messages)


class Smtp:
    """SMTP on a fixed 127.0.0.1 port that a test can take down and bring back up."""

    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self._ctl: Controller | None = None

    def start(self) -> None:
        self._ctl = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self._ctl.start()

    def stop(self) -> None:
        if self._ctl is not None:
            self._ctl.stop()
            self._ctl = None


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    s = Smtp()
    s.start()
    yield s
    s.stop()


@pytest.fixture
def smtp_down() -> Iterator[Smtp]:
    """An SMTP server that is not running yet (connections are refused until start())."""
    s = Smtp()
    yield s
    s.stop()


# -- webhook receiver -----------------------------------------------------------------------


@dataclass
class Delivery:
    """One POST as the receiver saw it; `payload` is set only if the signature verified."""

    headers: dict[str, str]
    body: bytes
    payload: dict[str, Any] | None
    verify_error: str | None
    answered: int | None = None  # the status sent back (None: never answered)

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Receiver:
    """A real HTTP server that verifies Standard Webhooks signatures and answers from a script.

    `script` holds one action per request, then `default`: an int status, "hang" (hold until
    `release` is set, then 204), or "block" (hold until `release`, like "hang", used to kill
    the sender while the receiver has the message).
    """

    port: int = field(default_factory=free_port)
    script: list[int | str] = field(default_factory=list)
    default: int | str = 204
    deliveries: list[Delivery] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    cond: threading.Condition = field(default_factory=threading.Condition)
    server: LoopbackServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> None:
        self.server = LoopbackServer(self._handle, methods=("POST",), port=self.port, keep_alive=False)

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        body = h.rfile.read(int(h.headers.get("content-length", "0")))
        headers = {k.lower(): v for k, v in h.headers.items()}
        try:
            payload, error = Webhook(SECRET).verify(body, headers), None
        except Exception as exc:  # WebhookVerificationError, or ValueError if malformed
            payload, error = None, f"{type(exc).__name__}: {exc}"
        d = Delivery(headers, body, payload, error)
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
            reply(h, status, b"ok")
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


@pytest.fixture
def hook() -> Iterator[Receiver]:
    r = Receiver()
    r.start()
    yield r
    r.stop()


@pytest.fixture
def hook_down() -> Iterator[Receiver]:
    """A receiver whose port is closed until start()."""
    r = Receiver()
    yield r
    r.stop()


# -- config, data, CLI ----------------------------------------------------------------------


def write_config(
    tmp: Path,
    *,
    hook: Receiver | None = None,
    smtp: Smtp | None = None,
    hook_timeout: float = 2.0,
    max_attempts: int = 8,
    unconfirmed: bool = False,
    extra: str = "",
    all_rules: bool = False,
) -> Path:
    """A config with only the all-time-high rule (`all_rules`: also the best same month and
    the best fiscal year to date) and the given channels (fast retries)."""
    on = str(all_rules).lower()
    text = f"""
[rules]
same_month_high = {on}
fytd_high = {on}
thresholds = []

[daemon]
send_interval_seconds = 1
"""
    if hook is not None:
        text += f"""
[[channels]]
name = "hook"
kind = "webhook"
url = "{hook.url}"
secret_env = "TEST_HOOK_SECRET"
timeout_seconds = {hook_timeout}
retry_base_seconds = 0.2
max_attempts = {max_attempts}
headers = {{ "X-Team" = "exports-desk" }}
unconfirmed = {str(unconfirmed).lower()}
"""
    if smtp is not None:
        text += f"""
[[channels]]
name = "mail"
kind = "email"
smtp_host = "127.0.0.1"
smtp_port = {smtp.port}
security = "none"
from_addr = "tracker@example.pk"
to = ["desk@example.pk"]
timeout_seconds = 2
retry_base_seconds = 0.2
max_attempts = {max_attempts}
"""
    cfg = tmp / "tracker.toml"
    cfg.write_text(text + extra)
    return cfg


def csv_file(tmp: Path, name: str, rows: list[tuple[str, float]]) -> Path:
    """Official monthly figures as an import CSV."""
    path = tmp / name
    path.write_text(
        "series,period,value_usd_millions,authority,status\n"
        + "".join(f"it_exports,{p},{v},official,P\n" for p, v in rows)
    )
    return path


@dataclass
class Cli:
    """`tracker --config CFG --db DB ...` in-process, with the channel secret in the env."""

    config: Path
    db: Path

    def __call__(self, *args: str, code: int | None = 0) -> str:
        result = CliRunner().invoke(
            main, ["--config", str(self.config), "--db", str(self.db), *args], env=ENV, catch_exceptions=False
        )
        if code is not None:
            assert result.exit_code == code, result.output
        return result.output

    def popen(self, *args: str) -> subprocess.Popen[str]:
        """The same command as a subprocess (for one that must run while the test acts)."""
        return subprocess.Popen(
            [sys.executable, "-m", "tracker", "--config", str(self.config), "--db", str(self.db), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **ENV},
        )

    def history(self, tmp: Path) -> None:
        """Oct and Nov 2025 as official history (no alerts)."""
        self("import", str(csv_file(tmp, "history.csv", [("2025-10", 386), ("2025-11", 356)])))

    def record(self, tmp: Path, period: str = "2025-12", value: float = 437) -> str:
        """Import one official month with --alert: the record event and its outbox rows."""
        return self("import", str(csv_file(tmp, f"{period}.csv", [(period, value)])), "--alert")


def outbox_rows(db: Path) -> list[tuple[Any, ...]]:
    """(id, channel, status, attempts) for every outbox row, read straight from SQLite."""
    return query(db, "SELECT id, channel, status, attempts FROM outbox ORDER BY id")


class Daemon:
    """`tracker run` as a subprocess, its output in a file (a full pipe would block it)."""

    def __init__(self, config: Path, db: Path, log: Path, env: dict[str, str] | None = None) -> None:
        self.log = log
        self.start_offset = log.stat().st_size if log.exists() else 0  # restarts share the log
        with log.open("a") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tracker",
                    "--config",
                    str(config),
                    "--db",
                    str(db),
                    "run",
                    "--no-health",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, **ENV, **(env or {})},
            )

    def kill9(self) -> None:
        """SIGKILL: no shutdown code runs, exactly like a crash or the OOM killer."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(30)

    def output(self) -> str:
        """What this process logged (not earlier runs on the same log)."""
        return self.log.read_bytes()[self.start_offset :].decode(errors="replace")


@pytest.fixture
def daemons(tmp_path: Path) -> Iterator[list[Daemon]]:
    """Started daemons are appended here; any still running is killed at the end."""
    started: list[Daemon] = []
    yield started
    for d in started:
        if d.proc.poll() is None:
            d.proc.kill()
            d.proc.wait(10)
