"""Headline PDF parser: the item-9 row mapped to both header rows, June and July releases."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest

from tests.fixtures import make_sbp_fixtures
from tracker.errors import ParseError
from tracker.model import Series, Status
from tracker.sources.base import Document
from tracker.sources.sbp_headline_pdf import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SBP = FIXTURES / "sbp"


gen = make_sbp_fixtures

URL = "https://www.sbp.org.pk/assets/document/ExportsImports-Goods.pdf"


def figures(name: str) -> dict[str, tuple[float, Status]]:
    result = parse(Document(url=URL, body=(SBP / name).read_bytes()))
    assert result.warnings == []
    assert all(f.series is Series.IT_EXPORTS and f.document == URL for f in result.figures)
    return {str(f.period): (f.value_usd_millions, f.status) for f in result.figures}


def as_set(name: str) -> set[tuple[str, str, str, float]]:
    result = parse(Document(url=URL, body=(SBP / name).read_bytes()))
    return {(f.series.value, str(f.period), f.status.value, f.value_usd_millions) for f in result.figures}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ExportsImports-Goods_2026-06.pdf", gen.EXPECTED_PDF_JUN26),
        ("ExportsImports-Goods_2026-07.pdf", gen.EXPECTED_PDF_JUL26),
    ],
)
def test_parses_exactly_the_values_written(name: str, expected: set) -> None:
    assert as_set(name) == expected


def test_june_release_statuses() -> None:
    got = figures("ExportsImports-Goods_2026-06.pdf")
    assert got["2026-06"] == (416.0, Status.PROVISIONAL)
    assert got["2026-05"] == (373.0, Status.REVISED)
    assert got["2025-06"] == (339.0, Status.FINAL)
    assert got["FY2024"] == (3223.0, Status.FINAL)  # "3,223": thousands separator
    assert got["FY2026:07-06"] == (4600.0, Status.PROVISIONAL)
    assert got["FY2025:07-06"] == (3814.0, Status.FINAL)


def test_july_roll_over_has_no_previous_month() -> None:
    got = figures("ExportsImports-Goods_2026-07.pdf")
    assert got["2026-07"] == (417.0, Status.PROVISIONAL)
    assert got["2025-07"] == (354.0, Status.FINAL)
    assert got["FY2027:07-07"] == (417.0, Status.PROVISIONAL)
    assert got["FY2026:07-07"] == (354.0, Status.FINAL)
    assert "2026-06" not in got
    assert got["FY2025"] == (3814.0, Status.FINAL)


def test_quote_names_row_and_column() -> None:
    result = parse(Document(url=URL, body=(SBP / "ExportsImports-Goods_2026-06.pdf").read_bytes()))
    quote = next(f.quote for f in result.figures if str(f.period) == "2026-05")
    assert "9. Telecommunications, Computer, and Information Services" in quote
    assert "May FY26" in quote and quote.endswith("| 373")


def test_a_pdf_without_the_ict_row_is_rejected() -> None:
    rows = gen.PDF_ROWS
    try:
        gen.PDF_ROWS = [r for r in rows if not r[0].startswith("9.")]
        body = gen.write_pdf(gen.PDF_JUN26, "June 2026")
    finally:
        gen.PDF_ROWS = rows
    with pytest.raises(ParseError, match="no row"):
        parse(Document(url=URL, body=body))


def test_non_pdf_bodies_are_rejected() -> None:
    for name in ("dt_2026-06.xls", "dt_html_error.xls"):
        with pytest.raises(ParseError):
            parse(Document(url=URL, body=(SBP / name).read_bytes()))


def test_a_row_not_set_out_under_its_headers_is_refused() -> None:
    """One text operator with the numbers crammed at the left: pypdf's guessed centres once put
    373 under Jun-2025; real glyph boxes show two numbers under one header, which is refused."""
    body = gen.write_pdf(gen.PDF_JUN26, "June 2026", ict_one_operator=True)
    with pytest.raises(ParseError, match=r"both fall under .*not set out under its headers"):
        parse(Document(url=URL, body=body))
    # the same table drawn value by value still parses exactly
    assert as_set("ExportsImports-Goods_2026-06.pdf") == gen.EXPECTED_PDF_JUN26


@pytest.mark.parametrize(
    ("columns", "title", "expected"),
    [
        (gen.PDF_JUN26, "June 2026", gen.EXPECTED_PDF_JUN26),
        (gen.PDF_JUL26, "July 2026", gen.EXPECTED_PDF_JUL26),
    ],
)
def test_a_row_drawn_as_one_text_operator_under_its_headers_is_read_exactly(
    columns: list, title: str, expected: set
) -> None:
    """The layout the pypdf parser refused: one string, spaces between the numbers. pdfplumber's
    word boxes come from the font's glyph widths, so each number lands under its own header."""
    body = gen.write_pdf(columns, title, ict_spaced=True)
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        content = pdf.pages[0].page_obj.contents[0].get_data()
    first, second = (f"{c.ict:,}".encode() for c in columns[:2])
    assert re.search(rb"\(" + first + rb" {3,}" + second + rb" ", content)  # one string, one Tj
    result = parse(Document(url=URL, body=body))
    assert result.warnings == []
    assert {
        (f.series.value, str(f.period), f.status.value, f.value_usd_millions) for f in result.figures
    } == (expected)


