"""The one place httpx clients and transports are built: all of them over netguard's backend."""

from __future__ import annotations

from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any

import httpcore
import httpx

from tracker.fetch.netguard import GuardedBackend, Policy, Resolver
from tracker.redact import register_secret


class GuardedClient(httpx.Client):
    """An httpx.Client whose every transport connects through a GuardedBackend (netguard.py).

    httpx itself reads the proxies from the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY,
    NO_PROXY) and builds one transport for direct connections and one per proxy through the
    two `_init_*transport` hooks below; they return guarded transports. Direct connections
    check the resolved address; a proxy is the operator's choice and may live on a private
    network, so proxied connections do not (HttpClient checks literal hosts before sending).
    Every connection bounds its reads by the request deadline and the stop event.

    Redirects are never followed here (HttpClient checks every hop itself) and no cookie is
    ever kept. `transport` (tests: httpx.MockTransport) replaces all of it, proxies included.
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        check_addresses: bool = True,
        resolver: Resolver | None = None,
        policy: Policy | None = None,
    ) -> None:
        self._guard = (check_addresses, resolver, policy)  # read by the hooks during __init__
        super().__init__(
            transport=transport,
            trust_env=transport is None,
            follow_redirects=False,
            cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])),  # accepts none
        )

    # httpx calls both hooks with keywords (verify, cert, limits ...): the defaults are kept.
    def _init_transport(
        self, *args: Any, transport: httpx.BaseTransport | None = None, **kwargs: Any
    ) -> httpx.BaseTransport:
        return transport if transport is not None else self._guarded(None, check=self._guard[0])

    def _init_proxy_transport(self, proxy: httpx.Proxy, *args: Any, **kwargs: Any) -> httpx.BaseTransport:
        if proxy.auth:  # user:password@ of a proxy never reaches a log
            register_secret(proxy.auth[1])
        return self._guarded(proxy, check=False)

    def _guarded(self, proxy: httpx.Proxy | None, *, check: bool) -> httpx.HTTPTransport:
        transport = httpx.HTTPTransport(proxy=proxy)
        # Trap: httpx.HTTPTransport takes no network backend, so its pool's is swapped here
        # (httpcore's attribute; httpx is pinned <0.29).
        pool: httpcore.ConnectionPool = transport._pool  # type: ignore[assignment]
        _, resolver, policy = self._guard
        pool._network_backend = GuardedBackend(check=check, resolver=resolver, policy=policy)
        return transport
