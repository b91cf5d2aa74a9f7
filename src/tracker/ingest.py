"""The one path every figure takes: store → reconcile → detect → queue, in one transaction.

Polls, backfill and `tracker import` all call `ingest()`; a crash anywhere leaves either all
of it (observations, vintages, events, outbox rows) or none of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from tracker.config import Config
from tracker.model import Event, EventKind, Figure, Period, PeriodKind, Series
from tracker.reconcile import decide
from tracker.rules import MonthValue, RuleSettings, plan_events, record_facts, threshold_rule
from tracker.store import Store, utcnow


@dataclass(frozen=True)
class ChannelRoute:
    """Which events a channel takes: admin channels get only admin events."""

    name: str
    admin: bool = False
    unconfirmed: bool = False

    def wants(self, event: Event) -> bool:
        if self.admin:
            return event.kind is EventKind.ADMIN
        if event.kind is EventKind.ADMIN:
            return False
        return event.kind is not EventKind.UNCONFIRMED or self.unconfirmed


@dataclass(frozen=True)
class IngestSettings:
    min_news_sources: int = 2
    rules: RuleSettings = field(default_factory=RuleSettings)
    rule_series: tuple[Series, ...] = (Series.IT_EXPORTS,)
    channels: tuple[ChannelRoute, ...] = ()

    @classmethod
    def from_config(cls, config: Config) -> IngestSettings:
        r = config.rules
        return cls(
            min_news_sources=config.reconcile.min_news_sources,
            rules=RuleSettings(r.all_time_high, r.same_month_high, r.fytd_high,
                               tuple(r.thresholds)),
            rule_series=tuple(Series(s) for s in r.series),
            channels=tuple(ChannelRoute(c.name, c.admin, c.unconfirmed)
                           for c in config.channels if c.is_active()),
        )

    def enabled_rules(self) -> set[str]:
        names = {name for name, on in (("all_time_high", self.rules.all_time_high),
                                       ("same_month_high", self.rules.same_month_high),
                                       ("fytd_high", self.rules.fytd_high)) if on}
        return names | {threshold_rule(t) for t in self.rules.thresholds}


@dataclass
class IngestReport:
    """What one ingest changed."""

    observations: int = 0
    revised: list[tuple[str, str, float | None, float | None]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    queued: int = 0


def outlet_of(figure: Figure) -> str:
    """Who states a figure: the site of its document for news, else its source name."""
    if figure.document and "://" in figure.document:
        host = urlsplit(figure.document).hostname or ""
        return host.removeprefix("www.") or figure.source
    return figure.source


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
    """Store figures and everything they imply, atomically. Re-ingesting is a no-op."""
    now = now or utcnow()
    report = IngestReport()
    with store.write():
        touched: set[tuple[str, str]] = set()
        for fig in figures:
            if store.add_observation(fig, document_id=document_id, outlet=outlet_of(fig),
                                     observed_at=observed_at or now) is not None:
                report.observations += 1
                touched.add((fig.series.value, str(fig.period)))
        changed_series: set[str] = set()
        for series, period in sorted(touched):
            if _reconcile_period(store, series, period, settings, now, report):
                changed_series.add(series)
        for series in sorted(changed_series):
            if Series(series) in settings.rule_series:
                _detect(store, Series(series), settings, historical, now, report)
    return report


def _reconcile_period(store: Store, series: str, period: str, settings: IngestSettings,
                      now: datetime, report: IngestReport) -> bool:
    """Bring the canonical value of one period up to date; True if it changed."""
    decision = decide(store.observations(series, period), settings.min_news_sources)
    store.set_conflict(series, period, decision.conflict, now)
    current = store.current_vintage(series, period)
    if decision.value is None:
        if current is None:
            return False
        store.retire_vintage(series, period, now)
        report.revised.append((series, period, current.value_usd_millions, None))
        return True
    unchanged = current is not None and (
        current.value_usd_millions, current.status, current.authority
    ) == (decision.value, decision.status, decision.authority)
    if unchanged:
        return False
    store.add_vintage(series=series, period=period, value=decision.value,
                      status=str(decision.status), authority=str(decision.authority),
                      source=str(decision.source), observation_id=decision.observation_id,
                      seen_at=now)
    report.revised.append((series, period,
                           current.value_usd_millions if current else None, decision.value))
    return True


def _detect(store: Store, series: Series, settings: IngestSettings, historical: bool,
            now: datetime, report: IngestReport) -> None:
    months = [
        MonthValue(Period.parse(v.period), v.value_usd_millions, v.authority, v.status, v.id)
        for v in store.canonical_months(series.value)
    ]
    months = [m for m in months if m.period.kind is PeriodKind.MONTH]
    facts = record_facts(months, settings.rules)
    enabled = settings.enabled_rules()
    last = {
        (row["rule"], row["period"]): row
        for row in store.rows(
            "SELECT e.* FROM events e JOIN (SELECT max(id) AS id FROM events "
            "WHERE series = ? AND kind != 'admin' GROUP BY rule, period) m ON e.id = m.id",
            (series.value,),
        )
        if row["rule"] in enabled
    }
    current = {str(m.period): m for m in months}
    for event in plan_events(series, facts, last, current):
        event_id = store.add_event(event, historical=historical, at=now)
        if event_id is None:
            continue
        report.events.append(event)
        if not historical:
            report.queued += queue_event(store, event_id, event, settings.channels, now)


def queue_event(store: Store, event_id: int, event: Event,
                channels: Iterable[ChannelRoute], now: datetime) -> int:
    """One outbox row per channel that wants this event (same transaction as the event)."""
    n = 0
    for ch in channels:
        if ch.wants(event):
            store.queue(event_id, ch.name, now)
            n += 1
    return n
