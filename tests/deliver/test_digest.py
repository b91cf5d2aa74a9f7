"""Grouping a release's alerts into one message, and the issue-14 wording details that go
with it: provisional subjects, authority apart from SBP status, corrections, readable source
names, fiscal-year note, subjects that survive folding."""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser

import pytest

from tracker.deliver.context import source_label
from tracker.deliver.digest import digest, group_id, group_rows
from tracker.deliver.email import EmailSettings, build_email
from tracker.deliver.message import (
    Comparison,
    MessageContext,
    RenderedMessage,
    build_message,
    render,
)
from tracker.model import Authority, Event, EventKind, Period, Series, Status

AT = datetime(2026, 9, 18, 9, 0, tzinfo=UTC)
AUG26, DEC25, AUG25 = Period.month(2026, 8), Period.month(2025, 12), Period.month(2025, 8)
FYTD = Period.fytd(2027, 8)
CTX = MessageContext(detected_at=AT)


def ev(
    kind: EventKind,
    rule: str,
    period: Period = AUG26,
    value: float | None = 455.0,
    prev: tuple[Period, float] | None = (DEC25, 437.0),
    key: str | None = None,
    status: Status = Status.PROVISIONAL,
    authority: Authority = Authority.OFFICIAL,
) -> Event:
    return Event(
        key or f"{kind}:{rule}:{period}",
        kind,
        rule,
        Series.IT_EXPORTS,
        period,
        value,
        prev[0] if prev else None,
        prev[1] if prev else None,
        authority,
        status,
    )


def release() -> list[Event]:
    return [
        ev(EventKind.RECORD, "all_time_high"),
        ev(EventKind.RECORD, "fytd_high", FYTD, 872.0, (Period.fytd(2026, 8), 620.0)),
        ev(EventKind.RECORD, "same_month_high", prev=(AUG25, 320.0)),
        ev(EventKind.CORRECTION, "threshold_500", DEC25, 437.0, None, status=Status.REVISED),
    ]


def test_a_release_is_one_message_naming_every_alert_correction_first() -> None:
    m = digest([build_message(e, CTX) for e in release()])
    assert [p.rule for p in m.parts] == ["threshold_500", "all_time_high", "same_month_high", "fytd_high"]
    subject = render(m).subject
    assert subject.startswith("Pakistan IT exports: CORRECTION: December 2025 is not above $500M")
    assert (
        "3 records in August 2026 (provisional): all-time high $455M, best August on "
        "record, best fiscal year to date on record $872M (Jul–Aug FY2027)"
    ) in subject
    payload = render(m).payload["data"]
    assert payload["keys"] == [p.key for p in m.parts] and len(payload["events"]) == 4
    text = render(m).text
    assert text.index("1. Correction") < text.index("2. Pakistan IT exports for August 2026")
    assert text.count("FY2027 is Pakistan's fiscal year") == 1


def test_the_digest_id_does_not_depend_on_the_order_rows_are_read_in() -> None:
    msgs = [build_message(e, CTX) for e in release()]
    assert digest(msgs).key == digest(list(reversed(msgs))).key == group_id([e.key for e in release()])
    assert digest(msgs).key.startswith("digest_")
    assert digest(msgs[:1]).key == msgs[0].key  # one alert keeps its own key
    assert digest(msgs[:2]).key != digest(msgs).key


def test_rows_group_by_series_and_detection_instant_admin_alone() -> None:
    rows = [
        {"id": 1, "kind": "record", "rule": "fytd_high", "series": "it_exports", "detected_at": "t1"},
        {"id": 2, "kind": "correction", "rule": "all_time_high", "series": "it_exports", "detected_at": "t1"},
        {"id": 3, "kind": "admin", "rule": "delivery_dead", "series": "it_exports", "detected_at": "t1"},
        {"id": 4, "kind": "admin", "rule": "source_failing", "series": "it_exports", "detected_at": "t1"},
        {"id": 5, "kind": "record", "rule": "all_time_high", "series": "it_exports", "detected_at": "t2"},
    ]
    assert [[r["id"] for r in g] for g in group_rows(rows)] == [[2, 1], [3], [4], [5]]


@pytest.mark.parametrize(
    ("status", "authority", "expected"),
    [
        (Status.PROVISIONAL, Authority.OFFICIAL, ("provisional", "official", "P")),
        (Status.REVISED, Authority.OFFICIAL, ("official", "official", "R")),
        (Status.FINAL, Authority.BUNDLED, ("official", "bundled", "none")),
        (Status.REPORTED, Authority.NEWS, ("provisional", "news", "none")),
    ],
)
def test_status_authority_and_sbp_status_are_separate(
    status: Status, authority: Authority, expected: tuple[str, str, str]
) -> None:
    data = render(
        build_message(ev(EventKind.RECORD, "all_time_high", status=status, authority=authority), CTX)
    ).payload["data"]
    assert (data["status"], data["authority"], data["sbp_status"]) == expected


