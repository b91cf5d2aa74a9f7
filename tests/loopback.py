"""Loopback HTTP servers for tests and benchmarks: one server class and one reply helper.

Every local web site, SBP look-alike, fault injector and webhook receiver in tests/ and bench/
is a `LoopbackServer` with its own `handle` function; only what they answer differs.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

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
