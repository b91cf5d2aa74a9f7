"""The front page, a month's provenance, the Atom feed and Datasette's JSON/CSV, in process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import feedparser
import pytest

pytest.importorskip("datasette", reason="tracker[web] (Datasette) is not installed")

from tests.web.conftest import build_db, get
from tracker.store import Store
from tracker.web.atom import entry_id


def test_home_shows_the_latest_month_its_status_and_comparisons(web_db: Path) -> None:
    r = get(web_db, "/")
    assert r.status_code == 200
    html = r.text
    assert 'id="latest-value">$460M<' in html
    assert "October 2026" in html
    assert "provisional (SBP&#39;s first estimate)" in html or "provisional (SBP's" in html
    assert "All-time monthly record" in html and "$437M" in html  # previous record, Dec 2025
    assert "Best October on record" in html
    assert "best on record for this point of the year" in html  # FYTD
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert "<svg" in html and 'class="credit"' in html  # inline chart, source line
    assert (
        "<script" not in html and "http://" not in html.split("<footer>")[0].split("</style>")[0]
    )  # no CDN assets in the head


def test_home_lists_announced_records_apart_from_history(web_db: Path) -> None:
    html = get(web_db, "/").text
    records = html[html.index('id="records"') : html.index('id="months"')]
    announced = records.split("<details>")[0]
    assert announced.count('class="k-record"') == 3  # ATH, best October, FYTD
    assert "records found while loading history" in records


def test_home_in_urdu_is_right_to_left_with_figures_as_published(web_db: Path) -> None:
    html = get(web_db, "/?lang=ur").text
    assert '<html lang="ur" dir="rtl">' in html
    assert "اکتوبر 2026" in html and "$460M" in html
    assert 'href="/month/2026-10?lang=ur"' in html  # the language follows links
    records = html[html.index('id="records"') : html.index('id="months"')]
    assert "اب تک کی بلند ترین ماہانہ سطح" in records and "اب تک کا بہترین اکتوبر" in records
    assert ">ریکارڈ<" in records and "all-time high" not in records


def test_month_page_shows_every_vintage_with_its_document(web_db: Path) -> None:
    html = get(web_db, "/month/2026-09").text
    vintages = html[html.index('id="vintages"') : html.index('id="month-events"')]
    assert vintages.index(">405<") < vintages.index(">409<")  # P, then the revision
    assert "release.csv" in vintages and "history.csv" in vintages
    assert "line 3" in vintages  # the quote (CSV line)


def test_unknown_or_bad_month_is_404(web_db: Path) -> None:
    assert get(web_db, "/month/1999-01").status_code == 404
    assert get(web_db, "/month/FY2026").status_code == 404


def test_feed_has_stable_ids_and_only_announced_events(web_db: Path) -> None:
    r = get(web_db, "/feed.atom")
    assert r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.text)
    assert not feed.bozo, feed.get("bozo_exception")
    keys = [
        row[0]
        for row in sqlite3.connect(web_db).execute(
            "SELECT key FROM events WHERE historical = 0 AND kind != 'admin' ORDER BY id DESC"
        )
    ]
    assert [e.id for e in feed.entries] == [entry_id(k) for k in keys]
    # three records of October, its new-month release and September's revision
    assert sorted(k.split(":")[0] for k in keys) == ["new_month", "record", "record", "record", "revision"]
    assert any("all-time high, October 2026: $460M" in e.title for e in feed.entries)
    again = feedparser.parse(get(web_db, "/feed.atom").text)
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]


def test_feed_shows_event_kinds_it_does_not_know(tmp_path: Path) -> None:
    db = build_db(tmp_path / "t.db")
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO events(key, kind, rule, series, period, value_usd_millions, "
            "detected_at) VALUES ('new_month:it_exports:2026-11', 'new_month', "
            "'new_month', 'it_exports', '2026-11', 470, '2026-12-18T12:00:00+00:00')"
        )
    feed = feedparser.parse(get(db, "/feed.atom").text)
    assert feed.entries[0].id == entry_id("new_month:it_exports:2026-11")
    assert feed.entries[0].title.startswith("New month")


def test_series_json_and_csv_come_from_datasette(web_db: Path) -> None:
    rows = get(web_db, "/tracker/latest_series.json?series=it_exports&_shape=array&_size=max").json()
    assert {"period": "2026-10", "value_usd_millions": 460.0}.items() <= next(
        r for r in rows if r["period"] == "2026-10"
    ).items()
    csv_text = get(web_db, "/tracker/latest_series.csv?series=it_exports&_size=max").text
    assert "2026-09,409.0" in csv_text
    home = get(web_db, "/").text
    link = next(part.split('"', 1)[0] for part in home.split('href="') if "latest_series.json" in part)
    linked = get(web_db, link.replace("&amp;", "&")).json()
    assert linked and all(not r["period"].startswith("FY") for r in linked)
    assert "2026-10" in {r["period"] for r in linked}


def test_the_page_sees_a_write_made_while_it_serves(tmp_path: Path) -> None:
    from tracker.web.app import make_datasette

    db = build_db(tmp_path / "t.db")
    ds = make_datasette(db)
    import asyncio

    async def scenario() -> tuple[str, str]:
        before = (await ds.client.get("/")).text
        store = Store.open(db)  # the daemon writing next to the server
        try:
            with store.write():
                store.execute(
                    "UPDATE vintages SET value_usd_millions = 471 "
                    "WHERE period = '2026-10' AND superseded_at IS NULL"
                )
        finally:
            store.close()
        return before, (await ds.client.get("/")).text

    before, after = asyncio.run(scenario())
    assert "$460M" in before and "$471M" in after


def test_source_health_says_what_fails_and_what_is_missing(web_db: Path) -> None:
    html = get(web_db, "/").text
    health = html[html.index('id="sources"') :]
    assert "HTTP 503 Service Unavailable" in health
    assert "SBP_EASYDATA_API_KEY is not set" in health
    assert ">bundled<" not in health  # pseudo-sources are not polled


def test_an_empty_database_says_how_to_load_history(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Store.open(db).close()
    html = get(db, "/").text
    assert 'id="empty"' in html and "tracker backfill" in html


def test_serve_applies_metadata_yml_to_any_database_name(tmp_path: Path) -> None:
    import asyncio

    from tests.web.conftest import ROOT
    from tracker.web.app import load_metadata, make_datasette

    db = build_db(tmp_path / "other.db")
    ds = make_datasette(db, metadata=load_metadata(ROOT / "metadata.yml", db))
    meta = asyncio.run(ds.client.get("/-/metadata.json")).json()
    assert meta["title"] == "Pakistan IT exports tracker"
    assert "latest_series" in meta["databases"]["other"]["tables"]
