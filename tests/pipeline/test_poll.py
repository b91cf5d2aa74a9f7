"""Poller on a real SQLite file with an httpx.MockTransport site: conditional GET, no re-parse,
validators saved only with the document, failures, drift and recovery as admin events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from msgspec.structs import replace

from tracker.config import Config, DaemonConfig, SourceConfig
from tracker.fetch import FetchSettings, HttpClient
from tracker.ingest import ChannelRoute, IngestSettings
from tracker.poll import Poller
from tracker.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sbp"
XLS_URL = "https://archive.sbp.org.pk/ecodata/dt.xls"
FEED_URL = "https://news.example.pk/feed"

Handler = Callable[[httpx.Request], httpx.Response]


class FakeSite:
    """Responses by URL, switchable mid-test; records every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        handler = self.routes.get(str(request.url))
        return handler(request) if handler else httpx.Response(404)

    def serve(self, url: str, body: bytes, ctype: str, etag: str | None = None) -> None:
        def handler(request: httpx.Request) -> httpx.Response:
            if etag and request.headers.get("If-None-Match") == etag:
                return httpx.Response(304, headers={"ETag": etag})
            headers = {"Content-Type": ctype, **({"ETag": etag} if etag else {})}
            return httpx.Response(200, content=body, headers=headers)

        self.routes[url] = handler


@pytest.fixture
def site() -> FakeSite:
    return FakeSite()


def make_poller(tmp_path: Path, site: FakeSite, sources: list[SourceConfig]) -> Poller:
    client = HttpClient(
        FetchSettings(transport=httpx.MockTransport(site), max_retries=0, min_host_interval_seconds=0),
        sleep=lambda s: None,
    )
    config = replace(Config(sources=sources), daemon=DaemonConfig(failure_threshold=2))
    db = tmp_path / "t.db"
    settings = IngestSettings(channels=(ChannelRoute("ops", admin=True),))
    return Poller(store_factory=lambda: Store.open(db), client=client, config=config, settings=settings)


def xls_source() -> SourceConfig:
    return SourceConfig(name="sbp-ebops-xls", kind="sbp_ebops_xls", url=XLS_URL, release_window=True)


def rows(poller: Poller, sql: str) -> list[dict[str, object]]:
    store = poller.store_factory()
    try:
        return store.rows(sql)
    finally:
        store.close()


def test_new_file_is_stored_parsed_and_then_not_modified(tmp_path: Path, site: FakeSite) -> None:
    site.serve(XLS_URL, (FIXTURES / "dt_2026-06.xls").read_bytes(), "application/vnd.ms-excel", etag='"v1"')
    poller = make_poller(tmp_path, site, [xls_source()])
    first = poller.poll(xls_source())
    assert first.outcome == "new" and first.figures > 0
    assert rows(poller, "SELECT etag FROM sources WHERE name = 'sbp-ebops-xls'") == [{"etag": '"v1"'}]
    v = rows(
        poller,
        "SELECT value_usd_millions, authority FROM latest_series "
        "WHERE series = 'it_exports' AND period = '2026-05'",
    )
    assert v == [{"value_usd_millions": 373.27, "authority": "official"}]
    second = poller.poll(xls_source())
    assert second.outcome == "not_modified"
    assert site.requests[-1].headers["If-None-Match"] == '"v1"'
    assert rows(poller, "SELECT count(*) AS n FROM documents WHERE source = 'sbp-ebops-xls'") == [{"n": 1}]


def test_same_bytes_without_validators_are_not_parsed_again(tmp_path: Path, site: FakeSite) -> None:
    site.serve(XLS_URL, (FIXTURES / "dt_2026-06.xls").read_bytes(), "application/vnd.ms-excel")
    poller = make_poller(tmp_path, site, [xls_source()])
    assert poller.poll(xls_source()).outcome == "new"
    assert poller.poll(xls_source()).outcome == "unchanged"
    assert rows(poller, "SELECT count(*) AS n FROM documents") == [{"n": 1}]


