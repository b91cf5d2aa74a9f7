"""Fixtures for fetch tests: a real HTTP server on 127.0.0.1 and a fake clock."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

import pytest
from tests.loopback import LoopbackServer, reply

Route = Callable[[BaseHTTPRequestHandler], None]


send = reply  # a complete, honest response (tests/loopback.py)


@dataclass
class LocalServer:
    """A ThreadingHTTPServer whose paths are answered by per-test route functions."""

    base_url: str
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)  # frees hanging handlers
    send = staticmethod(send)

    def route(self, path: str) -> Callable[[Route], Route]:
        """Decorator registering the handler function for `path`."""

        def register(fn: Route) -> Route:
            self.routes[path] = fn
            return fn

        return register

    def paths(self) -> list[str]:
        """Request paths seen so far, in order (robots.txt included)."""
        return [path for path, _ in self.log]

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A real HTTP/1.1 server on 127.0.0.1, port chosen by the OS."""
    srv = LocalServer(base_url="")

    def handle(h: BaseHTTPRequestHandler) -> None:
        srv.log.append((h.path, {k.lower(): v for k, v in h.headers.items()}))
        route = srv.routes.get(h.path.split("?", 1)[0])
        if route is None:
            send(h, 404, b"not found", {"Content-Type": "text/plain"})
        else:
            route(h)

    http = LoopbackServer(handle)
    srv.base_url = http.base
    try:
        yield srv
    finally:
        srv.release.set()
        http.close()


class FakeClock:
    """A monotonic clock that only moves when slept on (or advanced) — and records the sleeps."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


class SleepRecorder:
    """Stands in for time.sleep in tests that use the real clock: records, never sleeps."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()
