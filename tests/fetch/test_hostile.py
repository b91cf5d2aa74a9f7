"""A hostile server against the HTTP client (issue 16): each test asserts what must not happen.

The address policy is ON here (allow_private_networks=False). Loopback servers are reached by
giving the client a policy seam that refuses every address except the hostile server's own
127.0.0.1, and a resolver that never asks DNS: the internal service lives on 127.0.0.2 and
must never see a request.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import tracemalloc

import pytest
from tests.support.http import LoopbackServer, Site, redirect, reply, trickle

from tracker.errors import Interrupted
from tracker.fetch import FetchSettings, HttpClient, HttpFetchError, address_problem
from tracker.fetch.netguard import literal_problem

PUBLIC_STAND_IN = "127.0.0.1"  # the hostile server: plays a public address in these tests


def policy(address: str) -> str | None:
    """Production policy, except that the hostile server's address counts as public."""
    return None if address == PUBLIC_STAND_IN else address_problem(address)


def resolver(table: dict[str, str]):
    def resolve(host: str, port: int) -> list[str]:
        if host in table:
            return [table[host]]
        if literal_problem(host) is not None or host.replace(".", "").isdigit():
            return [host]
        raise OSError(f"no DNS in tests ({host})")

    return resolve


def guarded(**overrides) -> HttpClient:
    settings = dict(
        allow_private_networks=False,
        address_policy=policy,
        max_retries=0,
        min_host_interval_seconds=0,
        respect_robots=False,
        resolver=resolver(
            {
                "hostile.test": PUBLIC_STAND_IN,
                "internal.test": "127.0.0.2",
                "metadata.test": "169.254.169.254",
            }
        ),
    )
    settings.update(overrides)
    return HttpClient(FetchSettings(**settings))


# -- SSRF ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address,kind",
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "non-global"),
        ("240.0.0.1", "reserved"),
        ("8.8.8.8", None),
    ],
)
def test_address_policy_classifies(address: str, kind: str | None) -> None:
    assert address_problem(address) == kind


def test_a_name_resolving_to_the_metadata_address_is_refused_before_connecting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    connects: list[object] = []
    real = socket.create_connection
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connects.append(a) or real(*a, **k))
    with guarded() as client, pytest.raises(HttpFetchError) as info:
        client.get("http://metadata.test/latest/meta-data/iam/security-credentials/")
    assert "link-local address 169.254.169.254" in str(info.value)
    assert connects == []  # refused after resolution, before any connection


def test_literal_internal_addresses_and_odd_schemes_are_refused(internal: Site) -> None:
    with guarded() as client:
        for url in (
            f"http://127.0.0.2:{internal.port}/internal-secret",
            f"http://localhost:{internal.port}/admin/delete-everything",
            "http://[::1]/",
            "file:///etc/passwd",
            "gopher://127.0.0.2/",
        ):
            with pytest.raises(HttpFetchError):
                client.get(url)
    assert internal.hits == []


def test_redirects_into_the_internal_service_are_refused(internal: Site) -> None:
    targets = {
        "/to-literal": f"http://127.0.0.2:{internal.port}/internal-secret",
        "/to-name": f"http://internal.test:{internal.port}/internal-secret",
        "/to-localhost": f"http://localhost:{internal.port}/admin",
        "/to-file": "file:///etc/passwd",
    }

    hostile = Site()
    for path, target in targets.items():
        hostile.set(path, redirect(target))
    try:
        with guarded() as client:
            for path in targets:
                with pytest.raises(HttpFetchError) as info:
                    client.get(f"http://hostile.test:{hostile.port}{path}")
                assert "redirect to" in str(info.value) or "refused" in str(info.value)
    finally:
        hostile.close()
    assert internal.hits == []


def test_allow_private_networks_lets_an_intranet_mirror_through(internal: Site) -> None:
    with guarded(allow_private_networks=True) as client:
        got = client.get(f"http://127.0.0.2:{internal.port}/mirror")
    assert got.body.startswith(b"internal-secret") and internal.hits == ["/mirror"]


# -- decompression bombs ---------------------------------------------------------------------------


def _serve(body: bytes, headers: dict[str, str]) -> LoopbackServer:
    return LoopbackServer(lambda h: reply(h, 200, body, headers))


def _fetch_bomb(bomb: bytes, encoding: str) -> tuple[HttpFetchError, int]:
    """Fetch `bomb` served with Content-Encoding `encoding`: the refusal and the peak traced
    memory of the attempt."""
    srv = _serve(bomb, {"Content-Encoding": encoding})
    tracemalloc.start()
    try:
        with guarded(max_bytes=20_000_000) as client, pytest.raises(HttpFetchError) as info:
            client.get(f"http://hostile.test:{srv.port}/bomb")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        srv.close()
    return info.value, peak


def test_stacked_gzip_is_refused_without_inflating() -> None:
    inner = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)
    bomb = gzip.compress(inner, compresslevel=9)
    assert len(bomb) < 10_000
    error, peak = _fetch_bomb(bomb, "gzip, gzip")
    assert "stacked content encodings refused" in str(error)
    assert peak < 5_000_000


def test_single_gzip_bomb_is_stopped_by_the_ratio_long_before_the_cap() -> None:
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)
    error, peak = _fetch_bomb(bomb, "gzip")
    assert "compression ratio" in str(error)
    assert peak < 10_000_000  # issue 16: 182 MB for a 20 MB cap


