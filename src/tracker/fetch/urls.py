"""URL checks shared by the client and the pollers: schemes, allowed hosts, registrable domains."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpx

# Second-level labels under which a registrable domain has three labels (dawn.com.pk is not
# "com.pk"). A short list, not the Public Suffix List: it only has to keep one news site from
# counting as another; add a suffix here when a configured outlet needs it.
MULTI_LABEL_SUFFIXES = frozenset({
    "com.pk", "org.pk", "net.pk", "gov.pk", "edu.pk", "gop.pk", "tv.pk", "fm.pk", "web.pk",
    "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.in", "net.in",
    "org.in", "co.jp", "com.cn", "com.sg", "com.ae", "co.ae", "com.sa", "com.tr", "co.nz",
    "com.br", "co.za", "com.hk", "com.my", "com.bd",
})


def host_matches(host: str, allowed: Iterable[str]) -> bool:
    """True if `host` is one of `allowed` or a subdomain of one (sbp.org.pk covers easydata.…)."""
    host = host.lower().strip(".")
    return any(host == a or host.endswith("." + a) for a in allowed)


@functools.lru_cache(maxsize=1024)
def registrable_domain(host: str) -> str:
    """The registrable domain of a host (www.dawn.com → dawn.com, x.tribune.com.pk →
    tribune.com.pk); an IP literal or a single-label name is its own domain."""
    host = host.lower().strip(".").strip("[]")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) <= 2:
        return host
    keep = 3 if ".".join(labels[-2:]) in MULTI_LABEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


@functools.lru_cache(maxsize=4096)
def parsed(url: str) -> httpx.URL:
    """httpx.URL of a URL string, cached: a poller asks for the same URLs all day, and httpx's
    pure-Python URL parser was a tenth of an unchanged poll's CPU. URL objects are immutable."""
    return httpx.URL(url)


@functools.lru_cache(maxsize=4096)
def host_key(url: str) -> str:
    """host[:port] the per-host interval is kept for."""
    return urlsplit(url).netloc.lower()
