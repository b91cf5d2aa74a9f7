"""Fixtures for fetch tests: a real HTTP server on 127.0.0.1 and a fake clock."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from tests.support.http import Site, page


@pytest.fixture
def server() -> Iterator[Site]:
    """A real HTTP/1.1 server on 127.0.0.1, port chosen by the OS; tests add routes by hand."""
    srv = Site(default=page(b"not found", "text/plain", 404))
    try:
        yield srv
    finally:
        srv.close()


@pytest.fixture
def internal() -> Iterator[Site]:
    """The service behind the firewall (127.0.0.2): answers every path, records every request."""
    srv = Site(host="127.0.0.2", default=page(b"internal-secret: hunter2", "text/plain"))
    try:
        yield srv
    finally:
        srv.close()


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
