"""The one loopback HTTP server of tests and benchmarks, and the scripted site built on it.

`LoopbackServer` calls one `handle` function per request; `Site` is that server with a script
of actions per path (pages, computed answers, and the fault table's holds, resets, lies,
endless streams and redirects) and a log of every request. Every local web site, SBP
look-alike, fault injector and hostile server in tests/ is a `Site` or a bare `LoopbackServer`.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Handle = Callable[[BaseHTTPRequestHandler], None]


def reply(
    handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None
) -> None:
    """A complete response: status, headers (Content-Type text/plain unless given), an honest
    Content-Length and the body."""
    handler.send_response(status)
    for name, value in {"Content-Type": "text/plain", **(headers or {})}.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class LoopbackServer:
    """A threaded HTTP server on a 127.x address (port chosen by the OS unless given) that calls
    `handle` for every request of `methods`, in daemon threads.

    HTTP/1.1 keep-alive by default, with TCP_NODELAY: a handler writes headers and body as two
    segments, and without it Nagle holds the body until the client's delayed ACK (40 ms per
    response on a kept-alive connection). Handler errors (clients that reset, time out or are
    killed, which is the point of many tests) are not printed.
    """

    def __init__(
        self,
        handle: Handle,
        *,
        methods: Iterable[str] = ("GET",),
        host: str = "127.0.0.1",
        port: int = 0,
        keep_alive: bool = True,
        backlog: int = 128,
    ) -> None:
        if not host.startswith("127."):
            raise ValueError("test and benchmark servers listen on the loopback range only")

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

        for method in methods:
            setattr(Handler, f"do_{method}", lambda self: handle(self))

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = backlog

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass

        self.server = Server((host, port), Handler)
        self.host = host
        self.port: int = self.server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self._thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), name=f"loopback-{self.port}", daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)


# -- the scripted site -------------------------------------------------------------------------

Action = Callable[[BaseHTTPRequestHandler, "Site"], None]
Reply = tuple[int, dict[str, str], bytes]


def page(
    body: bytes | str,
    ctype: str = "application/octet-stream",
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Action:
    """An ordinary response with a truthful Content-Length."""
    data = body.encode() if isinstance(body, str) else body

    def act(h: BaseHTTPRequestHandler, site: Site) -> None:
        reply(h, status, data, {"Content-Type": ctype, **(headers or {})})

    return act


def answer(compute: Callable[[dict[str, str]], Reply]) -> Action:
    """A response computed from the query string (first value of each parameter)."""

    def act(h: BaseHTTPRequestHandler, site: Site) -> None:
        status, headers, body = compute(query_of(h.path))
        reply(h, status, body, headers)

    return act


def handler(fn: Handle) -> Action:
    """A hand-written answer that writes to the request handler itself."""
    return lambda h, site: fn(h)


def hold(then: Action, seconds: float = 30) -> Action:
    """Keep the request open until the site's `release` is set (or `seconds`), then answer."""

    def act(h: BaseHTTPRequestHandler, site: Site) -> None:
        with site.cond:
            site.held += 1
            site.cond.notify_all()
        site.release.wait(seconds)
        with contextlib.suppress(OSError):  # the client is gone (timed out or killed)
            then(h, site)

    return act


def reset_mid_body(body: bytes, ctype: str = "application/octet-stream") -> Action:
    """Promise the whole body, send half of it, then reset the connection (RST)."""

    def act(h: BaseHTTPRequestHandler, site: Site) -> None:
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body[: len(body) // 2])
        h.wfile.flush()
        time.sleep(0.05)  # let the half body leave before the RST overtakes it
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.connection.close()
        h.close_connection = True

    return act


def content_length_lie(body: bytes, extra: int = 4096, ctype: str = "application/octet-stream") -> Action:
    """Declare `extra` more bytes than are sent, then close the connection cleanly."""

    def act(h: BaseHTTPRequestHandler, site: Site) -> None:
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body) + extra))
        h.end_headers()
        h.wfile.write(body)
        h.close_connection = True

    return act


