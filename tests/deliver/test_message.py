"""Message building, wording of every event kind, and template loading/validation."""

from __future__ import annotations

import importlib.resources
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tracker.deliver.message import (
    Comparison,
    MessageContext,
    Source,
    build_message,
    load_templates,
    render,
)
from tracker.deliver.samples import make_test_message
from tracker.errors import ConfigError
from tracker.model import Authority, Event, EventKind, Period, Series, Status

DEC25, OCT25, NOV25, DEC24 = (Period.month(2025, 12), Period.month(2025, 10),
                              Period.month(2025, 11), Period.month(2024, 12))  # fmt: skip
AT = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def event(kind: EventKind = EventKind.RECORD, **kw: object) -> Event:
    base: dict[str, object] = dict(
        key="all_time_high:it_exports:2025-12:v1", kind=kind, rule="all_time_high",
        series=Series.IT_EXPORTS, period=DEC25, value_usd_millions=437.0,
        previous_period=OCT25, previous_value_usd_millions=386.0,
        authority=Authority.OFFICIAL, status=Status.PROVISIONAL,
    )  # fmt: skip
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


CTX = MessageContext(
    month_on_month=Comparison(NOV25, 355.0),
    year_on_year=Comparison(DEC24, 348.0),
    sources=(Source("SBP EasyData", "https://easydata.sbp.org.pk/"),),
    detected_at=AT,
)


def test_record_subject_is_exact() -> None:
    r = render(build_message(event(status=Status.REVISED), CTX))
    assert r.subject == ("Pakistan IT exports: record $437M in December 2025 (previous $386M, Oct 2025)")


def test_subject_says_provisional_when_sbps_figure_is() -> None:
    r = render(build_message(event(), CTX))  # SBP's P figure
    assert r.subject == (
        "Pakistan IT exports: record $437M in December 2025 (provisional; previous $386M, Oct 2025)"
    )


def test_change_vs_previous_best_mom_and_yoy() -> None:
    m = build_message(event(), CTX)
    assert m.previous_best is not None and m.previous_best.change_usd_millions == 51.0
    assert m.previous_best.change_percent == pytest.approx(13.21, abs=0.01)
    assert m.month_on_month is not None and m.month_on_month.change_usd_millions == 82.0
    assert m.year_on_year is not None and m.year_on_year.change_percent == pytest.approx(25.57, abs=0.01)
    text = render(m).text
    assert "+$51.0M (+13.2%)" in text
    assert "Month on month: +$82.0M (+23.1%) vs $355.0M in Nov 2025" in text
    assert "Year on year: +$89.0M (+25.6%) vs $348.0M in Dec 2024" in text
    assert "https://easydata.sbp.org.pk/" in text


def test_every_kind_has_its_own_clear_wording() -> None:
    subjects = {
        k: render(build_message(event(k, message="note"), CTX)).subject
        for k in (
            EventKind.RECORD,
            EventKind.UNCONFIRMED,
            EventKind.CONFIRMED,
            EventKind.CORRECTION,
        )
    }
    unconf = render(
        build_message(event(EventKind.UNCONFIRMED, authority=Authority.NEWS, status=Status.REPORTED), CTX)
    )
    assert "reported by news, not yet confirmed by SBP" in unconf.subject
    assert "reported by news, not yet confirmed by SBP" in unconf.text
    assert subjects[EventKind.UNCONFIRMED].startswith("Pakistan IT exports: unconfirmed record")
    assert "SBP confirms record $437M in December 2025" in subjects[EventKind.CONFIRMED]
    assert "CORRECTION" in subjects[EventKind.CORRECTION]
    assert "not a record" in subjects[EventKind.CORRECTION]
    note = "sbp_easydata failed 5 times\nHTTP 503"
    admin_event = Event("a1", EventKind.ADMIN, "source_failing", Series.IT_EXPORTS, None, None)
    admin = render(build_message(replace(admin_event, message=note)))
    assert admin.subject == "tracker admin: sbp_easydata failed 5 times"
    assert "HTTP 503" in admin.text
    assert len({*subjects.values(), admin.subject}) == 5


def test_correction_without_a_value_any_more() -> None:
    e = event(EventKind.CORRECTION, value_usd_millions=None, authority=None, status=None)
    m = build_message(e, CTX)
    assert m.status is None and m.month_on_month is None and m.previous_best is None
    assert render(m).subject == (
        "Pakistan IT exports: CORRECTION: December 2025 is not a record after all "
        "(no accepted value any more; earlier best $386M, Oct 2025)"
    )