def test_an_honest_gzip_page_still_decodes() -> None:
    page = b"<html>" + b"IT exports rose to $452 million. " * 20_000 + b"</html>"
    srv = _serve(gzip.compress(page), {"Content-Encoding": "gzip", "Content-Type": "text/html"})
    try:
        with guarded() as client:
            assert client.get(f"http://hostile.test:{srv.port}/page").body == page
    finally:
        srv.close()


# -- a real deadline ---------------------------------------------------------------------------------


def trickler(head: bytes) -> Site:
    """A server that sends a response head, then a byte more every 50 ms, forever, until closed:
    headers that never end, or chunks that never end."""
    return Site(default=trickle(head, b"X-Slow: 1\r\n" if b"\r\n\r\n" not in head else b"1\r\na\r\n"))


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n",  # headers that never end
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",  # chunks that never end
    ],
)
def test_a_trickling_server_cannot_outlive_the_deadline(head: bytes) -> None:
    srv = trickler(head)
    started = time.monotonic()
    try:
        with guarded(deadline_seconds=1.5, read_timeout=1.0) as client, pytest.raises(HttpFetchError) as info:
            client.get(f"http://hostile.test:{srv.port}/slow")
    finally:
        srv.close()
    took = time.monotonic() - started
    assert "deadline of 1.5s exceeded" in str(info.value)
    assert info.value.deadline
    assert took < 1.5 + 1.0  # issue 16: one GET hung 261 s with deadline_seconds = 10


def test_the_stop_event_ends_a_stuck_request() -> None:
    srv = trickler(b"HTTP/1.1 200 OK\r\n")
    stop = threading.Event()
    client = HttpClient(guarded(deadline_seconds=60).settings, stop=stop)
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    try:
        with pytest.raises(Interrupted):
            client.get(f"http://hostile.test:{srv.port}/stuck")
    finally:
        srv.close()
        client.close()
    assert time.monotonic() - started < 2.0


# -- Retry-After -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["315360000", "9" * 20, "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_a_huge_retry_after_is_capped_at_one_day_everywhere(value: str) -> None:
    from datetime import UTC, datetime, timedelta

    from tracker.deliver import make_test_message, render
    from tracker.deliver.webhook import WebhookChannel, WebhookHTTPError, WebhookSettings
    from tracker.easydata import retry_after_until
    from tracker.fetch import parse_retry_after

    now = datetime(2026, 11, 29, tzinfo=UTC)
    assert parse_retry_after(value, now) == 86_400.0
    srv = LoopbackServer(
        lambda h: (
            h.rfile.read(int(h.headers.get("Content-Length") or 0)),
            reply(h, 429, b"slow down", {"Retry-After": value}),
        ),
        methods=("GET", "POST"),
    )
    try:
        # EasyData's path: the fetch client's error carries the capped value, and a 429
        # parks the source for that long. issue 16: 315360000 parked EasyData until 2036;
        # 20 digits raised OverflowError.
        client = guarded(max_retries=3)
        with pytest.raises(HttpFetchError) as fetched:
            client.single_shot().get(f"http://hostile.test:{srv.port}/api")
        client.close()
        assert fetched.value.attempts == 1 and fetched.value.retry_after == 86_400.0
        assert retry_after_until(fetched.value.retry_after, now) == now + timedelta(days=1)
        with pytest.raises(WebhookHTTPError) as info:
            WebhookChannel(WebhookSettings(url=srv.base + "/hook")).send(render(make_test_message()), "k")
    finally:
        srv.close()
    assert info.value.retry_after == 86_400.0


def test_the_stop_event_ends_a_connect_that_hangs() -> None:
    """A full accept queue on loopback drops SYNs, like a blackholed address: the connect
    must still end on the stop event, not after connect_timeout."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(0)
    port = srv.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port))  # fills the queue of one
    stop = threading.Event()
    client = HttpClient(guarded(connect_timeout=60, deadline_seconds=120).settings, stop=stop)
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    try:
        with pytest.raises(Interrupted):
            client.get(f"http://hostile.test:{port}/never")
    finally:
        client.close()
        filler.close()
        srv.close()
    assert time.monotonic() - started < 2.0


def test_a_crawl_delay_cannot_carry_a_request_past_its_deadline(clock) -> None:
    import httpx

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 30\n")
        return httpx.Response(200, text="page")

    client = HttpClient(
        FetchSettings(
            transport=httpx.MockTransport(handler),
            max_retries=0,
            deadline_seconds=10,
            min_host_interval_seconds=0,
        ),
        clock=clock,
        sleep=clock.sleep,
    )
    client.get("https://slow.example/a")
    with pytest.raises(HttpFetchError) as info:
        client.get("https://slow.example/b")
    assert "per-host interval" in str(info.value)
    assert all(s < 10 for s in clock.sleeps)  # never slept the 30 s Crawl-delay


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433:{port}/",
        "http://0x7f000002:{port}/",
        "http://0177.0.0.2:{port}/",
        "http://127.1:{port}/",
    ],
)
def test_odd_spellings_of_loopback_are_refused_after_resolution(url: str, internal: Site) -> None:
    """Decimal, hex, octal and short forms are not IP literals to ipaddress, but getaddrinfo
    resolves them to 127.x: the connect-time check is what refuses them."""
    with (
        HttpClient(
            FetchSettings(allow_private_networks=False, max_retries=0, respect_robots=False)
        ) as client,
        pytest.raises(HttpFetchError) as info,
    ):
        client.get(url.format(port=internal.port))
    # refused by the address check, or already by httpx's URL parser (octal)
    assert "loopback address" in str(info.value) or "Invalid IPv4" in str(info.value)
    assert internal.hits == []