def stream_without_length(size: int, ctype: str = "text/html; charset=utf-8") -> Action:
    """`size` bytes of HTML with no Content-Length (the end is the close): only a cap stops it."""
    chunk = b"<p>" + b"IT exports grew. " * 4000 + b"</p>\n"

    def act(h: BaseHTTPRequestHandler, site: Site) -> None:
        h.send_response(200)
        h.send_header("Content-Type", ctype)
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        sent = 0
        try:
            h.wfile.write(b"<html><body><article><h1>IT exports</h1>")
            while sent < size:
                h.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass  # the client stopped reading at its cap

    return act


def trickle(head: bytes, filler: bytes = b"X", interval: float = 0.05) -> Action:
    """Send `head` (a status line, maybe headers), then `filler` every `interval` until the
    site's `release`: a response that never completes, yet never goes quiet long enough for a
    read timeout. Filler before the blank line is header bytes; after it, body or chunks."""

    def act(h: BaseHTTPRequestHandler, site: Site) -> None:
        h.close_connection = True
        h.wfile.write(head)
        while not site.release.wait(interval):
            h.wfile.write(filler)

    return act


def redirect(location: str, status: int = 302) -> Action:
    return page(b"", "text/plain", status, {"Location": location})


def query_of(target: str) -> dict[str, str]:
    """The query parameters of a request target, first value of each."""
    return {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}


class Site:
    """A `LoopbackServer` whose paths answer from scripts: one action per request, the last one
    repeating. A script is found by the exact request target, else by its path without the
    query; unscripted paths get `default` (404 "nope"). Every request is logged with its
    headers; `hold` actions wait for `release`, which `close` sets."""

    send = staticmethod(reply)  # for hand-written routes: a complete, honest response

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        methods: Iterable[str] = ("GET",),
        keep_alive: bool = True,
        default: Action | None = None,
    ) -> None:
        self.scripts: dict[str, list[Action]] = {}
        self.log: list[tuple[str, dict[str, str]]] = []  # (request target, lower-cased headers)
        self.default = default or page(b"nope", "text/plain", 404)
        self.held = 0
        self.release = threading.Event()
        self.cond = threading.Condition()
        self.http = LoopbackServer(self._handle, host=host, methods=methods, keep_alive=keep_alive)
        self.host, self.port, self.base = host, self.http.port, self.http.base

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        with self.cond:
            self.log.append((h.path, {k.lower(): v for k, v in h.headers.items()}))
            script = self.scripts.get(h.path) or self.scripts.get(urlsplit(h.path).path) or [self.default]
            action = script.pop(0) if len(script) > 1 else script[0]
            self.cond.notify_all()
        try:
            action(h, self)
        except OSError:
            h.close_connection = True

    # -- what a path answers

    def set(self, path: str, *actions: Action) -> None:
        """Replace the script of `path`."""
        with self.cond:
            self.scripts[path] = list(actions)

    def put(
        self,
        path: str,
        body: bytes | str,
        ctype: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve one fixed response at `path` (until changed)."""
        self.set(path, page(body, ctype, status, headers))

    def route(self, path: str) -> Callable[[Handle], Handle]:
        """Decorator: `fn(handler)` answers every request for `path` by hand."""

        def register(fn: Handle) -> Handle:
            self.set(path, handler(fn))
            return fn

        return register

    # -- what was asked

    @property
    def hits(self) -> list[str]:
        """Request targets (path?query) so far, in order (robots.txt included)."""
        with self.cond:
            return [target for target, _ in self.log]

    def count(self, path: str) -> int:
        """Requests for `path`, whatever their query."""
        return sum(1 for target in self.hits if urlsplit(target).path == path)

    def queries(self, path: str) -> list[dict[str, str]]:
        """The query parameters of each request for `path`, in order."""
        return [query_of(t) for t in self.hits if urlsplit(t).path == path]

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.release.set()
        self.http.close()
