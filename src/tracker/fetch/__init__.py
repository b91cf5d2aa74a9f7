"""The one fetch seam: every outbound HTTP request goes through `HttpClient` (client.py), or
for alert deliveries through `DeliveryClient` (delivery.py: same transports, proxies, bounds).

Modules: client (requests, redirects, retries, robots, pacing), hops (where a hop may go),
body (status policy, the body under its caps), decode (bounded content decoding), netguard
(address policy, deadline and stop at the socket), transports (the only place httpx clients
and transports are built), delivery (alert POSTs), retry_after (the one Retry-After parser),
urls (host checks), model (settings, results, errors), many (a thread pool of gets).
"""

from __future__ import annotations

from tracker.fetch.body import PERMANENT_5XX
from tracker.fetch.client import CRAWL_DELAY_MAX, ROBOTS_MAX_BYTES, HttpClient
from tracker.fetch.delivery import DeliveryClient, PostFailed, Reply
from tracker.fetch.hops import REDIRECT_STATUSES
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
    "DeliveryClient",
    "FetchResult",
    "FetchSettings",
    "HttpClient",
    "HttpFetchError",
    "PostFailed",
    "Reply",
    "address_problem",
    "fetch_many",
    "host_matches",
    "parse_retry_after",
    "redact_text",
    "redact_url",
    "registrable_domain",
    "scrub",
    "sniff",
]
