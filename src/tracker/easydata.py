"""SBP EasyData orchestration: request budget, dataset-meta probe, data pulls, key/limit alerts.

The pure JSON parsing lives in `sbp_easydata`; this module owns the I/O around it. EasyData
allows 250 requests/hour and 2,000/day per key and a key lasts 90 days, so every request is
counted in the `state` table (shared by the daemon and `tracker backfill`) before it is sent,
a 429 parks the source until its Retry-After, and 401/429 become one admin event each.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tracker.admin import raise_admin
from tracker.errors import FetchError
from tracker.fetch import HttpClient, HttpFetchError, redact_text
from tracker.ingest import IngestReport, IngestSettings, NewDocument, ingest_document
from tracker.model import Period, fiscal_year_of
from tracker.routes import ChannelRoute
from tracker.sources import sbp_easydata
from tracker.sources.base import Document
from tracker.store import Store, iso

log = logging.getLogger("tracker.easydata")

HOURLY_LIMIT = 250
DAILY_LIMIT = 2000
BUDGET_KEY = "easydata:requests"  # one budget per process group: all sources share the key
DEFAULT_RETRY_AFTER = timedelta(hours=1)  # a 429 without a usable Retry-After
FIRST_MONTH = date(2005, 7, 1)  # TS_GP_BOP_TRDSER_M starts at 2005-07-31


class RateLimitExceeded(FetchError):
    """Sending one more EasyData request would break the hourly or daily limit."""


@dataclass
class RequestBudget:
    """A sliding-window request counter persisted in `state` (epoch seconds of each request)."""

    store: Store
    hourly: int = HOURLY_LIMIT
    daily: int = DAILY_LIMIT

    def _load(self, now: datetime) -> list[float]:
        raw = self.store.get_state(BUDGET_KEY)
        stamps = json.loads(raw) if raw else []
        cutoff = now.timestamp() - 86400
        return [t for t in stamps if t > cutoff]

    def remaining(self, now: datetime) -> int:
        """Requests that may still be sent now without breaking either limit."""
        stamps = self._load(now)
        hour = sum(1 for t in stamps if t > now.timestamp() - 3600)
        return max(0, min(self.hourly - hour, self.daily - len(stamps)))

    def take(self, now: datetime) -> None:
        """Count one request, or raise RateLimitExceeded naming the limit and when it frees."""
        with self.store.write():  # BEGIN IMMEDIATE: the daemon and a backfill share the budget
            stamps = self._load(now)
            hour = [t for t in stamps if t > now.timestamp() - 3600]
            if len(hour) >= self.hourly:
                free = datetime.fromtimestamp(min(hour) + 3600, UTC)
                raise RateLimitExceeded(
                    f"EasyData request budget exhausted: {len(hour)}/{self.hourly} requests in "
                    f"the last hour; refusing to send more before {iso(free)}"
                )
            if len(stamps) >= self.daily:
                free = datetime.fromtimestamp(min(stamps) + 86400, UTC)
                raise RateLimitExceeded(
                    f"EasyData request budget exhausted: {len(stamps)}/{self.daily} requests in "
                    f"the last 24 hours; refusing to send more before {iso(free)}"
                )
            stamps.append(now.timestamp())
            self.store.set_state(BUDGET_KEY, json.dumps(stamps))


def retry_after_until(seconds: float | None, now: datetime) -> datetime:
    """When a 429 lets us try again: its Retry-After (HttpFetchError.retry_after, from the one
    capped parser: at most a day), else one hour. 315360000 no longer parks a source until
    2036, nor do 20 digits overflow."""
    if seconds is None:
        return now + DEFAULT_RETRY_AFTER
    return now + timedelta(seconds=seconds)


def pull_start(today: date) -> date:
    """Re-pull window: the current fiscal year of the latest data month and >= 3 months back."""
    first = today.replace(day=1)
    latest = (first - timedelta(days=1)).replace(day=1)  # SBP publishes month M in M+1
    fy_start = date(fiscal_year_of(latest.year, latest.month) - 1, 7, 1)
    back = first
    for _ in range(3):
        back = (back - timedelta(days=1)).replace(day=1)
    return min(fy_start, back)


def history_chunks(start: date, end: date, years: int = 5) -> list[tuple[date, date]]:
    """[start, end] cut into fiscal-year-aligned chunks of `years` years (backfill pulls)."""
    chunks: list[tuple[date, date]] = []
    lo = start
    while lo <= end:
        hi = min(date(lo.year + years, 6, 30) if lo.month >= 7 else date(lo.year + years - 1, 6, 30), end)
        chunks.append((lo, hi))
        lo = hi + timedelta(days=1)
    return chunks


@dataclass
class PullResult:
    """One series pull: its document, figures and what ingest changed."""

    series_key: str
    url: str  # redacted
    new_document: bool
    figures: int
    report: IngestReport


@dataclass
class EasyDataSession:
    """Everything one EasyData run needs. Requests go through the shared client's
    single_shot() twin: one get() is one counted request, and a 429 is never retried against a
    key that is already over its limit."""

    source_name: str
    base_url: str
    api_key: str
    store: Store
    shared_client: HttpClient
    settings: IngestSettings
    clock: Callable[[], datetime]
    allowed_hosts: tuple[str, ...]
    budget: RequestBudget = field(init=False)

    def __post_init__(self) -> None:
        self.budget = RequestBudget(self.store)
        self._client = self.shared_client.single_shot()

    def close(self) -> None:
        self._client.close()  # a no-op today: the pools belong to the shared client

    @property
    def channels(self) -> tuple[ChannelRoute, ...]:
        return self.settings.channels

    # -- URLs ----------------------------------------------------------------------------
    def _rebase(self, url: str) -> str:
        """The parser's URL builders use the public host; the config's `url` may differ."""
        return self.base_url.rstrip("/") + url[len(sbp_easydata.BASE_URL) :]

    # -- state ---------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        row = self.store.source_row(self.source_name) or {}
        return json.loads(row.get("state") or "{}")

    def save_state(self, **changes: Any) -> None:
        with self.store.write():
            data = self.state()
            for k, v in changes.items():
                if v is None:
                    data.pop(k, None)
                elif isinstance(v, dict) and isinstance(data.get(k), dict):
                    data[k] = {**data[k], **v}
                else:
                    data[k] = v
            self.store.update_source(self.source_name, state=json.dumps(data, sort_keys=True))

    def parked_until(self) -> datetime | None:
        """After a 429 the source sends nothing until this time."""
        text = self.state().get("retry_not_before")
        when = datetime.fromisoformat(text) if text else None
        return when if when and when > self.clock() else None

    # -- requests ------------------------------------------------------------------------
    def get(self, url: str) -> bytes:
        """One counted request; 401/429 become admin events, the key never leaves here."""
        now = self.clock()
        self.budget.take(now)
        try:
            res = self._client.get(url, allowed_hosts=self.allowed_hosts)
        except HttpFetchError as exc:
            self._on_http_error(exc, now)
            raise
        except FetchError as exc:
            raise FetchError(redact_text(str(exc)).replace(self.api_key, "REDACTED")) from None
        self.save_state(retry_not_before=None, key_rejected_since=None, limited_since=None)
        return res.body

    def _on_http_error(self, exc: HttpFetchError, now: datetime) -> None:
        st = self.state()
        if exc.status == 401:
            since = st.get("key_rejected_since") or iso(now)
            self.save_state(key_rejected_since=since)
            raise_admin(
                self.store,
                rule="easydata_key_rejected",
                subject=f"{self.source_name}:{since}",
                message=f"{self.source_name}: EasyData refused the API key (HTTP 401). "
                "Keys expire after 90 days: generate a new one under My Account "
                "and update the environment variable.",
                channels=self.channels,
                now=now,
            )
        elif exc.status == 429:
            until = retry_after_until(exc.retry_after, now)
            since = st.get("limited_since") or iso(now)
            self.save_state(retry_not_before=iso(until), limited_since=since)
            raise_admin(
                self.store,
                rule="easydata_rate_limited",
                subject=f"{self.source_name}:{since}",
                message=f"{self.source_name}: EasyData answered 429 Too Many Requests; "
                f"no requests until {iso(until)} (Retry-After honoured)",
                channels=self.channels,
                now=now,
            )

    # -- the probe and the pulls ---------------------------------------------------------
    def read_meta(self) -> tuple[dict[str, date], list[str], str, dict[str, Period]]:
        """The dataset-meta probe: refresh dates, skipped-row warnings, the body's digest and
        the newest month each series says it holds ("Available Upto")."""
        url = self._rebase(sbp_easydata.dataset_meta_url(sbp_easydata.DATASET, self.api_key))
        body = self.get(url)
        dates, warnings = sbp_easydata.read_dataset_meta(body)
        return (dates, warnings, hashlib.sha256(body).hexdigest()[:16], sbp_easydata.available_upto(body))

    def pull(
        self,
        series_key: str,
        start: date,
        end: date,
        *,
        historical: bool,
        state_update: dict[str, Any] | None = None,
        expected_newest: Period | None = None,
    ) -> PullResult:
        """Fetch, store, parse and ingest one series range; state is saved in the same transaction."""
        url = self._rebase(sbp_easydata.series_data_url(series_key, self.api_key, start, end))
        body = self.get(url)
        now = self.clock()
        shown = sbp_easydata.redact_url(url)
        doc = Document(
            url=shown, body=body, content_type="application/json", fetched_at=now, source=self.source_name
        )
        parsed = sbp_easydata.parse(doc)  # ParseError (wrong unit scale ...) stores nothing
        from tracker.official_gate import gate  # issue 17: hold implausible official figures

        gated = gate(
            self.store,
            parsed,
            source=self.source_name,
            document=hashlib.sha256(body).hexdigest()[:16],
            url=shown,
            now=now,
            channels=self.channels,
            expected_newest=expected_newest,
        )
        with self.store.write():
            done = ingest_document(
                self.store,
                NewDocument(
                    source=self.source_name,
                    url=shown,
                    body=body,
                    fetched_at=now,
                    http_status=200,
                    content_type="application/json",
                ),
                gated.figures,
                self.settings,
                parser=sbp_easydata.KIND,
                found=len(parsed.figures),
                historical=historical,
            )
            if state_update:
                self.save_state(**state_update)
        return PullResult(series_key, shown, done.is_new, len(parsed.figures), done.report)


@dataclass
class EasyDataPoll:
    """What one daemon poll of EasyData did."""

    outcome: str  # new, unchanged, skipped
    figures: int = 0
    events: int = 0
    details: list[str] = field(default_factory=list)


def poll_source(session: EasyDataSession, series_keys: list[str]) -> EasyDataPoll:
    """Probe dataset meta; pull the configured series whose Last Refresh Date advanced."""
    until = session.parked_until()
    if until is not None:
        return EasyDataPoll("skipped", details=[f"rate limited (429): waiting until {iso(until)}"])
    refreshed, meta_warnings, meta_digest, upto = session.read_meta()
    known: dict[str, str] = session.state().get("refresh", {})
    today = session.clock().date()
    result = EasyDataPoll("unchanged")
    for key in series_keys:
        date_seen = refreshed.get(key)
        # A key the meta omits is still pulled, once a day (stamp = the day), so it is never
        # silently dropped; it also raises a parser-drift alert below.
        stamp = date_seen.isoformat() if date_seen else f"missing {today.isoformat()}"
        if key in known and known[key] >= stamp and known[key][:1] == stamp[:1]:
            continue  # not refreshed since the last pull
        pulled = session.pull(
            key,
            pull_start(today),
            today,
            historical=False,
            state_update={"refresh": {key: stamp}},
            expected_newest=upto.get(key),
        )
        result.outcome = "new"
        result.figures += pulled.figures
        result.events += len(pulled.report.events)
        result.details.append(f"{key}: refreshed {stamp}, {pulled.figures} figures")
    missing = [k for k in series_keys if k not in refreshed]
    if missing:
        result.details.append(f"not in dataset meta (pulled daily anyway): {missing}")
    if missing or meta_warnings:
        result.details.extend(meta_warnings)
        problems = [f"series key {k} missing from the dataset meta" for k in missing]
        raise_admin(
            session.store,
            rule="parser_drift",
            subject=f"{session.source_name}:meta:{meta_digest}",
            message=f"{session.source_name}: EasyData dataset meta: " + "; ".join(problems + meta_warnings),
            channels=session.channels,
            now=session.clock(),
        )
    return result


__all__ = [
    "DAILY_LIMIT", "HOURLY_LIMIT", "EasyDataPoll", "EasyDataSession", "RateLimitExceeded",
    "RequestBudget", "history_chunks", "poll_source", "pull_start", "retry_after_until",
]  # fmt: skip
