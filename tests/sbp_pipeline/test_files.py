"""dt.xls / headline PDF / index page through the Poller against a local SBP look-alike:
vintages and corrections from a revised release, rejected bad bodies, index change signal."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from tests.fixtures import make_sbp_fixtures as gen
from tests.sbp_pipeline.conftest import Clock, SbpSite, file_source, fixture, make_config, make_poller
from tracker.backfill import import_csv_file
from tracker.cli import main
from tracker.daemon import Daemon
from tracker.ingest import IngestSettings
from tracker.store import Store, utcnow

XLS = "application/vnd.ms-excel"


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def xls_setup(tmp_path: Path, site: SbpSite, clock: Clock, extra: str = ""):  # type: ignore[no-untyped-def]
    config = make_config(file_source("sbp-ebops-xls", "sbp_ebops_xls", f"{site.base}/ecodata/dt.xls") + extra)
    db = tmp_path / "t.db"
    return make_poller(db, config, clock), config, db


def test_revised_release_adds_a_vintage_shown_by_tracker_show(
    tmp_path: Path, sbp_site: SbpSite, clock: Clock
) -> None:
    poller, config, db = xls_setup(tmp_path, sbp_site, clock)
    sbp_site.put("/ecodata/dt.xls", fixture("dt_2026-06.xls"), XLS)
    assert poller.poll(config.sources[0]).outcome == "new"
    sbp_site.put("/ecodata/dt.xls", fixture("dt_2026-07.xls"), XLS)
    clock.now += timedelta(days=30)
    assert poller.poll(config.sources[0]).outcome == "new"

    cfg = tmp_path / "tracker.toml"
    cfg.write_text("")
    out = CliRunner().invoke(
        main, ["--config", str(cfg), "--db", str(db), "show", "--vintages", "2026-05", "--json"]
    )
    assert out.exit_code == 0, out.output
    vintages = json.loads(out.output)
    assert [(v["value_usd_millions"], v["status"]) for v in vintages] == [(373.27, "P"), (373.412, "R")]
    assert vintages[0]["superseded_at"] is not None and vintages[1]["superseded_at"] is None
    assert all(v["document_url"] == f"{sbp_site.base}/ecodata/dt.xls" for v in vintages)
    table = CliRunner().invoke(
        main, ["--config", str(cfg), "--db", str(db), "show", "--vintages", "2026-05"], env={"COLUMNS": "250"}
    )
    assert "$373.27M" in table.output and "$373.41M" in table.output


def test_revision_that_breaks_a_record_gives_a_correction(
    tmp_path: Path, sbp_site: SbpSite, clock: Clock
) -> None:
    poller, config, db = xls_setup(tmp_path, sbp_site, clock)
    history = tmp_path / "history.csv"  # the best May before 2026 was 373.1
    history.write_text("series,period,value_usd_millions\nit_exports,2024-05,373.1\n")
    store = Store.open(db)
    import_csv_file(store, history, IngestSettings.from_config(config))
    store.close()

    sbp_site.put("/ecodata/dt.xls", fixture("dt_2026-06.xls"), XLS)
    assert poller.poll(config.sources[0]).outcome == "new"  # May-26 (P) 373.27: a record
    record = rows(
        db, "SELECT kind, historical FROM events WHERE rule = 'same_month_high' AND period = '2026-05'"
    )
    assert record == [("record", 0)]

    # the next release revises May down to 372.9, below May-2024
    blocks = list(gen.XLS_JUL26)
    blocks[1] = gen._block("May-26 (R)", "2026-05", "R", gen._plus(gen.MAY26_P, {"9.2.2": -370}), 838_640)
    sbp_site.put("/ecodata/dt.xls", gen.write_xls(blocks), XLS)
    clock.now += timedelta(days=30)
    assert poller.poll(config.sources[0]).outcome == "new"
    events = rows(
        db,
        "SELECT kind, value_usd_millions, message FROM events "
        "WHERE rule = 'same_month_high' AND period = '2026-05' ORDER BY id",
    )
    assert [e[0] for e in events] == ["record", "correction"]
    assert events[1][1] == 372.9 and "no longer a record" in events[1][2]
    assert rows(db, "SELECT count(*) FROM vintages WHERE period = '2026-05' AND series = 'it_exports'") == [
        (2,)
    ]


def test_html_error_page_and_truncated_file_are_rejected_then_admin_alert(
    tmp_path: Path, sbp_site: SbpSite, clock: Clock
) -> None:
    poller, config, db = xls_setup(tmp_path, sbp_site, clock)
    source = config.sources[0]
    good = fixture("dt_2026-06.xls")
    sbp_site.put("/ecodata/dt.xls", good, XLS)
    assert poller.poll(source).outcome == "new"
    kept = rows(db, "SELECT last_sha256, last_size FROM sources")[0]
    counts = rows(
        db,
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM blobs), "
        "(SELECT count(*) FROM observations)",
    )

    # SBP's IIS error page, served with 200 and the file's content type
    sbp_site.put("/ecodata/dt.xls", fixture("dt_html_error.xls"), XLS)
    first = poller.poll(source)
    assert first.outcome == "failed" and "HTML page" in (first.error or "")
    assert rows(db, "SELECT kind FROM events WHERE kind = 'admin'") == []

    sbp_site.put("/ecodata/dt.xls", fixture("dt_truncated.xls"), XLS)
    second = poller.poll(source)
    assert second.outcome == "failed" and "truncated" in (second.error or "")

    assert rows(db, "SELECT last_sha256, last_size FROM sources")[0] == kept  # good file kept
    assert (
        rows(
            db,
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM blobs), "
            "(SELECT count(*) FROM observations)",
        )
        == counts
    )
    admin = rows(db, "SELECT rule, message FROM events WHERE kind = 'admin'")
    assert [r for r, _ in admin] == ["source_failing"]  # failure_threshold = 2
    assert "failed 2 times" in admin[0][1]


INDEX = """<html><body><table>
<tr><td>Exports and Imports of Goods and Services</td>
<td><a href="/assets/document/ExportsImports-Goods.pdf">PDF</a></td><td>{pdf}</td></tr>
<tr><td>Trade in Services (EBOPS 2010)</td>
<td><a href="/ecodata/dt.xls">XLS</a></td><td>{xls}</td></tr>
</table></body></html>"""


def test_index_date_change_triggers_the_file_source_and_gives_its_new_url(
    tmp_path: Path, sbp_site: SbpSite, clock: Clock
) -> None:
    base = sbp_site.base
    extra = file_source("sbp-index", "sbp_index", f"{base}/economic-data") + file_source(
        "sbp-headline-pdf", "sbp_headline_pdf", f"{base}/old/ExportsImports-Goods.pdf"
    )
    poller, config, db = xls_setup(tmp_path, sbp_site, clock, extra)
    xls_src, index_src, pdf_src = config.sources
    sbp_site.put("/economic-data", INDEX.format(pdf="Jun 17, 2026", xls="Jun 17, 2026"), "text/html")
    first = poller.poll(index_src)
    assert first.outcome == "new" and first.changed_files == {}  # first read: dates only

    # the configured PDF URL 404s; the index says where the file lives now
    sbp_site.put(
        "/assets/document/ExportsImports-Goods.pdf",
        fixture("ExportsImports-Goods_2026-06.pdf"),
        "application/pdf",
    )
    assert poller.poll(pdf_src).outcome == "new"
    assert rows(db, "SELECT url FROM documents WHERE source = 'sbp-headline-pdf'") == [
        (f"{base}/assets/document/ExportsImports-Goods.pdf",)
    ]

    sbp_site.put("/economic-data", INDEX.format(pdf="Jun 17, 2026", xls="Jul 17, 2026"), "text/html")
    second = poller.poll(index_src)
    assert second.changed_files == {"dt.xls": f"{base}/ecodata/dt.xls"}

    daemon = Daemon(config=config, db_path=db, poller=poller, health=False)
    daemon.schedule_jobs()
    before = utcnow()
    assert daemon.trigger_file_sources(second.changed_files) == ["sbp-ebops-xls"]
    job = daemon.scheduler.get_job("source:sbp-ebops-xls")
    assert job.next_run_time <= utcnow() and job.next_run_time >= before - timedelta(seconds=1)
    assert daemon.scheduler.get_job("source:sbp-headline-pdf").next_run_time > utcnow()
    # the triggered run polls even outside its window, once
    sbp_site.put("/ecodata/dt.xls", fixture("dt_2026-07.xls"), XLS)
    assert "sbp-ebops-xls" in daemon._triggered
    assert daemon.run_source(xls_src) is not None
    assert "sbp-ebops-xls" not in daemon._triggered
    assert sbp_site.count("/ecodata/dt.xls") == 1
