"""The worked examples of ../shared/TRUTH-SCENARIOS.md, one test each (numbers in the names)."""

from __future__ import annotations

from tests.truth.conftest import World, when

ATH = "all_time_high"


def _ath(sent: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str]]:
    return [(ch, kind, period) for ch, kind, rule, period in sent if rule == ATH]


def test_01_two_voices_send_one_unconfirmed_record_to_opted_in_channels(world: World) -> None:
    world.load_history()
    world.article("https://www.dawn.com/news/1", "2026-09-14", ("2026-08", 452))
    assert world.sent() == []  # one voice is not enough
    world.article("https://www.brecorder.com/news/2", "2026-09-14", ("2026-08", 452))
    assert _ath(world.sent()) == [("hook", "unconfirmed", "2026-08")]
    assert {ch for ch, *_ in world.sent()} == {"hook"}  # nothing to records-only channels


def test_02_official_figure_confirms_once_and_is_not_a_second_record(world: World) -> None:
    test_01_two_voices_send_one_unconfirmed_record_to_opted_in_channels(world)
    world.sbp("2026-09-18", ("2026-08", 452.3, "P"))
    after = _ath(world.sent())[1:]
    assert ("hook", "confirmed", "2026-08") in after
    assert all(kind != "record" for _, kind, _ in after)
    assert world.value("2026-08") == (452.3, "official", "P")


def test_03_official_figure_below_the_record_corrects_only_where_the_alert_went(world: World) -> None:
    test_01_two_voices_send_one_unconfirmed_record_to_opted_in_channels(world)
    world.sbp("2026-09-18", ("2026-08", 430, "P"))
    corrections = [(ch, p) for ch, kind, p in _ath(world.sent()) if kind == "correction"]
    assert corrections == [("hook", "2026-08"), ("ops", "2026-08")]
    assert not any(ch == "mail" and kind == "correction" for ch, kind, *_ in world.sent())


def test_04_syndicated_copy_is_one_voice(world: World) -> None:
    world.load_history()
    wire = "Pakistan's IT exports rose to $452 million in August 2026, the central bank said."
    world.article("https://nation.com.pk/a", "2026-09-14", ("2026-08", 452), quote=wire)
    world.article("https://staging.nation.com.pk/a", "2026-09-14", ("2026-08", 452), quote=wire)
    world.article("https://www.daily8.com/b", "2026-09-14", ("2026-08", 452), quote=wire)
    assert world.sent() == []
    assert world.value("2026-08") is None  # one voice: stored, not accepted
    assert "has 1" in world.held()[(ATH, "2026-08")]  # held as a candidate, with why


def test_04b_an_agency_story_reworded_by_two_papers_is_one_voice(world: World) -> None:
    world.load_history()
    world.article("https://a.pk/1", "2026-09-14", ("2026-08", 452), credit="APP")
    world.article("https://b.pk/2", "2026-09-14", ("2026-08", 452), credit="APP")
    assert world.sent() == [] and world.value("2026-08") is None
    world.article("https://c.pk/3", "2026-09-15", ("2026-08", 452))  # an independent voice
    assert _ath(world.sent()) == [("hook", "unconfirmed", "2026-08")]


def test_05_an_old_article_is_history(world: World) -> None:
    world.load_history()
    world.article("https://a.pk/old", "2024-04-28", ("2024-03", 306), fetched="2026-09-15")
    world.article("https://b.pk/old", "2024-04-28", ("2024-03", 306), fetched="2026-09-15")
    assert world.sent() == []


def test_05b_an_old_article_about_a_month_never_seen_is_history_too(world: World) -> None:
    world.load_history()
    # a feed lists two stale articles about a month after the frontier: too old to be news
    world.article("https://a.pk/x", "2026-09-14", ("2026-08", 452), fetched="2026-11-01")
    world.article("https://b.pk/x", "2026-09-14", ("2026-08", 452), fetched="2026-11-01")
    assert world.value("2026-08") == (452, "news", "reported")
    assert world.sent() == []


