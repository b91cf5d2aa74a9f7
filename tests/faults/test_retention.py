"""A feed that changes a timestamp on every poll (issue 16): every poll stored a new document
and blob, forever. Retention prunes the figure-less ones after N days, never a document that
produced observations, nor the newest of a source, nor an article."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from msgspec.structs import replace

from tests.support.http import Site
from tracker.config import Config, DaemonConfig, SourceConfig
from tracker.fetch import FetchSettings, HttpClient
from tracker.ingest import ChannelRoute, IngestSettings
from tracker.poll import Poller
from tracker.retention import prune_documents
from tracker.store import Store, utcnow

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
    "<lastBuildDate>{n}</lastBuildDate><item><title>Pakistan IT exports hit record</title>"
    "<link>{base}/story</link><pubDate>Mon, 19 Jan 2026 09:00:00 +0500</pubDate></item>"
    "</channel></rss>"
)
STORY = (
    "<html><head><title>IT exports</title></head><body><article><h1>IT exports</h1><p>"
    "Pakistan's IT exports climbed to $452 million in December 2025, the State Bank said."
    "</p></article></body></html>"
)


def test_retention_prunes_only_figureless_feed_documents(tmp_path: Path) -> None:
    site = Site(keep_alive=False)
    try:
        source = SourceConfig(name="feed", kind="news_feed", url=f"{site.base}/feed.xml")
        db = tmp_path / "t.db"
        poller = Poller(
            store_factory=lambda: Store.open(db),
            client=HttpClient(
                FetchSettings(max_retries=0, respect_robots=False, min_host_interval_seconds=0)
            ),
            config=replace(Config(sources=[source]), daemon=DaemonConfig()),
            settings=IngestSettings(channels=(ChannelRoute("ops", admin=True),)),
        )
        site.put("/story", STORY)
        for n in range(5):  # a new timestamp every poll: a new document every poll
            site.put("/feed.xml", FEED.format(n=n, base=site.base), "application/rss+xml")
            assert poller.poll(source).outcome == "new"
    finally:
        site.close()
    store = Store.open(db)
    try:
        count = "SELECT parser, count(*) AS n FROM documents GROUP BY parser ORDER BY parser"
        assert store.rows(count) == [{"parser": "news_article", "n": 1}, {"parser": "news_feed", "n": 5}]
        assert store.rows("SELECT count(*) AS n FROM observations")[0]["n"] >= 1
        blobs_before = store.rows("SELECT count(*) AS n FROM blobs")[0]["n"]

        assert prune_documents(store, 30, utcnow()).documents == 0  # nothing is 30 days old
        pruned = prune_documents(store, 30, utcnow() + timedelta(days=31))
        assert pruned.documents == 4 and pruned.blobs == 4
        assert store.rows(count) == [
            {"parser": "news_article", "n": 1},
            {"parser": "news_feed", "n": 1},
        ]  # the newest feed stays
        assert store.rows("SELECT count(*) AS n FROM blobs")[0]["n"] == blobs_before - 4
        orphans = store.rows(
            "SELECT count(*) AS n FROM observations o WHERE NOT EXISTS "
            "(SELECT 1 FROM documents d WHERE d.id = o.document_id)"
        )
        assert orphans == [{"n": 0}]
    finally:
        store.close()
