"""The process-wide HTTP client: httpx transports plus tracker's politeness and safety rules.

Everything that leaves the process over HTTP goes through `HttpClient.get`, so timeouts,
retries, size caps, redirects, robots.txt and per-host pacing are decided in one place.
Every failure surfaces as `tracker.errors.FetchError` (here: `HttpFetchError`) with a one-line
message naming the (redacted) URL and the reason. See docs/FETCHING.md.
"""

from __future__ import annotations

import contextlib
import functools
import re
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit
from urllib.request import getproxies_environment, proxy_bypass_environment

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, wait_exponential_jitter

from tracker import __version__
from tracker.errors import ConfigError, FetchError
from tracker.robots import HostThrottle, RobotsCache

DEFAULT_USER_AGENT = (
    f"tracker/{__version__} (Pakistan IT-exports monitor; "
    "+https://github.com/tracker-pk/tracker; polite: robots.txt, 1 req/s per host)"
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# 5xx worth another try; 501 Not Implemented / 505 HTTP Version are permanent.
PERMANENT_5XX = frozenset({501, 505})
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to parse at least 500 KiB
CRAWL_DELAY_MAX = 30.0  # a robots.txt Crawl-delay is honoured up to this many seconds
SECRET_PARAMS = frozenset(
    {"api_key", "apikey", "key", "token", "access_token", "secret", "password", "signature", "sig"}
)
_SECRET_IN_TEXT = re.compile(
    r"(?i)\b(api_key|apikey|access_token|token|secret|password|signature|sig|key)=[^&\s#\"']*"
)


@dataclass(frozen=True)
class FetchSettings:
    """How the HTTP client behaves; built from config `[fetch]`, every field has a safe default."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # longest silence between two reads
    deadline_seconds: float = 120.0  # wall-clock bound on one get(), retries and waits included
    max_retries: int = 3  # retries after the first attempt
    backoff_base: float = 1.0  # first retry waits ~base s, then 2*base, 4*base … plus jitter
    backoff_max: float = 30.0
    retry_after_max: float = 120.0  # a server's Retry-After is honoured up to this many seconds
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    min_host_interval_seconds: float = 1.0
    respect_robots: bool = True
    robots_ttl_seconds: float = 24 * 3600.0
    robots_error_ttl_seconds: float = 600.0  # 5xx / unreachable robots.txt: allow, re-ask soon
    allowed_redirect_hosts: frozenset[str] | None = None  # None: redirects may go anywhere
    transport: httpx.BaseTransport | None = None  # test seam (httpx.MockTransport, respx)

    def __post_init__(self) -> None:
        if "http" not in self.user_agent:
            raise ConfigError("fetch.user_agent must carry a contact URL (e.g. '+https://…')")
        for name in ("connect_timeout", "read_timeout", "deadline_seconds"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"fetch.{name} must be > 0")
        if self.max_retries < 0 or self.max_redirects < 0 or self.max_bytes <= 0:
            raise ConfigError("fetch.max_retries/max_redirects must be >= 0, max_bytes > 0")
        if self.allowed_redirect_hosts is not None:
            hosts = frozenset(h.lower().strip(".") for h in self.allowed_redirect_hosts)
            object.__setattr__(self, "allowed_redirect_hosts", hosts)


@dataclass(frozen=True)
class FetchResult:
    """One successful GET: the final URL after redirects, the body (empty on 304) and validators."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    elapsed: float  # seconds for the whole get(), waits included
    attempts: int
    bytes_read: int  # bytes on the wire (before content decoding)


class HttpFetchError(FetchError):
    """A FetchError with the facts a caller may branch on (status, transient or permanent)."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        transient: bool = False,
        attempts: int = 1,
    ) -> None:
        self.url = redact_url(url)
        self.reason = redact_text(" ".join(reason.split()))  # one line, no secrets
        self.status = status
        self.transient = transient
        self.attempts = attempts
        super().__init__(f"GET {self.url}: {self.reason}")


class _Failure(Exception):
    """Internal: why one attempt failed; transient ones are retried by tenacity."""

    def __init__(
        self,
        reason: str,
        *,
        status: int | None = None,
        transient: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.transient = transient
        self.retry_after = retry_after


class _Transient(_Failure):
    """Internal: a failure worth retrying (timeouts, connection errors, 429, most 5xx)."""

    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason, status=status, transient=True, retry_after=retry_after)


def redact_url(url: str) -> str:
    """The URL with secret-looking query values (api_key, token …) replaced by REDACTED."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_text(url)
    if not parts.query:
        return url
    pairs = [
        (k, "REDACTED" if k.lower() in SECRET_PARAMS else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs, safe="/:,")))


