"""HttpClient rules checked with httpx.MockTransport and a fake clock (no sockets)."""

from __future__ import annotations

import gzip
import itertools
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest
import respx

from tracker.errors import ConfigError, FetchError
from tracker.fetch import (
    FetchSettings,
    HttpClient,
    HttpFetchError,
    host_matches,
    parse_retry_after,
    redact_url,
    sniff,
)
from tracker.robots import HostThrottle

Handler = Callable[[httpx.Request], httpx.Response]


def make_client(handler: Handler, clock, **overrides) -> HttpClient:
    """A client over MockTransport; time only moves through the fake clock."""
    settings = {
        "respect_robots": False,
        "min_host_interval_seconds": 0.0,
        "transport": httpx.MockTransport(handler),
        **overrides,
    }
    return HttpClient(FetchSettings(**settings), clock=clock, sleep=clock.sleep)


class CountingStream(httpx.SyncByteStream):
    """A response body that records whether anyone read it."""

    def __init__(self, chunks: list[bytes], on_chunk: Callable[[], None] = lambda: None) -> None:
        self.chunks = chunks
        self.read = 0
        self.on_chunk = on_chunk

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.chunks:
            self.read += 1
            self.on_chunk()
            yield chunk


def test_declared_content_length_over_cap_is_rejected_without_reading(clock):
    stream = CountingStream([b"a" * 10])

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "99999999"}, stream=stream)

    with make_client(handler, clock, max_bytes=1000) as client, pytest.raises(FetchError) as info:
        client.get("https://www.sbp.org.pk/ecodata/Export.xls")
    assert "Content-Length 99999999 exceeds" in str(info.value)
    assert stream.read == 0


def test_cap_counts_decoded_bytes_so_a_gzip_bomb_is_stopped(clock):
    bomb = gzip.compress(b"\0" * 2_000_000)  # ~2 KB on the wire, 2 MB decoded

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=bomb)

    with make_client(handler, clock, max_bytes=100_000) as client, pytest.raises(FetchError) as e:
        client.get("https://example.com/feed")
    assert "100000-byte cap" in str(e.value)


def test_content_length_mismatch_is_truncation(clock):
    def handler(request: httpx.Request) -> httpx.Response:
        # MockTransport does not police Content-Length the way h11 does on a socket.
        return httpx.Response(200, headers={"Content-Length": "50"}, stream=CountingStream([b"x"]))

    with make_client(handler, clock, max_retries=0) as client, pytest.raises(HttpFetchError) as e:
        client.get("https://example.com/a")
    assert e.value.reason.startswith("truncated body: 1 of 50 bytes")


def test_deadline_stops_a_dripping_body(clock):
    def handler(request: httpx.Request) -> httpx.Response:
        drip = CountingStream([b"."] * 1000, on_chunk=lambda: clock.advance(1.0))
        return httpx.Response(200, stream=drip)

    client = make_client(handler, clock, deadline_seconds=10.0)
    with pytest.raises(HttpFetchError) as info:
        client.get("https://example.com/slow")
    assert "deadline of 10s exceeded mid-body" in info.value.reason
    assert not info.value.transient


def test_gives_up_rather_than_sleeping_past_the_deadline(clock):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": "100"})

    client = make_client(handler, clock, deadline_seconds=150.0, max_retries=5)
    with pytest.raises(HttpFetchError) as info:
        client.get("https://example.com/busy")
    assert clock.sleeps == [100.0]  # a second 100 s wait would end after the deadline
    assert info.value.attempts == 2 and info.value.status == 503
    assert info.value.reason == "HTTP 503 (gave up after 2 attempts)"


def test_connect_errors_are_retried_then_reported(clock):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError("[Errno 111] Connection refused")

    client = make_client(handler, clock, max_retries=2, backoff_base=1.0, backoff_max=10.0)
    with pytest.raises(HttpFetchError) as info:
        client.get("https://example.com/x")
    assert len(calls) == 3 and len(clock.sleeps) == 2
    assert "connection error (ConnectError" in str(info.value)
    assert "gave up after 3 attempts" in str(info.value)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 501])
def test_permanent_statuses_are_not_retried(clock, status):
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(status)

    with pytest.raises(HttpFetchError) as info:
        make_client(handler, clock, max_retries=3).get("https://example.com/x")
    assert len(calls) == 1 and clock.sleeps == []
    assert info.value.status == status


def test_secrets_in_query_strings_never_reach_the_message(clock):
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot reach {request.url}")  # libraries do echo URLs

    client = make_client(handler, clock, max_retries=0)
    url = "https://easydata.sbp.org.pk/api/v1/series/TS_GP_BOP/data?api_key=S3CR3T&format=json"
    with pytest.raises(FetchError) as info:
        client.get(url)
    message = str(info.value)
    assert "S3CR3T" not in message
    assert "api_key=REDACTED" in message and "format=json" in message
    assert "\n" not in message


def test_redact_url_keeps_harmless_parameters():
    assert redact_url("https://x.pk/a?key=1&page=2") == "https://x.pk/a?key=REDACTED&page=2"
    assert redact_url("https://x.pk/a?page=2") == "https://x.pk/a?page=2"


def test_max_redirects(clock):
    def handler(request: httpx.Request) -> httpx.Response:
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"Location": f"/{n + 1}"})

    with pytest.raises(FetchError) as info:
        make_client(handler, clock, max_redirects=3).get("https://example.com/0")
    assert "more than 3 redirects" in str(info.value)


