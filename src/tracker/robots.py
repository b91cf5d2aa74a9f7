"""Politeness rules: robots.txt (once per origin, cached with a TTL) and per-host pacing.

Kept apart from fetch.py so the policy (status → allow/deny, TTLs) is testable without a network:
the cache is given a `fetch_robots(url) -> (status, body)` callable by the HTTP client.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

# (status, body); status None means the robots.txt request itself failed (network, deadline).
RobotsFetcher = Callable[[str], tuple[int | None, bytes]]


@functools.lru_cache(maxsize=4096)  # asked for every request; a poller reuses its URLs
def origin_of(url: str) -> str:
    """scheme://host[:port], the scope a robots.txt applies to (RFC 9309 section 2.3)."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def robots_url_for(url: str) -> str:
    """The robots.txt URL governing `url`."""
    return origin_of(url) + "/robots.txt"


def agent_token(user_agent: str) -> str:
    """The product token robots.txt groups are matched against ("tracker/0.1 (+…)" → "tracker")."""
    # groups are matched on the product token, case-insensitively (RFC 9309 2.2.1)
    return user_agent.split("/", 1)[0].strip().lower() or "*"


ALLOW_ALL = Protego.parse("")  # no robots.txt (4xx) or none reachable: no restrictions


@dataclass
class _Entry:
    parser: Protego
    expires_at: float
    note: str  # why this decision, for logs and messages


class RobotsCache:
    """Answers "may our agent fetch this URL?", fetching each origin's robots.txt once per TTL."""

    def __init__(
        self,
        fetch_robots: RobotsFetcher,
        user_agent: str,
        *,
        ttl_seconds: float = 24 * 3600.0,
        error_ttl_seconds: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._fetch = fetch_robots
        self._agent = agent_token(user_agent)
        self._ttl = ttl_seconds
        self._error_ttl = error_ttl_seconds
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()  # guards _entries and _origin_locks
        self._origin_locks: dict[str, threading.Lock] = {}

    def allowed(self, url: str) -> bool:
        """True when robots.txt of the URL's origin lets our agent fetch it."""
        return bool(self._entry(url).parser.can_fetch(url, self._agent))

    def check(self, url: str) -> tuple[bool, float | None]:
        """allowed() and crawl_delay() with one cache lookup (the client asks both per hop)."""
        parser = self._entry(url).parser
        delay = parser.crawl_delay(self._agent)
        return bool(parser.can_fetch(url, self._agent)), float(delay) if delay is not None else None

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay robots.txt asks of our agent on this origin, if any."""
        delay = self._entry(url).parser.crawl_delay(self._agent)
        return float(delay) if delay is not None else None

    def note(self, url: str) -> str:
        """How the cached decision for this origin was reached ("robots.txt 404: allow all")."""
        return self._entry(url).note

    def _entry(self, url: str) -> _Entry:
        origin = origin_of(url)
        with self._lock:
            entry = self._entries.get(origin)
            if entry is not None and entry.expires_at > self._clock():
                return entry
            origin_lock = self._origin_locks.setdefault(origin, threading.Lock())
        # One fetch per origin even when many threads ask at once; other origins are not blocked.
        with origin_lock:
            with self._lock:
                entry = self._entries.get(origin)
                if entry is not None and entry.expires_at > self._clock():
                    return entry
            entry = self._load(origin + "/robots.txt")
            with self._lock:
                self._entries[origin] = entry
            return entry

    def _load(self, robots_url: str) -> _Entry:
        status, body = self._fetch(robots_url)
        now = self._clock()
        if status is not None and 200 <= status < 300:
            text = body.decode("utf-8", errors="replace").lstrip("\ufeff")
            # protego follows RFC 9309: longest match wins, `*` and `$` patterns (`Disallow:
            # /*.pdf$`), which urllib.robotparser ignored (first match, no wildcards).
            return _Entry(Protego.parse(text), now + self._ttl, f"robots.txt {status}: rules applied")
        if status is not None and 400 <= status < 500:
            # RFC 9309 2.3.1.3: "unavailable" (any 4xx, incl. 401/403) means no restrictions.
            return _Entry(ALLOW_ALL, now + self._ttl, f"robots.txt {status}: allow all")
        # 5xx or no answer: RFC 9309 says assume disallow, but a flaky SBP server would then
        # silence the tracker for a day. Allow, and ask again soon.
        reason = f"HTTP {status}" if status is not None else "no answer"
        return _Entry(ALLOW_ALL, now + self._error_ttl, f"robots.txt {reason}: allow, retry soon")


class PastDeadline(Exception):
    """The host's next free slot comes after the request's deadline."""


class HostThrottle:
    """Keeps a minimum interval between request starts per host, without blocking other hosts."""

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str, min_interval: float | None = None, deadline: float | None = None) -> float:
        """Block until this host may be contacted again; returns the seconds waited.

        Raises PastDeadline (reserving nothing) if that moment is after `deadline`: a long
        Crawl-delay must not carry a request past its deadline."""
        interval = max(self._interval, min_interval or 0.0)
        # Reserve a slot under the lock, sleep outside it: threads for other hosts never queue
        # behind us, and threads for the same host get consecutive slots instead of a stampede.
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot.get(host, now))
            if deadline is not None and slot >= deadline:
                raise PastDeadline(f"next slot for {host} is {slot - now:.1f}s away")
            self._next_slot[host] = slot + interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return max(delay, 0.0)
