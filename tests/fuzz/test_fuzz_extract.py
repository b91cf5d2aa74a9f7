"""Fuzzing the news and EasyData readers: any text, HTML or JSON yields figures or our error.

The strategies build inputs out of the grammar's own pieces (numbers, scales, currencies,
months, Urdu words, tags), so hypothesis reaches the amount and period grammars instead of
spending its examples on text no rule looks at. Bounded in the normal suite;
`TRACKER_FUZZ_EXAMPLES=20000 pytest tests/fuzz` runs longer.
"""

from __future__ import annotations

import json
import math
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.errors import ParseError
from tracker.extract import extract_html, extract_text
from tracker.extract.money import find_amounts, normalize
from tracker.sources import sbp_easydata
from tracker.sources.base import Document

EXAMPLES = int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "200"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PIECES = [
    "$",
    "US$",
    "USD",
    "Rs",
    "PKR",
    "million",
    "mn",
    "m",
    "bn",
    "billion",
    "crore",
    "lakh",
    "thousand",
    "percent",
    "%",
    "IT exports",
    "ICT",
    "telecom",
    "computer services",
    "remittances",
    "in",
    "of",
    "to",
    "rose",
    "fell",
    "record",
    "all-time high",
    "July",
    "Dec",
    "December 2025",
    "FY26",
    "FY2025-26",
    "1HFY26",
    "July-December",
    "Q2",
    "month-on-month",
    "year-on-year",
    "آئی ٹی",
    "برآمدات",
    "کروڑ",
    "ارب",
    "ملین",
    "ڈالر",
    "دسمبر",
    "عشاریہ",
    "۴۳۷",
    "٣٨٦",
    ",",
    ".",
    "-",
    "–",
    "(",
    ")",
    "\n",
    " ",
    "  ",
    "\u200b",
    "\u00a0",
]
numbers = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.floats(min_value=0, max_value=1e9, allow_nan=False).map(lambda f: f"{f:.3f}"),
    st.from_regex(r"\d{1,3}(,\d{3}){0,4}(\.\d{1,4})?", fullmatch=True),
)
grammar_text = st.lists(st.one_of(st.sampled_from(PIECES), numbers, st.text(max_size=6)), max_size=60).map(
    " ".join
)


@FUZZ
@given(grammar_text)
def test_amount_grammar_returns_finite_non_negative_amounts(text: str) -> None:
    for amount in find_amounts(normalize(text)):
        assert math.isfinite(amount.value) and amount.value >= 0


@FUZZ
@given(grammar_text, st.dates())
def test_text_extractor_never_raises(text: str, published) -> None:  # type: ignore[no-untyped-def]
    result = extract_text(text, published, "IT exports", "fuzz")
    for figure in result.figures:
        assert math.isfinite(figure.value_usd_millions) and figure.value_usd_millions >= 0


tags = st.sampled_from(
    [
        "p",
        "div",
        "article",
        "h1",
        "script",
        "style",
        "nav",
        "table",
        "td",
        "time",
        "meta",
        "br",
        "span",
        "main",
        "!--",
        "![CDATA[",
    ]
)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(tags)
        inner = draw(grammar_text)
        closed = draw(st.booleans())
        parts.append(f"<{tag}>{inner}" + (f"</{tag}>" if closed else ""))
    return draw(st.sampled_from(["", "<html><head><title>IT exports</title></head><body>"])) + "".join(parts)


@FUZZ
@given(st.one_of(html_pages(), st.binary(max_size=2048)))
def test_html_reader_only_returns_or_raises_parse_error(page: str | bytes) -> None:
    try:
        result = extract_html(page)
    except ParseError:
        return
    assert all(f.value_usd_millions >= 0 for f in result.figures)


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["2025-12-31", "31-Dec-2025", "Dec-2025", "P", "R", ""]),
)
columns = st.lists(
    st.sampled_from(
        [
            "Series Key",
            "Observation Date",
            "Observation Value",
            "Observation Status",
            "Unit",
            "Series Name",
            "x",
        ]
    ),
    max_size=7,
)


@FUZZ
@given(
    columns,
    st.lists(st.lists(json_scalars, max_size=8), max_size=12),
    st.sampled_from(["rows", "data", "row"]),
)
def test_easydata_json_structures_only_raise_parse_error(
    cols: list[str], rows: list[list[object]], rows_key: str
) -> None:
    body = json.dumps({"columns": cols, rows_key: rows}).encode()
    doc = Document(
        url="https://easydata.sbp.org.pk/api/v1/series/x/data", body=body, content_type="application/json"
    )
    try:
        result = sbp_easydata.parse(doc)
    except ParseError:
        return
    assert all(math.isfinite(f.value_usd_millions) for f in result.figures)
