"""`tracker reparse` re-runs today's parsers over stored bodies: a no-op for what is already
parsed, new observations and canonical changes for a document an older parser missed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from tests.sbp_pipeline.conftest import Clock, SbpSite, file_source, fixture, make_config, make_poller
from tracker.cli import main
from tracker.ingest import IngestSettings
from tracker.reparse import reparse
from tracker.store import Store


def test_reparse_is_a_no_op_then_recovers_a_missed_document(
    tmp_path: Path, sbp_site: SbpSite, clock: Clock
) -> None:
    config = make_config(file_source("sbp-ebops-xls", "sbp_ebops_xls", f"{sbp_site.base}/dt.xls"))
    db = tmp_path / "t.db"
    sbp_site.put("/dt.xls", fixture("dt_2026-06.xls"), "application/vnd.ms-excel")
    assert make_poller(db, config, clock).poll(config.sources[0]).outcome == "new"
    settings = IngestSettings.from_config(config)

    store = Store.open(db)
    [same] = reparse(store, settings, "sbp-ebops-xls")
    assert (same.documents, same.new_observations, same.canonical_changes) == (1, 0, 0)
    assert same.figures_before == same.figures_after == 30  # 6 series x 5 period blocks

    # the July release stored by a parser that found nothing (e.g. before a layout fix)
    with store.write():
        doc_id, _ = store.add_document(
            source="sbp-ebops-xls",
            url=f"{sbp_site.base}/dt.xls",
            body=fixture("dt_2026-07.xls"),
            fetched_at=clock.now,
        )
        store.mark_parsed(doc_id, "sbp_ebops_xls", 0)
    [fixed] = reparse(store, settings, "sbp-ebops-xls")
    assert (fixed.documents, fixed.figures_before, fixed.figures_after) == (2, 30, 60)
    assert fixed.new_observations == 30 and fixed.canonical_changes > 0
    assert store.current_vintage("it_exports", "2026-05").value_usd_millions == 373.412
    store.close()

    cfg = tmp_path / "tracker.toml"
    cfg.write_text("")
    out = CliRunner().invoke(main, ["--config", str(cfg), "--db", str(db), "reparse"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert "sbp-ebops-xls" in out.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT figures_found FROM documents WHERE id = ?", (doc_id,)).fetchone() == (30,)
    conn.close()
