"""The httpx transports the client sends through, each over tracker's guarded network backend."""

from __future__ import annotations

import contextlib
import ssl
import threading
from urllib.parse import urlsplit
from urllib.request import (  # type: ignore[attr-defined]  # in CPython, not in typeshed
    getproxies_environment,
    proxy_bypass_environment,
)

import httpcore
import httpx

from tracker.fetch.netguard import GuardedBackend, Policy, Resolver
from tracker.redact import register_secret


class Transports:
    """The httpx transports HttpClient sends through: one per scheme, plus one per proxy.

    Proxies come from the environment as httpx.Client would take them (HTTP_PROXY,
    HTTPS_PROXY, ALL_PROXY, NO_PROXY). A transport is built on first use, so a process that
    only reaches plain-HTTP URLs never loads the CA bundle (~90 ms). The plain-HTTP transport
    gets a TLS context that trusts nothing: it never does TLS (URLs are routed by scheme), and
    if it ever did, verification would fail rather than pass.

    Every transport connects through a GuardedBackend (netguard.py): direct connections check
    the resolved address; all of them bound reads by the request deadline and the stop event.
    """

    def __init__(
        self,
        fixed: httpx.BaseTransport | None = None,
        *,
        check_addresses: bool = True,
        resolver: Resolver | None = None,
        policy: Policy | None = None,
    ) -> None:
        self._fixed = fixed  # tests: httpx.MockTransport for every URL
        self._proxies = {k: v for k, v in getproxies_environment().items() if k != "no"}
        for proxy in self._proxies.values():  # user:password@ of a proxy never reaches a log
            with contextlib.suppress(ValueError):
                register_secret(urlsplit(proxy).password)
        self._built: dict[tuple[str, str | None], httpx.BaseTransport] = {}
        self._bypass: dict[str, bool] = {}
        self._lock = threading.Lock()
        self._check = check_addresses
        self._resolver = resolver
        self._policy = policy

    def for_url(self, url: httpx.URL) -> httpx.BaseTransport:
        if self._fixed is not None:
            return self._fixed
        key = (url.scheme, self.proxy_for(url))
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

    def proxy_for(self, url: httpx.URL) -> str | None:
        """The proxy URL a request to `url` goes through, or None for a direct connection."""
        if not self._proxies or self._fixed is not None:
            return None
        proxy = self._proxies.get(url.scheme) or self._proxies.get("all")
        if proxy is None:
            return None
        host = url.host
        if host not in self._bypass:
            self._bypass[host] = bool(proxy_bypass_environment(host))
        return None if self._bypass[host] else proxy

    def _build(self, scheme: str, proxy: str | None) -> httpx.BaseTransport:
        if proxy is None and scheme == "http":
            transport = httpx.HTTPTransport(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        else:
            transport = httpx.HTTPTransport(proxy=proxy)
        # Trap: httpx.HTTPTransport takes no network backend, so its pool's is swapped here
        # (httpcore's attribute; httpx is pinned <0.29). A proxy is the operator's choice and
        # may live on a private network: only direct connections check addresses.
        pool: httpcore.ConnectionPool = transport._pool  # type: ignore[assignment]
        pool._network_backend = GuardedBackend(
            check=self._check and proxy is None, resolver=self._resolver, policy=self._policy
        )
        return transport


class RoutingTransport(httpx.BaseTransport):
    """One httpx transport over a Transports set: for wrappers that need a single transport
    (EasyData's Retry-After recorder) yet must keep the guarded, per-scheme/proxy routing."""

    def __init__(self, transports: Transports) -> None:
        self.transports = transports

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.transports.for_url(request.url).handle_request(request)

    def close(self) -> None:
        self.transports.close()


def delivery_client() -> httpx.Client:
    """The client alerts are POSTed with: proxies from the environment and the guarded
    backend (deadline, stop event) like every fetch; no address check, because a channel URL
    is the operator's own choice (a receiver on the intranet is legitimate)."""
    return httpx.Client(transport=RoutingTransport(Transports(check_addresses=False)))
