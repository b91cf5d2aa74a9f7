"""Words of a PDF page with their boxes, read from hostile bytes within caps (pdfplumber).

pdfplumber (over pdfminer.six) gives every word its box, computed from the font's real glyph
widths, so a table's columns can be rebuilt from positions without guessing. The PDF is hostile
input, so it is read in a child process held to memory, CPU and wall-clock limits
(pdf_sandbox: pdfminer inflates XObjects, fonts and CMaps whole, whatever their filter). Inside
it the cheap caps still hold: at most MAX_BYTES are read; only the first MAX_PAGES pages, taken
lazily from the page tree (pdfplumber's `pdf.pages` builds every page); a content stream whose
FlateDecode data inflates past MAX_STREAM_BYTES is refused before pdfminer inflates it whole;
the MAX_CHARS+1st glyph of a page stops the reading of it; no page is started after
PARSE_SECONDS. Every failure is a ParseError.

`python -I -m tracker.sources.pdf_words WHAT CAPS` is the child (CAPS: the parent's caps as
JSON): the PDF on stdin, its pages' items as JSON on stdout.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import sys
import time
import zlib
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.layout import LTPage
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import (
    LITERALS_ASCII85_DECODE,
    LITERALS_ASCIIHEX_DECODE,
    LITERALS_FLATE_DECODE,
    PDFStream,
    resolve1,
)
from pdfplumber import page as plumber_page
from pdfplumber.page import PDFPageAggregatorWithMarkedContent

from tracker.errors import ParseError
from tracker.sources import pdf_sandbox

MAX_BYTES = 20 * 1024 * 1024  # SBP's headline PDF is ~200 KB
MAX_PAGES = 6  # its table is on page 1
MAX_STREAM_BYTES = 16 * 1024 * 1024  # decoded size of one page content stream
MAX_CHARS = 100_000  # glyphs on one page; the headline PDF's page 1 has ~3,000
PARSE_SECONDS = 30.0  # no page is started after this; the child is killed a little later
SANDBOX = pdf_sandbox.AVAILABLE  # False on Windows (no rlimits): in-process, within the caps only
CAPS = ("MAX_PAGES", "MAX_CHARS", "MAX_STREAM_BYTES", "PARSE_SECONDS")  # the parent's, given to the child
JOIN_GAP = 0.5  # words closer than this many font heights are one item ("Jun (P)")
NUMBER_TOKEN = re.compile(r"^\(?-?\d{1,3}(?:,\d{3})*(?:\.\d+)?\)?$|^\(?-?\d+(?:\.\d+)?\)?$")


@dataclass(frozen=True)
class Item:
    """One text item (a number, or words set close together) with its horizontal centre and
    its bottom edge, in PDF points from the page's bottom-left corner."""

    text: str
    x: float  # centre
    y: float


def read_pages(body: bytes, what: str = "PDF") -> Generator[list[list[Item]], None, None]:
    """Each of the first pages as lines of text items (top to bottom); every failure, the
    child's included, is a ParseError. In the child all first pages are read at once."""
    if len(body) > MAX_BYTES:
        raise ParseError(f"{what}: {len(body)} bytes, more than the {MAX_BYTES}-byte cap")
    if not SANDBOX:
        yield from read_pages_here(body, what)
        return
    caps = json.dumps({name: globals()[name] for name in CAPS})
    pages = pdf_sandbox.run(__name__, [what, caps], body, what, PARSE_SECONDS)
    try:
        decoded = [
            [[Item(str(t), float(x), float(y)) for t, x, y in line] for line in page] for page in pages
        ]
    except (TypeError, ValueError):
        raise ParseError(f"{what}: the parser's output is not pages of items") from None
    yield from decoded


def read_pages_here(body: bytes, what: str = "PDF") -> Generator[list[list[Item]], None, None]:
    """read_pages in this process: each page read when asked for; pdfminer errors wrapped."""
    if len(body) > MAX_BYTES:
        raise ParseError(f"{what}: {len(body)} bytes, more than the {MAX_BYTES}-byte cap")
    until = time.monotonic() + PARSE_SECONDS
    try:
        with pdfplumber.open(io.BytesIO(body)) as pdf:
            # Page by page from the page tree, never all of it (pdf.pages builds every page).
            for number, page_obj in enumerate(itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PAGES), 1):
                if time.monotonic() > until:
                    raise ParseError(f"{what}: no page read after {PARSE_SECONDS:g} s")
                _check_streams(page_obj, what)
                page = Page(pdf, page_obj, page_number=number)
                try:
                    words = page.extract_words(extra_attrs=["size"])
                except _TooManyGlyphs:
                    raise ParseError(f"{what}: page {number} has more than {MAX_CHARS} glyphs") from None
                yield lines_of(words, float(page.height))
    except (ParseError, MemoryError):
        raise
    except Exception as exc:
        if isinstance(exc.__cause__ or exc.__context__, MemoryError):
            raise MemoryError from exc
        # pdfminer raises PDFSyntaxError, PSEOF, KeyError, ValueError, ...
        raise ParseError(f"{what}: unreadable ({type(exc).__name__}: {exc})") from exc


