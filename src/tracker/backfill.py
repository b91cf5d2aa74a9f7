"""`tracker backfill`: history from every source that has an archive (see BackfillRole).

A backfill is a plan of small items (the bundled file, one EasyData series × a few years, one
current SBP file, one news archive), each committed on its own, so an interrupted run resumes
where it stopped: stored documents (URL + SHA-256) and finished EasyData chunks (the source's
`state`) are skipped. Everything it ingests is historical: stored, never alerted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from tracker.backfill_plan import (
    BackfillItem,
    BackfillPlan,
    BackfillReport,
    ItemOutcome,
    SourcePlan,
    Tally,
    done_before,
    ignore_stop,
)
from tracker.collect import as_document, collect, parse_safely
from tracker.config import Config, SourceConfig
from tracker.errors import FetchError, Interrupted, ParseError, UsageError
from tracker.fetch import FetchResult, HttpClient
from tracker.follow import Followed, follow_articles
from tracker.history_load import (  # re-exported: the CLI and tests import them here
    LoadResult,
    import_csv_file,
    load_bundled,
)
from tracker.importer import BUNDLED_URL, bundled_csv
from tracker.ingest import IngestSettings
from tracker.poll_urls import allowed_hosts
from tracker.sources.registry import BackfillRole
from tracker.sources.registry import get as kind_of
from tracker.store import Store, iso, utcnow

MAX_NEWS_PAGES = 20


@dataclass
class Backfill:
    """Builds and runs the plan; HTTP goes through the shared client and its politeness."""

    store: Store
    config: Config
    client: HttpClient
    settings: IngestSettings
    clock: Callable[[], datetime] = utcnow
    env: Callable[[str], str | None] = os.environ.get
    max_news_pages: int = MAX_NEWS_PAGES

    # -- planning ------------------------------------------------------------------------
    def plan(self, names: list[str] | None = None, since: date | None = None) -> BackfillPlan:
        from tracker.easydata import FIRST_MONTH

        since = max(since or FIRST_MONTH, FIRST_MONTH)
        today = self.clock().date()
        if names:
            for n in names:
                if n != "bundled":
                    self.config.source(n)  # ConfigError naming the known sources
        wanted = [s for s in self.config.sources if s.enabled and (not names or s.name in names)]
        wanted.sort(key=lambda s: kind_of(s.kind).backfill_order)  # an index before its files
        plans: list[SourcePlan] = []
        if not names or "bundled" in names:
            plans.append(
                SourcePlan(
                    "bundled",
                    "bundled",
                    "shipped history",
                    [BackfillItem("bundled", "bundled history", 0, lambda _stop: self._bundled())],
                )
            )
        for src in wanted:
            with self.store.write():
                self.store.ensure_source(src.name, src.kind, src.url)
            role = kind_of(src.kind).backfill
            if role is BackfillRole.SERIES:
                plans.append(self._plan_series(src, since, today))
            elif role is BackfillRole.INDEX or role is BackfillRole.FILE:
                what = "index page" if role is BackfillRole.INDEX else "current file"
                plans.append(
                    SourcePlan(
                        src.name,
                        src.kind,
                        what,
                        [BackfillItem(src.name, what, 1, partial(ignore_stop, partial(self._file, src)))],
                    )
                )
            elif role is BackfillRole.ARCHIVE:
                plans.append(
                    SourcePlan(
                        src.name,
                        src.kind,
                        f"listing pages since {since:%Y-%m}",
                        [BackfillItem(src.name, "news archive", 1, partial(self._news, src, since))],
                    )
                )
            else:
                plans.append(SourcePlan(src.name, src.kind, "", skipped="no archive to walk"))
        return BackfillPlan(since, today, plans)

    def _plan_series(self, src: SourceConfig, since: date, today: date) -> SourcePlan:
        """An API kind's history: every series in chunks of a few years, one request each."""
        kind = kind_of(src.kind)
        series = src.series_keys or kind.default_series()
        key = self.env(src.api_key_env) if src.api_key_env else None
        if not key:
            return SourcePlan(
                src.name,
                src.kind,
                "",
                skipped=f"{src.api_key_env} is not set (the current SBP files are loaded instead)",
            )
        row = self.store.source_row(src.name) or {}
        done = json.loads(row.get("state") or "{}").get("backfill", {})
        chunks = kind.history_chunks(since, today)
        plan = SourcePlan(src.name, src.kind, f"{len(series)} series x {len(chunks)} chunks")
        for series_key in series:
            for lo, hi in chunks:
                marker = f"{series_key}:{lo}:{hi}"
                label = f"{series_key.rsplit('.', 1)[-1]} {lo:%Y-%m}..{hi:%Y-%m}"
                plan.items.append(
                    BackfillItem(
                        src.name,
                        label,
                        0 if marker in done else 1,
                        partial(
                            ignore_stop,
                            partial(done_before)
                            if marker in done
                            else partial(self._series, src, key, series_key, lo, hi, marker),
                        ),
                    )
                )
        return plan

    # -- the network, as collect.Reach --------------------------------------------------
    historical = True  # everything a backfill stores is history: never alerted

    def get(
        self,
        store: Store,
        source: SourceConfig,
        url: str,
        *,
        validators: dict[str, Any] | None = None,
        hosts: tuple[str, ...] | None = None,
    ) -> FetchResult:
        """GET through the shared client and its politeness (`hosts`: default the source's)."""
        return self.client.get(
            url,
            etag=validators.get("etag") if validators else None,
            last_modified=validators.get("last_modified") if validators else None,
            allowed_hosts=hosts if hosts is not None else allowed_hosts(source),
        )

    def stop_reason(self) -> str | None:
        """A stop is honoured between items (and between a news archive's articles)."""
        return None

    # -- items ---------------------------------------------------------------------------
    def _bundled(self) -> ItemOutcome:
        digest = hashlib.sha256(bundled_csv()).hexdigest()
        if self.store.has_document(url=BUNDLED_URL, source="bundled", sha256=digest):
            return ItemOutcome("unchanged")
        result = load_bundled(self.store, self.settings)
        return ItemOutcome("new", result.report.revised_values(), detail=f"{result.rows} rows")

    def _series(
        self, src: SourceConfig, key: str, series_key: str, lo: date, hi: date, marker: str
    ) -> ItemOutcome:
        session = kind_of(src.kind).open_session(
            source_name=src.name,
            base_url=src.url,
            api_key=key,
            store=self.store,
            shared_client=self.client,
            settings=self.settings,
            clock=self.clock,
            allowed_hosts=allowed_hosts(src) or (),
        )
        try:
            got = session.pull(
                series_key, lo, hi, historical=True, state_update={"backfill": {marker: iso(self.clock())}}
            )
        finally:
            session.close()
        status = "new" if got.report.observations else "unchanged"
        return ItemOutcome(status, got.report.revised_values(), detail=f"{got.figures} figures")

    def _file(self, src: SourceConfig) -> ItemOutcome:
        """The current file (or index page), fetched and stored as a poll would (collect.py)."""
        got = collect(self, self.store, src, self.store.source_row(src.name) or {})
        status = "new" if got.stored else "unchanged"
        return ItemOutcome(status, got.revised, detail=f"{got.figures} figures")

    def _news(self, src: SourceConfig, since: date, should_stop: Callable[[], bool]) -> ItemOutcome:
        """Walk a listing's pages (newest first) until --since, storing matching articles as a
        poll follows them (follow.py)."""
        article_kind = kind_of(src.kind).article_kind or ""
        url: str | None = src.url
        pages = 0
        seen: set[str] = set()
        done = Followed()
        while url and url not in seen and pages < self.max_news_pages and not should_stop():
            seen.add(url)
            page = self.get(self.store, src, url)
            pages += 1
            parsed = parse_safely(src.kind, as_document(src, page))
            links = list(getattr(parsed, "entries", None) or [])
            dated = [d for link in links if (d := link.published)]
            if dated and max(dated) < since:
                break  # the whole page is older than --since
            recent = [link for link in links if not (link.published and link.published < since)]
            got = follow_articles(
                self, self.store, src, recent, article_kind, lambda: "stopping" if should_stop() else None
            )
            done.articles += got.articles
            done.revised += got.revised
            done.failed += got.failed
            url = getattr(parsed, "next_page", None)
        if done.failed:  # the stored ones stay; the next run fetches the missing ones
            raise FetchError("; ".join(done.failed))
        return ItemOutcome(
            "new" if done.articles else "unchanged",
            done.revised,
            detail=f"{pages} pages, {done.articles} articles",
        )

    # -- running -------------------------------------------------------------------------
    def run(
        self,
        plan: BackfillPlan,
        *,
        should_stop: Callable[[], bool] = lambda: False,
        on_item: Callable[[BackfillReport, BackfillItem, ItemOutcome], None] | None = None,
    ) -> BackfillReport:
        """Run every item in order; a stop request is honoured between items."""
        items = plan.items()
        report = BackfillReport(total=len(items))
        for s in plan.sources:
            if not s.skipped:
                report.tallies.setdefault(s.source, Tally())
        for item in _until(items, should_stop, report):
            try:
                outcome = item.run(should_stop)
            except Interrupted:  # a stop woke a retry wait: not a failure; resumes next run
                report.interrupted = True
                break
            except (FetchError, ParseError) as exc:
                outcome = ItemOutcome("failed", error=str(exc))
            tally = report.tallies.setdefault(item.source, Tally())
            setattr(tally, outcome.status, getattr(tally, outcome.status) + 1)
            tally.revised += outcome.revised
            report.done += 1
            if on_item is not None:
                on_item(report, item, outcome)
        report.interrupted = report.interrupted or should_stop()
        return report


def _until(
    items: list[BackfillItem], should_stop: Callable[[], bool], report: BackfillReport
) -> Iterator[BackfillItem]:
    for item in items:
        if should_stop():
            report.interrupted = True
            return
        yield item


def parse_since(text: str | None) -> date | None:
    """`--since 2024-07` → 2024-07-01."""
    if not text:
        return None
    try:
        return datetime.strptime(text.strip(), "%Y-%m").date()
    except ValueError:
        raise UsageError(f"--since {text!r}: expected YYYY-MM, e.g. 2024-07") from None


__all__ = [
    "Backfill",
    "BackfillItem",
    "BackfillPlan",
    "BackfillReport",
    "ItemOutcome",
    "LoadResult",
    "SourcePlan",
    "import_csv_file",
    "load_bundled",
    "parse_since",
]
