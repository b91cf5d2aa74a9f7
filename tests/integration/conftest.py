"""Local servers and a daemon subprocess for integration tests (127.0.0.1 only)."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from tests.loopback import LoopbackServer, reply


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Site:
    """A tiny web site whose pages a test can change while a daemon polls it."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes]] = {}
        self.hits: list[str] = []
        self.lock = threading.Lock()
        self.http = LoopbackServer(self._handle, keep_alive=False)
        self.base = self.http.base

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.hits.append(h.path)
            status, ctype, body = self.pages.get(h.path, (404, "text/plain", b"nope"))
        reply(h, status, body, {"Content-Type": ctype})

    def put(
        self, path: str, body: str | bytes, ctype: str = "text/html; charset=utf-8", status: int = 200
    ) -> None:
        with self.lock:
            self.pages[path] = (status, ctype, body.encode() if isinstance(body, str) else body)

    def close(self) -> None:
        self.http.close()


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll a condition (a database row, a file) until true; fail with `what` after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def query(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if not db.exists():
        return []
    conn = sqlite3.connect(db, timeout=5)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []  # schema not created yet
    finally:
        conn.close()


class DaemonProcess:
    def __init__(self, config: Path, db: Path, *extra: str, env: dict[str, str] | None = None) -> None:
        self.health_port = free_port()
        cmd = [
            sys.executable,
            "-m",
            "tracker",
            "--config",
            str(config),
            "--db",
            str(db),
            "run",
            "--health-port",
            str(self.health_port),
            *extra,
        ]
        self.proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **(env or {})},
        )

    def stop(self, timeout: float = 15) -> tuple[int, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        out, _ = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()
