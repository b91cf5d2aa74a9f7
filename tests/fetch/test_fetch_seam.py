"""The one fetch seam (issue 13): single-shot twins, the delivery client, no cookies, and no
httpx client or transport built anywhere but fetch/transports.py."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.loopback import LoopbackServer, reply

import tracker
from tracker.fetch import DeliveryClient, FetchSettings, HttpClient, HttpFetchError, PostFailed
from tracker.fetch.transports import GuardedClient

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def make_client(sleeps: Any, **overrides: object) -> HttpClient:
    settings: dict[str, object] = {
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "min_host_interval_seconds": 0.0,
        "backoff_base": 0.1,
        **overrides,
    }
    return HttpClient(FetchSettings(**settings), sleep=sleeps)  # type: ignore[arg-type]


@pytest.fixture
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


# -- HttpClient.single_shot ----------------------------------------------------------------------


def test_single_shot_sends_one_request_and_shares_robots_and_pools(server: Any, sleeps: Any) -> None:
    @server.route("/robots.txt")
    def robots(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"User-agent: *\nDisallow: /private\n")

    @server.route("/busy")
    def busy(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 429, b"slow down", {"Retry-After": "5"})

    @server.route("/page")
    def page(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"ok")

    client = make_client(sleeps, max_retries=2)
    twin = client.single_shot()
    with pytest.raises(HttpFetchError) as once:
        twin.get(server.url("/busy"))
    assert (once.value.attempts, once.value.status, once.value.retry_after) == (1, 429, 5.0)
    assert server.count("/busy") == 1 and sleeps.calls == []  # no retry, no wait
    with pytest.raises(HttpFetchError) as retried:
        client.get(server.url("/busy"))
    assert retried.value.attempts == 3 and sleeps.calls == [5.0, 5.0]  # the original still retries
    with pytest.raises(HttpFetchError, match=r"robots\.txt disallows"):
        twin.get(server.url("/private"))
    twin.close()  # leaves the shared pools open
    assert client.get(server.url("/page")).body == b"ok"
    client.close()
    assert server.count("/robots.txt") == 1  # one cache for both


# -- no cookies ------------------------------------------------------------------------------------


def test_a_cookie_set_by_a_server_is_never_sent_back(server: Any, sleeps: Any) -> None:
    @server.route("/set")
    def set_cookie(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"here", {"Set-Cookie": "session=abc123; Path=/"})

    @server.route("/next")
    def follow(h: BaseHTTPRequestHandler) -> None:
        server.send(h, 200, b"next")

    with make_client(sleeps, respect_robots=False) as client:
        client.get(server.url("/set"))
        client.get(server.url("/next"))
    [(_, headers)] = [(p, h) for p, h in server.log if p == "/next"]
    assert "cookie" not in headers
    # nor kept: the jar refuses every cookie (a daemon would otherwise collect them forever)
    jar = GuardedClient(httpx.MockTransport(lambda r: httpx.Response(200, headers={"Set-Cookie": "a=b"})))
    jar.get("http://x.test/")
    assert len(jar.cookies.jar) == 0
    jar.close()


# -- DeliveryClient --------------------------------------------------------------------------------


class Receiver:
    """A POST receiver that records the request target (absolute form = it came via a proxy)."""

    def __init__(self, status: int = 200, body: bytes = b"ok") -> None:
        self.targets: list[str] = []
        self.status, self.body = status, body
        self.http = LoopbackServer(self._handle, methods=("POST",))

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        h.rfile.read(int(h.headers.get("Content-Length") or 0))
        self.targets.append(h.path)
        reply(h, self.status, self.body, {"Retry-After": "7"})


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.http.close()


def test_delivery_goes_through_the_proxy_from_the_environment(
    receiver: Receiver, no_proxies: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", receiver.http.base)
    with DeliveryClient() as http:
        reply = http.post("http://hooks.invalid/alert", content=b"{}", headers={}, timeout=5)
    assert reply.ok and reply.head == b""  # a 2xx body is never read
    assert receiver.targets == ["http://hooks.invalid/alert"]  # absolute form: via the proxy


def test_delivery_reply_keeps_only_the_head_of_an_error_body(receiver: Receiver, no_proxies: None) -> None:
    receiver.status, receiver.body = 503, b"x" * 50_000
    with DeliveryClient() as http:
        reply = http.post(receiver.http.base + "/hook", content=b"{}", headers={}, timeout=5, keep=100)
    assert (reply.ok, reply.status, len(reply.head), reply.retry_after) == (False, 503, 100, 7.0)


def test_delivery_without_an_answer_is_post_failed(no_proxies: None) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection in the kernel, never answers
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    try:
        with DeliveryClient() as http, pytest.raises(PostFailed) as info:
            http.post(url, content=b"{}", headers={}, timeout=0.3)
    finally:
        listener.close()
    assert info.value.timeout and info.value.kind == "ReadTimeout"
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # bound, not listening: connection refused
    url = f"http://127.0.0.1:{closed.getsockname()[1]}/hook"
    try:
        with DeliveryClient() as http, pytest.raises(PostFailed) as refused:
            http.post(url, content=b"{}", headers={}, timeout=2)
    finally:
        closed.close()
    assert not refused.value.timeout and refused.value.kind == "ConnectError"


# -- one module builds httpx clients and transports ------------------------------------------------

_BUILDS = re.compile(
    r"httpx\.(Client|AsyncClient|HTTPTransport|AsyncHTTPTransport)\("  # built
    r"|\(\s*httpx\.(Client|AsyncClient|BaseTransport|AsyncBaseTransport)\s*\)"  # subclassed
)


def test_only_fetch_transports_builds_httpx_clients_or_transports() -> None:
    src = Path(tracker.__file__).parent
    builders = sorted(
        str(path.relative_to(src)) for path in src.rglob("*.py") if _BUILDS.search(path.read_text("utf-8"))
    )
    assert builders == ["fetch/transports.py"]
