"""Fault injection against the real daemon: one row per fault, then a restart that must end with
every figure stored once, every alert delivered exactly once and an intact database.

Each row sets up local servers with the fault in place, starts `tracker run` as a subprocess,
waits (with deadlines, on database rows or receiver events) for the fault to be met and
asserts how it was handled, heals it; then `restart_and_check` restarts the daemon, lets it
poll every source again and checks the end state (see conftest.check_end_state).
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.alerts_e2e.conftest import Cli
from tests.alerts_e2e.test_full_chain import ARTICLE, STORIES, august_release
from tests.faults.conftest import XLS, World, check_end_state, restart_and_check
from tests.fixtures import make_sbp_fixtures as gen
from tests.support.db import query
from tests.support.http import content_length_lie, hold, page, redirect, reset_mid_body, stream_without_length
from tests.support.wait import wait_until
from tracker.store import Store

AUG = august_release()  # dt.xls with a new all-time high: Aug-2026 $452.1M (P)
JUL = gen.write_xls(gen.XLS_JUL26)  # the month before: no record
RECORD = [("record", "2026-08")]
HTML_ERROR = (
    b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>"
    b"<h1>The page you requested is temporarily unavailable</h1></body></html>"
)


def sbp_world(w: World, *actions: Callable[..., None]) -> None:
    """One SBP workbook source whose healed body is AUG (a record, alerted once)."""
    w.source("sbp", "sbp_ebops_xls", "/dt.xls")
    w.site.set("/dt.xls", *(actions or (page(AUG, XLS),)))
    w.must_store.append(("sbp", AUG))
    w.alerts = list(RECORD)


def heal_xls(w: World) -> None:
    w.site.set("/dt.xls", page(AUG, XLS))


def no_sbp_documents(w: World) -> None:
    assert w.documents("sbp") == [], "a failed fetch stored a document"


# -- source faults ------------------------------------------------------------------------------


def source_timeout(w: World) -> None:
    sbp_world(w, hold(page(AUG, XLS), seconds=4))
    w.http["read_timeout_seconds"] = 0.5
    d = w.start()
    wait_until(lambda: w.failed_with("sbp", "timeout"), "a timed-out poll", 30)
    no_sbp_documents(w)
    assert d.proc.poll() is None
    heal_xls(w)


def http_500_then_recovery(w: World) -> None:
    sbp_world(w, page(b"Internal Server Error", "text/plain", 500))
    w.start()
    wait_until(lambda: w.failed_with("sbp", "HTTP 500 (gave up after 2 attempts)"), "a 500", 30)
    no_sbp_documents(w)
    heal_xls(w)  # recovers within the same daemon, then the restart must add nothing
    wait_until(lambda: w.documents("sbp"), "the document after recovery", 30)
    wait_until(
        lambda: query(w.db, "SELECT consecutive_failures FROM sources WHERE name = 'sbp'") == [(0,)],
        "the failure count reset",
    )
    wait_until(lambda: w.hook.acknowledged(), "the record alert", 20)


def connection_reset_mid_body(w: World) -> None:
    sbp_world(w, reset_mid_body(AUG, XLS))
    w.start()
    wait_until(
        lambda: w.failed_with("sbp", "truncated body") or w.failed_with("sbp", "reset"), "a reset poll", 30
    )
    no_sbp_documents(w)
    heal_xls(w)


def truncated_content_length_lie(w: World) -> None:
    sbp_world(w, content_length_lie(AUG, 4096, XLS))
    w.start()
    wait_until(lambda: w.failed_with("sbp", "truncated body"), "a truncated poll", 30)
    no_sbp_documents(w)
    heal_xls(w)


def html_error_page_as_xls(w: World) -> None:
    sbp_world(w, page(HTML_ERROR, "text/html"))
    w.start()
    wait_until(lambda: w.failed_with("sbp", "html"), "the HTML page rejected", 30)
    no_sbp_documents(w)
    assert w.hook.deliveries == []
    heal_xls(w)


def garbage_bytes_as_pdf(w: World) -> None:
    rng = random.Random(8)
    junk = bytes(rng.randrange(256) for _ in range(40_000))
    good = gen.write_pdf(gen.PDF_JUL26, "July 2026")
    w.source("pdf", "sbp_headline_pdf", "/headline.pdf")
    # plain garbage first, then garbage behind a valid %PDF magic (reaches the parser)
    w.site.set("/headline.pdf", page(junk, "application/pdf"), page(b"%PDF-1.7\n" + junk, "application/pdf"))
    w.must_store.append(("pdf", good))
    d = w.start()
    wait_until(
        lambda: (
            (r := query(w.db, "SELECT consecutive_failures FROM sources WHERE name = 'pdf'")) and r[0][0] >= 2
        ),
        "two failed polls (junk, then junk with a PDF header)",
        30,
    )
    assert w.documents("pdf") == []
    assert d.proc.poll() is None and "Traceback" not in d.output(), d.output()
    w.site.set("/headline.pdf", page(good, "application/pdf"))


def feed_with_10000_items(w: World) -> None:
    items = [
        f"<item><title>Cricket score {i}</title><link>{w.site.base}/n/{i}</link></item>"
        for i in range(10_000)
    ]
    for i in (1, 2):
        items.insert(
            i * 3000,
            f"<item><title>IT exports hit all-time high</title><link>{w.site.base}/story{i}</link></item>",
        )
        w.site.set(f"/story{i}", page(ARTICLE.format(text=STORIES[i - 1]), "text/html"))
        w.must_store.append(("news", ARTICLE.format(text=STORIES[i - 1]).encode()))
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()
    w.source("news", "news_feed", "/feed.xml")
    w.site.set("/feed.xml", page(feed, "application/rss+xml"))
    w.must_store.append(("news", feed))
    d = w.start()
    wait_until(lambda: len(w.documents("news")) == 3, "the feed and its two articles", 40)
    assert not any(h.startswith("/n/") for h in w.site.hits)  # the filter skipped 10,000
    assert d.proc.poll() is None


def one_article_feed(w: World, path: str) -> bytes:
    """A news feed source listing one relevant article at `path`; returns the feed body."""
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><item>'
        f"<title>IT exports hit all-time high</title><link>{w.site.base}{path}</link>"
        "</item></channel></rss>"
    ).encode()
    w.source("news", "news_feed", "/feed.xml")
    w.site.set("/feed.xml", page(feed, "application/rss+xml"))
    w.must_store.append(("news", feed))
    return feed


def article_20mb(w: World) -> None:
    one_article_feed(w, "/big")
    w.site.set("/big", stream_without_length(21_000_000))
    d = w.start()
    wait_until(
        lambda: w.site.count("/big") >= 1 and len(w.fetches("news")) >= 2,
        "the article tried, then another poll",
        40,
    )
    assert [u for _, u, _ in w.documents("news")] == [f"{w.site.base}/feed.xml"]
    assert w.site.count("/big") == 1  # over the cap is permanent: not fetched again
    assert d.proc.poll() is None


def article_500_then_recovery(w: World) -> None:
    one_article_feed(w, "/story")
    w.site.set("/story", page("busy", "text/plain", 503))
    w.start()
    wait_until(lambda: w.site.count("/story") >= 2, "the article's failed attempts", 30)
    assert [u for _, u, _ in w.documents("news")] == [f"{w.site.base}/feed.xml"]
    story = ARTICLE.format(text=STORIES[0])
    w.site.set("/story", page(story, "text/html"))
    w.must_store.append(("news", story.encode()))
    # the feed did not change: the article must still be tried again (and stored once)
    wait_until(lambda: len(w.documents("news")) == 2, "the article on a later poll", 30)


def redirect_loop(w: World) -> None:
    sbp_world(w, redirect("/loop-a"))
    w.site.set("/loop-a", redirect("/dt.xls"))
    w.start()
    wait_until(lambda: w.failed_with("sbp", "redirect loop"), "the loop detected", 30)
    no_sbp_documents(w)
    heal_xls(w)


def robots_disallow_appears(w: World) -> None:
    sbp_world(w, page(JUL, XLS))
    w.must_store.append(("sbp", JUL))
    w.site.set("/robots.txt", page("User-agent: *\nAllow: /\n", "text/plain"))
    first = w.start()
    wait_until(lambda: w.documents("sbp"), "July stored while robots.txt allows", 30)
    # the site now forbids the path and publishes August; robots.txt is cached for 24 h, so
    # the change is seen by the next process (a restart), which must not fetch the file
    w.site.set("/robots.txt", page("User-agent: *\nDisallow: /dt.xls\n", "text/plain"))
    w.site.set("/dt.xls", page(AUG, XLS))
    assert first.stop() == 0
    hits = w.site.count("/dt.xls")
    w.start()
    wait_until(lambda: w.failed_with("sbp", "robots.txt disallows"), "robots.txt obeyed", 30)
    assert w.site.count("/dt.xls") == hits
    assert len(w.documents("sbp")) == 1 and w.hook.deliveries == []
    w.site.set("/robots.txt", page("User-agent: *\nAllow: /\n", "text/plain"))


def dns_failure(w: World) -> None:
    sbp_world(w)
    w.sources.clear()
    w.names.clear()
    w.source(
        "sbp",
        "sbp_ebops_xls",
        "http://sbp.nonexistent.invalid/dt.xls",
        fallback_urls=[f"{w.site.base}/dt.xls"],
    )
    w.source("ghost", "news_feed", "http://news.nonexistent.invalid/feed.xml")
    w.start()
    wait_until(lambda: w.failed_with("ghost", "connection error"), "the unresolvable feed", 30)
    wait_until(lambda: w.documents("sbp"), "the workbook from the fallback URL", 30)
    failed = [r for r in w.fetches("sbp", "failed") if ".invalid" in r[2]]
    assert failed and "connection error" in failed[0][1]
    assert w.documents("ghost") == []


# -- delivery faults ----------------------------------------------------------------------------


def smtp_refusing(w: World) -> None:
    sbp_world(w)
    w.use_hook, w.use_mail = False, True  # SMTP is not started: connections are refused
    w.start()
    wait_until(
        lambda: "Connection refused" in str(query(w.db, "SELECT last_error FROM outbox")),
        "a refused SMTP attempt",
        30,
    )
    assert query(w.db, "SELECT status FROM outbox") == [("pending",)]
    w.smtp.start()


def smtp_drops_mid_data(w: World) -> None:
    sbp_world(w)
    w.use_hook, w.use_mail = False, True
    w.smtp.mailbox.drop_mid_data = True
    w.smtp.start()
    try:
        d = w.start()
        wait_until(lambda: w.smtp.mailbox.drops >= 2, "two sends cut off mid-DATA", 30)
        row = query(w.db, "SELECT status, attempts, last_error FROM outbox")
        assert row[0][0] == "pending" and row[0][1] >= 1, row
        assert "SMTPServerDisconnected" in str(row) or "Connection" in str(row), row
        assert d.stop() == 0
    finally:
        w.smtp.mailbox.drop_mid_data = False


def webhook_500(w: World) -> None:
    sbp_world(w)
    w.hook.script = [500, 500]
    w.start()
    wait_until(lambda: w.hook.acknowledged(), "the delivery after two 500s", 30)
    assert [d.answered for d in w.hook.deliveries] == [500, 500, 204]
    assert len({d.webhook_id for d in w.hook.deliveries}) == 1  # retries are the same message


def webhook_hanging(w: World) -> None:
    sbp_world(w)
    w.hook.script = ["hang"]
    w.hook_timeout = 0.5
    w.start()
    wait_until(lambda: w.hook.acknowledged(), "the retry after the timeout", 30)
    hung, ok = w.hook.deliveries[:2]
    assert hung.answered is None and ok.answered == 204 and hung.webhook_id == ok.webhook_id
    assert "timed out" in str(query(w.db, "SELECT last_error FROM outbox")) or query(
        w.db, "SELECT attempts FROM outbox"
    ) == [(2,)]


def webhook_404(w: World) -> None:
    sbp_world(w)
    w.hook.default = 404
    w.start()
    wait_until(lambda: query(w.db, "SELECT status FROM outbox") == [("dead",)], "the dead row", 30)
    assert len(w.hook.deliveries) == 1  # permanent: not retried
    assert query(w.db, "SELECT count(*) FROM events WHERE key LIKE 'admin:delivery_dead:%'") == [(1,)]
    w.dead_alerts = 1
    # a restart leaves the dead row alone ...
    restart_and_check(w)
    assert len(w.hook.deliveries) == 1
    # ... and once the receiver is fixed, the operator's retry delivers it once
    w.hook.default = 204
    ((row_id,),) = query(w.db, "SELECT id FROM outbox")
    assert Cli(w.config, w.db)("alerts", "retry", str(row_id)).startswith("sent 1")
    w.dead_alerts = 0


# -- crashes ------------------------------------------------------------------------------------


def kill9_during_fetch(w: World) -> None:
    sbp_world(w, hold(page(AUG, XLS)))
    d = w.start()
    with w.site.cond:
        assert w.site.cond.wait_for(lambda: w.site.held >= 1, 30), "the fetch to start"
    d.kill9()
    w.site.release.set()
    no_sbp_documents(w)
    heal_xls(w)


def kill9_between_store_and_send(w: World) -> None:
    sbp_world(w)
    w.hook.stop()  # the receiver's port is closed: the event is stored, its send refused
    w.start()
    wait_until(
        lambda: (r := query(w.db, "SELECT status, attempts FROM outbox")) and r[0][1] >= 1,
        "the stored event's refused send",
        30,
    )
    w.daemons[-1].kill9()
    assert query(w.db, "SELECT status FROM outbox") == [("pending",)]
    w.hook.start()


def kill9_mid_send(w: World) -> None:
    sbp_world(w)
    w.hook.script = ["block"]  # the receiver takes the POST and holds the answer
    w.resend_same_id = True  # the receiver saw it; the daemon never learned: same id again
    d = w.start()
    w.hook.wait_for(1, timeout=30)
    d.kill9()
    w.hook.release.set()
    assert query(w.db, "SELECT status FROM outbox") == [("pending",)]


MIGRATE = """
import pathlib, sys, time
from tracker.schema import migrations

