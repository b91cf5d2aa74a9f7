"""`tracker backfill` as a subprocess against a local site holding every kind of source:
plan, progress, interruption by SIGINT mid-item, resume, and an idempotent third run."""

from __future__ import annotations

import json
import signal
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from tests.fixtures import make_sbp_fixtures as gen
from tests.sbp_pipeline.conftest import HTTP, KEY_ENV, SbpSite, easydata_source, file_source, fixture
from tests.support.daemon import TrackerProcess
from tests.support.db import query
from tests.support.http import answer, hold
from tests.support.wait import wait_until
from tracker.cli import main

DATA = f"/api/v1/series/{gen.SCM009}/data"
ARTICLE = "<html><head><title>{t}</title></head><body><article><h1>{t}</h1><p>{p}</p></article></body></html>"
LISTING = """<html><body><main>{items}{next}</main></body></html>"""
TABLES = ("documents", "blobs", "observations", "vintages", "events")


def scm009(q: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """A synthetic monthly ICT series from Jul-2005 (US$ m, growing), cut to the asked range.

    It grows to ~395 in 2026, near the dt.xls/PDF fixtures (339–422): far from them, the
    plausibility gate (±40 % around recent official months) rightly holds months."""
    lo, hi = date.fromisoformat(q["start_date"]), date.fromisoformat(q["end_date"])
    rows = []
    y, m, i = 2005, 7, 0
    while (y, m) < (2026, 11):
        if lo <= date(y, m, 1) <= hi:
            rows.append([f"{y:04d}-{m:02d}-28", f"{30 + 1.45 * i:.2f}"])
        y, m, i = (y + (m == 12), m % 12 + 1, i + 1)
    body = json.loads(gen.easydata_json(gen.SCM009, gen.SCM009_NAME, rows))
    return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()


def build_site(site: SbpSite) -> None:
    site.set(DATA, answer(scm009))
    site.put("/ecodata/dt.xls", fixture("dt_2026-07.xls"), "application/vnd.ms-excel")
    site.put(
        "/assets/document/ExportsImports-Goods.pdf",
        fixture("ExportsImports-Goods_2026-07.pdf"),
        "application/pdf",
    )
    site.put(
        "/economic-data",
        """<html><body><table>
<tr><td>Trade in Services</td><td><a href="/ecodata/dt.xls">XLS</a></td><td>Aug 18, 2026</td></tr>
</table></body></html>""",
        "text/html",
    )
    item = '<article><h2><a href="{h}">{t}</a></h2></article>'
    site.put(
        "/news/archive",
        LISTING.format(
            items=item.format(
                h="/news/2026/08/19/it-exports-rise-to-417-million-in-july",
                t="Pakistan's IT exports rise to $417 million in July",
            )
            + item.format(
                h="/news/2026/08/19/cricket-team-wins-series-in-england",
                t="Cricket team wins the series in England",
            ),
            next='<a rel="next" href="/news/archive/older">Next</a>',
        ),
        "text/html",
    )
    site.put(
        "/news/archive/older",
        LISTING.format(
            items=item.format(
                h="/news/2026/07/18/it-exports-hit-record-in-june-fiscal-year",
                t="IT exports hit a record in June as fiscal year closes",
            ),
            next="",
        ),
        "text/html",
    )
    for path, title in (
        (
            "/news/2026/08/19/it-exports-rise-to-417-million-in-july",
            "Pakistan's IT exports rise to $417 million in July",
        ),
        ("/news/2026/07/18/it-exports-hit-record-in-june-fiscal-year", "IT exports hit a record in June"),
    ):
        site.put(
            path,
            ARTICLE.format(
                t=title, p="Pakistan's IT exports were $417 million in July 2026, the State Bank said."
            ),
            "text/html",
        )


def write_config(tmp: Path, site: SbpSite) -> Path:
    cfg = tmp / "tracker.toml"
    cfg.write_text(
        HTTP
        + easydata_source(site, [gen.SCM009])
        + file_source("sbp-index", "sbp_index", f"{site.base}/economic-data")
        + file_source("sbp-ebops-xls", "sbp_ebops_xls", f"{site.base}/ecodata/dt.xls")
        + file_source(
            "sbp-headline-pdf", "sbp_headline_pdf", f"{site.base}/assets/document/ExportsImports-Goods.pdf"
        )
        + file_source("local-news", "news_listing", f"{site.base}/news/archive")
        + file_source("local-feed", "news_feed", f"{site.base}/feed.xml")
    )
    return cfg


def backfill(cfg: Path, db: Path, *args: str) -> TrackerProcess:
    return TrackerProcess(
        cfg,
        db,
        "backfill",
        "--progress-every",
        "1",
        *args,
        env={KEY_ENV: "backfill-key", "COLUMNS": "200", "PYTHONUNBUFFERED": "1"},
    )


def counts(db: Path) -> dict[str, int]:
    return {t: query(db, f"SELECT count(*) FROM {t}")[0][0] for t in TABLES}


def test_dry_run_prints_the_plan_only(tmp_path: Path, sbp_site: SbpSite) -> None:
    build_site(sbp_site)
    proc = backfill(write_config(tmp_path, sbp_site), tmp_path / "t.db", "--dry-run")
    out = proc.finish(60)
    assert proc.returncode == 0, out
    assert out.splitlines()[0].startswith("plan: 6 sources, 2005-07..")
    assert "1 series x 5 chunks: 5 items, 5 requests" in out
    assert "local-feed" in out and "no archive" in out
    assert sbp_site.hits == []
    assert query(tmp_path / "t.db", "SELECT count(*) FROM documents") == [(0,)]


def test_backfill_interrupted_resumed_then_idempotent(tmp_path: Path, sbp_site: SbpSite) -> None:
    build_site(sbp_site)
    cfg, db = write_config(tmp_path, sbp_site), tmp_path / "t.db"
    sbp_site.set(DATA, hold(answer(scm009)))  # the first EasyData chunk hangs ...
    proc = backfill(cfg, db)
    try:
        wait_until(
            lambda: query(db, "SELECT 1 FROM documents WHERE source = 'bundled'"),
            "the bundled history stored",
            30,
        )
        wait_until(lambda: sbp_site.count(DATA), "the first EasyData request in flight", 30)
        proc.signal(signal.SIGINT)
        proc.wait_for_line("SIGINT", 30)  # the signal acknowledged
        sbp_site.release.set()  # ... until the backfill has seen the signal
        proc.wait(60)
    finally:
        sbp_site.release.set()
        proc.close()
    out = proc.output()
    assert proc.returncode == 130, out
    assert "SIGINT: finishing the current item" in out
    assert "progress: 2/" in out and "progress: 3/" not in out  # the item in flight finished
    assert "interrupted after 2 of 10 items" in out
    assert query(db, "SELECT count(*) FROM documents WHERE source = 'sbp-easydata'") == [(1,)]
    assert sbp_site.count(DATA) == 1

    proc = backfill(cfg, db)
    out = proc.finish(120)
    assert proc.returncode == 0, out
    assert "sbp-easydata" in out and "4 requests" in out  # the finished chunk is not planned
    assert sbp_site.count(DATA) == 5
    by_source = dict(query(db, "SELECT source, count(*) FROM documents GROUP BY source"))
    assert by_source == {
        "bundled": 1,
        "sbp-easydata": 5,
        "sbp-index": 1,
        "sbp-ebops-xls": 1,
        "sbp-headline-pdf": 1,
        "local-news": 2,
    }
    assert "/news/2026/08/19/cricket-team-wins-series-in-england" not in " ".join(sbp_site.hits)
    months = query(
        db,
        "SELECT count(*) FROM vintages WHERE series = 'it_exports' "
        "AND superseded_at IS NULL AND authority = 'official' AND period NOT LIKE 'FY%'",
    )
    assert months[0][0] >= 250  # Jul-2005 .. Oct-2026 from EasyData and the files
    assert query(db, "SELECT count(*) FROM events WHERE historical = 0") == [(0,)]
    assert query(db, "SELECT count(*) FROM outbox") == [(0,)]
    before = counts(db)

    proc = backfill(cfg, db)
    out = proc.finish(120)
    assert proc.returncode == 0, out
    assert counts(db) == before  # nothing new the second time
    assert "(new 0, unchanged 10, failed 0)" in out


def test_a_failed_item_makes_exit_status_1(tmp_path: Path, sbp_site: SbpSite) -> None:
    build_site(sbp_site)
    sbp_site.put("/ecodata/dt.xls", fixture("dt_html_error.xls"), "application/vnd.ms-excel")
    cfg = write_config(tmp_path, sbp_site)
    result = CliRunner().invoke(
        main,
        [
            "--config",
            str(cfg),
            "--db",
            str(tmp_path / "t.db"),
            "backfill",
            "--source",
            "sbp-ebops-xls",
            "--source",
            "sbp-headline-pdf",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "failed: sbp-ebops-xls current file:" in result.output and "HTML page" in result.output
    assert "(new 1, unchanged 0, failed 1)" in result.output
