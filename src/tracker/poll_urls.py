"""Where a poll may go: the URLs a source is fetched from, the hosts it may reach, which of a
feed's article links are followed, and the SBP index page's file dates."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

from tracker.config import SourceConfig
from tracker.fetch import host_matches, registrable_domain
from tracker.redact import scrub
from tracker.sources.base import Document
from tracker.sources.registry import SourceKind, get, with_capability
from tracker.store import Store


def file_name(url: str) -> str:
    """Last path segment of a URL, lower-cased: how index entries and sources are matched."""
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1]).lower()


def allowed_hosts(source: SourceConfig) -> tuple[str, ...] | None:
    """A kind with its own hosts (SBP's) may only reach those, plus whatever hosts the
    source's config names; None: any public host."""
    hosts = get(source.kind).hosts
    if hosts is None:
        return None
    named = {urlsplit(u).hostname or "" for u in (source.url, *source.fallback_urls)}
    return tuple(sorted(set(hosts) | named - {""}))


def article_hosts(source: SourceConfig) -> tuple[str, ...]:
    """Where a feed/listing's article links may point: the registrable domain of the source's
    own URL, plus its configured `article_hosts` (subdomains included)."""
    own = registrable_domain(urlsplit(source.url).hostname or "")
    named = (h.lower().strip(".") for h in getattr(source, "article_hosts", None) or ())
    return tuple(sorted({own, *named} - {""}))


def article_link_problem(url: str, hosts: tuple[str, ...]) -> str | None:
    """Why a feed's article link is not fetched (None: it may be): not http(s), or a host
    outside the source's own domain and article_hosts (issue 16: a feed chose internal URLs)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return f"invalid URL {scrub(url)[:200]!r}"
    if parts.scheme.lower() not in ("http", "https") or not host:
        return f"not an http(s) URL: {scrub(url)[:200]}"
    if not host_matches(host, hosts):
        return f"{host} is not the feed's domain or one of its article_hosts ({', '.join(hosts)})"
    return None


def discovered_files(store: Store) -> dict[str, dict[str, str | None]]:
    """File name -> {url, updated} as last read from any index page (a kind that discovers
    files)."""
    found: dict[str, dict[str, str | None]] = {}
    for state in store.source_states(with_capability(lambda k: k.discovers_files)):
        for name, entry in json.loads(state or "{}").get("files", {}).items():
            found.setdefault(name, entry)
    return found


def candidate_urls(store: Store, source: SourceConfig) -> list[str]:
    """The configured URL, then where the index page says the file lives now (SBP moved files
    to /assets/document/ in 2026), then the configured fallbacks (the archive host)."""
    urls = [source.url]
    if get(source.kind).file_copies:
        entry = discovered_files(store).get(file_name(source.url))
        if entry and entry.get("url") and entry["url"] not in (source.url, *source.fallback_urls):
            urls.append(str(entry["url"]))
    return urls + [u for u in source.fallback_urls if u not in urls]


def index_changes(store: Store, name: str, doc: Document, kind: SourceKind) -> dict[str, str]:
    """Save an index page's files and dates; return those whose Last Updated advanced.

    The first read of a page only records the dates: every file is polled at start-up anyway.
    `kind` (one that discovers files) reads the page.
    """
    entries = kind.files(doc)
    with store.write():
        row = store.source_row(name) or {}
        state = json.loads(row.get("state") or "{}")
        before: dict[str, dict[str, str | None]] | None = state.get("files")
        changed: dict[str, str] = {}
        files: dict[str, dict[str, str | None]] = {}
        for fname, (url, when) in entries.items():
            key = fname.lower()
            stamp = when.isoformat() if when else None
            prev = (before or {}).get(key, {}).get("updated")
            if before is not None and stamp and (prev is None or stamp > prev):
                changed[key] = url
            files[key] = {"url": url, "updated": stamp}
        state["files"] = files
        store.update_source(name, state=json.dumps(state, sort_keys=True))
    return changed