def test_hostile_pdfs_are_refused_within_their_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.sources import pdf_words

    good = (SBP / "ExportsImports-Goods_2026-06.pdf").read_bytes()
    monkeypatch.setattr(pdf_words, "MAX_BYTES", len(good) - 1)
    with pytest.raises(ParseError, match="byte cap"):
        parse(Document(url=URL, body=good))
    monkeypatch.undo()
    monkeypatch.setattr(pdf_words, "MAX_CHARS", 100)
    with pytest.raises(ParseError, match="more than 100 glyphs"):
        parse(Document(url=URL, body=good))
    monkeypatch.undo()
    monkeypatch.setattr(pdf_words, "MAX_STREAM_BYTES", 1000)
    with pytest.raises(ParseError, match="inflates past 1000 bytes"):
        parse(Document(url=URL, body=gen.write_pdf(gen.PDF_JUN26, "June 2026")))
    monkeypatch.undo()
    monkeypatch.setattr(pdf_words, "PARSE_SECONDS", -1.0)  # the budget is already spent
    with pytest.raises(ParseError, match="no page read after -1 s"):
        parse(Document(url=URL, body=good))
    monkeypatch.undo()
    assert as_set("ExportsImports-Goods_2026-06.pdf") == gen.EXPECTED_PDF_JUN26  # within every cap


def test_only_the_first_pages_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page tree is read lazily: page 1 (the table) is found without building the others.
    (In this process: a child reads the first MAX_PAGES at once, lazily too, out of sight.)"""
    from tracker.sources import pdf_words

    monkeypatch.setattr(pdf_words, "SANDBOX", False)
    built: list[int] = []
    real = pdf_words.Page

    def counting(pdf, page_obj, page_number):  # type: ignore[no-untyped-def]
        built.append(page_number)
        return real(pdf, page_obj, page_number=page_number)

    monkeypatch.setattr(pdf_words, "Page", counting)
    body = gen.write_pdf(gen.PDF_JUN26, "June 2026", extra_pages=20)
    assert as_set_of(body) == gen.EXPECTED_PDF_JUN26
    assert built == [1]
    monkeypatch.setattr(pdf_words, "MAX_PAGES", 3)
    rows = gen.PDF_ROWS
    try:
        gen.PDF_ROWS = [r for r in rows if not r[0].startswith("9.")]
        body = gen.write_pdf(gen.PDF_JUN26, "June 2026", extra_pages=20)
    finally:
        gen.PDF_ROWS = rows
    built.clear()
    with pytest.raises(ParseError, match="no row"):
        parse(Document(url=URL, body=body))
    assert built == [1, 2, 3]


def as_set_of(body: bytes) -> set[tuple[str, str, str, float]]:
    result = parse(Document(url=URL, body=body))
    return {(f.series.value, str(f.period), f.status.value, f.value_usd_millions) for f in result.figures}


def test_words_become_items_numbers_alone_close_words_joined() -> None:
    from tracker.sources.pdf_words import lines_of

    def word(text: str, x0: float, x1: float, bottom: float = 100.0) -> dict:
        return {"text": text, "x0": x0, "x1": x1, "bottom": bottom, "size": 7.0}

    words = [
        word("(P)", 113.0, 122.0),  # 1 pt after "Jun": one item
        word("Jun", 100.0, 112.0),
        word("339", 140.0, 151.0),
        word("373", 152.0, 163.0),  # a number is never joined to a neighbour
        word("FY26", 100.0, 117.0, bottom=110.0),  # 10 pt lower: the next line
        word("FY25", 130.0, 147.0, bottom=111.5),  # same line within 2.5 pt, far apart
    ]
    lines = lines_of(words, 200.0)
    assert [[i.text for i in line] for line in lines] == [["Jun (P)", "339", "373"], ["FY26", "FY25"]]
    assert lines[0][0].x == 111.0 and lines[0][0].y == 100.0  # centre of the joined box, up from the foot
