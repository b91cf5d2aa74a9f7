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
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

from tracker.config import Config, SourceConfig
from tracker.errors import FetchError, Interrupted, ParseError, UsageError
from tracker.fetch import HttpClient
from tracker.history_load import (  # re-exported: the CLI and tests import them here
    LoadResult,
    import_csv_file,
    load_bundled,
)
from tracker.importer import BUNDLED_URL, bundled_csv
from tracker.ingest import IngestReport, IngestSettings, NewDocument, ingest_document
from tracker.sources.base import Document
from tracker.sources.registry import BackfillRole
from tracker.sources.registry import get as kind_of
from tracker.store import Store, iso, utcnow

MAX_NEWS_PAGES = 20


@dataclass
class ItemOutcome:
    """What one backfill item did: new (stored something), unchanged, or failed."""

    status: str
    revised: int = 0  # months whose canonical value changed from an earlier one
    error: str | None = None
    detail: str = ""


def _ignore_stop(run: Callable[[], ItemOutcome], _should_stop: Callable[[], bool]) -> ItemOutcome:
    """An item that runs to its end once started (one request): the stop is checked between
    items."""
    return run()


def _done_before() -> ItemOutcome:
    return ItemOutcome("unchanged", detail="done before")


@dataclass
class BackfillItem:
    source: str
    label: str
    requests: int  # HTTP requests it will send (a lower bound for news archives)
    run: Callable[[Callable[[], bool]], ItemOutcome]  # gets should_stop


@dataclass
class SourcePlan:
    source: str
    kind: str
    what: str
    items: list[BackfillItem] = field(default_factory=list)
    skipped: str | None = None  # why the source is left out

    @property
    def requests(self) -> int:
        return sum(i.requests for i in self.items)


@dataclass
class BackfillPlan:
    since: date
    until: date
    sources: list[SourcePlan]

    def items(self) -> list[BackfillItem]:
        return [i for s in self.sources for i in s.items]

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.sources)

    def lines(self) -> list[str]:
        """The plan as printed before anything runs."""
        used = [s for s in self.sources if not s.skipped]
        out = [
            f"plan: {len(used)} sources, {self.since:%Y-%m}..{self.until:%Y-%m}, "
            f"{len(self.items())} items, {self.requests} requests"
        ]
        for s in self.sources:
            text = (
                f"skipped: {s.skipped}"
                if s.skipped
                else f"{s.what}: {len(s.items)} items, {s.requests} requests"
            )
            out.append(f"  {s.source:<24} {s.kind:<16} {text}")
        return out


@dataclass
class Tally:
    new: int = 0
    unchanged: int = 0
    revised: int = 0
    failed: int = 0


@dataclass
class BackfillReport:
    tallies: dict[str, Tally] = field(default_factory=dict)
    done: int = 0
    total: int = 0
    interrupted: bool = False

    @property
    def failed(self) -> int:
        return sum(t.failed for t in self.tallies.values())


