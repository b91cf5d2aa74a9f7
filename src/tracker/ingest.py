"""The one path every figure takes: store → reconcile → detect → queue, in one transaction.

A new document enters through `ingest_document()` (poll, backfill, import, replay: store the
body, ingest its figures, mark it parsed); `tracker reparse` calls `ingest()` on documents
already stored. A crash anywhere leaves either all of it (document, observations, vintages,
events, outbox rows) or none of it. What is *sent* is decided in `detect` (the frontier, held
candidates, who hears what).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from tracker.ingest_settings import IngestSettings, source_outlet
from tracker.model import Event, Figure, Period, PeriodKind, Series, Status, month_index
from tracker.reconcile import decide
from tracker.routes import ChannelRoute, queue_event
from tracker.store import Store, utcnow
from tracker.voices import outlet_of_url

if TYPE_CHECKING:
    from tracker.fetch import FetchResult


@dataclass
class IngestReport:
    """What one ingest changed."""

    observations: int = 0
    revised: list[tuple[str, str, float | None, float | None]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)  # record events
    releases: list[Event] = field(default_factory=list)  # new_month and revision events
    held: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, period, reason)
    refused: list[Figure] = field(default_factory=list)  # dated in a month not yet over
    queued: int = 0

    def revised_values(self) -> int:
        """Months whose canonical value changed from an earlier one (first values excluded)."""
        return sum(1 for _, _, old, new in self.revised if old is not None and old != new)


def outlet_of(figure: Figure, settings: IngestSettings | None = None) -> str:
    """Who states a figure: the wire agency its article credits, else its configured source's
    outlet, else the registrable domain of the document it came from (replay, import), else
    the source name."""
    if figure.credit:
        return f"wire:{figure.credit}"
    if settings is not None and figure.source in settings.outlets:
        return settings.outlets[figure.source] or figure.source
    return outlet_of_url(figure.document) or figure.source


def _published(text: str | None) -> datetime | None:
    """A stored publication date as an aware UTC datetime (None when absent or unreadable)."""
    if not text:
        return None
    try:
        ts = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (ts if ts.tzinfo else ts.replace(tzinfo=UTC)).astimezone(UTC)


def ingest(
    store: Store,
    figures: Sequence[Figure],
    settings: IngestSettings,
    *,
    document_id: int | None = None,
    historical: bool = False,
    now: datetime | None = None,
    observed_at: datetime | None = None,
) -> IngestReport:
    """Store figures and everything they imply, atomically. Re-ingesting is a no-op.

    `historical` (import, backfill) stores events without sending them. An article published
    more than `max_article_age_days` before `now` is history too, whatever it says.
    """
    from tracker.detect import Frontier, announce_months, detect

    now = now or utcnow()
    report = IngestReport()
    with store.write():
        published = _published(store.document_meta(document_id).get("published_at"))
        stale = published is not None and now - published > timedelta(days=settings.max_article_age_days)
        frontiers = {s: Frontier.of(store, s.value) for s in settings.rule_series}
        touched: set[tuple[str, str]] = set()
        # A month that has not ended yet cannot have a figure: a parser that dates a value
        # in the future read the wrong cell or the wrong year. Nothing of it is stored.
        first_open = month_index(now.year, now.month)
        report.refused = [f for f in figures if f.period.last >= first_open]
        for fig in (f for f in figures if f.period.last < first_open):
            if (
                store.add_observation(
                    fig,
                    document_id=document_id,
                    outlet=outlet_of(fig, settings),
                    observed_at=observed_at or now,
                    published_at=published.isoformat() if published else None,
                )
                is not None
            ):
                report.observations += 1
                touched.add((fig.series.value, str(fig.period)))
        changes: list[VintageChange] = []
        # the stated periods first: a month derived from totals needs their new vintages
        for series, period in [*sorted(touched), *sorted(_derivable(touched) - touched)]:
            if (change := _reconcile_period(store, series, period, settings, now)) is not None:
                changes.append(change)
                report.revised.append((series, period, change.old_value, change.new_value))
        # New statements can lift or impose a hold without changing any value: judge again.
        for series in sorted({c.series for c in changes} | {s for s, _ in touched}):
            if Series(series) not in settings.rule_series:
                continue
            quiet = historical or stale
            frontier = frontiers[Series(series)]
            detect(store, Series(series), settings, frontier, quiet=quiet, now=now, report=report)
            announce_months(
                store,
                Series(series),
                settings,
                frontier,
                [c for c in changes if c.series == series],
                quiet=quiet,
                now=now,
                report=report,
            )
    return report


@dataclass(frozen=True)
class NewDocument:
    """A fetched (or local) document as it is stored: the raw body is kept (deduplicated) so
    `tracker reparse` can read it again."""

    source: str
    url: str
    body: bytes
    fetched_at: datetime
    published_at: str | None = None
    title: str | None = None
    http_status: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def fetched(
        cls,
        source: str,
        res: FetchResult,
        fetched_at: datetime,
        *,
        url: str | None = None,
        published: date | None = None,
        title: str | None = None,
    ) -> NewDocument:
        """The document an HTTP answer is stored as (`url`: the link it was fetched for, when
        that is not the answer's own URL)."""
        return cls(
            source=source,
            url=url or res.url,
            body=res.body,
            fetched_at=fetched_at,
            published_at=published.isoformat() if published else None,
            title=title,
            http_status=res.status,
            content_type=res.content_type,
            etag=res.etag,
            last_modified=res.last_modified,
        )


@dataclass(frozen=True)
class Ingested:
    document_id: int
    is_new: bool  # False: the same body from the same source and URL was stored before
    report: IngestReport


def ingest_document(
    store: Store,
    document: NewDocument,
    figures: Sequence[Figure],
    settings: IngestSettings,
    *,
    parser: str,
    found: int | None = None,
    historical: bool = False,
    now: datetime | None = None,
    observed_at: datetime | None = None,
) -> Ingested:
    """The one way a document's figures enter the store (poll, backfill, import, replay):
    store the document, then `ingest()` its figures and mark it parsed, in one transaction.

    `found` is how many figures the parser found (default: len(figures)), which can exceed
    what is ingested when a gate held some back. A caller that must write more in the same
    transaction wraps this in its own `store.write()` (nested use joins it).
    """
    with store.write():
        doc_id, is_new = store.add_document(
            source=document.source,
            url=document.url,
            body=document.body,
            fetched_at=document.fetched_at,
            published_at=document.published_at,
            title=document.title,
            http_status=document.http_status,
            content_type=document.content_type,
            etag=document.etag,
            last_modified=document.last_modified,
        )
        report = ingest(
            store,
            figures,
            settings,
            document_id=doc_id,
            historical=historical,
            now=now or document.fetched_at,
            observed_at=observed_at,
        )
        store.mark_parsed(doc_id, parser, len(figures) if found is None else found)
    return Ingested(doc_id, is_new, report)


@dataclass(frozen=True)
class VintageChange:
    """A period's canonical value moved (old None: first value; new None: retired)."""

    series: str
    period: str
    old_value: float | None
    old_authority: str | None
    new_value: float | None
    new_authority: str | None
    new_status: str | None
    vintage_id: int | None


def _derivable(touched: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Months a changed fiscal-year-to-date total may now imply: its last month and the next."""
    out: set[tuple[str, str]] = set()
    for series, period in touched:
        p = Period.parse(period)
        if p.kind is PeriodKind.FYTD:
            out.add((series, str(Period.from_index(p.last))))
            if p.fiscal_month < 12:
                out.add((series, str(Period.from_index(p.last + 1))))
    return out


def _derived_month(store: Store, series: str, period: Period) -> tuple[float, str] | None:
    """Month M = FYTD(M) - FYTD(M-1) from accepted totals (July: FYTD(Jul) itself)."""
    totals = {v.period: v for v in store.canonical_fytd(series)}
    through = totals.get(str(period.fytd_through()))
    if through is None:
        return None
    if period.fiscal_month == 1:
        return through.value_usd_millions, f"derived: {through.period} ({through.source})"
    before = totals.get(str(Period.from_index(period.first - 1).fytd_through()))
    if before is None:
        return None
    value = round(through.value_usd_millions - before.value_usd_millions, 3)
    if value <= 0:
        return None
    return value, (f"derived: {through.period} ({through.source}) minus {before.period} ({before.source})")


def _reconcile_period(
    store: Store, series: str, period: str, settings: IngestSettings, now: datetime
) -> VintageChange | None:
    """Bring the canonical value of one period up to date; the change, if any."""
    decision = decide(store.observations(series, period), settings.min_news_sources)
    store.set_conflict(series, period, decision.conflict, now)
    current = store.current_vintage(series, period)
    value, status, authority, source = (decision.value, decision.status, decision.authority, decision.source)
    observation_id = decision.observation_id
    if value is None and Period.parse(period).kind is PeriodKind.MONTH:
        derived = _derived_month(store, series, Period.parse(period))
        if derived is not None:
            value, source = derived
            status, authority, observation_id = Status.DERIVED.value, "derived", None
            authority = _weakest_fytd_authority(store, series, Period.parse(period))
    old_value = current.value_usd_millions if current else None
    old_authority = current.authority if current else None
    if value is None:
        if current is None:
            return None
        store.retire_vintage(series, period, now)
        return VintageChange(series, period, old_value, old_authority, None, None, None, None)
    if current is not None and (current.value_usd_millions, current.status, current.authority) == (
        value,
        status,
        authority,
    ):
        return None
    vintage_id = store.add_vintage(
        series=series,
        period=period,
        value=value,
        status=str(status),
        authority=str(authority),
        source=str(source),
        observation_id=observation_id,
        seen_at=now,
    )
    return VintageChange(
        series, period, old_value, old_authority, value, str(authority), str(status), vintage_id
    )


def _weakest_fytd_authority(store: Store, series: str, period: Period) -> str:
    """A derived month is only as official as the totals it comes from."""
    order = ("news", "bundled", "official")
    spans = {str(period.fytd_through())}
    if period.fiscal_month > 1:
        spans.add(str(Period.from_index(period.first - 1).fytd_through()))
    found = [v.authority for v in store.canonical_fytd(series) if v.period in spans]
    return min(found, key=lambda a: order.index(a) if a in order else 0, default="news")


__all__ = [  # the settings and routing types are re-exported: ingest's callers build them
    "ChannelRoute",
    "IngestReport",
    "IngestSettings",
    "Ingested",
    "NewDocument",
    "VintageChange",
    "ingest",
    "ingest_document",
    "outlet_of",
    "queue_event",
    "source_outlet",
]
