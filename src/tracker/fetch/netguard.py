"""Who may be connected to, and for how long: the network backend under every httpx transport.

* Address policy: after DNS resolution, loopback, private, link-local, multicast, reserved and
  other non-global addresses are refused unless `allow_private_networks` is on. The check
  happens in `connect_tcp`, and the connection goes to the very address that was checked, so
  a DNS answer that changes between check and connect (rebinding) cannot slip through.
* Deadline and stop: every read and write of a stream is bounded by the running request's
  deadline (a thread-local set by HttpClient) and wakes at least every STOP_POLL seconds to see
  whether the process is shutting down. httpx only has per-read timeouts, so a server trickling
  one header byte a second would otherwise hold a request forever.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import select
import socket
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
from httpcore._backends.sync import SyncStream

from tracker.errors import FetchError, Interrupted

STOP_POLL = 0.25  # seconds between looks at the stop event while a read waits
ENV_ALLOW_PRIVATE = "TRACKER_ALLOW_PRIVATE_NETWORKS"

Resolver = Callable[[str, int], list[str]]
Policy = Callable[[str], "str | None"]  # address -> why it is refused, None if allowed


class BlockedAddress(FetchError):
    """A URL's host resolved to an address tracker must not reach (SSRF guard)."""


class DeadlineExceeded(FetchError):
    """The request's total deadline passed while connecting or reading."""


def default_allow_private() -> bool:
    """The default of `http.allow_private_networks` when the config leaves it unset: the
    TRACKER_ALLOW_PRIVATE_NETWORKS environment variable (tests, intranet mirrors), else False."""
    return os.environ.get(ENV_ALLOW_PRIVATE, "").strip().lower() in ("1", "true", "yes")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (getaddrinfo); raises OSError if none."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_problem(address: str) -> str | None:
    """Why `address` may not be reached ('loopback', 'private' …), or None if it is global."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    for name in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    if not ip.is_global:  # 100.64/10 (shared), 192.0.0/24 …
        return "non-global"
    return None


def literal_problem(host: str, policy: Policy | None = None) -> str | None:
    """address_problem for an IP-literal host or a name that is always local; None otherwise."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        legacy = legacy_ipv4(host)
        if legacy is None:
            return None
        host = legacy
    return (policy or address_problem)(host)


def legacy_ipv4(host: str) -> str | None:
    """The dotted quad of a host that inet_aton reads as an address although it is not one
    ("127.1", "2130706433", "0x7f.1"): resolvers and proxies connect to it as such."""
    if not host or not all(c in "0123456789abcdefx." for c in host):
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None


# -- the running request: deadline and stop event, per thread -------------------------------

_call = threading.local()


@contextmanager
def request_scope(deadline: float, stop: threading.Event | None) -> Iterator[None]:
    """Bound every socket operation on this thread by `deadline` (time.monotonic) and `stop`."""
    before = getattr(_call, "scope", None)
    _call.scope = (deadline, stop)
    try:
        yield
    finally:
        _call.scope = before


def _budget(timeout: float | None) -> tuple[float | None, float | None, threading.Event | None]:
    """(timeout to use for one slice, absolute deadline, stop event) for a socket operation."""
    deadline, stop = getattr(_call, "scope", None) or (None, None)
    if stop is not None and stop.is_set():
        raise Interrupted("interrupted: tracker is shutting down")
    if deadline is None:
        return timeout, None, stop
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded("deadline exceeded")
    return (left if timeout is None else min(timeout, left)), deadline, stop


class GuardedStream(httpcore.NetworkStream):
    """A stream whose reads and writes respect the request deadline and the stop event."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        limit, deadline, stop = _budget(timeout)
        if deadline is None and stop is None:
            return self._inner.read(max_bytes, timeout)
        end = None if limit is None else time.monotonic() + limit
        while True:  # slices, so a stop or the deadline is seen within STOP_POLL
            left = None if end is None else end - time.monotonic()
            if left is not None and left <= 0:
                if deadline is not None and time.monotonic() >= deadline:
                    raise DeadlineExceeded("deadline exceeded while reading")
                raise httpcore.ReadTimeout("timed out")
            piece = STOP_POLL if left is None else min(left, STOP_POLL)
            try:
                return self._inner.read(max_bytes, piece)
            except httpcore.ReadTimeout:
                if stop is not None and stop.is_set():
                    raise Interrupted("interrupted: tracker is shutting down") from None

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        limit, _, _ = _budget(timeout)
        self._inner.write(buffer, limit)

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        limit, _, _ = _budget(timeout)
        return GuardedStream(self._inner.start_tls(ssl_context, server_hostname, limit))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


def _connect(
    address: str,
    port: int,
    timeout: float | None,
    local_address: str | None,
    socket_options: Iterable[Any] | None,
) -> httpcore.NetworkStream:
    """A TCP connection to one IP address, in STOP_POLL slices so that a blackholed address
    ends with the deadline or the stop event, not after the whole connect timeout."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if local_address:
            sock.bind((local_address, 0))
        sock.setblocking(False)
        err = sock.connect_ex((address, port))
        end = None if timeout is None else time.monotonic() + timeout
        while err != 0:
            if err not in (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY):
                raise httpcore.ConnectError(f"[Errno {err}] {os.strerror(err)}")
            _budget(None)  # raises on stop or deadline
            left = None if end is None else end - time.monotonic()
            if left is not None and left <= 0:
                raise httpcore.ConnectTimeout("timed out")
            _, writable, _ = select.select(
                [], [sock], [], STOP_POLL if left is None else min(left, STOP_POLL)
            )
            if writable:
                err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    raise httpcore.ConnectError(f"[Errno {err}] {os.strerror(err)}")
        sock.setblocking(True)
        for option in socket_options or ():
            sock.setsockopt(*option)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except BaseException:
        sock.close()
        raise
    # httpcore's own stream over a connected socket (httpx is pinned <0.29, httpcore 1.x)
    return SyncStream(sock)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend with the address policy at connect time and bounded streams.

    `check=False` is for proxied transports: the proxy is the operator's choice and may well
    live on a private network; the target host is then checked by name in HttpClient.
    Connections go to the resolved address itself (no second lookup a rebinding DNS server
    could answer differently).
    """

    def __init__(
        self, *, check: bool, resolver: Resolver | None = None, policy: Policy | None = None
    ) -> None:
        self.check = check
        self.resolver = resolver or system_resolver
        self.policy = policy or address_problem

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        limit, _, _ = _budget(timeout)
        try:
            addresses = self.resolver(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        if self.check:
            for address in addresses:  # every answer must pass: one bad one poisons the name
                problem = self.policy(address)
                if problem:
                    raise BlockedAddress(f"refused: {host} resolves to {problem} address {address}")
        last: Exception | None = None
        for address in addresses:  # connect to the address that was checked, not the name
            try:
                return GuardedStream(_connect(address, port, limit, local_address, socket_options))
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise BlockedAddress("refused: unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
