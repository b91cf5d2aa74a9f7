"""SBP index pages: data-file links with their Last Updated dates, relative links resolved."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.fixtures import make_sbp_fixtures
from tracker.errors import ParseError
from tracker.sources import sbp_index
from tracker.sources.base import Document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SBP = FIXTURES / "sbp"


gen = make_sbp_fixtures


def expected(entries: dict) -> dict:
    return {
        name: (url, datetime.strptime(text, "%b %d, %Y").date() if text else None)
        for name, (url, text) in entries.items()
    }


@pytest.mark.parametrize(
    ("name", "url", "entries"),
    [
        ("sbp_index_old.html", gen.OLD_INDEX_URL, gen.EXPECTED_OLD_INDEX),
        ("sbp_economic_data.html", gen.NEW_INDEX_URL, gen.EXPECTED_NEW_INDEX),
    ],
)
def test_files_and_dates(name: str, url: str, entries: dict) -> None:
    doc = Document(url=url, body=(SBP / name).read_bytes())
    assert sbp_index.files(doc) == expected(entries)
    assert sbp_index.parse(doc).discovered_urls == [u for u, _ in entries.values()]


def test_undated_links_are_reported() -> None:
    doc = Document(url=gen.NEW_INDEX_URL, body=(SBP / "sbp_economic_data.html").read_bytes())
    assert any("Annual-Report-2025.pdf" in w for w in sbp_index.parse(doc).warnings)


def test_relative_links_without_a_page_url_resolve_against_sbp() -> None:
    doc = Document(url="", body=(SBP / "sbp_economic_data.html").read_bytes())
    url, _ = sbp_index.files(doc)["Balancepayment_BPM6.xls"]
    assert url == "https://www.sbp.org.pk/assets/document/Balancepayment_BPM6.xls"


def test_pages_without_file_links_and_data_files_are_rejected() -> None:
    with pytest.raises(ParseError, match="no links"):
        sbp_index.parse(Document(url=gen.NEW_INDEX_URL, body=b"<html><body>Maintenance</body>"))
    with pytest.raises(ParseError, match="data file"):
        sbp_index.parse(Document(url=gen.NEW_INDEX_URL, body=(SBP / "dt_2026-06.xls").read_bytes()))


def test_fallback_urls() -> None:
    assert (
        sbp_index.fallback_url("https://www.sbp.org.pk/assets/document/ExportsImports-Goods.pdf")
        == "https://archive.sbp.org.pk/ecodata/ExportsImports-Goods.pdf"
    )
    assert sbp_index.fallback_url("https://www.sbp.org.pk/ecodata/dt.xls") == (
        "https://archive.sbp.org.pk/ecodata/dt.xls"
    )
    assert sbp_index.fallback_url("https://archive.sbp.org.pk/ecodata/dt.xls") is None
    assert sbp_index.fallback_url("https://example.com/assets/document/x.pdf") is None
    for primary, fallback in sbp_index.KNOWN_FILES.values():
        assert primary.startswith("https://") and fallback.startswith("https://")
