"""What every source kind receives and returns: a fetched Document in, Figures out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from tracker.model import Figure


@dataclass(frozen=True)
class Document:
    """A fetched (or local) body with the metadata parsers may use; never touched by I/O."""

    url: str
    body: bytes
    content_type: str | None = None
    fetched_at: datetime | None = None
    published: date | None = None  # publication date if known from the feed or page
    title: str | None = None
    source: str = ""  # the configured source name


@dataclass
class ParseResult:
    """Figures found in a document plus what a parser wants the operator to know."""

    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    discovered_urls: list[str] = field(default_factory=list)  # index pages, feeds
    # Where the figures came from inside the document (e.g. which sheet, and why that one).
    provenance: dict[str, str] = field(default_factory=dict)
    # Warnings that describe gaps SBP itself publishes (an `NA` inside a series' history):
    # shown to the operator, but not parser drift.
    expected_gaps: list[str] = field(default_factory=list)