@migrations()
def m999_fault_slow(db):
    db.execute("CREATE TABLE fault_half_done (x)")
    pathlib.Path(sys.argv[2]).write_text("migrating")
    time.sleep(120)

from tracker.store import Store
Store.open(sys.argv[1])
"""


def kill9_during_migration(w: World) -> None:
    sbp_world(w)
    signal_file = w.tmp / "migrating"
    proc = subprocess.Popen([sys.executable, "-c", MIGRATE, str(w.db), str(signal_file)])
    try:
        wait_until(signal_file.exists, "the migration to be under way", 30)
    finally:
        proc.kill()
        proc.wait(10)
    store = Store.open(w.db)  # a normal open after the crash
    try:
        names = {r["name"] for r in store.rows("SELECT name FROM sqlite_master")}
        applied = [r["name"] for r in store.rows("SELECT name FROM _sqlite_migrations")]
        assert store.rows("PRAGMA integrity_check") == [{"integrity_check": "ok"}]
    finally:
        store.close()
    # the killed migration left nothing; the normal open applied the real ones, in order
    assert "fault_half_done" not in names and "m999_fault_slow" not in applied
    assert applied == sorted(applied) and applied[0] == "m001_initial"
    assert {"sources", "documents", "observations", "vintages", "events", "outbox", "latest_series"} <= names


def disk_full(w: World) -> None:
    sbp_world(w)
    flag = w.tmp / "disk-full"
    flag.touch()
    w.env = {
        "PYTHONPATH": f"{Path(__file__).parent / 'inject'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
        "TRACKER_FAULT_DISK_FULL_FILE": str(flag),
    }
    # full at start-up: loading the bundled history fails, one line, exit 2, nothing kept
    first = w.start()
    assert first.proc.wait(30) == 2
    assert "tracker: error: database write failed: database or disk is full" in first.output()
    assert query(w.db, "SELECT count(*) FROM documents") == [(0,)]
    # full while running: the poll's transaction (blob, document, observations) is undone
    flag.unlink()
    d = w.start()
    wait_until(lambda: "tracker daemon started" in d.output(), "the daemon started", 30)
    flag.touch()
    wait_until(lambda: "database or disk is full" in d.output(), "the disk-full error", 30)
    assert "StoreError: database write failed: database or disk is full" in d.output()
    no_sbp_documents(w)
    assert query(w.db, "SELECT count(*) FROM blobs WHERE size = ?", (len(AUG),)) == [(0,)]
    assert query(w.db, "SELECT last_sha256 FROM sources WHERE name = 'sbp'") == [(None,)]
    assert d.proc.poll() is None  # the daemon lives on
    flag.unlink()  # space is back: the restart (still hooked) must store it once


@dataclass(frozen=True)
class Scenario:
    """One row: the fault injected, what is asserted, and the function that does it."""

    name: str
    injected: str
    asserted: str
    run: Callable[[World], None]


SCENARIOS = [
    Scenario(
        "source_timeout",
        "dt.xls held 4 s, read timeout 0.5 s",
        "poll failed 'timeout', no document",
        source_timeout,
    ),
    Scenario(
        "http_500_then_recovery",
        "dt.xls answers 500, then 200",
        "failed 'HTTP 500 (gave up after 2 attempts)', recovers in the same run, failure count reset",
        http_500_then_recovery,
    ),
    Scenario(
        "connection_reset_mid_body",
        "half the body, then RST",
        "failed 'truncated body', no document",
        connection_reset_mid_body,
    ),
    Scenario(
        "content_length_lie",
        "Content-Length 4 KiB longer than the body, clean close",
        "failed 'truncated body', no document",
        truncated_content_length_lie,
    ),
    Scenario(
        "html_error_page_as_xls",
        "200 text/html error page for dt.xls",
        "rejected as html, no document, no alert",
        html_error_page_as_xls,
    ),
    Scenario(
        "garbage_bytes_as_pdf",
        "random bytes, then random bytes behind %PDF-1.7",
        "2 failed polls, no document, no traceback",
        garbage_bytes_as_pdf,
    ),
    Scenario(
        "feed_with_10000_items",
        "RSS feed of 10,002 items (2 relevant)",
        "feed + 2 articles stored, none of the 10,000 fetched",
        feed_with_10000_items,
    ),
    Scenario(
        "article_20mb",
        "21 MB article without Content-Length",
        "aborted at the 20 MB cap, not stored, not refetched (permanent)",
        article_20mb,
    ),
    Scenario(
        "article_503_then_recovery",
        "a feed's article answers 503, then 200; the feed never changes",
        "article retried on a later poll, stored once",
        article_500_then_recovery,
    ),
    Scenario(
        "redirect_loop", "/dt.xls -> /loop-a -> /dt.xls", "failed 'redirect loop', no document", redirect_loop
    ),
    Scenario(
        "robots_disallow_appears",
        "robots.txt turns to Disallow: /dt.xls",
        "next process does not fetch the file",
        robots_disallow_appears,
    ),
    Scenario(
        "dns_failure",
        "sources on *.nonexistent.invalid (one with a local fallback)",
        "'connection error' logged; fallback stored; dead host has no document",
        dns_failure,
    ),
    Scenario("smtp_refusing", "SMTP port closed", "row pending with 'Connection refused'", smtp_refusing),
    Scenario(
        "smtp_drops_mid_data",
        "SMTP server hangs up (RST) after DATA's first line",
        "row pending, error recorded, nothing in the mailbox",
        smtp_drops_mid_data,
    ),
    Scenario("webhook_500", "receiver answers 500 twice", "3 POSTs, one webhook-id, sent", webhook_500),
    Scenario(
        "webhook_hanging",
        "receiver holds the first POST, timeout 0.5 s",
        "first POST unanswered, retry with the same id acknowledged",
        webhook_hanging,
    ),
    Scenario(
        "webhook_404",
        "receiver answers 404",
        "row dead, admin event, not retried; restart leaves it; `alerts retry` delivers it once",
        webhook_404,
    ),
    Scenario(
        "kill9_during_fetch",
        "kill -9 while the server holds dt.xls",
        "no document; restart stores it once",
        kill9_during_fetch,
    ),
    Scenario(
        "kill9_between_store_and_send",
        "receiver down, kill -9 after the event is stored",
        "row pending; restart delivers once",
        kill9_between_store_and_send,
    ),
    Scenario(
        "kill9_mid_send",
        "kill -9 while the receiver holds the POST",
        "row pending; restart resends with the same webhook-id",
        kill9_mid_send,
    ),
    Scenario(
        "kill9_during_migration",
        "kill -9 of Store.open inside a slow extra migration",
        "rolled back whole: m001 only, no half table, integrity ok",
        kill9_during_migration,
    ),
    Scenario(
        "disk_full",
        "sqlite3 'database or disk is full' on the observations insert",
        "StoreError logged, no document/blob/validator written, daemon alive",
        disk_full,
    ),
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_fault(scenario: Scenario, world: World) -> None:
    scenario.run(world)
    figures = restart_and_check(world)
    assert figures["events"] == len(world.alerts)


def test_table_is_complete() -> None:
    """Every fault the reliability issue lists has a row (docs/RELIABILITY.md mirrors it)."""
    assert len(SCENARIOS) >= 20 and len({s.name for s in SCENARIOS}) == len(SCENARIOS)


def test_end_state_check_catches_a_duplicate(world: World) -> None:
    """The checker itself: the same webhook-id acknowledged twice fails it, once passes."""
    from tests.support.webhook import Delivery

    cli = Cli(world.write_config(), world.db)
    cli.history(world.tmp)
    cli.record(world.tmp)  # Dec-2025 $437M as a record, queued for the hook
    ((key,),) = query(world.db, "SELECT key FROM events WHERE historical = 0 AND kind = 'record'")
    conn = sqlite3.connect(world.db)
    with conn:
        conn.execute("UPDATE outbox SET status = 'sent'")
    conn.close()
    world.alerts = [("record", "2025-12")]
    d = Delivery({"webhook-id": key}, b"", {"data": {}}, None, answered=204)
    world.hook.deliveries.append(d)
    assert check_end_state(world)["events"] == 1
    world.hook.deliveries.append(d)
    with pytest.raises(AssertionError, match="duplicate webhook deliveries"):
        check_end_state(world)
