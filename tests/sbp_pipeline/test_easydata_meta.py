"""EasyData meta drift through the poller: a configured key the meta omits is still pulled
(once a day) and raises one parser-drift alert per meta body; a bad meta row does not block
the probe."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from tests.fixtures import make_sbp_fixtures as gen
from tests.sbp_pipeline.conftest import Clock, SbpSite, fixture
from tests.sbp_pipeline.test_easydata import META, SCM009, SCM0926, api_key, rows, serve_api, setup

__all__ = ["api_key"]  # the autouse fixture that sets the key


def meta_without_0926(bad_row: bool = False) -> str:
    meta = json.loads(fixture("easydata_dataset_meta.json"))
    meta["rows"] = [r for r in meta["rows"] if r[1] != gen.SCM0926]
    if bad_row:
        meta["rows"].append(["Trade", "SCM099", "n", "d", "Monthly", "USD", "", "", "", "soon"])
    return json.dumps(meta)


def test_key_missing_from_meta_is_pulled_daily_and_alerted_once(
    tmp_path: Path, sbp_site: SbpSite, clock: Clock
) -> None:
    serve_api(sbp_site)
    sbp_site.put(META, meta_without_0926(bad_row=True), "application/json")
    poller, source, db = setup(tmp_path, sbp_site, clock)
    first = poller.poll(source)
    assert first.outcome == "new"
    assert (sbp_site.count(SCM009), sbp_site.count(SCM0926)) == (1, 1)
    assert any("pulled daily anyway" in d for d in first.details)
    assert (
        dict(rows(db, "SELECT period, value_usd_millions FROM observations WHERE series = 'freelance'"))
        == gen.EXPECTED_EASYDATA_SCM0926
    )
    drift = rows(db, "SELECT message FROM events WHERE rule = 'parser_drift'")
    assert len(drift) == 1
    assert f"series key {gen.SCM0926} missing from the dataset meta" in drift[0][0]
    assert "skipped meta row 'SCM099'" in drift[0][0]

    poller.poll(source)  # same day, same meta: no pull, no second alert
    assert sbp_site.count(SCM0926) == 1
    assert len(rows(db, "SELECT 1 FROM events WHERE rule = 'parser_drift'")) == 1
    clock.now += timedelta(days=1)
    poller.poll(source)  # next day: pulled again
    assert sbp_site.count(SCM0926) == 2


def test_series_short_of_the_month_its_meta_promises_is_drift(tmp_path: Path, sbp_site: SbpSite) -> None:
    from datetime import UTC, datetime

    from tracker.sources import sbp_easydata, sbp_easydata_meta

    assert sbp_easydata_meta.DATASET == sbp_easydata.DATASET
    serve_api(sbp_site)
    meta = json.loads(fixture("easydata_dataset_meta.json"))
    for row in meta["rows"]:
        row[-2], row[-1] = "Jun-2026", "17-Jul-2026"  # Available Upto June; data stops at May
    sbp_site.put(META, json.dumps(meta), "application/json")
    clock = Clock(datetime(2026, 7, 20, 12, 0, tzinfo=UTC))
    poller, source, db = setup(tmp_path, sbp_site, clock)
    assert poller.poll(source).outcome == "new"
    drift = [m for (m,) in rows(db, "SELECT message FROM events WHERE rule = 'parser_drift'")]
    assert len(drift) == 2  # one per series document
    assert all("no figure for the expected newest month 2026-06" in m for m in drift)
