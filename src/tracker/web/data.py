"""What the front page shows, read from the database (no writes, no Datasette, no HTML).

Every function takes a `Store` over a read-only connection. Events are read generically by
their `kind` string, so kinds added later (held candidates, new months, revisions) show up
without a change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker.model import Period, PeriodKind
from tracker.store import Store, VintageRow

SERIES = "it_exports"


@dataclass(frozen=True)
class Comparison:
    """How the latest month compares with history."""

    all_time_high: bool
    previous_high: tuple[str, float] | None  # best month before it
    same_month_best: bool
    previous_same_month: tuple[str, float] | None  # best same calendar month before it
    year_ago: tuple[str, float] | None  # the same month a year earlier
    fytd: tuple[str, float] | None  # this fiscal year to date (period, total)
    fytd_previous: tuple[str, float] | None  # same span a year earlier
    fytd_best: bool  # best FYTD at this month, complete years


@dataclass(frozen=True)
class Latest:
    period: str
    label: str
    value: float
    status: str  # P, R, final, reported
    authority: str  # official, bundled, news
    state: str  # provisional, revised, unconfirmed, official, history
    vintages: int
    comparison: Comparison


@dataclass
class HomeData:
    latest: Latest | None
    months: list[VintageRow]
    events: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    pending_outbox: int = 0


def state_of(status: str, authority: str) -> str:
    """The word a reader needs: provisional (SBP's P), revised (R), unconfirmed (news only)."""
    if authority == "news":
        return "unconfirmed"
    if status == "P":
        return "provisional"
    if status == "R":
        return "revised"
    if authority == "bundled":
        return "history"
    return "official"


def _best(rows: list[VintageRow]) -> tuple[str, float] | None:
    if not rows:
        return None
    b = max(rows, key=lambda v: v.value_usd_millions)
    return b.period, b.value_usd_millions


def _fytd_totals(months: list[VintageRow]) -> dict[int, tuple[str, float, bool]]:
    """Fiscal year -> (FYTD period through the latest month's fiscal month, total, complete)."""
    by_period = {v.period: v.value_usd_millions for v in months}
    last = Period.parse(months[-1].period)
    out: dict[int, tuple[str, float, bool]] = {}
    for fy in range(Period.parse(months[0].period).fy, last.fy + 1):
        span = Period.fytd(fy, last.month_number)
        values = [by_period.get(str(m)) for m in span.months()]
        complete = all(v is not None for v in values)
        out[fy] = (str(span), sum(v for v in values if v is not None), complete)
    return out


def compare(months: list[VintageRow]) -> Comparison:
    """Compare the last month of `months` (canonical, in order) with everything before it."""
    latest = months[-1]
    p = Period.parse(latest.period)
    earlier = months[:-1]
    prev_high = _best(earlier)
    same = [v for v in earlier if Period.parse(v.period).month_number == p.month_number]
    prev_same = _best(same)
    year_ago = next(
        ((v.period, v.value_usd_millions) for v in earlier if v.period == str(p.same_month_last_year())), None
    )
    totals = _fytd_totals(months)
    now = totals.get(p.fy)
    before = totals.get(p.fy - 1)
    fytd = (now[0], now[1]) if now and now[2] else None
    fytd_prev = (before[0], before[1]) if before and before[2] else None
    others = [t for fy, t in totals.items() if fy != p.fy and t[2]]
    fytd_best = fytd is not None and all(fytd[1] > t[1] for t in others) and bool(others)
    return Comparison(
        all_time_high=prev_high is not None and latest.value_usd_millions > prev_high[1],
        previous_high=prev_high,
        same_month_best=prev_same is not None and latest.value_usd_millions > prev_same[1],
        previous_same_month=prev_same,
        year_ago=year_ago,
        fytd=fytd,
        fytd_previous=fytd_prev,
        fytd_best=fytd_best,
    )


def latest(store: Store, months: list[VintageRow]) -> Latest | None:
    if not months:
        return None
    v = months[-1]
    n = store.rows(
        "SELECT count(*) AS n FROM vintages WHERE series = ? AND period = ?", (v.series, v.period)
    )[0]["n"]
    return Latest(
        v.period,
        Period.parse(v.period).label(),
        v.value_usd_millions,
        v.status,
        v.authority,
        state_of(v.status, v.authority),
        n,
        compare(months),
    )


def events(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """Record events of every kind but admin, newest first (held and corrections included)."""
    return store.rows(
        "SELECT id, key, kind, rule, series, period, value_usd_millions, previous_period, "
        "previous_value_usd_millions, authority, status, historical, message, detected_at "
        "FROM events WHERE kind != 'admin' ORDER BY id DESC LIMIT ?",
        (limit,),
    )


def feed_events(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    """The events a reader is told about: not admin, not loaded history; newest first."""
    return store.rows(
        "SELECT id, key, kind, rule, series, period, value_usd_millions, previous_period, "
        "previous_value_usd_millions, authority, status, message, detected_at "
        "FROM events WHERE kind != 'admin' AND historical = 0 ORDER BY id DESC LIMIT ?",
        (limit,),
    )


def source_health(store: Store) -> list[dict[str, Any]]:
    """Each source's last success, failures in a row, last error and figures found."""
    return store.rows(
        "SELECT s.name, s.kind, s.url, s.last_attempt_at, s.last_success_at, "
        "s.last_figures_at, s.consecutive_failures, s.last_error, "
        "(SELECT f.outcome FROM fetches f WHERE f.source = s.name ORDER BY f.id DESC LIMIT 1) "
        "AS last_outcome, "
        "(SELECT f.error FROM fetches f WHERE f.source = s.name ORDER BY f.id DESC LIMIT 1) "
        "AS last_fetch_error FROM sources s WHERE s.kind NOT IN ('bundled', 'import') "
        "ORDER BY s.name"
    )


def home(store: Store) -> HomeData:
    months = store.canonical_months(SERIES)
    pending = store.rows("SELECT count(*) AS n FROM outbox WHERE status = 'pending'")[0]["n"]
    return HomeData(
        latest(store, months),
        months,
        events(store),
        store.rows("SELECT * FROM open_conflicts"),
        source_health(store),
        pending,
    )


def latest_official(months: list[VintageRow]) -> Period | None:
    """The newest month SBP itself has published (what 'next due' counts from)."""
    for v in reversed(months):
        if v.authority == "official":
            return Period.parse(v.period)
    return Period.parse(months[-1].period) if months else None


@dataclass
class MonthData:
    period: Period
    vintages: list[dict[str, Any]]
    observations: list[dict[str, Any]]
    events: list[dict[str, Any]]
    conflict: dict[str, Any] | None


def month(store: Store, period: Period, series: str = SERIES) -> MonthData:
    """A month's provenance: every vintage, every observation with its document, its events."""
    if period.kind is not PeriodKind.MONTH:
        raise ValueError("not a month")
    p = str(period)
    vintages = store.rows(
        "SELECT v.id, v.value_usd_millions, v.status, v.authority, v.source, v.first_seen_at, "
        "v.superseded_at, d.url AS document_url, d.title AS document_title, o.quote "
        "FROM vintages v LEFT JOIN observations o ON o.id = v.observation_id "
        "LEFT JOIN documents d ON d.id = o.document_id "
        "WHERE v.series = ? AND v.period = ? ORDER BY v.id",
        (series, p),
    )
    observations = store.rows(
        "SELECT o.id, o.series, o.outlet, o.source, o.value_usd_millions, o.status, "
        "o.authority, o.bound, o.quote, o.observed_at, d.id AS document_id, d.url, d.title, "
        "d.published_at, d.fetched_at, d.sha256 FROM observations o "
        "LEFT JOIN documents d ON d.id = o.document_id "
        "WHERE o.period = ? ORDER BY o.series = ? DESC, o.series, o.id",
        (p, series),
    )
    evs = store.rows(
        "SELECT key, kind, rule, value_usd_millions, previous_period, "
        "previous_value_usd_millions, status, authority, historical, detected_at FROM events "
        "WHERE period = ? AND kind != 'admin' ORDER BY id",
        (p,),
    )
    conflict = store.rows("SELECT * FROM open_conflicts WHERE series = ? AND period = ?", (series, p))
    return MonthData(period, vintages, observations, evs, conflict[0] if conflict else None)