def redact_text(text: str) -> str:
    """Free text with any `api_key=…`-style value replaced (exception messages may embed URLs)."""
    return _SECRET_IN_TEXT.sub(lambda m: f"{m.group(1)}=REDACTED", text)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; parsedate gives naive for "-0000"
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def host_matches(host: str, allowed: Iterable[str]) -> bool:
    """True if `host` is one of `allowed` or a subdomain of one (sbp.org.pk covers easydata.…)."""
    host = host.lower().strip(".")
    return any(host == a or host.endswith("." + a) for a in allowed)


class Transports:
    """The httpx transports HttpClient sends through: one per scheme, plus one per proxy.

    Proxies come from the environment as httpx.Client would take them (HTTP_PROXY,
    HTTPS_PROXY, ALL_PROXY, NO_PROXY). A transport is built on first use, so a process that
    only reaches plain-HTTP URLs never loads the CA bundle (~90 ms). The plain-HTTP transport
    gets a TLS context that trusts nothing: it never does TLS (URLs are routed by scheme), and
    if it ever did, verification would fail rather than pass.
    """

    def __init__(self, fixed: httpx.BaseTransport | None = None) -> None:
        self._fixed = fixed  # tests: httpx.MockTransport for every URL
        self._proxies = {k: v for k, v in getproxies_environment().items() if k != "no"}
        self._built: dict[tuple[str, str | None], httpx.BaseTransport] = {}
        self._bypass: dict[str, bool] = {}
        self._lock = threading.Lock()

    def for_url(self, url: httpx.URL) -> httpx.BaseTransport:
        if self._fixed is not None:
            return self._fixed
        key = (url.scheme, self._proxy_for(url))
        found = self._built.get(key)
        if found is None:
            with self._lock:
                found = self._built.get(key) or self._build(*key)
                self._built[key] = found
        return found

    def close(self) -> None:
        for transport in (*self._built.values(), *([self._fixed] if self._fixed else [])):
            transport.close()
        self._built.clear()

    def _proxy_for(self, url: httpx.URL) -> str | None:
        if not self._proxies:
            return None
        proxy = self._proxies.get(url.scheme) or self._proxies.get("all")
        if proxy is None:
            return None
        host = url.host
        if host not in self._bypass:
            self._bypass[host] = bool(proxy_bypass_environment(host))
        return None if self._bypass[host] else proxy

    @staticmethod
    def _build(scheme: str, proxy: str | None) -> httpx.BaseTransport:
        if proxy is None and scheme == "http":
            return httpx.HTTPTransport(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        return httpx.HTTPTransport(proxy=proxy)


class HttpClient:
    """One HTTP client for the whole process, with retries, caps, redirects, robots and pacing."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._clock = clock
        s = self.settings
        # Requests go straight to httpx transports, not through httpx.Client: we follow
        # redirects by hand (every hop is checked against robots.txt, the allowed hosts and the
        # loop detector), want no cookies, auth or event hooks, and the Client's per-request
        # merging was a third of the CPU of an unchanged poll (docs/PERFORMANCE.md).
        self._headers = {"User-Agent": s.user_agent, "Accept": "*/*",
                         "Accept-Encoding": "gzip, deflate"}
        self._transports = Transports(s.transport)
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
        # One Retrying for every get(): tenacity keeps its per-call state in a threading.local,
        # and building a Retrying per call cost a third of tenacity's time. _stop reads the
        # running call's deadline from self._call (per thread too).
        self._call = threading.local()
        self._retrying = Retrying(
            retry=retry_if_exception_type(_Transient),
            stop=self._stop,
            wait=self._wait,
            sleep=sleep,
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
    ) -> FetchResult:
        """GET `url` politely; 304 → not_modified=True with no body; failures raise FetchError.

        `expect` (e.g. {"xls", "xlsx"}) rejects a 200 whose bytes are another kind (see sniff()).
        """
        s = self.settings
        start = self._clock()
        deadline = start + s.deadline_seconds
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
                _check_kind(result, frozenset(expect))
            return _finish(
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
        except _Failure as failure:
            reason = failure.reason
            if failure.transient and attempts > 1:
                reason += f" (gave up after {attempts} attempts)"
            elif failure.transient and s.max_retries > 0:
                reason += " (no time left before the deadline to retry)"
            raise HttpFetchError(
                url, reason, status=failure.status, transient=failure.transient, attempts=attempts
            ) from None

    def robots_allowed(self, url: str) -> bool:
        """Whether robots.txt lets tracker fetch `url` (fetches robots.txt if not cached)."""
        return not self.settings.respect_robots or self._robots.allowed(url)

    def close(self) -> None:
        """Close the connection pools."""
        self._transports.close()

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
        if isinstance(exc, _Failure) and exc.retry_after is not None:
            return min(exc.retry_after, self.settings.retry_after_max)
        return float(self._backoff(state))

    def _timeout(self, deadline: float) -> dict[str, float]:
        """Timeouts shrunk to what is left of the deadline (httpx has no total timeout), in
        the form of the transport's `timeout` request extension."""
        left = max(deadline - self._clock(), 0.001)
        s = self.settings
        read = min(s.read_timeout, left)
        connect = min(s.connect_timeout, left)
        return {"connect": connect, "read": read, "write": read, "pool": connect}

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
    ) -> _Response:
        """One attempt: request `url` and follow redirects by hand, checking every hop."""
        limit = self.settings.max_redirects if max_redirects is None else max_redirects
        current = _check_url(url, allowed)
        seen = {current}
        for _hop in range(limit + 1):
            allowed_by_robots, delay = self._robots.check(current) if robots else (True, None)
            if not allowed_by_robots:
                raise _Failure(f"robots.txt disallows {redact_url(current)}")
            self._throttle.wait(_host_key(current), min(delay or 0.0, CRAWL_DELAY_MAX))
            if self._clock() >= deadline:
                raise _Failure(f"deadline of {self.settings.deadline_seconds:g}s exceeded")
            try:
                request = httpx.Request("GET", _parsed(current), headers={**self._headers, **headers},
                                        extensions={"timeout": self._timeout(deadline)})
                response = self._transports.for_url(request.url).handle_request(request)
                response.request = request  # what httpx.Client does; response.url needs it
                try:
                    if response.status_code in REDIRECT_STATUSES:
                        current = self._next_hop(response, seen, allowed)
                        continue
                    return self._read(response, deadline=deadline, max_bytes=max_bytes)
                finally:
                    response.close()  # returns a kept-alive connection to the pool
            except httpx.TimeoutException as exc:
                raise _Transient(f"timeout ({type(exc).__name__})") from None
            except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                raise _Transient(f"connection error ({type(exc).__name__}: {exc})") from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:  # InvalidURL is no HTTPError
                raise _Failure(f"HTTP client error ({type(exc).__name__}: {exc})") from None
        raise _Failure(f"more than {limit} redirects")

    def _next_hop(self, response: httpx.Response, seen: set[str], allowed: frozenset[str] | None) -> str:
        """Where a 3xx points, after loop and host checks."""
        location = response.headers.get("location")
        if not location:
            raise _Failure(
                f"HTTP {response.status_code} redirect without Location",
                status=response.status_code,
            )
        try:
            target = str(response.url.join(location).copy_with(fragment=None))
        except httpx.InvalidURL:
            raise _Failure(f"redirect to an invalid URL {location!r}") from None
        if target in seen:
            raise _Failure(f"redirect loop back to {redact_url(target)}")
        seen.add(target)
        return _check_url(target, allowed, redirect=True)

    def _read(self, response: httpx.Response, *, deadline: float, max_bytes: int) -> _Response:
        """Turn a non-redirect response into a _Response, streaming the body under the caps."""
        status = response.status_code
        if status == 304:
            # Drain the (empty) body so httpcore returns the connection to the pool: an
            # unread stream is closed, and every unchanged page would cost a new TCP/TLS
            # handshake.
            with contextlib.suppress(httpx.HTTPError):
                # raw: no content decoder is set up for nothing; a MockTransport response
                # arrives already read.
                for _ in () if response.is_stream_consumed else response.iter_raw():
                    pass
            return _Response(response, b"", not_modified=True)
        if status == 429 or (500 <= status < 600 and status not in PERMANENT_5XX):
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            raise _Transient(f"HTTP {status}", status=status, retry_after=retry_after)
        if not 200 <= status < 300:
            raise _Failure(f"HTTP {status}", status=status)
        declared = _content_length(response)
        if declared is not None and declared > max_bytes:
            raise _Failure(f"Content-Length {declared} exceeds the {max_bytes}-byte cap")
        chunks: list[bytes] = []
        total = 0
        try:
            # iter_bytes() yields *decoded* bytes, so a gzip bomb counts at its expanded size.
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    raise _Failure(f"body exceeds the {max_bytes}-byte cap (aborted mid-stream)")
                if self._clock() >= deadline:
                    raise _Failure(f"deadline of {self.settings.deadline_seconds:g}s exceeded mid-body")
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            name = type(exc).__name__
            raise _Transient(f"timeout mid-body after {total} bytes ({name})") from None
        except httpx.TransportError as exc:
            # h11 raises RemoteProtocolError when the peer closes before Content-Length bytes;
            # a reset gives ReadError. Either way the body is incomplete.
            raise _Transient(f"truncated body after {total} bytes ({type(exc).__name__}: {exc})") from None
        wire = response.num_bytes_downloaded
        # Trap: httpx.Response(content=b"...") (MockTransport, respx) is pre-read, so nothing is
        # counted as downloaded; only a body that really came off a stream can be short.
        if declared is not None and wire != declared and (wire or not total):
            raise _Transient(f"truncated body: {wire} of {declared} bytes (Content-Length)")
        return _Response(response, b"".join(chunks))

    def _fetch_robots(self, robots_url: str) -> tuple[int | None, bytes]:
        """RobotsCache's fetcher: one attempt, redirects allowed anywhere, small cap."""
        left = min(
            self.settings.deadline_seconds,
            self.settings.connect_timeout + self.settings.read_timeout,
        )
        try:
            got = self._follow(
                robots_url,
                headers={},
                allowed=None,
                deadline=self._clock() + left,
                max_bytes=ROBOTS_MAX_BYTES,
                robots=False,
            )
        except _Failure as failure:
            return failure.status, b""
        return got.status, got.body


