"""One news article → figures, through the prose extractor (tracker.extract)."""

from __future__ import annotations

from tracker.extract import extract_html, extract_text
from tracker.sources.base import Document, ParseResult
from tracker.voices import wire_credit


def _is_html(doc: Document) -> bool:
    ctype = (doc.content_type or "").split(";")[0].strip().lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        return True
    head = doc.body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml")) or b"<body" in head


def parse(doc: Document) -> ParseResult:
    """Extract the IT-export figures an article states (pure: its text and date only)."""
    if _is_html(doc):
        found = extract_html(doc.body, doc.published, doc.url)
    else:
        found = extract_text(doc.body.decode("utf-8", errors="replace"), doc.published, doc.title, doc.url)
    credit = wire_credit(doc.body.decode("utf-8", errors="replace"))
    figures = [f.with_(source=doc.source or f.source, document=doc.url, credit=credit) for f in found.figures]
    warnings = ["article claims an all-time monthly record"] if found.record_claim else []
    return ParseResult(figures=figures, warnings=warnings)
