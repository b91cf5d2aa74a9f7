"""From a changed canonical series to events, and who hears each (inside ingest's transaction).

Three guards make a false or stale alert impossible by construction:
- **the frontier**: only months after the newest month accepted *before* this ingest are news;
  older ones are history, stored and never announced (an official revision of one of the
  last `revision_months` months may still correct an alert that was sent);
- **held candidates**: a record that any evidence contradicts, or a gap leaves unverifiable
  (see `judge`), is stored with its reason and not announced until the evidence allows;
- **corrections follow the original**: a confirmation or correction goes to the channels that
  received the event it concerns (and the admin channel), never to a channel that did not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.judge import Claim, Knowledge, first_month_candidates, hold_reason
from tracker.model import Authority, Event, EventKind, Period, PeriodKind, Series, Status
from tracker.reconcile import current_statements, news_voices
from tracker.rules import MonthValue, RecordFact, plan_events, record_facts
from tracker.store import Store

if TYPE_CHECKING:
    from tracker.ingest import IngestReport, IngestSettings, VintageChange

CONFIRMED = {Authority.OFFICIAL.value, Authority.BUNDLED.value}


@dataclass(frozen=True)
class Frontier:
    """Where news ends and history begins, as known before an ingest (month indexes).

    `settled` is the newest month with an accepted value whose records are settled (no
    candidate of it held): months after it are news. A held month stays news until its hold
    lifts (a conflict resolves, a precise file decides a rounding margin), but only while it
    is among the last `revision_months` months before `newest`, the newest accepted month.
    """

    settled: int | None
    newest: int | None
    official: int | None

    @classmethod
    def of(cls, store: Store, series: str) -> Frontier:
        held = {h["period"] for h in store.held_candidates() if h["series"] == series}
        months = [v.period for v in store.canonical_months(series) if v.status != Status.DERIVED.value]
        settled = [p for p in months if p not in held]
        official = store.newest_month(series, official_only=True)
        return cls(_index(max(settled, default=None)), _index(max(months, default=None)), _index(official))

    def is_news(self, period: Period, revision_months: int) -> bool:
        after_settled = self.settled is None or period.last > self.settled
        return after_settled and self.is_recent(period, revision_months)

    def is_recent(self, period: Period, months: int) -> bool:
        return self.newest is None or period.last > self.newest - months - 1


def _index(text: str | None) -> int | None:
    return Period.parse(text).first if text else None


def _month_values(store: Store, series: Series) -> list[MonthValue]:
    return [
        MonthValue(Period.parse(v.period), v.value_usd_millions, v.authority, v.status, v.id)
        for v in store.canonical_months(series.value)
        if Period.parse(v.period).kind is PeriodKind.MONTH
    ]


def knowledge(store: Store, series: Series, months: Sequence[MonthValue]) -> Knowledge:
    """Everything the database knows about earlier months, for judging candidates."""
    by_index = {m.period.first: m for m in months if m.status != Status.DERIVED.value}
    # A month derived from SBP's or the bundle's totals fills a gap; one derived from news
    # totals is only evidence (it may hold a record, never let one through).
    derived = {
        m.period.first: m.value
        for m in months
        if m.status == Status.DERIVED.value and m.authority in CONFIRMED
    }
    claims: dict[int, Claim] = {
        m.period.first: Claim(m.value, "fiscal-year-to-date totals")
        for m in months
        if m.status == Status.DERIVED.value and m.authority not in CONFIRMED
    }
    for m in by_index.values():
        claims[m.period.first] = Claim(m.value, m.authority, m.authority in CONFIRMED)
    for o in current_statements(
        [o for o in store.series_observations(series.value, "month") if o.authority == Authority.NEWS.value]
    ):
        index = Period.parse(o.period).first
        known = claims.get(index)
        if known is None or (not known.official and o.value_usd_millions > known.value):
            claims[index] = Claim(o.value_usd_millions, o.outlet)
    fytd: dict[tuple[int, int], float] = {}
    for o in store.series_observations(series.value, "fytd"):
        p = Period.parse(o.period)
        key = (p.fy, p.fiscal_month)
        fytd[key] = max(fytd.get(key, 0.0), o.value_usd_millions)
    verified = {
        Period.parse(p).first
        for p in store.sent_record_periods(series.value, "all_time_high")
        if not p.startswith("FY")
    }
    conflicts = {
        Period.parse(p).first for p in store.open_conflict_periods(series.value) if not p.startswith("FY")
    }
    # only SBP's or the bundle's totals bound a missing month: a news "fiscal year" that is
    # really eleven months would bound it too low and could let a false record through
    totals = tuple(
        (p.first, p.last, v.value_usd_millions)
        for v in store.canonical_totals(series.value)
        if v.authority in CONFIRMED
        for p in (Period.parse(v.period),)
    )
    return Knowledge(by_index, claims, derived, fytd, frozenset(verified), frozenset(conflicts), totals)


def _reason(fact: RecordFact, k: Knowledge) -> str | None:
    if fact.status == Status.DERIVED.value:
        return "derived from fiscal-year-to-date totals, not stated: waiting for the month itself"
    return hold_reason(fact, k)


def detect(
    store: Store,
    series: Series,
    settings: IngestSettings,
    frontier: Frontier,
    *,
    quiet: bool,
    now: datetime,
    report: IngestReport,
) -> None:
    """Judge every record fact, hold the doubtful ones and queue what may be sent."""
    months = _month_values(store, series)
    enabled = settings.enabled_rules()
    facts = [f for f in record_facts(months, settings.rules) if f.rule in enabled]
    if "all_time_high" in enabled:
        facts += first_month_candidates(months, frontier.settled)
    k = knowledge(store, series, months)
    doubts = [(f, reason) for f in facts if (reason := _reason(f, k)) is not None]
    if "all_time_high" in enabled:
        doubts += _waiting_for_voices(store, series, months, frontier, settings)
    held: dict[tuple[str, str], str] = {}
    for f, reason in doubts:
        held[(f.rule, str(f.period))] = reason
        store.hold_candidate(
            rule=f.rule,
            series=series.value,
            period=str(f.period),
            value=f.value,
            previous_period=_text(f.previous_period),
            previous_value=f.previous_value,
            authority=f.authority,
            status=f.status,
            reason=reason,
            at=now,
        )
        report.held.append((f.rule, str(f.period), reason))
    store.release_candidates(series.value, set(held), now)
    announceable = [f for f in facts if (f.rule, str(f.period)) not in held and f.previous_period is not None]
    last = _last_events(store, series, enabled)
    current = {str(m.period): m for m in months}
    for event in plan_events(series, announceable, last, current, still_holding=set(held)):
        event_id = store.add_event(event, historical=quiet, at=now)
        if event_id is None:
            continue
        report.events.append(event)
        if not quiet:
            queued = _route(store, event_id, event, settings, frontier, last, now)
            if queued is None:  # history: not even a channel configured later may send it
                store.mark_history(event_id)
            else:
                report.queued += queued


def _waiting_for_voices(
    store: Store,
    series: Series,
    months: Sequence[MonthValue],
    frontier: Frontier,
    settings: IngestSettings,
) -> list[tuple[RecordFact, str]]:
    """News months past the frontier whose best-supported value would top the series but
    that too few independent voices state yet: visible as held, so nobody wonders."""
    accepted = {m.period.first for m in months}
    news = [
        o for o in store.series_observations(series.value, "month") if o.authority == Authority.NEWS.value
    ]
    out: list[tuple[RecordFact, str]] = []
    for period in sorted({o.period for o in news}):
        p = Period.parse(period)
        if p.first in accepted or (frontier.settled is not None and p.first <= frontier.settled):
            continue
        voices = news_voices([o for o in news if o.period == period])
        if not voices:
            continue
        value, outlets, _ = max(voices, key=lambda v: (v[0], v[1]))
        before = [m for m in months if m.period.first < p.first]
        best = max(before, key=lambda m: m.value, default=None)
        if best is None or value <= best.value:
            continue
        support = sum(1 for v, _, _ in voices if abs(v - value) <= 0.5)
        out.append(
            (
                RecordFact(
                    "all_time_high",
                    p,
                    value,
                    best.period,
                    best.value,
                    Authority.NEWS.value,
                    Status.REPORTED.value,
                    0,
                ),
                f"waiting for {settings.min_news_sources} independent voices (has {support}: {outlets})",
            )
        )
    return out


def _text(p: Period | None) -> str | None:
    return None if p is None else str(p)


def _last_events(store: Store, series: Series, enabled: set[str]) -> dict[tuple[str, str], Any]:
    return {
        (row["rule"], row["period"]): row
        for row in store.last_record_events(series.value)
        if row["rule"] in enabled
    }


def _route(
    store: Store,
    event_id: int,
    event: Event,
    settings: IngestSettings,
    frontier: Frontier,
    last: dict[tuple[str, str], Any],
    now: datetime,
) -> int | None:
    """Queue an event where it may go: the number of outbox rows, or None when the event is
    history (never to be sent, to any channel, now or later)."""
    assert event.period is not None
    subject = (event.rule, str(event.period))
    if event.kind is EventKind.RECORD or event.kind is EventKind.UNCONFIRMED:  # announcements
        if not frontier.is_news(event.period, settings.revision_months):
            return None  # late news, backfill or an old article: history, never an alert
        return _queue(store, event_id, [c.name for c in settings.channels if c.wants(event)], now)
    # confirmations and corrections concern an event that was (perhaps) sent before
    if not frontier.is_recent(event.period, settings.revision_months):
        return None
    original = last.get(subject)
    told = set(store.recipients(int(original["id"])) if original else [])
    if event.kind is EventKind.CORRECTION:
        if not told:
            return None  # nobody heard the original: nothing to correct, anywhere
        wanted = told | {c.name for c in settings.channels if c.admin}  # something went wrong
    else:
        # records-only channels, which did not take the unconfirmed news, hear of it here
        wanted = told | {c.name for c in settings.channels if not c.admin and c.wants(event)}
    names = [c.name for c in settings.channels if c.name in wanted]
    names += sorted(wanted - set(names))  # a channel since removed from the config
    return _queue(store, event_id, names, now)


def _queue(store: Store, event_id: int, names: Sequence[str], now: datetime) -> int:
    for name in names:
        store.queue(event_id, name, now)
    return len(names)


def announce_months(
    store: Store,
    series: Series,
    settings: IngestSettings,
    frontier: Frontier,
    changes: Sequence[VintageChange],
    *,
    quiet: bool,
    now: datetime,
    report: IngestReport,
) -> None:
    """`new_month` when SBP first publishes a month past the official frontier; `revision`
    when it changes a recent official month. Only channels that asked for them hear them."""
    for change in changes:
        period = Period.parse(change.period)
        if period.kind is not PeriodKind.MONTH or change.new_authority != "official":
            continue
        if change.old_authority != "official":
            # SBP's first figure for a month that is new to us (or that only news had):
            # not a year-ago or revised month that the file happens to carry
            if frontier.official is not None and period.first <= frontier.official:
                continue
            if not (
                frontier.is_news(period, settings.revision_months)
                or change.old_authority == Authority.NEWS.value
            ):
                continue
            kind, token = EventKind.NEW_MONTH, "first"
        elif (
            change.old_value is not None
            and change.new_value is not None
            and abs(change.old_value - change.new_value) > 1e-9
            and frontier.is_recent(period, settings.revision_months)
        ):
            kind, token = EventKind.REVISION, f"v{change.vintage_id}"
        else:
            continue
        event = Event(
            key=f"{kind.value}:{kind.value}:{series.value}:{period}:{token}",
            kind=kind,
            rule=kind.value,
            series=series,
            period=period,
            value_usd_millions=change.new_value,
            previous_value_usd_millions=change.old_value if kind is EventKind.REVISION else None,
            authority=Authority.OFFICIAL,
            status=Status(change.new_status or "P"),
            vintage_id=change.vintage_id,
            message=month_summary(store, series, period)
            if kind is EventKind.NEW_MONTH
            else f"{period.label()} revised from ${change.old_value:g}M to ${change.new_value:g}M",
        )
        event_id = store.add_event(event, historical=quiet, at=now)
        if event_id is None:
            continue
        report.releases.append(event)
        if not quiet:
            names = [c.name for c in settings.channels if c.wants(event)]
            report.queued += _queue(store, event_id, names, now)


def _growth(value: float, base: float | None) -> str:
    if not base:
        return "n/a"
    return f"{(value / base - 1) * 100:+.1f}%"


def month_summary(store: Store, series: Series, period: Period) -> str:
    """Month-on-month, year-on-year and fiscal-year-to-date comparisons of a month."""
    values = {
        Period.parse(v.period).first: v.value_usd_millions for v in store.canonical_months(series.value)
    }
    value = values[period.first]
    prev, year_ago = values.get(period.first - 1), values.get(period.first - 12)
    parts = [
        f"{period.label()}: ${value:g}M",
        f"month on month {_growth(value, prev)} (vs ${prev:g}M)" if prev else "month on month n/a",
        f"year on year {_growth(value, year_ago)} (vs ${year_ago:g}M)" if year_ago else "year on year n/a",
    ]
    span = period.fytd_through()
    this = [values.get(i) for i in range(span.first, span.last + 1)]
    last = [values.get(i - 12) for i in range(span.first, span.last + 1)]
    if all(v is not None for v in this):
        total = sum(v for v in this if v is not None)
        text = f"{span.label()} ${total:,.1f}M"
        if all(v is not None for v in last):
            before = sum(v for v in last if v is not None)
            text += f", {_growth(total, before)} on the same months a year earlier"
        parts.append(text)
    return "; ".join(parts)
