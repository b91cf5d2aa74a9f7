"""The news keyword filter as a data table: English and Urdu titles, summaries and URL slugs."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tracker.errors import ConfigError
from tracker.sources.keywords import KeywordFilter, normalise, slug_text

DEFAULT = KeywordFilter()

# (title, summary, url, wanted)
TABLE = [
    # English headlines, in the forms outlets use
    ("IT exports rise 28pc to $437m in December", "", "", True),
    ("Pakistan's IT export remittances hit record", "", "", True),
    ("it EXPORTS up", "", "", True),
    ("ICT exports cross $3.8bn in FY26", "", "", True),
    ("IT & ITeS exports grow 19pc", "", "", True),
    ("IT&ITeS sector eyes $5bn", "", "", True),
    ("IT and ITeS industry meets minister", "", "", True),
    ("Tech exports surge", "", "", True),
    ("Technology exports: a new high", "", "", True),
    ("Software exports to the US double", "", "", True),
    ("Computer services earn more", "", "", True),
    ("IT exporters urge tax relief", "", "", True),
    ("Exports of IT services up 20pc", "", "", True),
    (
        "SBP data",
        "Telecommunication, Computer, and Information Services rose to $380m",
        "",
        True,
    ),
    # matched in the summary or only in the URL slug
    ("Services trade surplus widens", "Earnings from IT exports rose 16pc.", "", True),
    ("Record month for services", "", "https://www.dawn.com/news/1960001/it-exports-hit-record", True),
    ("Services", "", "https://tribune.com.pk/story/2550001/ict-exports-jump-in-october", True),
    # Urdu headlines, incl. Arabic-letter variants and percent-encoded slugs
    ("آئی ٹی برآمدات میں 28 فیصد اضافہ", "", "", True),
    ("آئی ٹی کی برآمدات ریکارڈ سطح پر", "", "", True),
    ("آئي ٹي برآمدات بڑھ گئیں", "", "", True),  # Arabic yeh instead of Urdu yeh
    ("آئی ٹی ایکسپورٹس 43 کروڑ ڈالر", "", "", True),
    ("سافٹ ویئر برآمدات", "", "", True),
    (
        "خبر",
        "",
        "https://urdu.example.pk/news/%D8%A2%D8%A6%DB%8C-%D9%B9%DB%8C-%D8%A8%D8%B1%D8%A2%D9%85%D8%AF%D8%A7%D8%AA",
        True,
    ),
    # not about IT exports
    ("Rice exports fall 10pc", "", "", False),
    ("Credit exports and the rupee", "", "", False),  # "credit exports" contains "it exports"
    ("Textile exports rise", "Workers' remittances hit $3.1bn", "", False),
    ("Audit exports to the cloud", "", "", False),
    ("Kit exports", "", "https://www.dawn.com/news/1960002/kit-exports", False),
    ("ترسیلات زر میں اضافہ", "", "", False),  # remittances
    ("چاول کی برآمدات", "", "", False),  # rice exports
    ("", "", "", False),
]


@pytest.mark.parametrize(("title", "summary", "url", "wanted"), TABLE)
def test_keyword_table(title, summary, url, wanted):
    assert DEFAULT.matches(title, summary, url) is wanted


def test_match_names_the_keyword():
    assert DEFAULT.match("ICT exports up") == "ICT exports"
    assert DEFAULT.match("Nothing here") is None


def test_extra_keywords_are_configurable():
    custom = KeywordFilter.with_extra(["freelance earnings", "re:digital\\s+economy"])
    assert custom.matches("Freelance earnings climb")
    assert custom.matches("Pakistan's digital  economy")
    assert not DEFAULT.matches("Freelance earnings climb")
    assert custom.matches("IT exports rise")  # defaults kept


def test_bad_extra_keyword_is_a_config_error():
    with pytest.raises(ConfigError, match="bad pattern"):
        KeywordFilter.with_extra(["re:(unclosed"])


@dataclass
class Item:
    url: str
    title: str
    summary: str = ""


def test_select_keeps_order_and_works_without_summary():
    items = [
        Item("https://a.pk/1/rice-exports", "Rice"),
        Item("https://a.pk/2/x", "IT exports"),
        Item("https://a.pk/3/x", "Markets", "software exports rose"),
    ]
    assert [i.url for i in DEFAULT.select(items)] == ["https://a.pk/2/x", "https://a.pk/3/x"]


def test_normalise_and_slug_helpers():
    assert normalise("آئي ٹي") == normalise("آئی ٹی")
    assert normalise("IT Exports") == "it exports"
    assert slug_text("https://x.pk/news/12/it-exports_rise.html?x=1") == "news 12 it exports rise html"
