"""The freshest copy wins: dt.xls published at the archive and at /assets/document/ is read
from whichever holds the newest month; the lagging copy is reported once (status + alert)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from tests.sbp_pipeline.conftest import Clock, SbpSite, file_source, fixture, make_config, make_poller
from tracker.cli import main
from tracker.freshest import Candidate, choose, stale
from tracker.model import Period

XLS = "application/vnd.ms-excel"


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_choose_prefers_the_newest_then_the_configured_order() -> None:
    may, jun = Period.month(2026, 5), Period.month(2026, 6)
    a, b, c = Candidate("a", may), Candidate("b", jun), Candidate("c", jun)
    assert choose([a, b, c]) is b
    assert stale([a, b, c], b) == [a]
    assert choose([Candidate("x", None), a]) is a
    assert choose([a, Candidate("d", may)]) is a


def test_stale_archive_copy_is_skipped_reported_and_alerted_once(tmp_path: Path, sbp_site: SbpSite) -> None:
    base = sbp_site.base
    # the old default: archive first. It froze at the June release (May newest).
    config = make_config(
        file_source(
            "sbp-ebops-xls", "sbp_ebops_xls", f"{base}/ecodata/dt.xls", [f"{base}/assets/document/dt.xls"]
        )
    )
    sbp_site.put("/ecodata/dt.xls", fixture("dt_2026-06.xls"), XLS)
    sbp_site.put("/assets/document/dt.xls", fixture("dt_2026-07.xls"), XLS)
    db = tmp_path / "t.db"
    clock = Clock(datetime(2026, 7, 20, 12, 0, tzinfo=UTC))
    poller = make_poller(db, config, clock)

    first = poller.poll(config.sources[0])
    assert first.outcome == "new", first
    assert f"freshest copy: {base}/assets/document/dt.xls (2026-06)" in first.details
    assert any(d.startswith(f"stale copy: {base}/ecodata/dt.xls holds 2026-05") for d in first.details)
    docs = rows(db, "SELECT url FROM documents")
    assert docs == [(f"{base}/assets/document/dt.xls",)]  # only the fresh copy is stored
    assert rows(
        db,
        "SELECT value_usd_millions, status FROM vintages WHERE series = 'it_exports' AND period = '2026-06'",
    ) == [(416.38, "P")]
    alerts = rows(db, "SELECT rule, message FROM events WHERE kind = 'admin'")
    assert [r for r, _ in alerts] == ["stale_copy"]
    assert f"{base}/ecodata/dt.xls stopped changing: it holds 2026-05" in alerts[0][1]

    second = poller.poll(config.sources[0])  # nothing changed anywhere
    assert second.outcome == "unchanged"
    assert len(rows(db, "SELECT 1 FROM events WHERE kind = 'admin'")) == 1  # alerted once
    cfg = tmp_path / "tracker.toml"
    cfg.write_text("")
    out = CliRunner().invoke(main, ["--config", str(cfg), "--db", str(db), "status", "--json"])
    source = next(s for s in json.loads(out.output)["sources"] if s["name"] == "sbp-ebops-xls")
    assert [(c["url"], c["newest"]) for c in source["stale_copies"]] == [
        (f"{base}/ecodata/dt.xls", "2026-05")
    ]

    # the archive catches up: no copy is stale any more, the same bytes are not re-stored
    sbp_site.put("/ecodata/dt.xls", fixture("dt_2026-07.xls"), XLS)
    third = poller.poll(config.sources[0])
    assert third.outcome == "unchanged" and not any("stale" in d for d in third.details)
    out = CliRunner().invoke(main, ["--config", str(cfg), "--db", str(db), "status", "--json"])
    source = next(s for s in json.loads(out.output)["sources"] if s["name"] == "sbp-ebops-xls")
    assert "stale_copies" not in source


def test_default_config_reads_dt_xls_from_the_current_site_first() -> None:
    import tomllib

    cfg = tomllib.loads((Path(__file__).resolve().parents[2] / "config" / "tracker.toml").read_text())
    dt = next(s for s in cfg["sources"] if s["kind"] == "sbp_ebops_xls")
    assert dt["url"] == "https://www.sbp.org.pk/assets/document/dt.xls"
    assert "https://archive.sbp.org.pk/ecodata/dt.xls" in dt["fallback_urls"]


def test_poll_details_name_the_sheet_read(tmp_path: Path, sbp_site: SbpSite) -> None:
    config = make_config(file_source("sbp-ebops-xls", "sbp_ebops_xls", f"{sbp_site.base}/dt.xls"))
    sbp_site.put("/dt.xls", fixture("dt_2026-07.xls"), XLS)
    poller = make_poller(tmp_path / "t.db", config, Clock(datetime(2026, 7, 20, tzinfo=UTC)))
    outcome = poller.poll(config.sources[0])
    assert "sheet: EBOPS " in outcome.details
    assert "sheet_choice: sheet 1 of 1 'EBOPS '" in outcome.details


def test_not_modified_primary_keeps_its_remembered_period(tmp_path: Path, sbp_site: SbpSite) -> None:
    base = sbp_site.base
    config = make_config(
        file_source(
            "sbp-ebops-xls", "sbp_ebops_xls", f"{base}/assets/document/dt.xls", [f"{base}/ecodata/dt.xls"]
        )
    )
    sbp_site.put("/assets/document/dt.xls", fixture("dt_2026-07.xls"), XLS, headers={"ETag": '"v1"'})
    sbp_site.put("/ecodata/dt.xls", fixture("dt_2026-06.xls"), XLS)
    db = tmp_path / "t.db"
    poller = make_poller(db, config, Clock(datetime(2026, 7, 20, tzinfo=UTC)))
    assert poller.poll(config.sources[0]).outcome == "new"
    sbp_site.put("/assets/document/dt.xls", b"", XLS, status=304, headers={"ETag": '"v1"'})
    again = poller.poll(config.sources[0])
    assert again.outcome == "not_modified", again
    assert f"freshest copy: {base}/assets/document/dt.xls (2026-06)" in again.details
    assert any(d.startswith(f"stale copy: {base}/ecodata/dt.xls holds 2026-05") for d in again.details)
    assert len(rows(db, "SELECT 1 FROM documents")) == 1  # the stale copy is never stored
    assert len(rows(db, "SELECT 1 FROM events WHERE rule = 'stale_copy'")) == 1


def test_backfill_reads_the_freshest_copy_too(tmp_path: Path, sbp_site: SbpSite) -> None:
    from tests.sbp_pipeline.conftest import HTTP

    base = sbp_site.base
    sbp_site.put("/ecodata/dt.xls", fixture("dt_2026-06.xls"), XLS)  # stale archive, listed first
    sbp_site.put("/assets/document/dt.xls", fixture("dt_2026-07.xls"), XLS)
    cfg = tmp_path / "tracker.toml"
    cfg.write_text(
        HTTP
        + file_source(
            "sbp-ebops-xls", "sbp_ebops_xls", f"{base}/ecodata/dt.xls", [f"{base}/assets/document/dt.xls"]
        )
    )
    db = tmp_path / "t.db"
    result = CliRunner().invoke(
        main, ["--config", str(cfg), "--db", str(db), "backfill", "--source", "sbp-ebops-xls"]
    )
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT url FROM documents") == [(f"{base}/assets/document/dt.xls",)]
    assert rows(
        db, "SELECT max(period) FROM vintages WHERE series = 'it_exports' AND period NOT LIKE 'FY%'"
    ) == [("2026-06",)]