def test_status_is_provisional_for_news_and_official_for_sbp() -> None:
    news = build_message(event(EventKind.UNCONFIRMED, authority=Authority.NEWS), CTX)
    sbp = build_message(event(status=Status.REVISED), CTX)
    assert (news.status, sbp.status) == ("provisional", "official")
    assert "revised" in sbp.status_wording


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("same_month_high", "December record: $437M in December 2025"),
        ("threshold_400", "first month above $400M: $437M in December 2025"),
    ],
)
def test_rule_specific_headlines(rule: str, expected: str) -> None:
    assert expected in render(build_message(event(rule=rule), CTX)).subject


def test_values_that_round_alike_get_a_decimal() -> None:
    r = render(build_message(event(value_usd_millions=437.2, previous_value_usd_millions=436.9)))
    assert "record $437.2M in December 2025 (provisional; previous $436.9M, Oct 2025)" in r.subject


def test_test_messages_are_marked_everywhere() -> None:
    r = render(make_test_message(AT))
    assert r.subject.startswith("[TEST] ")
    assert "TEST MESSAGE" in r.text and "TEST MESSAGE" in r.html
    assert r.payload["data"]["test"] is True


def test_html_is_escaped_text_is_not_and_only_http_links_survive() -> None:
    ctx = MessageContext(sources=(Source("<b>Dawn</b> & co", "javascript:alert(1)"),), detected_at=AT)
    r = render(build_message(event(), ctx))
    assert "&lt;b&gt;Dawn&lt;/b&gt; &amp; co" in r.html and "<b>Dawn" not in r.html
    assert "<b>Dawn</b> & co" in r.text
    assert "javascript" not in r.html and "javascript" not in r.text


def test_payload_is_json_with_the_documented_fields() -> None:
    r = render(build_message(event(), CTX))
    data = json.loads(json.dumps(r.payload))["data"]
    assert r.payload["type"] == "tracker.record"
    assert r.payload["timestamp"] == "2026-01-20T09:00:00+00:00"
    assert data["rule"] == "all_time_high" and data["kind"] == "record"
    assert data["period"] == "2025-12" and data["value_usd_millions"] == 437.0
    assert data["previous_best"]["period"] == "2025-10"
    assert data["previous_best"]["change_usd_millions"] == 51.0
    assert data["month_on_month"]["value_usd_millions"] == 355.0
    assert data["status"] == "provisional"  # SBP's P figure is not "official" and final
    assert (data["authority"], data["sbp_status"]) == ("official", "P")
    assert data["sources"] == [{"name": "SBP EasyData", "url": "https://easydata.sbp.org.pk/"}]
    assert data["key"] == "all_time_high:it_exports:2025-12:v1"


def test_default_templates_ship_as_package_data() -> None:
    folder = importlib.resources.files("tracker.deliver").joinpath("templates")
    names = {p.name for p in folder.iterdir()}
    assert {"subject.txt.j2", "body.txt.j2", "body.html.j2"} <= names


def test_template_override_is_used(tmp_path: Path) -> None:
    path = tmp_path / "subject.j2"
    path.write_text("IT exports {{ m.value_text }} ({{ m.period_short }})\n", encoding="utf-8")
    templates = load_templates({"subject": str(path)})
    r = render(build_message(event(), CTX), templates)
    assert r.subject == "IT exports $437M (Dec 2025)"
    assert templates.origins == {"subject": str(path), "text": "default", "html": "default"}
    assert render(make_test_message(AT), templates).subject == "[TEST] IT exports $437M (Dec 2025)"


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ("{{ m.headline ", "line 1"),  # syntax error
        ("{{ m.no_such_field }}", "no_such_field"),  # unknown variable
        ("{{ m.previous_best.label }}", "fails on a"),  # None for some messages
        ("{% if false %}x{% endif %}", "renders empty"),
        ("{% include 'other.j2' %}", "fails on a"),
    ],
)
def test_broken_template_is_a_config_error_naming_it(tmp_path: Path, source: str, needle: str) -> None:
    path = tmp_path / "broken.j2"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_templates({"html": str(path)})
    assert "'html'" in str(err.value) and str(path) in str(err.value)
    assert needle in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_or_unknown_template_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'text'.*cannot read"):
        load_templates({"text": str(tmp_path / "nope.j2")})
    with pytest.raises(ConfigError, match="unknown alert template 'body'"):
        load_templates({"body": str(tmp_path / "x.j2")})
