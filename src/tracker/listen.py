"""Open a listening socket or say in one line why not (the web page and the health endpoint)."""

from __future__ import annotations

import socket

from tracker.errors import UsageError


def bind(host: str, port: int, what: str = "") -> socket.socket:
    """A listening TCP socket on host:port; UsageError (exit 2) naming `what` otherwise."""
    label = f"{what}: " if what else ""
    if not 0 <= port <= 65535:
        raise UsageError(f"{label}port {port} is not in 0..65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OverflowError) as exc:
        raise UsageError(f"{label}host {host!r} is not an address of this machine ({exc})") from None
    family, _, _, _, addr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise UsageError(f"{label}cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def check_can_listen(host: str, port: int, what: str = "") -> None:
    """Fail early (before any work) when host:port cannot be listened on."""
    bind(host, port, what).close()