class Page(plumber_page.Page):
    """pdfplumber's page whose layout stops at the MAX_CHARS+1st glyph, while pdfminer reads
    the content, instead of counting them after every one was built."""

    @property
    def layout(self) -> LTPage:
        if not hasattr(self, "_capped_layout"):
            device = _GlyphCountingDevice(
                self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams
            )
            PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
            self._capped_layout: LTPage = device.get_result()
        return self._capped_layout


class _TooManyGlyphs(Exception):
    """Raised inside pdfminer's interpreter; read_pages_here names the PDF and page."""


class _GlyphCountingDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, counting the glyphs it is given."""

    glyphs = 0

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        self.glyphs += 1
        if self.glyphs > MAX_CHARS:
            raise _TooManyGlyphs
        return float(super().render_char(*args, **kwargs))


def _check_streams(page: PDFPage, what: str) -> None:
    """Refuse a content stream that would inflate past MAX_STREAM_BYTES: pdfminer inflates a
    stream whole, so a small FlateDecode bomb would otherwise take all the memory. The ASCII
    filters in front of it (reportlab writes ASCII85 + Flate) only shrink; after another
    filter the stream is left to pdfminer."""
    contents = page.contents if isinstance(page.contents, list) else [page.contents]
    for ref in contents:
        stream = resolve1(ref)
        if not isinstance(stream, PDFStream) or stream.rawdata is None:
            continue
        data = stream.rawdata
        for name, _params in stream.get_filters():
            if name in LITERALS_ASCII85_DECODE:
                data = ascii85decode(data)
            elif name in LITERALS_ASCIIHEX_DECODE:
                data = asciihexdecode(data)
            elif name in LITERALS_FLATE_DECODE:
                try:
                    data = zlib.decompressobj().decompress(data, MAX_STREAM_BYTES + 1)
                except zlib.error:
                    break  # pdfminer's own, lenient decoding decides
                if len(data) > MAX_STREAM_BYTES:
                    raise ParseError(f"{what}: a content stream inflates past {MAX_STREAM_BYTES} bytes")
            else:
                break


def lines_of(words: list[dict[str, Any]], height: float) -> list[list[Item]]:
    """pdfplumber's words (split at spaces, boxes from the real glyph widths) as lines of items,
    top of page first: words sharing a bottom edge (±2.5 pt) are a line; on a line every number
    is an item of its own and other words set close together are one ("Jun (P)", a row label)."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (float(w["bottom"]), float(w["x0"]))):
        if rows and abs(float(rows[-1][0]["bottom"]) - float(word["bottom"])) <= 2.5:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        spans: list[_Span] = []
        for word in sorted(row, key=lambda w: float(w["x0"])):
            text = " ".join(str(word["text"]).replace("\u00a0", " ").split())
            if not text:
                continue
            x0, x1 = float(word["x0"]), float(word["x1"])
            number = bool(NUMBER_TOKEN.match(text))
            last = spans[-1] if spans else None
            gap = JOIN_GAP * float(word.get("size") or 10.0)
            if last is not None and not number and not last.number and 0 <= x0 - last.x1 <= gap:
                last.text, last.x1 = f"{last.text} {text}", x1
            else:
                spans.append(_Span(text, x0, x1, number))
        bottom = float(row[0]["bottom"])
        lines.append([Item(s.text, (s.x0 + s.x1) / 2, height - bottom) for s in spans])
    return [line for line in lines if line]


@dataclass
class _Span:
    """A run of words on one line while items are being joined."""

    text: str
    x0: float
    x1: float
    number: bool


def _child(what: str, caps: str) -> None:
    """The sandboxed reader: limits first, then the parent's caps, the PDF from stdin, and the
    pages' items to stdout."""
    given = json.loads(caps)
    pdf_sandbox.limit_self(float(given["PARSE_SECONDS"]))
    module = sys.modules[__name__]
    for name in CAPS:
        setattr(module, name, given[name])
    try:
        body = sys.stdin.buffer.read(MAX_BYTES + 1)
        pages = [
            [[[i.text, i.x, i.y] for i in line] for line in page] for page in read_pages_here(body, what)
        ]
    except MemoryError:
        pdf_sandbox.out_of_memory()
    except ParseError as exc:
        pdf_sandbox.answer(error=str(exc))
        return
    pdf_sandbox.answer(pages)


if __name__ == "__main__":
    _child(sys.argv[1], sys.argv[2])
