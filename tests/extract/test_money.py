"""Amount grammar: a data table of written forms, and a property test that formats round-trip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.extract.money import find_amounts, normalize
from tracker.extract.urdu import URDU_NUMBER_WORDS

CASES = [
    ("exports were $512m last", 512.0, "USD"),
    ("worth US$ 2.75 billion dollar", 2750.0, "USD"),
    ("worth USD 3.125bn", 3125.0, "USD"),
    ("USD4.5 billion", 4500.0, "USD"),
    ("some 281 million U.S. dollars", 281.0, "USD"),
    ("a total of $2,468.105 million", 2468.105, "USD"),
    ("reached $1.974b in all", 1974.0, "USD"),
    ("US $ 17.5mn only", 17.5, "USD"),
    ("1.5 billion dollars", 1500.0, "USD"),
    ("700 and 12 million dollar", 712.0, "USD"),
    ("$ 0.450 million", 0.45, "USD"),
    ("Rs 25 billion", 25000.0, "PKR"),
    ("150 billion rupees", 150000.0, "PKR"),
    ("PKR 3.2 crore", 32.0, "PKR"),
    ("52 کروڑ 30 لاکھ ڈالر", 523.0, "USD"),
    ("3 ارب 5 کروڑ 40 لاکھ ڈالر", 3054.0, "USD"),
    ("41.25 کروڑ ڈالر", 412.5, "USD"),
    ("دو ارب 60 کروڑ ڈالر", 2600.0, "USD"),
    ("اٹھاسی کروڑ ڈالر", 880.0, "USD"),
    ("33 عشاریہ 7 کروڑ ڈالر", 337.0, "USD"),
    ("ایک عشاریہ 35 ارب ڈالر", 1350.0, "USD"),
    ("512 ملین ڈالر", 512.0, "USD"),
    ("2.9 بلین ڈالر", 2900.0, "USD"),
    ("حجم44.10کروڑڈالررہا", 441.0, "USD"),
    ("1 ارب 15کروڑ ڈالرتک", 1150.0, "USD"),
    ("۳۵ کروڑ ڈالر", 350.0, "USD"),
    ("5 ارب روپے", 5000.0, "PKR"),
    ("$512,300 million", 512.3, "USD"),  # decimal comma: no IT figure is $512bn
]


@pytest.mark.parametrize(("text", "value", "currency"), CASES)
def test_amount_table(text: str, value: float, currency: str) -> None:
    found = find_amounts(normalize(text))
    assert len(found) == 1, found
    assert found[0].value == pytest.approx(value)
    assert found[0].currency == currency


@pytest.mark.parametrize(
    "text",
    ["grew 19.5 percent", "FY2026 and 5MFY25", "over 200 million subscribers", "in 2025", ""],
)
def test_not_dollar_amounts(text: str) -> None:
    assert all(a.currency != "USD" for a in find_amounts(normalize(text)))


def _english(millions: int, style: int) -> str:
    if style == 0:
        return f"${millions} million"
    if style == 1:
        return f"US$ {millions / 1000:.3f} billion"
    if style == 2:
        return f"${millions}m"
    if style == 3:
        return f"USD {millions / 1000:.3f}bn"
    if style == 4:
        return f"{millions:,} million dollars"
    return f"US $ {millions}mn"


def _urdu(millions: int, spaced: bool) -> str:
    arab, rest = divmod(millions, 1000)
    crore, rest = divmod(rest, 10)
    parts = []
    if arab:
        parts.append(f"{arab} ارب")
    if crore:
        parts.append(f"{crore} کروڑ")
    if rest:
        parts.append(f"{rest * 10} لاکھ")
    sep = " " if spaced else ""
    return sep.join(parts) + sep + "ڈالر"


@given(st.integers(min_value=1, max_value=9_999), st.integers(min_value=0, max_value=5))
def test_english_formats_round_trip(millions: int, style: int) -> None:
    found = find_amounts(normalize(f"exports were {_english(millions, style)} in total"))
    assert [round(a.value, 3) for a in found] == [millions]


@given(st.integers(min_value=1, max_value=9_999), st.booleans())
def test_urdu_formats_round_trip(millions: int, spaced: bool) -> None:
    found = find_amounts(normalize(f"برآمدات {_urdu(millions, spaced)} رہیں"))
    assert [round(a.value, 3) for a in found] == [millions]


@given(st.integers(min_value=1, max_value=99), st.integers(min_value=0, max_value=9))
def test_urdu_number_words_with_decimal(whole: int, tenth: int) -> None:
    word = next(w for w, v in URDU_NUMBER_WORDS.items() if v == whole)
    found = find_amounts(normalize(f"{word} عشاریہ {tenth} کروڑ ڈالر"))
    assert [round(a.value, 3) for a in found] == [round((whole + tenth / 10) * 10, 3)]
