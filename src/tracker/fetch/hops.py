"""Where one hop of a request may go: scheme, allowed hosts, literal addresses, redirect targets."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

import httpx

from tracker.fetch.model import Failure
from tracker.fetch.netguard import Policy, Resolver, address_problem, literal_problem, system_resolver
from tracker.fetch.urls import host_matches
from tracker.redact import redact_url

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def check_hop(
    url: str,
    allowed: frozenset[str] | None,
    *,
    redirect: bool,
    check_addresses: bool,
    policy: Policy | None = None,
    resolver: Resolver | None = None,
) -> str:
    """`url` if its scheme, host and (for a literal address) the address policy allow it."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port out of range
    except ValueError as exc:
        raise Failure(f"invalid URL ({exc})") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        what = "redirect to" if redirect else "not an http(s) URL:"
        raise Failure(f"{what} {redact_url(url)}")
    if parts.username is not None or parts.password is not None:
        # httpx would send them as Basic auth to this host and they would be stored with the
        # document's URL (alerts, exports): a source's credentials belong in its headers.
        what = "redirect to" if redirect else "refused:"
        raise Failure(f"{what} a URL with credentials in it ({redact_url(url)})")
    if allowed is not None and not host_matches(parts.hostname, allowed):
        what = "redirect to disallowed host" if redirect else "host not allowed:"
        raise Failure(f"{what} {parts.hostname}")
    if check_addresses:
        # Names are resolved and checked at connect time (netguard.GuardedBackend); this
        # catches literal addresses early. Behind a proxy the proxy resolves the name, so it
        # is resolved here too (best effort: the proxy may see another answer).
        problem = literal_problem(parts.hostname, policy)
        if problem is None and proxied(parts.scheme):
            problem = resolved_problem(parts.hostname, parts.port, resolver, policy)
        if problem:
            what = "redirect to" if redirect else "refused:"
            raise Failure(
                f"{what} {parts.hostname} is a {problem} address (http.allow_private_networks is off)"
            )
    return url


def redirect_target(response: httpx.Response, seen: set[str]) -> str:
    """Where a 3xx points (fragment dropped), refusing a missing Location and loops; the
    target is added to `seen` and still needs check_hop."""
    location = response.headers.get("location")
    if not location:
        raise Failure(f"HTTP {response.status_code} redirect without Location", status=response.status_code)
    try:
        target = str(response.url.join(location).copy_with(fragment=None))
    except httpx.InvalidURL:
        raise Failure(f"redirect to an invalid URL {location!r}") from None
    if target in seen:
        raise Failure(f"redirect loop back to {redact_url(target)}")
    seen.add(target)
    return target


def proxied(scheme: str) -> bool:
    """Whether the environment names a proxy for `scheme` (NO_PROXY is not consulted: httpx and
    urllib read it differently, and checking a direct host once more costs one lookup)."""
    proxies = urllib.request.getproxies_environment()
    return bool(proxies.get(scheme.lower()) or proxies.get("all"))


def resolved_problem(
    host: str, port: int | None, resolver: Resolver | None, policy: Policy | None
) -> str | None:
    """Why a proxied host may not be reached: the first of its addresses the policy refuses.
    A name that does not resolve here is left to the proxy (it may see a DNS we cannot)."""
    try:
        addresses = (resolver or system_resolver)(host, port or 443)
    except OSError:
        return None
    for address in addresses:
        problem = (policy or address_problem)(address)
        if problem:
            return f"{problem} (resolved: {address})"
    return None
