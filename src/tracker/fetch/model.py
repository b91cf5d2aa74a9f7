"""The client's settings, its result, its error and the body sniffer (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tracker import defaults
from tracker.errors import ConfigError, FetchError
from tracker.fetch.netguard import Policy, Resolver, default_allow_private
from tracker.redact import redact_url, scrub

DEFAULT_USER_AGENT = defaults.USER_AGENT


@dataclass(frozen=True)
class FetchSettings:
    """How the HTTP client behaves; built from config `[fetch]`, every field has a safe default."""

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = defaults.CONNECT_TIMEOUT_SECONDS
    read_timeout: float = defaults.READ_TIMEOUT_SECONDS  # longest silence between two reads
    deadline_seconds: float = defaults.DEADLINE_SECONDS  # one get(): connect, headers, body, retries
    max_retries: int = defaults.MAX_RETRIES  # retries after the first attempt
    backoff_base: float = 1.0  # first retry waits ~base s, then 2*base, 4*base … plus jitter
    backoff_max: float = 30.0
    retry_after_max: float = 120.0  # a server's Retry-After is honoured up to this many seconds
    max_bytes: int = defaults.MAX_BYTES
    max_redirects: int = 5
    max_compression_ratio: float = defaults.MAX_COMPRESSION_RATIO  # past 1 MB: refused as a bomb
    min_host_interval_seconds: float = defaults.MIN_HOST_INTERVAL_SECONDS
    respect_robots: bool = True
    robots_ttl_seconds: float = 24 * 3600.0
    robots_error_ttl_seconds: float = 600.0  # 5xx / unreachable robots.txt: allow, re-ask soon
    allowed_redirect_hosts: frozenset[str] | None = None  # None: redirects may go anywhere
    # None: TRACKER_ALLOW_PRIVATE_NETWORKS decides (default off). Off: loopback, private,
    # link-local … addresses are refused after DNS resolution (SSRF guard, netguard.py).
    allow_private_networks: bool | None = None
    resolver: Resolver | None = None  # test seam: (host, port) -> addresses
    address_policy: Policy | None = None  # test seam: address -> refusal reason (netguard)
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
        if self.allow_private_networks is None:
            object.__setattr__(self, "allow_private_networks", default_allow_private())


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
    """A FetchError with the facts a caller may branch on: status, transient or permanent,
    and the last answer's Retry-After in seconds (the one parser's result, at most a day)."""

    def __init__(
        self,
        url: str,
        reason: str,
        *,
        status: int | None = None,
        transient: bool = False,
        attempts: int = 1,
        deadline: bool = False,
        retry_after: float | None = None,
    ) -> None:
        self.url = redact_url(url)
        self.reason = scrub(" ".join(reason.split()))  # one line, no secrets
        self.status = status
        self.transient = transient
        self.attempts = attempts
        self.deadline = deadline
        self.retry_after = retry_after
        super().__init__(f"GET {self.url}: {self.reason}")


class Failure(Exception):
    """Internal: why one attempt failed; transient ones are retried by tenacity."""

    def __init__(
        self,
        reason: str,
        *,
        status: int | None = None,
        transient: bool = False,
        retry_after: float | None = None,
        deadline: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.transient = transient
        self.retry_after = retry_after
        self.deadline = deadline


class Transient(Failure):
    """Internal: a failure worth retrying (timeouts, connection errors, 429, most 5xx)."""

    def __init__(self, reason: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason, status=status, transient=True, retry_after=retry_after)


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


def check_kind(body: bytes, content_type: str | None, expected: frozenset[str]) -> None:
    """SBP sometimes answers 200 with an HTML error page where a file belongs: refuse it."""
    kind = sniff(body)
    if kind not in expected:
        wanted = "/".join(sorted(expected))
        raise Failure(f"expected {wanted} but got {kind} ({content_type})")


@dataclass(frozen=True)
class Response:
    """What one attempt produced before timing/attempt counts are added (internal)."""

    response: httpx.Response
    body: bytes
    not_modified: bool = False

    @property
    def status(self) -> int:
        return self.response.status_code


def finish(
    got: Response,
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


def content_length(response: httpx.Response) -> int | None:
    """The Content-Length header as an int; None if absent or not a plain number."""
    value = response.headers.get("content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)
