"""The freshest copy of an SBP file published at several URLs.

Since SBP's 2026 site migration a file can live at `/assets/document/`, on the archive host
(which stopped updating) and wherever the index page links. Taking the first URL that
answers read a stale file forever, so every candidate is polled and the one whose content
holds the newest period is used. A candidate that lags behind another is reported: in the
poll's details, in the source's state (shown by `tracker status --json`) and once per
(URL, period it is stuck at) as a `stale_copy` admin alert.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.admin import raise_admin
from tracker.errors import FetchError, Interrupted, ParseError
from tracker.model import Period, PeriodKind
from tracker.sources.base import Document, ParseResult
from tracker.store import iso

if TYPE_CHECKING:
    from tracker.config import SourceConfig
    from tracker.fetch import FetchResult
    from tracker.poll import Poller, PollOutcome
    from tracker.store import Store


@dataclass
class Candidate:
    """One URL's answer: its parse, or only the newest period remembered (HTTP 304)."""

    url: str
    newest: Period | None
    res: FetchResult | None = None
    doc: Document | None = None
    parsed: ParseResult | None = None

    @property
    def label(self) -> str:
        return str(self.newest) if self.newest else "no period"


def newest_period(parsed: ParseResult) -> Period | None:
    """The newest month a parse holds (FYTD ends count only if there is no month)."""
    months = [f.period for f in parsed.figures if f.period.kind is PeriodKind.MONTH]
    if months:
        return max(months)
    ends = [f.period.last for f in parsed.figures]
    return Period.from_index(max(ends)) if ends else None


def choose(candidates: list[Candidate]) -> Candidate:
    """The candidate with the newest period; on a tie the earlier one (the configured order)."""
    best = candidates[0]
    for c in candidates[1:]:
        if c.newest is not None and (best.newest is None or c.newest.last > best.newest.last):
            best = c
    return best


def stale(candidates: list[Candidate], best: Candidate) -> list[Candidate]:
    """Candidates whose content is older than the chosen one's."""
    if best.newest is None:
        return []
    return [c for c in candidates if c is not best and (c.newest is None or c.newest.last < best.newest.last)]


def freshest_response(
    urls: list[str], fetch: Callable[[str], FetchResult], parse: Callable[[FetchResult], ParseResult]
) -> tuple[FetchResult, list[str]]:
    """Fetch and parse every URL; the response holding the newest period, and what lagged or
    failed (for backfill, which has no alerting of its own)."""
    candidates: list[Candidate] = []
    notes: list[str] = []
    refused = False
    for url in urls:
        try:
            res = fetch(url)
            parsed = parse(res)
        except Interrupted:
            raise
        except ParseError as exc:
            notes.append(f"{url}: {exc}")
            refused = True
            continue
        except FetchError as exc:
            notes.append(f"{url}: {exc}")
            continue
        candidates.append(Candidate(url, newest_period(parsed), res))
    if not candidates:
        raise (ParseError if refused else FetchError)("; ".join(notes))
    best = choose(candidates)
    notes += [f"stale copy: {c.url} holds {c.label}" for c in stale(candidates, best)]
    assert best.res is not None
    return best.res, notes


def poll_freshest(
    poller: Poller, store: Store, source: SourceConfig, row: dict[str, Any], urls: list[str]
) -> PollOutcome:
    """Fetch and parse every candidate URL; store the freshest like a normal poll."""
    from tracker.poll import PollOutcome, parser_for

    state = json.loads(row.get("state") or "{}")
    copies: dict[str, dict[str, Any]] = state.get("copies", {})
    candidates: list[Candidate] = []
    errors: list[str] = []
    refused: list[str] = []  # candidates that answered but did not parse
    for url in urls:
        # Conditional GET only where the copy's newest period is remembered: a 304 must still
        # say what the copy holds, or a stale copy could win the comparison.
        primary = url == source.url and bool(copies.get(url, {}).get("newest"))
        try:
            res = poller.logged_get(store, source, url, row if primary else None)
        except Interrupted:
            raise
        except FetchError as exc:
            errors.append(str(exc))
            continue
        if res.not_modified:
            known = copies.get(url, {}).get("newest")
            candidates.append(Candidate(url, Period.parse(known) if known else None))
            continue
        try:
            poller.validate_file(source, res, row.get("last_size"))
            doc = Document(
                url=res.url,
                body=res.body,
                content_type=res.content_type,
                fetched_at=poller.clock(),
                source=source.name,
            )
            parsed = parser_for(source.kind)(doc)
        except ParseError as exc:
            refused.append(f"{url}: {exc}")
            continue
        candidates.append(Candidate(url, newest_period(parsed), res, doc, parsed))
    if not candidates:
        if refused:  # a body that does not parse is drift, as on the single-URL path
            raise ParseError("; ".join(refused + errors))
        raise FetchError("; ".join(errors))
    best = choose(candidates)
    behind = stale(candidates, best)
    _remember(store, source.name, state, candidates, best, behind, poller.clock())
    details = [f"freshest copy: {best.url} ({best.label})"]
    details += [f"stale copy: {c.url} holds {c.label}, behind {best.label}" for c in behind]
    details += [f"candidate failed: {e}" for e in errors + refused]
    now = poller.clock()
    for c in behind:
        raise_admin(
            store,
            rule="stale_copy",
            subject=f"{source.name}:{c.url}:{c.label}",
            message=f"{source.name}: {c.url} stopped changing: it holds {c.label} "
            f"while {best.url} holds {best.label}; using the fresher copy",
            channels=poller.settings.channels,
            now=now,
        )
    if best.res is None or best.parsed is None or best.doc is None:
        return PollOutcome(source.name, "not_modified", details=details)
    return poller.store_parsed(store, source, row, best.res, best.doc, best.parsed, details)


def _remember(
    store: Store,
    name: str,
    state: dict[str, Any],
    candidates: list[Candidate],
    best: Candidate,
    behind: list[Candidate],
    now: Any,
) -> None:
    copies = dict(state.get("copies", {}))
    for c in candidates:
        entry = dict(copies.get(c.url, {}))
        if c.newest is not None:
            entry["newest"] = str(c.newest)
        entry["checked_at"] = iso(now)
        entry["stale"] = c in behind
        entry["chosen"] = c is best
        copies[c.url] = entry
    with store.write():
        fresh = json.loads((store.source_row(name) or {}).get("state") or "{}")
        fresh["copies"] = copies
        store.update_source(name, state=json.dumps(fresh, sort_keys=True))


__all__ = ["Candidate", "choose", "freshest_response", "newest_period", "poll_freshest", "stale"]
