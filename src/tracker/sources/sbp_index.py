"""Parse SBP index pages into data-file links and their "Last Updated" dates.

Two shapes: the old ASP pages (`/ecodata/index2.asp`, now on archive.sbp.org.pk) are 3-column
tables `item | format links | Last Updated (Aug 22, 2025)`; the 2026 page
`https://www.sbp.org.pk/economic-data` lists file links near a "Last Updated" date. A changed
date is a cheap release signal, and the links tell the fetcher where a file lives now.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

from tracker.errors import ParseError
from tracker.sources.base import Document, ParseResult
from tracker.sources.validate import detect_format

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

KIND = "sbp_index"
DEFAULT_BASE = "https://www.sbp.org.pk/"
ARCHIVE_BASE = "https://archive.sbp.org.pk/ecodata/"
NEW_INDEX_URL = "https://www.sbp.org.pk/economic-data"
OLD_INDEX_URL = "https://archive.sbp.org.pk/ecodata/index2.asp"
DATA_EXTENSIONS = (".xls", ".xlsx", ".pdf", ".csv", ".zip")
# Where each tracked file lives: (primary, fallback). Since the 2026 migration the current
# copies are under /assets/document/; the archive copy of dt.xls froze at May-2026, so it is
# only a fallback (the poller reads every candidate and keeps the freshest).
KNOWN_FILES: dict[str, tuple[str, str]] = {
    "ExportsImports-Goods.pdf": (
        "https://www.sbp.org.pk/assets/document/ExportsImports-Goods.pdf",
        ARCHIVE_BASE + "ExportsImports-Goods.pdf",
    ),
    "dt.xls": ("https://www.sbp.org.pk/assets/document/dt.xls", ARCHIVE_BASE + "dt.xls"),
    "Balancepayment_BPM6.xls": (
        "https://www.sbp.org.pk/assets/document/Balancepayment_BPM6.xls",
        ARCHIVE_BASE + "Balancepayment_BPM6.xls",
    ),
}
_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\s*,?\s*(\d{4})\b",
    re.IGNORECASE,
)
_SBP_HOSTS = frozenset({"www.sbp.org.pk", "sbp.org.pk"})


@dataclass(frozen=True)
class IndexEntry:
    """One data-file link on an index page."""

    name: str  # file name, e.g. "dt.xls"
    url: str  # absolute
    last_updated: date | None
    title: str  # the row's item text, for messages


def parse(doc: Document) -> ParseResult:
    """Data-file links of an index page as discovered_urls (no figures)."""
    entries = read_entries(doc)
    result = ParseResult(discovered_urls=[e.url for e in entries])
    undated = [e.name for e in entries if e.last_updated is None]
    if undated:
        result.warnings.append(f"SBP index: no Last Updated date next to {undated}")
    return result


def files(doc: Document) -> dict[str, tuple[str, date | None]]:
    """File name → (absolute URL, Last Updated date or None), first link per name."""
    return {e.name: (e.url, e.last_updated) for e in read_entries(doc)}


def read_entries(doc: Document) -> list[IndexEntry]:
    """Every data-file link with the date printed in its table row or card."""
    if detect_format(doc.body) is not None:
        raise ParseError(f"SBP index {doc.url}: got a data file, not an HTML index page")
    soup = _soup(doc.body)
    base = doc.url if urlsplit(doc.url).scheme in ("http", "https") else DEFAULT_BASE
    base_tag = soup.find("base", href=True)
    if base_tag is not None:
        base = urljoin(base, str(base_tag["href"]))
    entries: dict[str, IndexEntry] = {}
    for link in soup.find_all("a", href=True):
        href = str(link["href"]).strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        url = urljoin(base, href)
        path = urlsplit(url).path
        if not path.lower().endswith(DATA_EXTENSIONS):
            continue
        name = unquote(path.rsplit("/", 1)[-1])
        if name in entries:
            continue
        row = _row_of(link)
        text = " ".join(row.get_text(" ").split()) if row is not None else ""
        entries[name] = IndexEntry(name, url, _first_date(text), _title(row, link))
    if not entries:
        raise ParseError(f"SBP index {doc.url}: no links to data files (.xls/.pdf) on the page")
    return list(entries.values())


def _soup(body: bytes) -> BeautifulSoup:
    """BeautifulSoup over lxml, quiet about odd input; failures become ParseError."""
    try:
        from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            warnings.simplefilter("ignore", UserWarning)
            return BeautifulSoup(body, "lxml")
    except Exception as exc:
        raise ParseError(f"SBP index: unreadable HTML ({type(exc).__name__}: {exc})") from exc


def _row_of(link: Any) -> Any | None:
    """The link's table row, or the smallest enclosing block that holds exactly one date."""
    node = link
    for parent in link.parents:  # type: ignore[attr-defined]
        if parent.name == "tr":
            return parent
    for parent in link.parents:  # type: ignore[attr-defined]
        if parent.name in ("body", "html", "[document]"):
            return None
        dates = _DATE.findall(parent.get_text(" "))
        if len(dates) == 1:
            return parent
        if len(dates) > 1:  # climbed past our own card into a list of them
            return None
        node = parent
    return node if node is not link else None


def _title(row: object | None, link: object) -> str:
    """First cell of a table row (the item name), else the link's own text."""
    if row is not None and getattr(row, "name", None) == "tr":
        cell = row.find(["td", "th"])  # type: ignore[attr-defined]
        if cell is not None:
            return " ".join(cell.get_text(" ").split())
    return " ".join(link.get_text(" ").split())  # type: ignore[attr-defined]


def _first_date(text: str) -> date | None:
    """The first `Aug 22, 2025`-style date in a text (also `August 22 2025`)."""
    for m in _DATE.finditer(text):
        try:
            return datetime.strptime(f"{m[1][:3]} {int(m[2])} {m[3]}", "%b %d %Y").date()
        except ValueError:
            continue
    return None


def fallback_url(url: str) -> str | None:
    """The archive.sbp.org.pk copy of a www.sbp.org.pk data file, or None if there is none."""
    parts = urlsplit(url)
    if parts.hostname not in _SBP_HOSTS:
        return None
    path = parts.path
    if not path.startswith(("/assets/document/", "/ecodata/")):
        return None
    return ARCHIVE_BASE + path.rsplit("/", 1)[-1]


__all__ = [
    "ARCHIVE_BASE", "KIND", "KNOWN_FILES", "NEW_INDEX_URL", "OLD_INDEX_URL", "IndexEntry",
    "fallback_url", "files", "parse", "read_entries",
]  # fmt: skip