def test_06_evidence_of_a_higher_earlier_month_holds_the_record(world: World) -> None:
    world.article("https://a.pk/oct", "2025-11-20", ("2025-10", 386))
    world.article("https://b.pk/nov", "2025-12-18", ("2025-11", 356))
    world.article("https://c.pk/nov", "2025-12-18", ("2025-11", 356))
    assert world.sent() == []
    assert "evidence" in world.held()[(ATH, "2025-11")]
    assert "$386M" in world.held()[(ATH, "2025-11")]


def test_07_a_gap_leaves_the_record_unverifiable(world: World) -> None:
    world.article("https://a.pk/dec", "2026-01-20", ("2025-12", 437))
    world.article("https://b.pk/dec", "2026-01-20", ("2025-12", 437))
    assert world.sent() == []
    assert world.held()[(ATH, "2025-12")].startswith("unverifiable")


def test_07b_a_gap_inside_the_window_is_named(world: World) -> None:
    history = dict(world_history_without("2026-03"))
    world.load_history(history)
    world.article("https://a.pk/aug", "2026-09-14", ("2026-08", 452))
    world.article("https://b.pk/aug", "2026-09-14", ("2026-08", 452))
    assert _ath(world.sent()) == []  # best August stands: no gap in that window
    assert "March 2026" in world.held()[(ATH, "2026-08")]


def test_07c_a_fiscal_year_total_bounds_a_missing_month(world: World) -> None:
    from tracker.ingest import ingest
    from tracker.model import Authority, Figure, Period, Series, Status

    world.load_history(dict(world_history_without("2026-03")))
    known = sum(v for p, v in world_history_without("2026-03") if "2025-07" <= p <= "2026-06")
    fy_total = Figure(
        Series.IT_EXPORTS,
        Period.parse("FY2026"),
        round(known + 414),
        Status.REPORTED,
        Authority.BUNDLED,
        source="bundled",
    )
    ingest(world.store, [fy_total], world.settings, historical=True)  # March was <= ~$415M
    world.article("https://a.pk/aug", "2026-09-14", ("2026-08", 452))
    world.article("https://b.pk/aug", "2026-09-14", ("2026-08", 452))
    assert _ath(world.sent()) == [("hook", "unconfirmed", "2026-08")]
    assert (ATH, "2026-08") not in world.held()


def test_07d_a_news_total_does_not_bound_a_missing_month(world: World) -> None:
    world.load_history(dict(world_history_without("2026-03")))
    known = sum(v for p, v in world_history_without("2026-03") if "2025-07" <= p <= "2026-06")
    world.article("https://a.pk/fy", "2026-07-25", ("FY2026", round(known + 414)))
    world.article("https://b.pk/fy", "2026-07-25", ("FY2026", round(known + 414)))
    assert world.value("FY2026") is not None  # accepted as news, but no bound on March
    world.article("https://a.pk/aug", "2026-09-14", ("2026-08", 452))
    world.article("https://b.pk/aug", "2026-09-14", ("2026-08", 452))
    assert _ath(world.sent()) == []
    assert "March 2026" in world.held()[(ATH, "2026-08")]


def test_07e_a_month_derived_from_news_totals_is_evidence_not_a_filled_gap(world: World) -> None:
    world.load_history(dict(world_history_without("2026-03")))
    to_feb = sum(v for p, v in world_history_without("2026-03") if "2025-07" <= p <= "2026-02")
    for site in ("https://a.pk", "https://b.pk"):
        world.article(f"{site}/feb", "2026-03-20", ("FY2026:07-02", round(to_feb, 1)))
        world.article(f"{site}/mar", "2026-04-20", ("FY2026:07-03", round(to_feb + 300, 1)))
    assert world.value("2026-03") == (300.0, "news", "derived")
    world.article("https://a.pk/aug", "2026-09-14", ("2026-08", 452))
    world.article("https://b.pk/aug", "2026-09-14", ("2026-08", 452))
    assert _ath(world.sent()) == []
    assert "March 2026" in world.held()[(ATH, "2026-08")]


