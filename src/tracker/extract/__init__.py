"""News extraction: read an article (HTML or text, English or Urdu) and return its IT-export figures.

`extract_text` and `extract_html` are pure functions of the document and its publication
date. Modules: `money` (amount grammar), `periods` (period grammar), `lexicon` (series and
distractor words), `figures` (sentence → candidate figures), `series_of` (which series an amount
belongs to), `doubts` (readings too ambiguous to keep), `claims` (record claims),
`html` (main text of a page), `document` (the whole-article rules).
"""

from __future__ import annotations

from datetime import date

from tracker.extract.document import Extraction, extract_text
from tracker.extract.html import read_html


def extract_html(html: str | bytes, published: date | None = None, document: str | None = None) -> Extraction:
    """Figures of an HTML page; the page's own date is used when `published` is None."""
    page = read_html(html)
    return extract_text(page.text, published or page.published, page.title, document)


__all__ = ["Extraction", "extract_html", "extract_text"]
