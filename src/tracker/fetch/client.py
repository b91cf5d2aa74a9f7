"""The process-wide HTTP client: an httpx.Client plus tracker's politeness and safety rules.

Everything that leaves the process over HTTP goes through `HttpClient.get`, so timeouts, the
total deadline, retries, size caps, decoding, redirects, the address policy, robots.txt and
per-host pacing are decided in one place. Every failure surfaces as `tracker.errors.FetchError`
(here: `HttpFetchError`) with a one-line, scrubbed message naming the URL and the reason.
See docs/FETCHING.md.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, wait_exponential_jitter

from tracker.fetch.body import read_answer
from tracker.fetch.hops import REDIRECT_STATUSES, check_hop, redirect_target
from tracker.fetch.model import (
    Failure,
    FetchResult,
    FetchSettings,
    HttpFetchError,
    Response,
    Transient,
    check_kind,
    finish,
)
from tracker.fetch.netguard import BlockedAddress, DeadlineExceeded, request_scope
from tracker.fetch.transports import GuardedClient
from tracker.fetch.urls import host_key, parsed
from tracker.redact import redact_url
from tracker.robots import HostThrottle, PastDeadline, RobotsCache

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to parse at least 500 KiB
CRAWL_DELAY_MAX = 30.0  # a robots.txt Crawl-delay is honoured up to this many seconds


class HttpClient:
    """One HTTP client for the whole process, with retries, caps, redirects, robots and pacing.

    `stop` (the daemon's shutdown event) ends any request in flight within ~0.25 s.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        stop: threading.Event | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._clock = clock
        self.stop = stop
        s = self.settings
        # We follow redirects by hand: every hop is checked against robots.txt, the allowed
        # hosts, the address policy and the loop detector.
        self._headers = {"User-Agent": s.user_agent, "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}
        self._http = GuardedClient(
            s.transport,
            check_addresses=not s.allow_private_networks,
            resolver=s.resolver,
            policy=s.address_policy,
        )
        self._owns_http = True
        self._throttle = HostThrottle(s.min_host_interval_seconds, clock=clock, sleep=sleep)
        self._robots = RobotsCache(
            self._fetch_robots,
            s.user_agent,
            ttl_seconds=s.robots_ttl_seconds,
            error_ttl_seconds=s.robots_error_ttl_seconds,
            clock=clock,
        )
        self._backoff = wait_exponential_jitter(
            multiplier=s.backoff_base, max=s.backoff_max, jitter=s.backoff_base
        )
        self._sleep = sleep
        # One Retrying for every get(): tenacity keeps its per-call state in a threading.local,
        # and building a Retrying per call cost a third of tenacity's time. _stop reads the
        # running call's deadline from self._call (per thread too).
        self._call = threading.local()
        self._retrying = self._new_retrying()

    def _new_retrying(self) -> Retrying:
        return Retrying(
            retry=retry_if_exception_type(Transient),
            stop=self._stop,
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )

    # -- public -------------------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allowed_hosts: Iterable[str] | None = None,
        max_bytes: int | None = None,
        expect: Iterable[str] | None = None,
        deadline_at: float | None = None,
    ) -> FetchResult:
        """GET `url` politely; 304 → not_modified=True with no body; failures raise FetchError.

        `expect` (e.g. {"xls", "xlsx"}) rejects a 200 whose bytes are another kind (see sniff()).
        `deadline_at` (the client's clock) ends the request earlier than deadline_seconds, e.g.
        when a poll job's own budget runs out.
        """
        s = self.settings
        start = self._clock()
        deadline = start + s.deadline_seconds
        if deadline_at is not None:
            deadline = min(deadline, deadline_at)
        allowed = (
            frozenset(h.lower().strip(".") for h in allowed_hosts)
            if allowed_hosts is not None
            else s.allowed_redirect_hosts
        )
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempts = 0

        def attempt() -> FetchResult:
            nonlocal attempts
            attempts += 1
            result = self._follow(
                url,
                headers=headers,
                allowed=allowed,
                deadline=deadline,
                max_bytes=max_bytes or s.max_bytes,
                robots=s.respect_robots,
            )
            if expect is not None and not result.not_modified:
                check_kind(result.body, result.response.headers.get("content-type"), frozenset(expect))
            return finish(
                result,
                start=start,
                now=self._clock(),
                attempts=attempts,
                etag=etag,
                last_modified=last_modified,
            )

        self._call.deadline = deadline
        try:
            return self._retrying(attempt)
        except Failure as failure:
            reason = failure.reason
            if failure.transient and attempts > 1:
                reason += f" (gave up after {attempts} attempts)"
            elif failure.transient and s.max_retries > 0 and not failure.deadline:
                reason += " (no time left before the deadline to retry)"
            raise HttpFetchError(
                url,
                reason,
                status=failure.status,
                transient=failure.transient,
                attempts=attempts,
                deadline=failure.deadline,
                retry_after=failure.retry_after,
            ) from None
        finally:
            self._call.deadline = float("inf")  # robots_allowed() outside a get(): no deadline

    def single_shot(self) -> HttpClient:
        """This client without retries: one get() is exactly one request (EasyData counts each
        against its key's budget and must not retry a 429). It shares the connection pools,
        the robots.txt cache and the per-host pacing; closing it closes nothing."""
        twin = copy.copy(self)
        twin.settings = replace(self.settings, max_retries=0)
        twin._retrying = twin._new_retrying()  # bound to the twin's settings
        twin._owns_http = False
        return twin

    @property
    def clock(self) -> Callable[[], float]:
        """The clock deadlines are measured on (get's `deadline_at`)."""
        return self._clock

    def robots_allowed(self, url: str) -> bool:
        """Whether robots.txt lets tracker fetch `url` (fetches robots.txt if not cached)."""
        return not self.settings.respect_robots or self._robots.allowed(url)

    def close(self) -> None:
        """Close the connection pools (a single_shot() twin leaves them to its original)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ----------------------------------------------------------------------------

    def _stop(self, state: RetryCallState) -> bool:
        if state.attempt_number > self.settings.max_retries:
            return True
        # Give up now rather than sleep past the deadline (upcoming_sleep is set before stop).
        return self._clock() + state.upcoming_sleep >= self._call.deadline

    def _wait(self, state: RetryCallState) -> float:
        """Retry-After if the server sent one (capped), else exponential backoff with jitter."""
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, Failure) and exc.retry_after is not None:
            return min(exc.retry_after, self.settings.retry_after_max)
        return float(self._backoff(state))

    def _timeout(self, deadline: float) -> dict[str, float]:
        """Per-operation timeouts shrunk to what is left of the deadline, in the form of the
        transport's `timeout` request extension (netguard bounds every read by it too)."""
        left = max(deadline - self._clock(), 0.001)
        s = self.settings
        read = min(s.read_timeout, left)
        connect = min(s.connect_timeout, left)
        return {"connect": connect, "read": read, "write": read, "pool": connect}

    def _deadline_failure(self, where: str) -> Failure:
        return Failure(
            f"deadline of {self.settings.deadline_seconds:g}s exceeded {where}".strip(), deadline=True
        )

    def _check_hop(self, url: str, allowed: frozenset[str] | None, *, redirect: bool) -> str:
        s = self.settings
        return check_hop(
            url,
            allowed,
            redirect=redirect,
            check_addresses=not s.allow_private_networks,
            policy=s.address_policy,
            resolver=s.resolver,
        )

    def _follow(
        self,
        url: str,
        *,
        headers: dict[str, str],
        allowed: frozenset[str] | None,
        deadline: float,
        max_bytes: int,
        robots: bool,
        max_redirects: int | None = None,
    ) -> Response:
        """One attempt: request `url` and follow redirects by hand, checking every hop."""
        limit = self.settings.max_redirects if max_redirects is None else max_redirects
        current = self._check_hop(url, allowed, redirect=False)
        seen = {current}
        for _hop in range(limit + 1):
            allowed_by_robots, delay = self._robots.check(current) if robots else (True, None)
            if not allowed_by_robots:
                raise Failure(f"robots.txt disallows {redact_url(current)}")
            try:
                self._throttle.wait(host_key(current), min(delay or 0.0, CRAWL_DELAY_MAX), deadline=deadline)
            except PastDeadline:
                raise self._deadline_failure("(waiting for the per-host interval)") from None
            if self._clock() >= deadline:
                raise self._deadline_failure("")
            try:
                request = httpx.Request(
                    "GET",
                    parsed(current),
                    headers={**self._headers, **headers},
                    extensions={"timeout": self._timeout(deadline)},
                )
                with request_scope(_monotonic_deadline(deadline, self._clock), self.stop):
                    response = self._http.send(request, stream=True)
                    try:
                        if response.status_code in REDIRECT_STATUSES:
                            target = redirect_target(response, seen)
                            current = self._check_hop(target, allowed, redirect=True)
                            continue
                        return read_answer(
                            response,
                            max_bytes=max_bytes,
                            max_ratio=self.settings.max_compression_ratio,
                            past_deadline=lambda: (
                                self._deadline_failure("mid-body") if self._clock() >= deadline else None
                            ),
                        )
                    finally:
                        response.close()  # returns a kept-alive connection to the pool
            except BlockedAddress as exc:
                raise Failure(f"{exc} (http.allow_private_networks is off)") from None
            except DeadlineExceeded:
                raise self._deadline_failure("(connect, headers or body)") from None
            except httpx.TimeoutException as exc:
                raise Transient(f"timeout ({type(exc).__name__})") from None
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                raise Transient(f"connection error ({type(exc).__name__}: {exc})") from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:  # InvalidURL is no HTTPError
                raise Failure(f"HTTP client error ({type(exc).__name__}: {exc})") from None
        raise Failure(f"more than {limit} redirects")

    def _fetch_robots(self, robots_url: str) -> tuple[int | None, bytes]:
        """RobotsCache's fetcher: one attempt, redirects allowed anywhere, small cap."""
        left = min(
            self.settings.deadline_seconds,
            self.settings.connect_timeout + self.settings.read_timeout,
        )
        # never past the deadline of the get() that asked for it (per thread)
        until = min(self._clock() + left, getattr(self._call, "deadline", float("inf")))
        try:
            got = self._follow(
                robots_url,
                headers={},
                allowed=None,
                deadline=until,
                max_bytes=ROBOTS_MAX_BYTES,
                robots=False,
            )
        except Failure as failure:
            return failure.status, b""
        return got.status, got.body


def _monotonic_deadline(deadline: float, clock: Callable[[], float]) -> float:
    """The deadline on time.monotonic's scale (tests give the client a fake clock)."""
    return time.monotonic() + (deadline - clock())