def world_history_without(month: str) -> list[tuple[str, float]]:
    from tests.truth.conftest import HISTORY

    return [(p, v) for p, v in HISTORY.items() if p != month]


def test_08_an_open_conflict_holds_the_alert_until_it_resolves(world: World) -> None:
    world.load_history()
    world.article("https://a.pk/1", "2026-09-14", ("2026-08", 452))
    world.article("https://c.pk/3", "2026-09-14", ("2026-08", 425))
    world.article("https://b.pk/2", "2026-09-14", ("2026-08", 452))
    assert _ath(world.sent()) == []
    assert "conflict" in world.held()[(ATH, "2026-08")]
    world.article("https://c.pk/3-corrected", "2026-09-15", ("2026-08", 452))
    assert _ath(world.sent()) == [("hook", "unconfirmed", "2026-08")]
    assert (ATH, "2026-08") not in world.held()
    # the alert names only documents that state its value, not c.pk's withdrawn $425M
    from tracker.deliver.context import event_from_row, message_context

    row = world.store.rows("SELECT * FROM events WHERE rule = ? AND period = '2026-08'", (ATH,))[0]
    urls = {s.url for s in message_context(world.store, event_from_row(row), row["detected_at"]).sources}
    assert urls == {"https://a.pk/1", "https://b.pk/2", "https://c.pk/3-corrected"}


def test_09_an_outlets_statement_is_its_latest_by_publication_date(world: World) -> None:
    world.load_history()
    # the feed lists the newer item first, so the correction is fetched before the original
    world.article("https://a.pk/fix", "2026-09-16", ("2026-08", 425), fetched="2026-09-17")
    world.article("https://a.pk/orig", "2026-09-15", ("2026-08", 452), fetched="2026-09-17")
    world.article("https://b.pk/x", "2026-09-16", ("2026-08", 425), fetched="2026-09-17")
    assert world.value("2026-08") == (425, "news", "reported")


def test_10_a_rounded_copy_of_an_official_figure_is_the_same_figure(world: World) -> None:
    world.load_history()
    world.sbp("2026-09-18T10:00:00", ("2026-08", 437.21, "P"), name="dt.xls")
    world.sbp("2026-09-18T10:00:08", ("2026-08", 437, "P"), name="ExportsImports-Goods.pdf")
    vintages = world.store.vintages("it_exports", "2026-08")
    assert [v.value_usd_millions for v in vintages] == [437.21]
    assert _ath(world.sent()) == []  # $0.21M over $437M is inside the rounding: held
    assert "rounding" in world.held()[(ATH, "2026-08")]
    assert not any(kind == "correction" for _, kind, *_ in world.sent())


def test_11_after_downtime_every_month_past_the_frontier_is_still_news(world: World) -> None:
    world.load_history()
    world.sbp("2026-10-20", ("2026-08", 450, "R"), ("2026-09", 461, "P"))
    records = [(ch, p) for ch, kind, p in _ath(world.sent()) if kind == "record"]
    assert records == [("hook", "2026-08"), ("mail", "2026-08"), ("hook", "2026-09"), ("mail", "2026-09")]
    assert all(p > "2026-07" for *_, p in world.sent())


def test_13_inferred_periods_are_stored_but_are_not_voices(world: World) -> None:
    world.load_history()
    world.article("https://a.pk/1", "2026-09-02", ("2026-08", 452), firm=False)
    world.article("https://b.pk/2", "2026-09-02", ("2026-08", 452), firm=False)
    assert world.sent() == []
    assert world.store.rows("SELECT count(*) AS n FROM observations WHERE period = '2026-08'") == [{"n": 2}]


def test_14_new_month_goes_only_to_channels_that_asked(world: World) -> None:
    world.load_history()
    world.sbp("2026-09-18", ("2026-08", 405, "P"))  # not an all-time high; best August
    assert [kind for ch, kind, *_ in world.sent() if ch == "desk"] == ["new_month"]
    assert all(kind != "new_month" for ch, kind, *_ in world.sent() if ch != "desk")
    message = world.store.rows("SELECT message FROM events WHERE kind = 'new_month'")[0]["message"]
    assert "month on month -2.9%" in message  # 405 vs July's 417
    assert "year on year +20.2%" in message  # vs August 2025's 337
    assert "Jul–Aug FY2027 $822.0M" in message


