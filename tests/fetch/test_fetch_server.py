"""HttpClient against a real HTTP server on 127.0.0.1: the behaviours that need real sockets."""

from __future__ import annotations

import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler

import pytest

from tracker.errors import FetchError
from tracker.fetch import FetchSettings, HttpClient, HttpFetchError, fetch_many

pytestmark = pytest.mark.integration

ETAG = '"v1"'
LAST_MODIFIED = "Mon, 02 Nov 2026 10:00:00 GMT"


def make_client(sleeps, **overrides) -> HttpClient:
    """A client with quick timeouts, no pacing and a recorded (never real) sleep."""
    settings = {
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "deadline_seconds": 30.0,
        "min_host_interval_seconds": 0.0,
        "backoff_base": 0.5,
        "backoff_max": 4.0,
        **overrides,
    }
    return HttpClient(FetchSettings(**settings), sleep=sleeps)


def test_conditional_get_304_with_etag_and_last_modified(server, sleeps):
    @server.route("/data.xls")
    def data(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == ETAG or (h.headers.get("If-Modified-Since") == LAST_MODIFIED):
            h.send_response(304)
            h.send_header("ETag", ETAG)
            h.end_headers()
            return
        server.send(h, 200, b"cells", {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})

    with make_client(sleeps) as client:
        first = client.get(server.url("/data.xls"))
        by_etag = client.get(server.url("/data.xls"), etag=first.etag)
        by_date = client.get(server.url("/data.xls"), last_modified=first.last_modified)

    assert (first.status, first.body, first.not_modified) == (200, b"cells", False)
    assert (first.etag, first.last_modified) == (ETAG, LAST_MODIFIED)
    assert (by_etag.status, by_etag.body, by_etag.not_modified) == (304, b"", True)
    assert by_etag.etag == ETAG
    assert by_date.not_modified and by_date.body == b""
    assert by_date.last_modified == LAST_MODIFIED  # kept from the caller when 304 omits it
    sent = [headers for path, headers in server.log if path == "/data.xls"]
    assert "if-none-match" not in sent[0]
    assert sent[1]["if-none-match"] == ETAG
    assert sent[2]["if-modified-since"] == LAST_MODIFIED


def test_retries_503_then_succeeds_with_backoff(server, sleeps):
    calls = []

    @server.route("/flaky")
    def flaky(h: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        if len(calls) <= 2:
            server.send(h, 503, b"busy")
        else:
            server.send(h, 200, b"ok")

    with make_client(sleeps, max_retries=3) as client:
        result = client.get(server.url("/flaky"))

    assert result.body == b"ok" and result.attempts == 3
    assert len(calls) == 3
    # exponential (0.5, then 1.0) plus up to 0.5 s of jitter; never a real sleep
    assert len(sleeps.calls) == 2
    assert 0.5 <= sleeps.calls[0] <= 1.0
    assert 1.0 <= sleeps.calls[1] <= 1.5


def test_retries_after_read_timeout(server, sleeps):
    calls = []

    @server.route("/slow")
    def slow(h: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        if len(calls) == 1:
            server.release.wait(10)  # hang until the test ends; the client times out first
            return
        server.send(h, 200, b"late but fine")

    with make_client(sleeps, read_timeout=0.2) as client:
        result = client.get(server.url("/slow"))

    assert result.body == b"late but fine"
    assert result.attempts == 2 and len(calls) == 2
    assert len(sleeps.calls) == 1


def test_no_retry_on_404(server, sleeps):
    with make_client(sleeps, max_retries=3) as client, pytest.raises(HttpFetchError) as info:
        client.get(server.url("/missing"))

    err = info.value
    assert isinstance(err, FetchError)
    assert err.status == 404 and not err.transient and err.attempts == 1
    assert server.hits.count("/missing") == 1
    assert sleeps.calls == []
    assert str(err) == f"GET {server.url('/missing')}: HTTP 404"


def test_retry_after_seconds_is_honoured(server, sleeps):
    calls = []

    @server.route("/limited")
    def limited(h: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        if len(calls) == 1:
            server.send(h, 429, b"slow down", {"Retry-After": "3"})
        else:
            server.send(h, 200, b"ok")

    with make_client(sleeps) as client:
        result = client.get(server.url("/limited"))

    assert result.attempts == 2
    assert sleeps.calls == [3.0]


def test_retry_after_is_capped(server, sleeps):
    calls = []

    @server.route("/limited")
    def limited(h: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        if len(calls) == 1:
            server.send(h, 503, b"maintenance", {"Retry-After": "86400"})
        else:
            server.send(h, 200, b"ok")

    with make_client(sleeps, retry_after_max=7.0) as client:
        client.get(server.url("/limited"))

    assert sleeps.calls == [7.0]


def test_size_cap_aborts_the_stream_early(server, sleeps):
    total = 64 * 1024 * 1024  # far more than socket buffers can swallow
    done = threading.Event()
    outcome: dict[str, int | bool] = {"written": 0, "completed": False}

    @server.route("/huge")
    def huge(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/octet-stream")
        h.send_header("Transfer-Encoding", "chunked")  # no Content-Length to reject up front
        h.end_headers()
        block = b"x" * 65536
        try:
            while outcome["written"] < total:
                h.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                outcome["written"] += len(block)
            h.wfile.write(b"0\r\n\r\n")
            outcome["completed"] = True
        except OSError:
            h.close_connection = True
        finally:
            done.set()

    with make_client(sleeps, max_bytes=256 * 1024) as client, pytest.raises(FetchError) as info:
        client.get(server.url("/huge"))

    assert "262144-byte cap" in str(info.value)
    assert done.wait(10)
    assert outcome["completed"] is False
    assert outcome["written"] < total


def test_content_length_above_cap_is_rejected_before_reading(server, sleeps):
    @server.route("/big")
    def big(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"y" * 5000)

    with make_client(sleeps, max_bytes=1000) as client, pytest.raises(FetchError) as info:
        client.get(server.url("/big"))
    assert "Content-Length 5000 exceeds the 1000-byte cap" in str(info.value)


def test_content_length_lie_is_a_failure(server, sleeps):
    @server.route("/short")
    def short(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "1000")
        h.end_headers()
        h.wfile.write(b"z" * 100)
        h.close_connection = True  # FIN after 100 of the promised 1000 bytes

    with make_client(sleeps, max_retries=1) as client, pytest.raises(HttpFetchError) as info:
        client.get(server.url("/short"))

    assert "truncated body" in info.value.reason
    assert info.value.transient and info.value.attempts == 2


def test_connection_reset_mid_body_is_a_failure(server, sleeps):
    @server.route("/reset")
    def reset(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", "100000")
        h.end_headers()
        h.wfile.write(b"r" * 1000)
        # SO_LINGER 0 turns close() into a TCP RST instead of an orderly FIN.
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.connection.close()
        h.close_connection = True

    with make_client(sleeps, max_retries=0) as client, pytest.raises(HttpFetchError) as info:
        client.get(server.url("/reset"))

    assert "truncated body" in info.value.reason or "connection error" in info.value.reason
    assert info.value.transient


def test_redirect_loop_is_detected(server, sleeps):
    @server.route("/a")
    def a(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 302, headers={"Location": "/b"})

    @server.route("/b")
    def b(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 301, headers={"Location": server.url("/a")})

    with make_client(sleeps) as client, pytest.raises(FetchError) as info:
        client.get(server.url("/a"))

    assert "redirect loop" in str(info.value)
    assert server.hits.count("/a") == 1 and server.hits.count("/b") == 1


def test_redirects_are_followed_to_the_final_url(server, sleeps):
    @server.route("/old")
    def old(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 301, headers={"Location": "/new"})

    @server.route("/new")
    def new(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"moved here", {"Content-Type": "text/html"})

    with make_client(sleeps) as client:
        result = client.get(server.url("/old"))
    assert result.url == server.url("/new")
    assert (result.body, result.content_type) == (b"moved here", "text/html")


def test_redirect_to_a_disallowed_host_is_refused(server, sleeps):
    @server.route("/press")
    def press(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 302, headers={"Location": "http://phishing.example/press"})

    with make_client(sleeps) as client, pytest.raises(FetchError) as info:
        client.get(server.url("/press"), allowed_hosts={"127.0.0.1"})
    assert "redirect to disallowed host phishing.example" in str(info.value)


def test_robots_txt_disallow_is_honoured_and_fetched_once(server, sleeps):
    @server.route("/robots.txt")
    def robots(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"User-agent: *\nDisallow: /private/\n", {"Content-Type": "text/plain"})

    @server.route("/public")
    def public(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"hello")

    with make_client(sleeps) as client:
        assert client.get(server.url("/public")).body == b"hello"
        with pytest.raises(FetchError) as info:
            client.get(server.url("/private/report.pdf"))
        client.get(server.url("/public"))

    assert "robots.txt disallows" in str(info.value)
    assert "/private/report.pdf" not in server.hits
    assert server.hits.count("/robots.txt") == 1


def test_robots_txt_404_allows_everything(server, sleeps):
    @server.route("/private/x")
    def private(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"fine")

    with make_client(sleeps) as client:
        assert client.get(server.url("/private/x")).body == b"fine"
    assert server.hits == ["/robots.txt", "/private/x"]


def test_user_agent_is_honest(server, sleeps):
    with make_client(sleeps, respect_robots=False) as client, pytest.raises(FetchError):
        client.get(server.url("/anything"))
    agent = server.log[0][1]["user-agent"]
    assert agent.startswith("tracker/") and "+http" in agent


def test_fetch_many_keeps_order_and_returns_errors(server, sleeps):
    for n in range(6):
        server.put(f"/p{n}", f"page {n}".encode(), "text/plain")
    urls = [server.url(f"/p{n}") for n in range(6)] + [server.url("/gone")]

    with make_client(sleeps) as client:
        results = fetch_many(client, urls, max_workers=4)

    assert [r.body for r in results[:6]] == [f"page {n}".encode() for n in range(6)]
    assert isinstance(results[6], FetchError) and "HTTP 404" in str(results[6])


def test_a_slow_host_does_not_hold_up_another_host(server, sleeps):
    entered = threading.Event()

    @server.route("/slow")
    def slow(h: BaseHTTPRequestHandler) -> None:
        entered.set()
        server.release.wait(10)
        server.send(h, 200, b"slow")

    @server.route("/fast")
    def fast(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"fast")

    # 127.0.0.1:port and localhost:port are different hosts to the pacing and robots rules.
    other_host = server.url("/fast").replace("127.0.0.1", "localhost")
    with make_client(sleeps, min_host_interval_seconds=1.0, read_timeout=10.0) as client:
        results: list[bytes] = []
        slow_thread = threading.Thread(target=lambda: results.append(client.get(server.url("/slow")).body))
        slow_thread.start()
        assert entered.wait(10)
        assert client.get(other_host).body == b"fast"  # finished while /slow is still open
        assert slow_thread.is_alive()
        server.release.set()
        slow_thread.join(10)
    assert results == [b"slow"]


def test_proxy_from_the_environment_is_used_and_no_proxy_bypasses_it(server, sleeps, monkeypatch) -> None:
    """The server doubles as the proxy: a proxied request arrives in absolute form."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", server.base)
    monkeypatch.setenv("no_proxy", "127.0.0.1")

    @server.route("http://proxied.invalid/page")
    def proxied(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"via the proxy", {"Content-Type": "text/plain"})

    @server.route("/direct")
    def direct(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"direct", {"Content-Type": "text/plain"})

    with make_client(sleeps) as client:
        assert client.get("http://proxied.invalid/page").body == b"via the proxy"
        assert client.get(server.url("/direct")).body == b"direct"
    assert "http://proxied.invalid/page" in server.hits  # absolute form: it went via the proxy
    assert "/direct" in server.hits  # origin form: no_proxy sent it straight to the host
