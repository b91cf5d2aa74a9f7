"""One news article → figures, through the prose extractor (tracker.extract)."""

from __future__ import annotations

from tracker.sources.base import Document, ParseResult


def parse(doc: Document) -> ParseResult:
    """Extract the IT-export figures an article states (pure: text and date only)."""
    try:
        from tracker.extract import extract_document
    except ImportError:  # the extractor has not landed: store the article, no figures
        return ParseResult(warnings=["extractor not available"])
    return extract_document(doc)
