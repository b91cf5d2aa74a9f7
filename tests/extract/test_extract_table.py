"""Extraction as a data table: own sentences covering each phrasing, with expected figures."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.extract import extract_text

D = date(2026, 3, 19)  # a publication date: the newest published month is February 2026

# (text, publication date, expected {(series, period, value)})
TABLE: list[tuple[str, date | None, set[tuple[str, str, float]]]] = [
    # month names relative to the publication date, and explicit years
    ("Pakistan's IT exports rose to $401m in February.", D, {("it_exports", "2026-02", 401)}),
    ("IT exports were US$ 1.2 billion dollar in July-February.", D, {("it_exports", "FY2026:07-02", 1200)}),
    (
        "ICT exports stood at $377 million in January 2026, up from $301 million in the same month"
        " last year.",
        D,
        {("it_exports", "2026-01", 377), ("it_exports", "2025-01", 301)},
    ),
    (
        "IT exports were $401 million in February, compared with $377 million in the previous month.",
        D,
        {("it_exports", "2026-02", 401), ("it_exports", "2026-01", 377)},
    ),
    ("Brokers said IT exports for Jan'26 came in at $377mn.", D, {("it_exports", "2026-01", 377)}),
    ("IT exports for Dec-25 were $444 million.", D, {("it_exports", "2025-12", 444)}),
    (
        "IT exports were $401m in February, up from $377m last month.",
        D,
        {("it_exports", "2026-02", 401), ("it_exports", "2026-01", 377)},
    ),
    ("IT exports rose to $401 million last month.", D, {("it_exports", "2026-02", 401)}),
    # fiscal-year spans
    ("IT exports reached $1.15 billion in 1QFY26.", D, {("it_exports", "FY2026:Q1", 1150)}),
    ("The brokerage put 5MFY25 IT exports at $1.6bn.", D, {("it_exports", "FY2025:07-11", 1600)}),
    ("In 1HFY24 IT exports were $1.59 billion.", D, {("it_exports", "FY2024:07-12", 1590)}),
    (
        "IT exports totalled $2.9 billion in the first eight months of the current fiscal year.",
        D,
        {("it_exports", "FY2026:07-02", 2900)},
    ),
    (
        "IT exports were $3.9 billion in FY25 against $3.2 billion in FY24.",
        D,
        {("it_exports", "FY2025", 3900), ("it_exports", "FY2024", 3200)},
    ),
    ("IT exports during July-March 2024-25 were $2.9 billion.", D, {("it_exports", "FY2025:07-03", 2900)}),
    (
        "IT exports were $1.3 billion in the first four months of FY26 compared to $1.1 billion in"
        " the same period last year.",
        D,
        {("it_exports", "FY2026:07-10", 1300), ("it_exports", "FY2025:07-10", 1100)},
    ),
    (
        "IT exports rose from $2.2 billion to $2.6 billion in the first half of the fiscal year.",
        D,
        {("it_exports", "FY2025:07-12", 2200), ("it_exports", "FY2026:07-12", 2600)},
    ),
    # series other than the ICT total
    (
        "Computer services exports were $330 million in February 2026.",
        D,
        {("computer_services", "2026-02", 330)},
    ),
    (
        "Telecom services exports stood at $61 million in February 2026.",
        D,
        {("telecom_services", "2026-02", 61)},
    ),
    (
        "Net IT exports, exports minus imports, were $340 million in February 2026.",
        D,
        {("other", "2026-02", 340)},
    ),
    ("Textile exports fell to $1.4 billion in February 2026.", D, {("other", "2026-02", 1400)}),
    # Urdu
    ("فروری 2026 میں آئی ٹی برآمدات 40 کروڑ 10 لاکھ ڈالر رہیں", D, {("it_exports", "2026-02", 401)}),
    (
        "رواں مالی سال کے ابتدائی آٹھ ماہ میں آئی ٹی برآمدات 2 ارب 90 کروڑ ڈالر رہیں",
        D,
        {("it_exports", "FY2026:07-02", 2900)},
    ),
    ("جنوری 2026 میں آئی ٹی برآمدات 37 عشاریہ 7 کروڑ ڈالر تھیں", D, {("it_exports", "2026-01", 377)}),
    # no date and no year in the text: say nothing
    ("IT exports were $401 million in February.", None, set()),
]

# Amounts that are not IT-export figures (other series may be labelled `other`).
NOT_FIGURES = [
    "The government wants IT exports to reach $10 billion by FY29.",
    "IT exports could touch $4.8 billion this fiscal year, analysts projected.",
    "February's IT exports were higher than the 12-month average of $350 million.",
    "IT exports in February 2026 were $24 million higher than a year earlier.",
    "IT exports rose by $60 million in February 2026.",
    "Exports crossed the $400 million mark in February 2026.",
    "India's IT exports were $22 billion in February 2026.",
    "Workers' remittances were $3.1 billion in February 2026.",
    "IT exports averaged $13 million per day in February 2026.",
    "The IT sector earned Rs 110 billion in February 2026.",
    "IT exports were $1.46 million in February 2026.",
    "IT exports were close to $400 million in February 2026.",
]


@pytest.mark.parametrize(("text", "published", "expected"), TABLE)
def test_extraction_table(text: str, published: date | None, expected: set[tuple[str, str, float]]) -> None:
    got = {
        (f.series.value, str(f.period), f.value_usd_millions) for f in extract_text(text, published).figures
    }
    assert got == expected


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    figs = extract_text(text, D).figures
    assert [f for f in figs if f.series.value == "it_exports"] == []


def test_lower_bound_with_own_period_is_kept_as_bound() -> None:
    figs = extract_text("IT exports exceeded $412 million in February 2026.", D).figures
    assert [(str(f.period), f.value_usd_millions, f.bound) for f in figs] == [("2026-02", 412.0, "lower")]


def test_year_after_publication_is_read_as_the_year_before() -> None:
    figs = extract_text("IT exports were $212 million for October 2021.", date(2020, 12, 5)).figures
    assert [str(f.period) for f in figs] == ["2020-10"]


def test_undated_article_uses_its_own_dates() -> None:
    text = "IT exports reached $401 million in February 2026.\nIn January they were $377 million."
    figs = extract_text(text, None).figures
    assert {(str(f.period), f.value_usd_millions) for f in figs} == {
        ("2026-02", 401.0),
        ("2026-01", 377.0),
    }


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("IT exports hit an all-time monthly high of $444 million in December.", True),
        ("Pakistan posted record monthly IT exports of $444m in December.", True),
        ("دسمبر میں آئی ٹی برآمدات کا نیا ریکارڈ قائم ہو گیا", True),
        ("IT exports saw a record increase of 40 percent in December.", False),
        ("The four-month total was the highest ever recorded.", False),
        ("IT exports were $444 million in December.", False),
    ],
)
def test_record_claims(text: str, claim: bool) -> None:
    assert extract_text(text, date(2026, 1, 20)).record_claim is claim
