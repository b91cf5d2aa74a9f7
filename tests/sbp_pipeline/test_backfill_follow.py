"""Backfill follows a news archive's articles with the poller's routine (follow.py): an
article that cannot be fetched fails the item without losing the others, and the next run
fetches only the missing one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from tests.sbp_pipeline.conftest import HTTP, SbpSite, file_source
from tracker.cli import main

PAGE = "<html><head><title>{t}</title></head><body><article><h1>{t}</h1><p>{p}</p></article></body></html>"
FIRST = "/news/2026/08/19/it-exports-rise-to-417-million-in-july"
SECOND = "/news/2026/07/18/it-exports-hit-record-in-june-fiscal-year"


def stored_urls(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {url for (url,) in conn.execute("SELECT url FROM documents WHERE source = 'local-news'")}
    finally:
        conn.close()


def test_a_failed_article_fails_the_item_keeps_the_others_and_is_retried(
    tmp_path: Path, sbp_site: SbpSite
) -> None:
    link = '<article><h2><a href="{h}">{t}</a></h2></article>'
    sbp_site.put(
        "/news/archive",
        "<html><body><main>"
        + link.format(h=FIRST, t="Pakistan's IT exports rise to $417 million in July")
        + link.format(h=SECOND, t="IT exports hit a record in June as fiscal year closes")
        + "</main></body></html>",
        "text/html",
    )
    text = "Pakistan's IT exports were $417 million in July 2026, the State Bank said."
    sbp_site.put(FIRST, b"gone for now", "text/plain", status=404)
    sbp_site.put(SECOND, PAGE.format(t="IT exports hit a record", p=text), "text/html")
    cfg, db = tmp_path / "tracker.toml", tmp_path / "t.db"
    cfg.write_text(HTTP + file_source("local-news", "news_listing", f"{sbp_site.base}/news/archive"))
    args = ["--config", str(cfg), "--db", str(db), "backfill", "--source", "local-news"]

    first = CliRunner().invoke(main, args)
    assert first.exit_code == 1, first.output
    assert "failed: local-news news archive:" in first.output and "404" in first.output
    assert stored_urls(db) == {sbp_site.base + SECOND}  # the article after the failed one is in

    sbp_site.put(FIRST, PAGE.format(t="Pakistan's IT exports rise", p=text), "text/html")
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert stored_urls(db) == {sbp_site.base + FIRST, sbp_site.base + SECOND}
    assert sbp_site.count(SECOND) == 1  # a stored article is never fetched again
    assert sbp_site.count(FIRST) == 2
