"""What an alert needs beyond its event, read from the store: comparisons, sources, and for a
correction what was announced and what the record is now.

Source names are shown to readers, so a configured source (`sbp-ebops-xls`) is named by what
it is ("SBP Trade in Services workbook (dt.xls)"); the config name is the fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tracker.deliver.message import Comparison, MessageContext, Source
from tracker.model import Authority, Event, EventKind, Period, PeriodKind, Series, Status
from tracker.reconcile import same_value
from tracker.store import Store
from tracker.voices import outlet_of_url

MAX_SOURCES = 5

# Readable names of source kinds (a config name is the operator's, not the reader's).
KIND_NAMES = {
    "sbp_ebops_xls": "SBP Trade in Services workbook (dt.xls)",
    "sbp_headline_pdf": "SBP exports and imports headline table (PDF)",
    "sbp_easydata": "SBP EasyData, Trade in Services series",
    "sbp_index": "SBP economic data page",
    "bundled": "SBP historical data (bundled with tracker)",
}
_NEWS_KINDS = ("news_feed", "news_listing", "news_article")


def _period(text: str | None) -> Period | None:
    return Period.parse(text) if text else None


def event_from_row(row: Mapping[str, Any]) -> Event:
    """The Event stored in an events row (joined into an outbox row)."""
    return Event(
        key=row["key"],
        kind=EventKind(row["kind"]),
        rule=row["rule"],
        series=Series(row["series"]),
        period=_period(row["period"]),
        value_usd_millions=row["value_usd_millions"],
        previous_period=_period(row["previous_period"]),
        previous_value_usd_millions=row["previous_value_usd_millions"],
        authority=Authority(row["authority"]) if row["authority"] else None,
        status=Status(row["status"]) if row["status"] else None,
        vintage_id=row["vintage_id"],
        message=row["message"] or "",
    )


def source_label(name: str, kind: str | None, url: str | None) -> str:
    """A reader's name for a source: the kind's name, a news outlet's domain, else `name`."""
    if kind in KIND_NAMES:
        return KIND_NAMES[kind]
    if name.startswith("import:"):
        return f"imported file {name.removeprefix('import:')}"
    if name in KIND_NAMES:
        return KIND_NAMES[name]
    if kind in _NEWS_KINDS or (kind is None and url):
        outlet = outlet_of_url(url) if url else ""
        if outlet == "sbp.org.pk" or outlet.endswith(".sbp.org.pk"):
            return f"SBP ({outlet})"
        return f"{outlet} (news)" if outlet else name
    return name


def _sources_of(store: Store, series: str, periods: list[str], value: float | None) -> list[Source]:
    """Up to MAX_SOURCES documents stating `value` for the period (or the months of a total)."""
    out: list[Source] = []
    seen: set[tuple[str, str | None]] = set()
    marks = ",".join("?" * len(periods))
    for r in store.rows(
        "SELECT o.source, o.value_usd_millions, o.bound, o.period, d.url, s.kind "
        "FROM observations o LEFT JOIN documents d ON d.id = o.document_id "
        f"LEFT JOIN sources s ON s.name = o.source WHERE o.series = ? AND o.period IN ({marks}) "
        "ORDER BY o.id DESC",
        (series, *periods),
    ):
        if r["bound"]:
            continue
        if value is not None and not same_value(r["value_usd_millions"], value):
            continue  # only the documents that state this value: a dissenter is no source
        url = r["url"] if r["url"] and r["url"].startswith("http") else None
        label = source_label(r["source"], r["kind"], url)
        if (label, url) not in seen and len(seen) < MAX_SOURCES:
            seen.add((label, url))
            out.append(Source(label, url))
    return out


def _month_value(store: Store, series: str, period: Period) -> float | None:
    v = store.current_vintage(series, str(period))
    return v.value_usd_millions if v is not None else None