@dataclass(frozen=True)
class _Response:
    """Internal: what one attempt produced before timing/attempt counts are added."""

    response: httpx.Response
    body: bytes
    not_modified: bool = False

    @property
    def status(self) -> int:
        return self.response.status_code


def _finish(
    got: _Response,
    *,
    start: float,
    now: float,
    attempts: int,
    etag: str | None,
    last_modified: str | None,
) -> FetchResult:
    """Assemble the public FetchResult; on 304 keep the caller's validators if none came back."""
    headers = got.response.headers
    return FetchResult(
        url=str(got.response.url),
        status=got.status,
        body=got.body,
        content_type=headers.get("content-type"),
        etag=headers.get("etag") or (etag if got.not_modified else None),
        last_modified=headers.get("last-modified") or (last_modified if got.not_modified else None),
        not_modified=got.not_modified,
        elapsed=now - start,
        attempts=attempts,
        bytes_read=got.response.num_bytes_downloaded or len(got.body),
    )


def sniff(body: bytes) -> str:
    """What a body really is, from magic bytes: pdf, xls, xlsx (zip), html, xml, json or unknown."""
    head = body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2 compound file: legacy .xls
        return "xls"
    if head.startswith(b"pk\x03\x04"):  # zip container: .xlsx / .docx
        return "xlsx"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return "html"
    if head.startswith(b"<"):
        return "xml"
    if head.startswith((b"{", b"[")):
        return "json"
    return "unknown"


