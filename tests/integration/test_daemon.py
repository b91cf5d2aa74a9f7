"""The daemon as a subprocess against a local news site: discovery, storage, health, signals."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from tests.support.daemon import Daemon
from tests.support.db import query
from tests.support.http import Site
from tests.support.wait import wait_until

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local Business</title>{items}</channel></rss>"""
ITEM = """<item><title>{title}</title><link>{link}</link>
<pubDate>Tue, 20 Jan 2026 10:00:00 +0500</pubDate><description>{title}</description></item>"""


def feed(site: Site, items: list[tuple[str, str]]) -> None:
    body = RSS.format(items="".join(ITEM.format(title=t, link=f"{site.base}{p}") for t, p in items))
    site.put("/feed.xml", body, "application/rss+xml")


def article(title: str, text: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{text}</p></article></body></html>"
    )


def write_config(tmp: Path, site: Site, interval_minutes: float = 0.05) -> Path:
    cfg = tmp / "tracker.toml"
    cfg.write_text(f"""
[http]
min_host_interval_seconds = 0
max_retries = 0
respect_robots = true

[[sources]]
name = "local-news"
kind = "news_feed"
url = "{site.base}/feed.xml"
interval_minutes = {interval_minutes}
""")
    return cfg


def stored_urls(db: Path) -> set[str]:
    return {r[0] for r in query(db, "SELECT url FROM documents WHERE source = 'local-news'")}


def test_daemon_discovers_new_articles_and_stops_cleanly(tmp_path: Path, site: Site) -> None:
    site.put("/a1", article("IT exports rise in December", "Exports of IT services grew."))
    site.put("/other", article("Cricket scores", "Nothing about exports."))
    feed(site, [("IT exports rise in December", "/a1"), ("Cricket scores", "/other")])
    db = tmp_path / "t.db"
    daemon = Daemon(write_config(tmp_path, site), db, health=True)
    try:
        wait_until(lambda: f"{site.base}/a1" in stored_urls(db), "the first article stored", 30)
        health = wait_until(lambda: _get(f"http://127.0.0.1:{daemon.health_port}/healthz"), "/healthz", 10)
        assert health == (200, "ok\n")
        status, metrics = _get(f"http://127.0.0.1:{daemon.health_port}/metrics")
        assert status == 200 and 'tracker_fetches_total{source="local-news"' in metrics

        # publish a new article while the daemon runs: stored within one interval (3 s) + slack
        site.put("/a2", article("Pakistan's IT exports hit a record", "A new monthly high."))
        feed(
            site,
            [
                ("Pakistan's IT exports hit a record", "/a2"),
                ("IT exports rise in December", "/a1"),
                ("Cricket scores", "/other"),
            ],
        )
        wait_until(lambda: f"{site.base}/a2" in stored_urls(db), "the new article stored", 15)
        assert "/other" not in site.hits  # the keyword filter skipped it
        assert site.hits.count("/a1") == 1  # each article fetched once

        # a second daemon on the same database refuses to start
        second = Daemon(tmp_path / "tracker.toml", db, health=True)
        second.wait(30)
        code, out = second.stop(), second.output()
        assert code == 2 and "another tracker daemon" in out
    finally:
        code, out = daemon.stop(), daemon.output()
    assert code == 0, out
    assert "tracker daemon stopped" in out


def _get(url: str) -> tuple[int, str] | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status, r.read().decode()
    except OSError:
        return None


def test_sigterm_interrupts_a_source_that_is_backing_off(tmp_path: Path, site: Site) -> None:
    """A source answering 503 keeps the client in retry waits; SIGTERM must not wait them out."""
    site.put("/feed.xml", "busy", "text/plain", status=503)
    cfg = tmp_path / "tracker.toml"
    cfg.write_text(f"""
[http]
min_host_interval_seconds = 0
max_retries = 8
deadline_seconds = 600

[[sources]]
name = "local-news"
kind = "news_feed"
url = "{site.base}/feed.xml"
interval_minutes = 60
""")
    db = tmp_path / "t.db"
    daemon = Daemon(cfg, db, health=True)
    try:
        wait_until(lambda: site.hits.count("/feed.xml") >= 2, "the source to be retried", 30)
    finally:
        code, out = daemon.stop(timeout=20), daemon.output()  # the retry schedule alone would take minutes
    assert code == 0, out
    assert "interrupted" in out
    # an interrupted poll is not a source failure
    assert query(db, "SELECT consecutive_failures FROM sources WHERE name = 'local-news'") == [(0,)]