def test_subject_says_provisional_only_for_sbps_p_figure() -> None:
    p = render(build_message(ev(EventKind.RECORD, "all_time_high"), CTX)).subject
    r = render(build_message(ev(EventKind.RECORD, "all_time_high", status=Status.REVISED), CTX)).subject
    assert "(provisional; previous $437M, Dec 2025)" in p and "provisional" not in r


def test_correction_names_the_announced_value_sbps_value_and_the_record_now() -> None:
    ctx = MessageContext(detected_at=AT, announced_usd_millions=455.0, record_now=Comparison(DEC25, 437.0))
    m = build_message(ev(EventKind.CORRECTION, "all_time_high", value=430.0), ctx)
    assert render(m).subject == (
        "Pakistan IT exports: CORRECTION: August 2026 is not a record after all (announced "
        "$455M; SBP now $430M, provisional; record now $437M, Dec 2025)"
    )
    assert "The all-time high is now $437M, Dec 2025." in m.summary
    assert "Announced earlier: $455.0M" in render(m).text
    assert "Record now: $437.0M in Dec 2025" in render(m).text


@pytest.mark.parametrize(
    ("name", "kind", "url", "expected"),
    [
        (
            "sbp-ebops-xls",
            "sbp_ebops_xls",
            "https://www.sbp.org.pk/ecodata/dt.xls",
            "SBP Trade in Services workbook (dt.xls)",
        ),
        ("dawn", "news_feed", "https://www.dawn.com/news/1", "dawn.com (news)"),
        ("import:aug.csv", None, None, "imported file aug.csv"),
        ("replay", None, "https://www.sbp.org.pk/ecodata/dt.xls", "SBP (sbp.org.pk)"),
        ("my-source", "some_new_kind", None, "my-source"),  # fallback: the config name
    ],
)
def test_sources_have_readable_names(name: str, kind: str | None, url: str | None, expected: str) -> None:
    assert source_label(name, kind, url) == expected


@pytest.mark.parametrize(
    "subject",
    [
        "Pakistan IT exports: 3 records in August 2026 (provisional): all-time high $455M, best "
        "August on record, best fiscal year to date on record $872M (Jul–Aug FY2027)",
        "Pakistan IT exports: CORRECTION: December 2025 is not a record after all (no accepted "
        "value any more; earlier best $386M, Oct 2025) " + "x" * 90,
        "short =?utf-8?q?not_an_encoded_word?= (−$3M)",
        "plain and short",
    ],
)
def test_long_subjects_fold_so_a_standard_parser_reads_them_back_exactly(subject: str) -> None:
    settings = EmailSettings(host="127.0.0.1", from_addr="t@example.pk", to=["d@example.pk"])
    raw = build_email(RenderedMessage(subject, "text", "<p>html</p>"), "k", settings).as_bytes()
    head = raw.split(b"\n\n")[0]
    assert all(len(line) <= 78 for line in head.splitlines())
    assert BytesParser(policy=policy.default).parsebytes(raw)["Subject"] == subject


def test_fiscal_year_is_explained_once_and_only_when_named() -> None:
    fy = render(build_message(release()[1], CTX))
    month = render(build_message(release()[0], CTX))
    note = "FY2027 is Pakistan's fiscal year 2026-27: July 2026 to June 2027"
    assert fy.text.count(note) == 1 and fy.html.count("July 2026 to June 2027") == 1
    assert "fiscal year" not in month.text.split("--")[0].replace("fiscal year to date", "")


def test_release_news_about_a_record_month_is_in_the_body_not_the_subject() -> None:
    new_month = Event(
        "new_month:2026-08",
        EventKind.NEW_MONTH,
        "new_month",
        Series.IT_EXPORTS,
        AUG26,
        455.0,
        authority=Authority.OFFICIAL,
        status=Status.PROVISIONAL,
        message="August 2026: $455M; month on month +9.1% (vs $417M)",
    )
    m = digest([build_message(new_month, CTX), build_message(ev(EventKind.RECORD, "all_time_high"), CTX)])
    r = render(m)
    assert [p.kind for p in m.parts] == ["record", "new_month"]
    assert r.subject == (
        "Pakistan IT exports: record $455M in August 2026 (provisional; previous $437M, Dec 2025)"
    )
    assert "2. August 2026: $455M; month on month +9.1% (vs $417M)" in r.text
    assert r.payload["type"] == "tracker.record"
