"""Who is speaking: registrable domains, wire copy, agency credits (a data table)."""

from __future__ import annotations

import pytest

from tracker.voices import group_voices, outlet_of_url, wire_credit


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.dawn.com/news/1", "dawn.com"),
        ("https://staging.nation.com.pk/a", "nation.com.pk"),
        ("https://nation.com.pk/a", "nation.com.pk"),
        ("https://test.daily8.com/b", "daily8.com"),
        ("https://profit.pakistantoday.com.pk/2026/x", "pakistantoday.com.pk"),
        ("http://127.0.0.1:8001/feed", "127.0.0.1:8001"),
        ("http://localhost:9/feed", "localhost:9"),
        ("not a url", ""),
    ],
)
def test_an_outlet_is_a_registrable_domain(url: str, outlet: str) -> None:
    assert outlet_of_url(url) == outlet


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("ISLAMABAD, Sept 19 (APP): The country's ICT exports grew ...", "APP"),
        ("KARACHI (Reuters) - Software exports rose ...", "Reuters"),
        ("Exports rose to $452 million.\n— PPI\n", "PPI"),
        ("according to the Associated Press of Pakistan, exports rose", "APP"),
        ("The app economy grew; apps earned more (see chart).", None),
        ("Our reporter writes from Lahore.", None),
    ],
)
def test_wire_credit(text: str, agency: str | None) -> None:
    assert wire_credit(text) == agency


def test_the_same_sentence_in_three_papers_is_one_voice() -> None:
    wire = "IT exports rose 17 percent to $452 million in August, SBP data showed."
    own = "The State Bank says exporters of software earned $452m last month, a record."
    groups = group_voices(
        [
            ("nation.com.pk", wire),
            ("daily8.com", wire.upper()),
            ("brecorder.com", wire.replace(",", " ,")),
            ("dawn.com", own),
        ]
    )
    assert groups == [[0, 1, 2], [3]]


def test_short_quotes_identify_nothing() -> None:
    assert group_voices([("a.pk", "$452m"), ("b.pk", "$452m")]) == [[0], [1]]