def _revised(report: IngestReport) -> int:
    return sum(1 for _, _, old, new in report.revised if old is not None and old != new)


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
        from tracker.sources.easydata_client import FIRST_MONTH

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
                        [BackfillItem(src.name, what, 1, partial(_ignore_stop, partial(self._file, src)))],
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
                            _ignore_stop,
                            partial(_done_before)
                            if marker in done
                            else partial(self._series, src, key, series_key, lo, hi, marker),
                        ),
                    )
                )
        return plan

    # -- items ---------------------------------------------------------------------------
    def _bundled(self) -> ItemOutcome:
        digest = hashlib.sha256(bundled_csv()).hexdigest()
        if self.store.rows(
            "SELECT 1 FROM documents WHERE source = 'bundled' AND url = ? AND sha256 = ?",
            (BUNDLED_URL, digest),
        ):
            return ItemOutcome("unchanged")
        result = load_bundled(self.store, self.settings)
        return ItemOutcome("new", _revised(result.report), detail=f"{result.rows} rows")

    def _series(
        self, src: SourceConfig, key: str, series_key: str, lo: date, hi: date, marker: str
    ) -> ItemOutcome:
        from tracker.poll import allowed_hosts

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
        return ItemOutcome(status, _revised(got.report), detail=f"{got.figures} figures")

    def _file(self, src: SourceConfig) -> ItemOutcome:
        from tracker.poll import allowed_hosts, candidate_urls, index_changes
        from tracker.sources import validate

        errors: list[str] = []
        kind = kind_of(src.kind)
        urls = candidate_urls(self.store, src)
        if kind.file_copies and len(urls) > 1:  # issue 17: the freshest copy wins
            from tracker.freshest import freshest_response

            res, _notes = freshest_response(
                urls,
                lambda u: self.client.get(u, allowed_hosts=allowed_hosts(src)),
                lambda r: kind.parse(
                    Document(
                        url=r.url,
                        body=r.body,
                        content_type=r.content_type,
                        fetched_at=self.clock(),
                        source=src.name,
                    )
                ),
            )
            urls = []
        for url in urls:
            try:
                res = self.client.get(url, allowed_hosts=allowed_hosts(src))
                break
            except Interrupted:
                raise  # a stop request, not a reason to try the fallback URL
            except FetchError as exc:
                errors.append(str(exc))
        else:
            if urls:
                raise FetchError("; ".join(errors))
        doc = Document(
            url=res.url,
            body=res.body,
            content_type=res.content_type,
            fetched_at=self.clock(),
            source=src.name,
        )
        if not kind.discovers_files:
            validate.check_document(doc, kind.formats)
        digest = hashlib.sha256(res.body).hexdigest()
        if kind.discovers_files:
            index_changes(self.store, src.name, doc, kind)
        elif self.store.rows(
            "SELECT 1 FROM documents WHERE source = ? AND url = ? AND sha256 = ?", (src.name, res.url, digest)
        ):
            return ItemOutcome("unchanged")
        parsed = kind.parse(doc)
        now = self.clock()
        figures = parsed.figures
        if kind.gated:  # issue 17: the plausibility gate
            from tracker.official_gate import gate

            figures = gate(
                self.store,
                parsed,
                source=src.name,
                document=digest[:16],
                url=res.url,
                now=now,
                channels=self.settings.channels,
            ).figures
        with self.store.write():
            done = ingest_document(
                self.store,
                NewDocument.fetched(src.name, res, now),
                figures,
                self.settings,
                parser=src.kind,
                found=len(parsed.figures),
                historical=True,
            )
            is_new, report = done.is_new, done.report
            self.store.update_source(
                src.name,
                last_sha256=digest,
                last_size=len(res.body),
                etag=res.etag,
                last_modified=res.last_modified,
            )
        status = "new" if is_new or report.observations else "unchanged"
        return ItemOutcome(status, _revised(report), detail=f"{len(parsed.figures)} figures")

    def _news(self, src: SourceConfig, since: date, should_stop: Callable[[], bool]) -> ItemOutcome:
        """Walk a listing's pages (newest first) until --since, storing matching articles."""
        from tracker.sources.keywords import KeywordFilter

        wanted = KeywordFilter.with_extra(src.keywords)
        kind = kind_of(src.kind)
        listing, article = kind.parse, kind_of(kind.article_kind or "").parse
        url: str | None = src.url
        pages = stored = revised = 0
        seen: set[str] = set()
        while url and url not in seen and pages < self.max_news_pages and not should_stop():
            seen.add(url)
            page = self.client.get(url)
            pages += 1
            parsed = listing(
                Document(url=page.url, body=page.body, content_type=page.content_type, source=src.name)
            )
            links = getattr(parsed, "entries", None) or getattr(parsed, "links", [])
            dated = [d for link in links if (d := getattr(link, "published", None))]
            if dated and max(dated) < since:
                break  # the whole page is older than --since
            for link in links:
                if should_stop():
                    break
                published = getattr(link, "published", None)
                if (published and published < since) or not wanted.matches(
                    link.title, getattr(link, "summary", ""), link.url
                ):
                    continue
                if self.store.rows("SELECT 1 FROM documents WHERE url = ? LIMIT 1", (link.url,)):
                    continue
                revised += self._article(src, link, published, article, kind.article_kind or "")
                stored += 1
            url = getattr(parsed, "next_page", None)
        return ItemOutcome(
            "new" if stored else "unchanged", revised, detail=f"{pages} pages, {stored} articles"
        )

    def _article(
        self,
        src: SourceConfig,
        link: object,
        published: date | None,
        article: Callable[[Document], object],
        article_kind: str,
    ) -> int:
        url, title = link.url, link.title  # type: ignore[attr-defined]
        got = self.client.get(url)
        doc = Document(
            url=url,
            body=got.body,
            content_type=got.content_type,
            fetched_at=self.clock(),
            published=published,
            title=title,
            source=src.name,
        )
        try:
            figures = list(getattr(article(doc), "figures", []))
        except ParseError:
            figures = []
        report = ingest_document(
            self.store,
            NewDocument.fetched(src.name, got, self.clock(), url=url, published=published, title=title),
            figures,
            self.settings,
            parser=article_kind,
            historical=True,
        ).report
        return _revised(report)

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
