"""Validation rejects HTML error pages, truncated downloads and garbage before parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures import make_sbp_fixtures
from tracker.errors import ParseError
from tracker.sources.base import Document
from tracker.sources.validate import (
    PDF,
    XLS,
    XLSX,
    check_document,
    detect_format,
    looks_like_html,
    much_smaller,
    truncation_reason,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SBP = FIXTURES / "sbp"


def doc(body: bytes, content_type: str | None = None) -> Document:
    return Document(url="https://archive.sbp.org.pk/ecodata/dt.xls", body=body, content_type=content_type)


def test_good_files_pass_and_report_their_format() -> None:
    assert check_document(doc((SBP / "dt_2026-06.xls").read_bytes()), [XLS]) == XLS
    pdf = (SBP / "ExportsImports-Goods_2026-06.pdf").read_bytes()
    assert check_document(doc(pdf, "application/pdf"), [PDF]) == PDF


def test_html_error_page_saved_as_xls_is_rejected() -> None:
    body = (SBP / "dt_html_error.xls").read_bytes()
    assert len(body) > 1024  # rejected for being HTML, not for being small
    with pytest.raises(ParseError, match="HTML page"):
        check_document(doc(body, "application/vnd.ms-excel"), [XLS])


def test_truncated_xls_is_rejected() -> None:
    body = (SBP / "dt_truncated.xls").read_bytes()
    assert body.startswith(bytes.fromhex("D0CF11E0A1B11AE1"))
    with pytest.raises(ParseError, match="truncated xls"):
        check_document(doc(body), [XLS])


def test_truncated_pdf_is_rejected() -> None:
    body = (SBP / "ExportsImports-Goods_2026-06.pdf").read_bytes()
    with pytest.raises(ParseError, match="truncated pdf"):
        check_document(doc(body[: len(body) - 600]), [PDF])


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"x" * 5000, None, "expected xls"),
        (b"%PDF-1.4" + b"\0" * 4000, None, "expected xls, got pdf"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100, None, "too small"),
        (b"", None, "too small"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 5000, "text/html; charset=utf-8", "HTML page"),
        (b"  \n\t<HTML><body>Service Unavailable</body></HTML>" + b" " * 2000, None, "HTML"),
    ],
)
def test_garbage_is_rejected(body: bytes, content_type: str | None, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        check_document(doc(body, content_type), [XLS])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"%PDF-1.7\n", PDF),
        (bytes.fromhex("D0CF11E0A1B11AE1"), XLS),
        (b"PK\x03\x04rest", XLSX),
        (b"<html>", None),
        (b"", None),
    ],
)
def test_detect_format(body: bytes, expected: str | None) -> None:
    assert detect_format(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html>",
        b"\xef\xbb\xbf\r\n <!doctype HTML>",
        b"<html lang='en'>",
        "\ufeff<html>".encode("utf-16-le"),
    ],
)
def test_looks_like_html(body: bytes) -> None:
    assert looks_like_html(body)


def test_non_html_bodies_are_not_html() -> None:
    assert not looks_like_html(b"%PDF-1.4 <html>")
    assert not looks_like_html(b'{"columns": []}', "application/json")
    assert looks_like_html(b"anything", "Text/HTML")


def test_complete_files_have_no_truncation_reason() -> None:
    for name, fmt in [
        ("dt_2026-06.xls", XLS),
        ("dt_2026-07.xls", XLS),
        ("ExportsImports-Goods_2026-07.pdf", PDF),
    ]:
        assert truncation_reason((SBP / name).read_bytes(), fmt) is None


def test_truncated_fixture_is_what_the_generator_says() -> None:
    full = make_sbp_fixtures.write_xls(make_sbp_fixtures.XLS_JUN26)
    truncated = (SBP / "dt_truncated.xls").read_bytes()
    assert full.startswith(truncated) and len(truncated) < len(full)


@pytest.mark.parametrize(
    ("new", "previous", "expected"),
    [
        (22016, 22016, False),
        (11000, 22016, True),
        (12000, 22016, False),
        (10, None, False),
        (10, 0, False),
    ],
)
def test_much_smaller(new: int, previous: int | None, expected: bool) -> None:
    assert much_smaller(new, previous) is expected
