"""EasyData polling against a local API: meta probe first, pulls only on a newer refresh date,
401/429 as admin events without hammering, string values, wrong unit scale, request budget."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fixtures import make_sbp_fixtures as gen
from tests.sbp_pipeline.conftest import (
    API_KEY,
    KEY_ENV,
    Clock,
    SbpSite,
    easydata_source,
    fixture,
    make_config,
    make_poller,
)
from tracker.easydata import RateLimitExceeded, RequestBudget
from tracker.store import Store

META = "/api/v1/dataset/TS_GP_BOP_TRDSER_M/meta"
SCM009 = f"/api/v1/series/{gen.SCM009}/data"
SCM0926 = f"/api/v1/series/{gen.SCM0926}/data"


@pytest.fixture(autouse=True)
def api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(KEY_ENV, API_KEY)


def serve_api(site: SbpSite, scm009: str = "easydata_scm009.json") -> None:
    site.put(META, fixture("easydata_dataset_meta.json"), "application/json")
    site.put(SCM009, fixture(scm009), "application/json")
    site.put(SCM0926, fixture("easydata_scm0926.json"), "application/json")


def setup(tmp_path: Path, site: SbpSite, clock: Clock, threshold: int = 2):  # type: ignore[no-untyped-def]
    config = make_config(easydata_source(site, [gen.SCM009, gen.SCM0926]), threshold)
    db = tmp_path / "t.db"
    return make_poller(db, config, clock), config.sources[0], db


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def api_hits(site: SbpSite) -> int:
    return sum(site.count(p) for p in (META, SCM009, SCM0926))


def test_meta_probe_then_pull_only_series_whose_refresh_date_advanced(
    tmp_path: Path, sbp_site: SbpSite, clock: Clock
) -> None:
    serve_api(sbp_site)
    poller, source, db = setup(tmp_path, sbp_site, clock)

    first = poller.poll(source)
    assert first.outcome == "new", first
    assert (sbp_site.count(META), sbp_site.count(SCM009), sbp_site.count(SCM0926)) == (1, 1, 1)
    # re-pull window: the current fiscal year of the latest data month (FY26 from Jul-2025)
    assert sbp_site.queries(SCM009)[0] | {"api_key": "x"} == {
        "api_key": "x",
        "start_date": "2025-07-01",
        "end_date": "2026-06-18",
        "format": "json",
    }
    assert sbp_site.queries(SCM009)[0]["api_key"] == API_KEY
    values = dict(rows(db, "SELECT period, value_usd_millions FROM observations WHERE series = 'it_exports'"))
    assert values == gen.EXPECTED_EASYDATA_SCM009  # strings parsed, blank and NA skipped
    assert "2025-11" not in values and values["2026-03"] == 399.18

    second = poller.poll(source)
    assert second.outcome == "unchanged"
    assert (sbp_site.count(META), sbp_site.count(SCM009), sbp_site.count(SCM0926)) == (2, 1, 1)

    # SBP refreshes SCM009 only: one probe and one pull of that series
    meta = json.loads(fixture("easydata_dataset_meta.json"))
    for row in meta["rows"]:
        if row[1] == gen.SCM009:
            row[-1] = "17-Jul-2026"
    sbp_site.put(META, json.dumps(meta), "application/json")
    third = poller.poll(source)
    assert third.outcome == "new"
    assert (sbp_site.count(META), sbp_site.count(SCM009), sbp_site.count(SCM0926)) == (3, 2, 1)
    state = json.loads(rows(db, "SELECT state FROM sources WHERE name = 'sbp-easydata'")[0][0])
    assert state["refresh"] == {gen.SCM009: "2026-07-17", gen.SCM0926: "2026-05-18"}
    # every request was counted in the shared budget
    stamps = json.loads(rows(db, "SELECT value FROM state WHERE key = 'easydata:requests'")[0][0])
    assert len(stamps) == api_hits(sbp_site) == 6


def test_api_key_is_never_stored(tmp_path: Path, sbp_site: SbpSite, clock: Clock) -> None:
    serve_api(sbp_site)
    sbp_site.put(SCM0926, b"oops", status=500)
    poller, source, db = setup(tmp_path, sbp_site, clock)
    assert poller.poll(source).outcome == "failed"  # the error message names the URL
    urls = [u for (u,) in rows(db, "SELECT url FROM documents")]
    assert urls and all("api_key=REDACTED" in u for u in urls)
    conn = sqlite3.connect(db)
    dump = "\n".join(conn.iterdump())
    conn.close()
    assert API_KEY not in dump
    assert "api_key=REDACTED" in rows(db, "SELECT last_error FROM sources")[0][0]


def test_401_raises_one_admin_event(tmp_path: Path, sbp_site: SbpSite, clock: Clock) -> None:
    sbp_site.put(META, b'{"error": "invalid api key"}', "application/json", status=401)
    poller, source, db = setup(tmp_path, sbp_site, clock, threshold=10)
    for _ in range(2):
        out = poller.poll(source)
        assert out.outcome == "failed" and "HTTP 401" in (out.error or "")
        assert API_KEY not in (out.error or "")
    admin = rows(db, "SELECT rule, message FROM events WHERE kind = 'admin'")
    assert [r for r, _ in admin] == ["easydata_key_rejected"]  # one per problem
    assert "90 days" in admin[0][1]
    assert sbp_site.count(META) == 2  # one request per poll: a 401 is not retried


def test_429_honours_retry_after_without_hammering(tmp_path: Path, sbp_site: SbpSite, clock: Clock) -> None:
    sbp_site.put(META, b"slow down", status=429, headers={"Retry-After": "3600"})
    poller, source, db = setup(tmp_path, sbp_site, clock, threshold=10)
    assert poller.poll(source).outcome == "failed"
    assert sbp_site.count(META) == 1  # not retried against a key already over its limit
    admin = rows(db, "SELECT rule, message FROM events WHERE kind = 'admin'")
    assert [r for r, _ in admin] == ["easydata_rate_limited"]
    assert "2026-06-18T13:00:00+00:00" in admin[0][1]

    clock.now = clock.now.replace(minute=30)  # still inside Retry-After: no request at all
    parked = poller.poll(source)
    assert parked.outcome == "skipped" and "429" in parked.details[0]
    assert sbp_site.count(META) == 1

    serve_api(sbp_site)
    clock.now = clock.now.replace(hour=13, minute=1)  # after Retry-After: polls again
    assert poller.poll(source).outcome == "new"
    assert sbp_site.count(META) == 2
    assert len(rows(db, "SELECT 1 FROM events WHERE kind = 'admin'")) == 1


def test_wrong_unit_scale_fails_the_poll_and_stores_nothing(
    tmp_path: Path, sbp_site: SbpSite, clock: Clock
) -> None:
    serve_api(sbp_site, scm009="easydata_scm009_thousands.json")
    poller, source, db = setup(tmp_path, sbp_site, clock)
    out = poller.poll(source)
    assert out.outcome == "failed" and "unit scale" in (out.error or "")
    assert rows(db, "SELECT count(*) FROM observations WHERE series = 'it_exports'") == [(0,)]
    state = json.loads(rows(db, "SELECT state FROM sources")[0][0])
    assert gen.SCM009 not in state.get("refresh", {})  # pulled again on the next poll

    serve_api(sbp_site)
    assert poller.poll(source).outcome == "new"
    assert sbp_site.count(SCM009) == 2


def test_request_budget_refuses_to_exceed_and_persists(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    now = datetime(2026, 6, 18, 12, 0, tzinfo=UTC)
    store = Store.open(db)
    budget = RequestBudget(store, hourly=2, daily=3)
    budget.take(now)
    budget.take(now)
    with pytest.raises(RateLimitExceeded, match=r"2/2 requests in the last hour.*13:00"):
        budget.take(now)
    store.close()
    again = RequestBudget(Store.open(db), hourly=2, daily=3)  # a second process sees the count
    assert again.remaining(now) == 0
    later = now.replace(hour=13, minute=1)
    assert again.remaining(later) == 1  # the hour has passed; one left of the daily three
    again.take(later)
    with pytest.raises(RateLimitExceeded, match="3/3 requests in the last 24 hours"):
        again.take(later.replace(hour=14, minute=30))