def test_validators_are_not_saved_when_the_store_fails(
    tmp_path: Path, site: FakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.serve(XLS_URL, (FIXTURES / "dt_2026-06.xls").read_bytes(), "application/vnd.ms-excel", etag='"v1"')
    poller = make_poller(tmp_path, site, [xls_source()])
    import tracker.ingest as ingest_module

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("crash between fetch and store (injected)")

    monkeypatch.setattr(ingest_module, "ingest", crash)  # inside ingest_document's transaction
    with pytest.raises(RuntimeError):
        poller.poll(xls_source())
    assert rows(poller, "SELECT etag, last_sha256 FROM sources") == [{"etag": None, "last_sha256": None}]
    assert rows(poller, "SELECT count(*) AS n FROM documents") == [{"n": 0}]
    monkeypatch.undo()
    again = poller.poll(xls_source())  # no If-None-Match: the change is seen again
    assert again.outcome == "new"
    assert "If-None-Match" not in site.requests[-1].headers


def test_html_error_page_as_xls_fails_then_alerts_then_recovers(tmp_path: Path, site: FakeSite) -> None:
    site.serve(XLS_URL, (FIXTURES / "dt_html_error.xls").read_bytes(), "application/vnd.ms-excel")
    poller = make_poller(tmp_path, site, [xls_source()])
    assert poller.poll(xls_source()).failed
    assert poller.poll(xls_source()).failed
    assert rows(poller, "SELECT count(*) AS n FROM documents") == [{"n": 0}]
    admin = rows(poller, "SELECT rule FROM events WHERE kind = 'admin'")
    assert admin == [{"rule": "source_failing"}]
    assert rows(poller, "SELECT channel FROM outbox") == [{"channel": "ops"}]
    site.serve(XLS_URL, (FIXTURES / "dt_2026-06.xls").read_bytes(), "application/vnd.ms-excel")
    assert poller.poll(xls_source()).outcome == "new"
    assert [r["rule"] for r in rows(poller, "SELECT rule FROM events WHERE kind = 'admin' ORDER BY id")] == [
        "source_failing",
        "source_recovered",
    ]


def test_parser_drift_is_an_admin_event(
    tmp_path: Path, site: FakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    site.serve(XLS_URL, (FIXTURES / "dt_2026-06.xls").read_bytes(), "application/vnd.ms-excel")
    poller = make_poller(tmp_path, site, [xls_source()])
    assert poller.poll(xls_source()).figures > 0
    import tracker.collect as collect_module
    from tracker.sources.base import ParseResult

    monkeypatch.setattr(collect_module, "parser_for", lambda kind: lambda doc: ParseResult())
    site.serve(XLS_URL, (FIXTURES / "dt_2026-07.xls").read_bytes(), "application/vnd.ms-excel")
    assert poller.poll(xls_source()).outcome == "new"
    assert rows(poller, "SELECT rule FROM events WHERE kind = 'admin'") == [{"rule": "parser_drift"}]


def test_html_page_where_a_feed_was_expected_is_a_failure(tmp_path: Path, site: FakeSite) -> None:
    source = SourceConfig(name="news", kind="news_feed", url=FEED_URL, interval_minutes=30)
    site.serve(FEED_URL, b"<!DOCTYPE html><html><title>Error</title></html>", "text/html")
    poller = make_poller(tmp_path, site, [source])
    outcome = poller.poll(source)
    assert outcome.failed and "HTML" in (outcome.error or "")
    assert rows(poller, "SELECT consecutive_failures FROM sources") == [{"consecutive_failures": 1}]


RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>{title}</title>'
    "<link>{link}</link><pubDate>Mon, 19 Jan 2026 09:00:00 +0500</pubDate></item></channel></rss>"
)
ARTICLE = (
    "<html><head><title>{title}</title></head><body><nav>Home | Business</nav><article>"
    "<h1>{title}</h1><p>{text}</p></article></body></html>"
)


def test_two_outlets_agreeing_make_an_unconfirmed_record(tmp_path: Path, site: FakeSite) -> None:
    """Feed → keyword filter → article → extractor → reconcile → unconfirmed record event."""
    stories = {
        "dawn.example": "Pakistan's IT exports climbed to an all-time high of $437 million in "
        "December 2025, the central bank reported on Monday.",
        "recorder.example": "Information technology exports reached $437m in December 2025 "
        "compared with $348m in December 2024, SBP data showed.",
    }
    sources = []
    for host, text in stories.items():
        title = "IT exports hit record high"
        site.serve(
            f"https://{host}/feed",
            RSS.format(title=title, link=f"https://{host}/story").encode(),
            "application/rss+xml",
        )
        site.serve(
            f"https://{host}/story",
            ARTICLE.format(title=title, text=text).encode(),
            "text/html; charset=utf-8",
        )
        sources.append(
            SourceConfig(name=host, kind="news_feed", url=f"https://{host}/feed", interval_minutes=30)
        )
    poller = make_poller(tmp_path, site, sources)
    poller.settings = IngestSettings(channels=(ChannelRoute("hook", unconfirmed=True), ChannelRoute("mail")))
    # polled the day the stories ran (a year-old story would be history, never an alert)
    poller.clock = lambda: datetime(2026, 1, 19, 12, tzinfo=UTC)
    store = poller.store_factory()
    from tracker.ingest import ingest
    from tracker.model import Authority, Figure, Period, Series, Status

    # October's record and November: December's comparison window is complete
    ingest(
        store,
        [
            Figure(
                Series.IT_EXPORTS, Period.month(2025, m), v, Status.REVISED, Authority.OFFICIAL, source="sbp"
            )
            for m, v in ((10, 386), (11, 356))
        ],
        poller.settings,
        historical=True,
    )
    store.close()
    first = poller.poll(sources[0])
    assert first.articles == 1 and first.figures >= 1 and first.events == 0  # one outlet only
    second = poller.poll(sources[1])
    assert second.articles == 1 and second.events >= 1
    events = rows(poller, "SELECT kind, rule, period, value_usd_millions FROM events")
    assert {
        "kind": "unconfirmed",
        "rule": "all_time_high",
        "period": "2025-12",
        "value_usd_millions": 437.0,
    } in events
    assert rows(poller, "SELECT DISTINCT channel FROM outbox") == [{"channel": "hook"}]
    assert poller.poll(sources[1]).outcome == "unchanged"  # same feed bytes: nothing re-parsed


def feed_sources(hosts: list[str], per_host: int) -> list[SourceConfig]:
    return [
        SourceConfig(name=f"{h}-{i}", kind="news_feed", url=f"https://{h}/feed/{i}", interval_minutes=30)
        for i in range(per_host)
        for h in hosts
    ]


def serve_feeds(site: FakeSite, sources: list[SourceConfig]) -> None:
    for s in sources:
        site.serve(
            s.url, RSS.format(title="Markets", link=s.url + "/x").encode(), "application/rss+xml", etag='"1"'
        )


def test_batched_bookkeeping_waits_for_flush_and_writes_every_success(tmp_path: Path, site: FakeSite) -> None:
    sources = feed_sources(["a.example"], 5)
    serve_feeds(site, sources)
    poller = make_poller(tmp_path, site, sources)
    for s in sources:
        assert poller.poll(s).outcome == "new"  # new documents: stored at once, batch or not
    poller.batch_successes = 3
    for s in sources:
        assert poller.poll(s).outcome == "not_modified"
    # 3 of 5 clean successes reached the batch size and were written; 2 wait for flush()
    logged = "SELECT count(*) AS n FROM fetches WHERE outcome = 'not_modified'"
    assert rows(poller, logged) == [{"n": 3}]
    poller.flush()
    assert rows(poller, logged) == [{"n": 5}]
    stamps = rows(poller, "SELECT last_success_at, consecutive_failures FROM sources")
    assert all(r["last_success_at"] and r["consecutive_failures"] == 0 for r in stamps)
    poller.flush()  # nothing pending: no second write
    assert rows(poller, logged) == [{"n": 5}]


def test_batching_never_delays_failures_or_a_recovery(tmp_path: Path, site: FakeSite) -> None:
    source = feed_sources(["a.example"], 1)[0]
    poller = make_poller(tmp_path, site, [source])
    poller.batch_successes = 100
    assert poller.poll(source).failed and poller.poll(source).failed  # 404 twice: threshold 2
    assert rows(poller, "SELECT consecutive_failures FROM sources") == [{"consecutive_failures": 2}]
    serve_feeds(site, [source])
    assert poller.poll(source).outcome == "new"
    # a success after failures is written at once, with its recovery event
    assert rows(poller, "SELECT consecutive_failures FROM sources") == [{"consecutive_failures": 0}]
    assert [r["rule"] for r in rows(poller, "SELECT rule FROM events ORDER BY id")] == [
        "source_failing",
        "source_recovered",
    ]


def test_poll_by_host_keeps_order_and_one_request_at_a_time_per_host(tmp_path: Path, site: FakeSite) -> None:
    import threading

    from tracker.poll import poll_by_host

    hosts = ["a.example", "b.example", "c.example"]
    sources = feed_sources(hosts, 4)
    serve_feeds(site, sources)
    busy: dict[str, int] = dict.fromkeys(hosts, 0)
    most: dict[str, int] = dict.fromkeys(hosts, 0)
    lock = threading.Lock()
    inner = site.__call__

    def counting(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        with lock:
            busy[host] += 1
            most[host] = max(most[host], busy[host])
        try:
            return inner(request)
        finally:
            with lock:
                busy[host] -= 1

    poller = make_poller(tmp_path, site, sources)
    poller.client = HttpClient(
        FetchSettings(transport=httpx.MockTransport(counting), max_retries=0, min_host_interval_seconds=0),
        sleep=lambda s: None,
    )
    outcomes = poll_by_host(poller, sources)
    assert [o.source for o in outcomes] == [s.name for s in sources]
    assert {o.outcome for o in outcomes} == {"new"}
    assert most == dict.fromkeys(hosts, 1)
