"""The plausibility gate: pure rules, the real release passing it, and holds through a poll."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from tests.fixtures import make_sbp_fixtures as gen
from tests.sbp_pipeline.conftest import Clock, SbpSite, file_source, make_config, make_poller
from tests.sources.real_sbp import ITEM9_ROW, real_bytes, real_grid, write_book
from tracker.model import Authority, Figure, Period, Series, Status
from tracker.plausibility import check, last_complete_month, silent_misses
from tracker.sources.base import Document
from tracker.sources.sbp_ebops_xls import parse

XLS = "application/vnd.ms-excel"
TODAY = date(2026, 3, 17)  # the day SBP saved dt_2026-02.xls
# Official item 9 around the Feb-2026 release (US$ m): Sep-25 … Jan-26.
HISTORY = {
    Period.month(2025, 9): 366.0,
    Period.month(2025, 10): 386.0,
    Period.month(2025, 11): 355.0,
    Period.month(2025, 12): 437.0,
    Period.month(2026, 1): 373.5,
}


def fig(series: Series, period: Period, value: float, authority: Authority = Authority.OFFICIAL) -> Figure:
    return Figure(
        series=series,
        period=period,
        value_usd_millions=value,
        status=Status.FINAL,
        authority=authority,
        source="t",
        document="u",
        quote="q",
    )


FEB = Period.month(2026, 2)
MAR = Period.month(2026, 3)


def test_last_complete_month_is_the_month_before_today() -> None:
    assert last_complete_month(date(2026, 3, 1)) == FEB
    assert last_complete_month(date(2026, 1, 31)) == Period.month(2025, 12)


def test_a_period_that_has_not_ended_is_held() -> None:
    got = check(
        [fig(Series.IT_EXPORTS, MAR, 380.0), fig(Series.IT_EXPORTS, FEB, 363.8)], today=TODAY, history=HISTORY
    )
    assert [str(f.period) for f in got.passed] == ["2026-02"]
    assert "after the last complete month 2026-02" in got.held[0].reason
    # a FYTD through March is as impossible on 17 March
    fytd = check([fig(Series.IT_EXPORTS, Period.fytd(2026, 3), 3300.0)], today=TODAY)
    assert fytd.passed == [] and len(fytd.held) == 1


@pytest.mark.parametrize(
    ("value", "held"), [(363.8, False), (220.0, True), (530.0, True), (250.0, False), (520.0, False)]
)
def test_monthly_item9_band_around_recent_official_months(value: float, held: bool) -> None:
    got = check([fig(Series.IT_EXPORTS, FEB, value)], today=TODAY, history=HISTORY)
    assert bool(got.held) is held  # median of the five months is 373.5: band 224.1–522.9
    if held:
        assert "40%" in got.held[0].reason


def test_band_needs_neighbours_and_ignores_far_history() -> None:
    old = check([fig(Series.IT_EXPORTS, Period.month(2008, 1), 18.5)], today=TODAY, history=HISTORY)
    assert old.held == []  # no official month within six months of Jan-2008
    assert check([fig(Series.IT_EXPORTS, FEB, 900.0)], today=TODAY).held == []  # no history
    small = {Period.month(2006, m): v for m, v in ((1, 11.0), (2, 19.5), (3, 12.2))}
    jumpy = check([fig(Series.IT_EXPORTS, Period.month(2006, 4), 21.0)], today=TODAY, history=small)
    assert jumpy.held == []  # early history is small and jumpy: below the band's floor


def test_scale_ceilings_per_series() -> None:
    got = check(
        [
            fig(Series.INFORMATION_SERVICES, FEB, 372.0),
            fig(Series.INFORMATION_SERVICES, Period.month(2026, 1), 0.372),
            fig(Series.INFORMATION_SERVICES, Period.fytd(2026, 2), 18.9),
            fig(Series.TELECOM_SERVICES, FEB, -1.0),
        ],
        today=TODAY,
    )
    reasons = {str(h.figure.period): h.reason for h in got.held}
    assert set(reasons) == {"2026-02"} and len(got.held) == 2
    assert any("ceiling of 20 US$ m" in h.reason for h in got.held)
    assert any("negative" in h.reason for h in got.held)


def test_sub_items_that_do_not_sum_hold_the_whole_family() -> None:
    parts = [
        fig(Series.TELECOM_SERVICES, FEB, 59.212),
        fig(Series.COMPUTER_SERVICES, FEB, 304.267),
        fig(Series.INFORMATION_SERVICES, FEB, 0.331),
    ]
    good = check([fig(Series.IT_EXPORTS, FEB, 363.81), *parts], today=TODAY)
    assert good.held == []
    bad = check([fig(Series.IT_EXPORTS, FEB, 396.9), *parts, fig(Series.FREELANCE, FEB, 92.897)], today=TODAY)
    assert {h.figure.series for h in bad.held} == {
        Series.IT_EXPORTS,
        Series.TELECOM_SERVICES,
        Series.COMPUTER_SERVICES,
        Series.INFORMATION_SERVICES,
    }
    assert "sub-items sum to 363.810 but it_exports is 396.900" in bad.held[0].reason
    assert [f.series for f in bad.passed] == [Series.FREELANCE]


def test_a_part_larger_than_its_parent_is_held() -> None:
    got = check([fig(Series.FREELANCE, FEB, 320.0), fig(Series.COMPUTER_SERVICES, FEB, 304.3)], today=TODAY)
    assert len(got.held) == 2 and "exceeds its parent" in got.held[0].reason


def test_news_figures_are_not_gated() -> None:
    got = check([fig(Series.IT_EXPORTS, MAR, 9999.0, Authority.NEWS)], today=TODAY)
    assert got.held == [] and len(got.passed) == 1


def test_the_real_release_passes_the_gate() -> None:
    result = parse(Document(url="u", body=real_bytes()))
    got = check(result.figures, today=TODAY, history=HISTORY)
    assert got.held == [] and len(got.passed) == 30


def test_silent_misses() -> None:
    figs = [
        fig(Series.IT_EXPORTS, Period.month(2026, 1), 373.5),
        fig(Series.TELECOM_SERVICES, FEB, 59.2),
        fig(Series.TELECOM_SERVICES, FEB, 59.9),
    ]
    misses = silent_misses(
        figs,
        ["a blank cell"],
        expected_newest=Period.month(2026, 3),
        expected_keys=["A", "B"],
        found_keys=["A"],
    )
    assert misses == [
        "warning: a blank cell",
        "duplicate period: telecom_services 2026-02 has [59.2, 59.9]",
        "no item-9 figure for the newest month 2026-02",
        "no figure for the expected newest month 2026-03",
        "series key B missing from the source",
    ]
    assert silent_misses(figs[:1], []) == []


# -- through a poll -------------------------------------------------------------------------
def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_poll_holds_a_release_whose_sub_items_do_not_add_up(tmp_path: Path, sbp_site: SbpSite) -> None:
    grid = real_grid()
    grid.number(ITEM9_ROW, 8, 396_900.0)  # item 9 Feb-26 no longer the sum of 9.1+9.2+9.3
    config = make_config(file_source("sbp-ebops-xls", "sbp_ebops_xls", f"{sbp_site.base}/dt.xls"))
    db = tmp_path / "t.db"
    clock = Clock(gen_clock())
    poller = make_poller(db, config, clock)
    sbp_site.put("/dt.xls", write_book(grid), XLS)
    outcome = poller.poll(config.sources[0])
    assert outcome.outcome == "new" and outcome.figures == 26  # 30 parsed, 4 held
    assert any("held it_exports 2026-02" in d for d in outcome.details)
    stored = rows(db, "SELECT series FROM vintages WHERE period = '2026-02'")
    assert sorted(s for (s,) in stored) == ["call_centre_services", "freelance"]
    admin = rows(db, "SELECT rule, message FROM events WHERE kind = 'admin'")
    assert [r for r, _ in admin] == ["official_held"]
    assert "sub-items sum to 363.810 but it_exports is 396.900" in admin[0][1]
    # the same bytes again: no second alert
    assert poller.poll(config.sources[0]).outcome == "unchanged"
    assert len(rows(db, "SELECT 1 FROM events WHERE kind = 'admin'")) == 1


def test_poll_turns_a_parser_warning_into_one_drift_alert(tmp_path: Path, sbp_site: SbpSite) -> None:
    grid = real_grid()
    grid.text(67, 8, "N/A")  # freelance Feb-26 credit lost: a warning, no figure
    config = make_config(file_source("sbp-ebops-xls", "sbp_ebops_xls", f"{sbp_site.base}/dt.xls"))
    db = tmp_path / "t.db"
    poller = make_poller(db, config, Clock(gen_clock()))
    sbp_site.put("/dt.xls", write_book(grid), XLS)
    assert poller.poll(config.sources[0]).figures == 29
    admin = rows(db, "SELECT rule, message FROM events WHERE kind = 'admin'")
    assert [r for r, _ in admin] == ["parser_drift"]
    assert "freelance" in admin[0][1] and "is blank" in admin[0][1]


def gen_clock():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    assert gen.SHEET_NAME == "EBOPS "
    return datetime(2026, 3, 17, 12, 0, tzinfo=UTC)