def test_settings_allowed_hosts_cover_subdomains_only(clock):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "www.sbp.org.pk":
            return httpx.Response(301, headers={"Location": "https://easydata.sbp.org.pk/x"})
        if request.url.host == "easydata.sbp.org.pk":
            return httpx.Response(301, headers={"Location": "https://sbp.org.pk.evil.example/"})
        return httpx.Response(200)

    client = make_client(handler, clock, allowed_redirect_hosts=frozenset({"SBP.org.pk"}))
    with pytest.raises(FetchError) as info:
        client.get("https://www.sbp.org.pk/start")
    assert "redirect to disallowed host sbp.org.pk.evil.example" in str(info.value)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "not an http(s) URL"),
        ("http://[::1", "invalid URL"),
        ("http://x.pk:99999/", "invalid URL"),
        ("http://x.pk/\x00", "HTTP client error (InvalidURL"),
    ],
)
def test_bad_urls_are_fetch_errors(clock, url, reason):
    client = make_client(lambda r: httpx.Response(200), clock)
    with pytest.raises(HttpFetchError) as info:
        client.get(url)
    assert info.value.reason.startswith(reason) and info.value.attempts == 1


@pytest.mark.parametrize(
    ("host", "allowed", "expected"),
    [
        ("sbp.org.pk", {"sbp.org.pk"}, True),
        ("easydata.sbp.org.pk", {"sbp.org.pk"}, True),
        ("notsbp.org.pk", {"sbp.org.pk"}, False),
        ("sbp.org.pk.evil.com", {"sbp.org.pk"}, False),
        ("WWW.SBP.ORG.PK", {"sbp.org.pk"}, True),
    ],
)
def test_host_matches(host, allowed, expected):
    assert host_matches(host, allowed) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        ("Mon, 23 Nov 2026 12:00:30 GMT", 30.0),
        ("Mon, 23 Nov 2026 11:00:00 GMT", 0.0),  # in the past: go now
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value, expected):
    now = datetime(2026, 11, 23, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after(value, now) == expected


def test_per_host_interval_uses_the_injected_clock(clock):
    seen: list[tuple[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.host, clock()))
        return httpx.Response(200)

    client = make_client(handler, clock, min_host_interval_seconds=1.0)
    client.get("https://a.example/1")
    client.get("https://a.example/2")  # must wait the full second
    clock.advance(0.4)
    client.get("https://a.example/3")  # 0.4 s already passed: waits 0.6 s
    client.get("https://b.example/1")  # another host: no wait

    assert clock.sleeps == pytest.approx([1.0, 0.6])
    starts = [t for host, t in seen if host == "a.example"]
    assert [round(b - a, 6) for a, b in itertools.pairwise(starts)] == [1.0, 1.0]


def test_throttle_does_not_block_other_hosts():
    inside = threading.Event()
    gate = threading.Event()

    def blocking_sleep(seconds: float) -> None:
        inside.set()
        gate.wait(10)

    throttle = HostThrottle(5.0, sleep=blocking_sleep)
    throttle.wait("slow.example")
    waiter = threading.Thread(target=throttle.wait, args=("slow.example",))
    waiter.start()
    try:
        assert inside.wait(10)  # the second request to slow.example is now sleeping
        assert throttle.wait("fast.example") == 0.0  # returned while the other thread sleeps
        assert waiter.is_alive()
    finally:
        gate.set()
        waiter.join(10)


def test_throttle_gives_same_host_threads_consecutive_slots(clock):
    throttle = HostThrottle(2.0, clock=clock, sleep=lambda s: None)
    waits = [throttle.wait("h") for _ in range(3)]
    assert waits == [0.0, 2.0, 4.0]


def test_user_agent_must_name_a_contact():
    with pytest.raises(ConfigError, match="contact URL"):
        FetchSettings(user_agent="tracker/0.1")


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "xls"),
        (b"PK\x03\x04rest", "xlsx"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        (b'<?xml version="1.0"?><rss version="2.0">', "xml"),
        (b'  {"data": []}', "json"),
        (b"hello", "unknown"),
    ],
)
def test_sniff(body, kind):
    assert sniff(body) == kind


def test_expect_rejects_an_html_error_page_served_as_200(clock):
    page = b"<!DOCTYPE html><html><title>Error</title></html>"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "application/vnd.ms-excel"}, content=page)

    client = make_client(handler, clock)
    with pytest.raises(HttpFetchError) as info:
        client.get("https://www.sbp.org.pk/ecodata/Export.xls", expect={"xls", "xlsx"})
    assert info.value.reason == "expected xls/xlsx but got html (application/vnd.ms-excel)"
    assert not info.value.transient


def test_preloaded_mock_responses_are_not_mistaken_for_truncation(clock):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"complete body")  # httpx reads this eagerly

    result = make_client(handler, clock).get("https://example.com/ok")
    assert (result.body, result.bytes_read, result.attempts) == (b"complete body", 13, 1)


def test_works_under_respx_with_conditional_routes(clock):
    url = "https://easydata.sbp.org.pk/api/v1/series/TS_GP_BOP/data"
    with respx.mock(assert_all_called=True) as mock:
        # Specific route first: respx matches routes in the order they were added.
        mock.get(url, headers={"If-None-Match": '"v7"'}).respond(304, headers={"ETag": '"v7"'})
        mock.get(url).respond(200, json={"rows": []}, headers={"ETag": '"v7"'})
        client = HttpClient(
            FetchSettings(respect_robots=False, min_host_interval_seconds=0.0),
            clock=clock,
            sleep=clock.sleep,
        )
        fresh = client.get(url)
        again = client.get(url, etag=fresh.etag)
    assert fresh.body == b'{"rows":[]}' and fresh.etag == '"v7"'
    assert again.not_modified and again.body == b""