def _check_kind(got: _Response, expected: frozenset[str]) -> None:
    """SBP sometimes answers 200 with an HTML error page where a file belongs: refuse it."""
    kind = sniff(got.body)
    if kind not in expected:
        wanted = "/".join(sorted(expected))
        raise _Failure(f"expected {wanted} but got {kind} ({got.response.headers.get('content-type')})")


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


@functools.lru_cache(maxsize=4096)
def _parsed(url: str) -> httpx.URL:
    """httpx.URL of a URL string, cached: a poller asks for the same URLs all day, and httpx's
    pure-Python URL parser was a tenth of an unchanged poll's CPU. URL objects are immutable."""
    return httpx.URL(url)


@functools.lru_cache(maxsize=4096)
def _host_key(url: str) -> str:
    """host[:port] the per-host interval is kept for."""
    return urlsplit(url).netloc.lower()


def _check_url(url: str, allowed: frozenset[str] | None, *, redirect: bool = False) -> str:
    """Reject non-HTTP(S) URLs and hosts outside `allowed`; returns the URL unchanged."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port out of range
    except ValueError as exc:
        raise _Failure(f"invalid URL ({exc})") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        what = "redirect to" if redirect else "not an http(s) URL:"
        raise _Failure(f"{what} {redact_url(url)}")
    if allowed is not None and not host_matches(parts.hostname, allowed):
        what = "redirect to disallowed host" if redirect else "host not allowed:"
        raise _Failure(f"{what} {parts.hostname}")
    return url


def fetch_many(
    client: HttpClient, urls: Iterable[str], max_workers: int = 8
) -> list[FetchResult | FetchError]:
    """GET many URLs on a thread pool; results in input order, each a FetchResult or FetchError."""
    url_list = list(urls)

    def one(url: str) -> FetchResult | FetchError:
        try:
            return client.get(url)
        except FetchError as exc:
            return exc

    # Per-host pacing is enforced inside get(), so workers on the same host queue politely
    # while workers on other hosts proceed.
    with ThreadPoolExecutor(max_workers=max(1, max_workers), thread_name_prefix="fetch") as pool:
        return list(pool.map(one, url_list))
