"""The whole chain with the daemon as a subprocess: news articles from two outlets announce a
new record (unconfirmed), then SBP's workbook confirms it; a re-poll sends nothing more."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from tests.alerts_e2e.conftest import ENV, write_config
from tests.fixtures import make_sbp_fixtures as gen
from tests.support.daemon import Daemon
from tests.support.db import query
from tests.support.http import Site
from tests.support.wait import wait_until
from tests.support.webhook import Receiver

# Published yesterday: the daemon runs on the real clock, and a story older than
# reconcile.max_article_age_days (45) is history, never an alert.
PUBLISHED = format_datetime(datetime.now(UTC) - timedelta(days=1))
RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title><item>'
    "<title>IT exports hit all-time high</title><link>{link}</link>"
    f"<pubDate>{PUBLISHED}</pubDate></item></channel></rss>"
)
ARTICLE = (
    "<html><head><title>IT exports hit all-time high</title></head><body><article>"
    "<p>{text}</p></article></body></html>"
)
STORIES = (
    "Pakistan's IT exports climbed to an all-time high of $452 million in August 2026, the "
    "State Bank of Pakistan reported.",
    "Information technology exports reached a record $452m in August 2026, up from $337m in "
    "August 2025, according to central bank data.",
)


def _serial(d: date) -> int:
    return (d - date(1899, 12, 30)).days  # Excel's day count for the year-ago header


def august_release() -> bytes:
    """dt.xls as SBP would publish it in September 2026, with August at $452.1M (P)."""
    return gen.write_xls(
        [
            gen._block(
                _serial(date(2025, 8, 31)), "2025-08", "final", gen.ict_leaves(337_000, "aug25"), 760_000
            ),
            gen._block("Jul-26 (R)", "2026-07", "R", gen.ict_leaves(417_300, "jul26"), 900_000),
            gen._block("Aug-26 (P)", "2026-08", "P", gen.ict_leaves(452_100, "aug26"), 950_000),
        ]
    )


def test_news_then_sbp_gives_one_unconfirmed_then_one_confirmed_alert(
    tmp_path: Path, site: Site, hook: Receiver
) -> None:
    port = site.base.rsplit(":", 1)[1]
    sources = ""
    for i, host in enumerate(("127.0.0.1", "localhost")):  # two hosts: two outlets
        base = f"http://{host}:{port}"
        site.put(f"/feed{i}", RSS.format(name=host, link=f"{base}/story{i}"), "application/rss+xml")
        site.put(f"/story{i}", ARTICLE.format(text=STORIES[i]))
        sources += f"""
[[sources]]
name = "outlet{i}"
kind = "news_feed"
url = "{base}/feed{i}"
interval_minutes = 0.05
"""
    site.put("/dt.xls", gen.write_xls(gen.XLS_JUL26), "application/vnd.ms-excel")  # no record
    sources += f"""
[[sources]]
name = "sbp-ebops-xls"
kind = "sbp_ebops_xls"
url = "{site.base}/dt.xls"
interval_minutes = 0.05
"""
    cfg = write_config(
        tmp_path,
        hook=hook,
        unconfirmed=True,
        extra="\n[http]\nmin_host_interval_seconds = 0\nmax_retries = 0\n" + sources,
    )
    db = tmp_path / "t.db"
    daemon = Daemon(cfg, db, env=ENV, health=True)
    try:
        (first,) = hook.wait_for(1, timeout=60)
        assert first.payload is not None, first.verify_error
        assert first.payload["data"]["kind"] == "unconfirmed"
        assert first.payload["data"]["period"] == "2026-08"

        site.put("/dt.xls", august_release(), "application/vnd.ms-excel")
        second = hook.wait_for(2, timeout=60)[1]
        assert second.payload is not None, second.verify_error
        assert second.payload["data"]["kind"] == "confirmed"
        assert second.payload["data"]["value_usd_millions"] == 452.1

        polls = len(query(db, "SELECT id FROM fetches WHERE source = 'sbp-ebops-xls'"))
        wait_until(
            lambda: len(query(db, "SELECT id FROM fetches WHERE source = 'sbp-ebops-xls'")) >= polls + 2,
            "two more polls of the workbook",
            60,
        )
        assert len(hook.deliveries) == 2  # re-polls sent nothing more
        assert query(db, "SELECT status, count(*) FROM outbox GROUP BY status") == [("sent", 2)]
    finally:
        code, out = daemon.stop(), daemon.output()
    assert code == 0, out