def _fytd_total(store: Store, series: str, span: Period) -> float | None:
    """Sum of the span's canonical months (None if any is missing), else a stated total."""
    values = [_month_value(store, series, Period.from_index(i)) for i in range(span.first, span.last + 1)]
    if all(v is not None for v in values):
        return round(sum(v for v in values if v is not None), 3)
    return _month_value(store, series, span)


def _month_context(
    store: Store, event: Event, period: Period
) -> tuple[Comparison | None, Comparison | None, list[Source]]:
    series = event.series.value
    mom = yoy = None
    for attr, other in (("mom", period.previous()), ("yoy", period.same_month_last_year())):
        v = _month_value(store, series, other)
        if v is not None:
            if attr == "mom":
                mom = Comparison(other, v)
            else:
                yoy = Comparison(other, v)
    return mom, yoy, _sources_of(store, series, [str(period)], event.value_usd_millions)


def _fytd_context(store: Store, event: Event, span: Period) -> tuple[Comparison | None, list[Source]]:
    """Year on year (the same months a fiscal year earlier) and the documents behind the
    months that make up the total, each with its own value."""
    series = event.series.value
    before = Period(span.first - 12, span.last - 12, PeriodKind.FYTD)
    total = _fytd_total(store, series, before)
    yoy = Comparison(before, total) if total is not None else None
    sources = _sources_of(store, series, [str(span)], event.value_usd_millions)
    for i in range(span.last, span.first - 1, -1):  # newest month first
        month = Period.from_index(i)
        for s in _sources_of(store, series, [str(month)], _month_value(store, series, month)):
            if s not in sources and len(sources) < MAX_SOURCES:
                sources.append(s)
    return yoy, sources


def _announced(store: Store, event: Event) -> float | None:
    """The value the alert being corrected announced (its latest non-correction event)."""
    rows = store.rows(
        "SELECT value_usd_millions FROM events WHERE rule = ? AND series = ? AND period = ? "
        "AND kind IN ('record', 'unconfirmed', 'confirmed') AND key != ? ORDER BY id DESC "
        "LIMIT 1",
        (event.rule, event.series.value, str(event.period), event.key),
    )
    return rows[0]["value_usd_millions"] if rows else None


def record_now(store: Store, event: Event) -> Comparison | None:
    """Who holds the corrected record now, by the canonical series (None for thresholds)."""
    if event.period is None:
        return None
    series = event.series.value
    months = [(Period.parse(v.period), v.value_usd_millions) for v in store.canonical_months(series)]
    if event.rule == "all_time_high":
        pool = months
    elif event.rule == "same_month_high" and event.period.kind is PeriodKind.MONTH:
        pool = [(p, v) for p, v in months if p.month_number == event.period.month_number]
    elif event.rule == "fytd_high" and event.period.kind is PeriodKind.FYTD:
        pool = []
        for p, _ in months:
            if p.fiscal_month == event.period.fiscal_month:
                span = p.fytd_through()
                total = _fytd_total(store, series, span)
                if total is not None:
                    pool.append((span, total))
    else:
        return None
    if not pool:
        return None
    period, value = max(pool, key=lambda pv: (pv[1], -pv[0].first))
    return Comparison(period, value)


def message_context(store: Store, event: Event, detected_at: str) -> MessageContext:
    """Comparisons and the documents behind the value (months and fiscal-year-to-date totals);
    for a correction, also what was announced and what the record is now."""
    mom = yoy = None
    sources: list[Source] = []
    announced = holder = None
    if event.period is not None and event.period.kind is PeriodKind.MONTH:
        mom, yoy, sources = _month_context(store, event, event.period)
    elif event.period is not None and event.period.kind is PeriodKind.FYTD:
        yoy, sources = _fytd_context(store, event, event.period)
    if event.kind is EventKind.CORRECTION:
        announced = _announced(store, event)
        holder = record_now(store, event)
    return MessageContext(
        month_on_month=mom,
        year_on_year=yoy,
        sources=sources,
        detected_at=datetime.fromisoformat(detected_at),
        announced_usd_millions=announced,
        record_now=holder,
    )