def test_14b_an_official_revision_reaches_revision_channels(world: World) -> None:
    world.settings = world.settings.__class__(
        channels=(
            *world.settings.channels,
            world.settings.channels[0].__class__("revisions", events=frozenset({"revision"})),
        )
    )
    world.load_history()
    world.sbp("2026-09-18", ("2026-08", 405, "P"))
    world.sbp("2026-10-18", ("2026-08", 407.5, "R"), ("2026-09", 401, "P"))
    assert ("revisions", "revision", "revision", "2026-08") in world.sent()


def test_12_a_month_dated_in_the_future_is_never_stored(world: World) -> None:
    world.load_history()
    report = world.sbp("2026-09-18", ("2026-08", 405, "P"), ("2034-12", 474.8, "P"))
    assert [str(f.period) for f in report.refused] == ["2034-12"]
    assert world.value("2034-12") is None
    assert all(p != "2034-12" for *_, p in world.sent())


def test_one_feed_cannot_forge_agreement_between_hosts_it_links_to(world: World) -> None:
    from dataclasses import replace

    world.settings = replace(world.settings, outlets={"hostile": "127.0.0.1:8080"})
    world.load_history()
    world.article(
        "http://127.0.0.1:9000/a",
        "2026-09-14",
        ("2026-08", 452),
        source="hostile",
        quote="IT exports hit $452 million in August.",
    )
    world.article(
        "http://localhost:9001/b",
        "2026-09-14",
        ("2026-08", 452),
        source="hostile",
        quote="Software and telecom exports were a record $452m in August 2026.",
    )
    assert world.sent() == [] and world.value("2026-08") is None
    outlets = {
        r["outlet"] for r in world.store.rows("SELECT outlet FROM observations WHERE period = '2026-08'")
    }
    assert outlets == {"127.0.0.1:8080"}


def test_14c_only_the_new_month_of_a_release_is_a_new_month(world: World) -> None:
    world.load_history()
    # dt.xls carries the year-ago month and the revised previous month beside the new one
    world.sbp("2026-09-18", ("2025-08", 337.2, "final"), ("2026-07", 417.3, "R"), ("2026-08", 405, "P"))
    new = world.store.rows("SELECT period FROM events WHERE kind = 'new_month'")
    assert new == [{"period": "2026-08"}]


def test_confirmation_reaches_records_only_channels_when_nobody_took_the_news(world: World) -> None:
    from dataclasses import replace

    from tracker.ingest import ChannelRoute

    world.settings = replace(world.settings, channels=(ChannelRoute("mail"),))
    world.load_history()
    world.article("https://a.pk/1", "2026-09-14", ("2026-08", 452))
    world.article("https://b.pk/2", "2026-09-14", ("2026-08", 452))
    assert world.sent() == []  # nobody takes unconfirmed news
    world.sbp("2026-09-18", ("2026-08", 452.3, "P"))
    assert ("mail", "confirmed", ATH, "2026-08") in world.sent()


def test_what_the_frontier_held_back_is_never_sent_by_a_channel_added_later(world: World) -> None:
    from datetime import timedelta

    from tracker.deliver.unrouted import route_unrouted
    from tracker.ingest import ChannelRoute

    world.load_history()
    # an unseen record for a month long before the frontier: history, stored, never sent
    world.sbp("2026-08-20", ("2024-06", 520, "R"))
    assert world.store.rows(
        "SELECT count(*) AS n FROM events WHERE period = '2024-06' AND historical = 0"
    ) == [{"n": 0}]
    later = (
        ChannelRoute("new-hook", unconfirmed=True, events=frozenset({"record", "new_month", "revision"})),
    )
    assert route_unrouted(world.store, later, when("2026-08-21"), timedelta(days=7)) == 0
