"""Apply the plausibility gate to one parsed official document, at the ingest boundary.

Poll, backfill and the EasyData client call `gate()` with a document's parse result just
before `ingest()`: figures that fail are held (never stored, so never canonical) and each
document raises at most one `official_held` and one `parser_drift` admin event, keyed by the
document so a re-poll of the same bytes does not alert twice (the drift key is the one poll.py
uses for "no figures at all", so a document never raises two drift alerts).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tracker import plausibility
from tracker.admin import raise_admin
from tracker.model import Authority, Figure, Period, Series
from tracker.routes import ChannelRoute
from tracker.sources.base import ParseResult
from tracker.store import Store


@dataclass
class GateOutcome:
    figures: list[Figure] = field(default_factory=list)  # what may be ingested
    held: list[str] = field(default_factory=list)  # "series period: reason"
    misses: list[str] = field(default_factory=list)

    def details(self) -> list[str]:
        return [f"held {h}" for h in self.held] + [f"drift: {m}" for m in self.misses]


def official_history(store: Store) -> dict[Period, float]:
    """Current official monthly item-9 values by month (the band's reference)."""
    out = {}
    for row in store.canonical_months(Series.IT_EXPORTS.value):
        if row.authority == Authority.OFFICIAL.value:
            out[Period.parse(row.period)] = row.value_usd_millions
    return out


def gate(
    store: Store,
    parsed: ParseResult,
    *,
    source: str,
    document: str,
    url: str,
    now: datetime,
    channels: Sequence[ChannelRoute],
    expected_newest: Period | None = None,
    expected_keys: Iterable[str] = (),
    found_keys: Iterable[str] = (),
) -> GateOutcome:
    """Hold implausible official figures and alert on holds and silent misses.

    `document` identifies the body (e.g. its SHA-256 prefix) so each alert fires once per
    document. Must be called outside a `store.write()` block (admin events write).
    """
    figures = parsed.figures
    warnings = [w for w in parsed.warnings if w not in parsed.expected_gaps]
    result = plausibility.check(figures, today=now.date(), history=official_history(store))
    misses = plausibility.silent_misses(
        figures, warnings, expected_newest=expected_newest, expected_keys=expected_keys, found_keys=found_keys
    )
    out = GateOutcome(result.passed, result.reasons(), misses)
    if out.held:
        raise_admin(
            store,
            rule="official_held",
            subject=f"{source}:{document}",
            message=f"{source}: held {len(out.held)} implausible official figure(s) "
            f"from {url} (not stored): " + "; ".join(out.held[:8]),
            channels=channels,
            now=now,
        )
    if misses:
        raise_admin(
            store,
            rule="parser_drift",
            subject=f"{source}:{document}",
            message=f"{source}: the parser lost something in {url}: " + "; ".join(misses[:8]),
            channels=channels,
            now=now,
        )
    return out


__all__ = ["GateOutcome", "gate", "official_history"]
