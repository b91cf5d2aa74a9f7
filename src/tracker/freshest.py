"""The freshest copy of an SBP file published at several URLs.

Since SBP's 2026 site migration a file can live at `/assets/document/`, on the archive host
(which stopped updating) and wherever the index page links. Taking the first URL that
answers read a stale file forever, so every candidate is polled and the one whose content
holds the newest period is used. A candidate that lags behind another is reported: in the
poll's details, in the source's state (shown by `tracker status --json`) and once per
(URL, period it is stuck at) as a `stale_copy` admin alert. Backfill takes the freshest copy
too, and only notes the stale ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.admin import raise_admin
from tracker.errors import FetchError, Interrupted, ParseError
from tracker.model import Period, PeriodKind
from tracker.sources.base import Document, ParseResult
from tracker.store import iso

if TYPE_CHECKING:
    from tracker.collect import Reach
    from tracker.config import SourceConfig
    from tracker.fetch import FetchResult
    from tracker.poll_outcome import PollOutcome
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


def collect_freshest(
    reach: Reach, store: Store, source: SourceConfig, row: dict[str, Any], urls: list[str]
) -> PollOutcome:
    """Fetch, check and parse every candidate URL; store the freshest like a single copy.

    The poller remembers each copy's newest period and alerts once on a stale one; backfill
    (`reach.historical`) only notes it in the outcome's details.
    """
    from tracker.collect import as_document, check_file, parse_safely, store_parsed
    from tracker.poll_outcome import PollOutcome

    state = json.loads(row.get("state") or "{}")
    copies: dict[str, dict[str, Any]] = state.get("copies", {})
    candidates: list[Candidate] = []
    errors: list[str] = []
    refused: list[str] = []  # candidates that answered but did not parse
    for url in urls:
        # Conditional GET only where the copy's newest period is remembered: a 304 must still
        # say what the copy holds, or a stale copy could win the comparison.
        primary = not reach.historical and url == source.url and bool(copies.get(url, {}).get("newest"))
        try:
            res = reach.get(store, source, url, validators=row if primary else None)
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
            check_file(source, res, row.get("last_size"))
            doc = as_document(source, res, reach.clock())
            parsed = parse_safely(source.kind, doc)
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
    details = [f"freshest copy: {best.url} ({best.label})"]
    details += [f"stale copy: {c.url} holds {c.label}, behind {best.label}" for c in behind]
    details += [f"candidate failed: {e}" for e in errors + refused]
    if not reach.historical:
        _remember(store, source.name, state, candidates, best, behind, reach.clock())
        _alert_stale(reach, store, source, best, behind)
    if best.res is None or best.parsed is None or best.doc is None:
        return PollOutcome(source.name, "not_modified", details=details)
    return store_parsed(reach, store, source, row, best.res, best.doc, best.parsed, details)


def _alert_stale(
    reach: Reach, store: Store, source: SourceConfig, best: Candidate, behind: list[Candidate]
) -> None:
    now = reach.clock()
    for c in behind:
        raise_admin(
            store,
            rule="stale_copy",
            subject=f"{source.name}:{c.url}:{c.label}",
            message=f"{source.name}: {c.url} stopped changing: it holds {c.label} "
            f"while {best.url} holds {best.label}; using the fresher copy",
            channels=reach.settings.channels,
            now=now,
        )


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


__all__ = ["Candidate", "choose", "collect_freshest", "newest_period", "stale"]
