"""The one fetch seam: every outbound HTTP request goes through `HttpClient` (client.py), or
for alert deliveries through `delivery_client()` (same transports, proxies and deadlines).

Modules: client (requests, redirects, retries, caps), netguard (address policy, deadline and
stop at the socket), decode (bounded content decoding), transports (httpx pools, proxies),
retry_after (the one Retry-After parser), urls (host checks), model (settings, results).
"""

from __future__ import annotations

from tracker.fetch.client import (
    CRAWL_DELAY_MAX,
    PERMANENT_5XX,
    REDIRECT_STATUSES,
    ROBOTS_MAX_BYTES,
    HttpClient,
)
from tracker.fetch.many import fetch_many
from tracker.fetch.model import (
    DEFAULT_USER_AGENT,
    FetchResult,
    FetchSettings,
    HttpFetchError,
    sniff,
)
from tracker.fetch.netguard import BlockedAddress, address_problem
from tracker.fetch.retry_after import RETRY_AFTER_CAP, parse_retry_after
from tracker.fetch.transports import Transports, delivery_client
from tracker.fetch.urls import host_matches, registrable_domain
from tracker.redact import SECRET_PARAMS, redact_text, redact_url, scrub

__all__ = [
    "CRAWL_DELAY_MAX",
    "DEFAULT_USER_AGENT",
    "PERMANENT_5XX",
    "REDIRECT_STATUSES",
    "RETRY_AFTER_CAP",
    "ROBOTS_MAX_BYTES",
    "SECRET_PARAMS",
    "BlockedAddress",
    "FetchResult",
    "FetchSettings",
    "HttpClient",
    "HttpFetchError",
    "Transports",
    "address_problem",
    "delivery_client",
    "fetch_many",
    "host_matches",
    "parse_retry_after",
    "redact_text",
    "redact_url",
    "registrable_domain",
    "scrub",
    "sniff",
]
