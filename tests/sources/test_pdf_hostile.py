"""Hostile PDFs (glyph floods, Flate and LZW bombs in XObjects) are refused by the sandboxed
reader, whose child process pays for them; the parent only maps the outcome to a ParseError."""

from __future__ import annotations

import resource
import subprocess
import zlib
from functools import cache
from pathlib import Path

import pytest

from tests.fixtures import make_sbp_fixtures as gen
from tracker.errors import ParseError
from tracker.sources import pdf_sandbox, pdf_words
from tracker.sources.base import Document
from tracker.sources.sbp_headline_pdf import parse

SBP = Path(__file__).resolve().parents[1] / "fixtures" / "sbp"
URL = "https://www.sbp.org.pk/assets/document/ExportsImports-Goods.pdf"
MB = 2**20

pytestmark = pytest.mark.skipif(not pdf_sandbox.AVAILABLE, reason="no rlimits on this platform")


def pdf(content: bytes, *, content_filter: str = "FlateDecode", xobject: bytes | None = None) -> bytes:
    """A one-page PDF written byte by byte: Helvetica as /F1, `content` (already encoded with
    `content_filter`) as the page's content stream, and `xobject` (a whole stream object) as /X0."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >>"
        + (b" /XObject << /X0 6 0 R >>" if xobject else b"")
        + b" >> >>",
        b"<< /Length %d /Filter /%s >>\nstream\n" % (len(content), content_filter.encode())
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if xobject is not None:
        objects.append(xobject)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@cache
def glyph_flood() -> bytes:
    """A page drawing one million glyphs: a few KB on disk."""
    run = b"(" + b"A" * 10_000 + b") Tj\n"
    return pdf(zlib.compress(b"BT /F1 1 Tf 10 10 Td\n" + run * 100 + b"ET", 9))


@cache
def flate_bomb_xobject() -> bytes:
    """A page that draws a Form XObject whose FlateDecode stream inflates to 600 MB of spaces
    (about 600 KB compressed, built a megabyte at a time)."""
    squeeze = zlib.compressobj(9)
    chunk = b" " * MB
    data = b"".join(squeeze.compress(chunk) for _ in range(600)) + squeeze.flush()
    xobject = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(data)
        + data
        + b"\nendstream"
    )
    return pdf(zlib.compress(b"q /X0 Do Q", 9), xobject=xobject)


def lzw_bomb(codes: int) -> bytes:
    """LZWDecode data of one letter repeated: code 258+k stands for k+2 of them, and once the
    12-bit table is full each code 4095 gives 3,839 more (pdfminer also keeps each new entry)."""
    bits: list[tuple[int, int]] = [(256, 9), (ord("A"), 9)]
    table, width = 258, 9
    for _ in range(codes):
        bits.append((min(table, 4095), width))
        table += 1
        width = {511: 10, 1023: 11, 2047: 12}.get(table, width)
    number, count = 0, 0
    for code, size in bits:
        number, count = (number << size) | code, count + size
    number <<= -count % 8
    return number.to_bytes((count + 7) // 8, "big")


def test_a_million_glyphs_are_stopped_while_the_page_is_read() -> None:
    body = glyph_flood()
    assert len(body) < 8_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ParseError, match="page 1 has more than 100000 glyphs"):
        parse(Document(url=URL, body=body))
    # the child read the page: this process's peak memory did not move by more than a few MB
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20_000  # KB


def test_the_in_process_reader_stops_at_the_glyph_cap_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """The count is kept while pdfminer renders (a counting layout device), not after."""
    monkeypatch.setattr(pdf_words, "SANDBOX", False)
    monkeypatch.setattr(pdf_words, "MAX_CHARS", 1000)
    rendered: list[int] = []
    real = pdf_words._GlyphCountingDevice.render_char

    def spy(self: pdf_words._GlyphCountingDevice, *args: object, **kwargs: object) -> float:
        rendered.append(1)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_words._GlyphCountingDevice, "render_char", spy)
    with pytest.raises(ParseError, match="more than 1000 glyphs"):
        list(pdf_words.read_pages(glyph_flood()))
    assert len(rendered) == 1001


@pytest.mark.integration
def test_a_glyph_flood_past_the_glyph_cap_meets_the_memory_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the glyph cap out of the way, pdfminer's 2 GB of glyph objects hit the child's
    address-space limit: a ParseError, not a parent that grows."""
    monkeypatch.setattr(pdf_words, "MAX_CHARS", 10**9)  # the child is given the parent's caps
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ParseError, match=r"out of memory \(cap 512 MB\)|took longer|killed by SIGXCPU"):
        parse(Document(url=URL, body=glyph_flood()))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20_000


@pytest.mark.integration
def test_a_form_xobject_inflating_to_600_mb_is_refused() -> None:
    body = flate_bomb_xobject()
    assert len(body) < 1 * MB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ParseError, match=r"out of memory \(cap 512 MB\)"):
        parse(Document(url=URL, body=body))
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 20_000


@pytest.mark.integration
def test_an_lzw_bomb_in_the_page_content_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """600 MB of output from 120 KB; pdfminer's decoder also copies its table for a debug log
    line at every code, so the bomb spends CPU before memory: whichever limit comes first."""
    monkeypatch.setattr(pdf_words, "PARSE_SECONDS", 2.0)  # a 12 s wall budget, not 40
    body = pdf(lzw_bomb(80_000), content_filter="LZWDecode")
    assert len(body) < 200_000
    with pytest.raises(ParseError, match=r"took longer than 12 s|out of memory|killed by SIGXCPU"):
        parse(Document(url=URL, body=body))


def test_the_lzw_bomb_is_what_it_claims() -> None:
    """Guard for the test above: pdfminer decodes a small version of it to the promised run."""
    from pdfminer.lzw import lzwdecode

    assert lzwdecode(lzw_bomb(3)) == b"A" * (1 + 2 + 3 + 4)
    assert lzwdecode(lzw_bomb(3838 + 10)) == b"A" * (1 + sum(range(2, 3840)) + 10 * 3839)


def test_a_stuck_parse_is_killed_at_the_wall_clock_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_words, "PARSE_SECONDS", 0.3)
    monkeypatch.setattr(pdf_sandbox, "GRACE_SECONDS", 0.0)
    monkeypatch.setattr(pdf_words, "MAX_CHARS", 10**9)
    with pytest.raises(ParseError, match=r"parsing took longer than 0\.3 s"):
        parse(Document(url=URL, body=glyph_flood()))


def test_the_real_fixtures_read_the_same_in_the_child_and_in_process() -> None:
    for name in ("ExportsImports-Goods_2026-06.pdf", "ExportsImports-Goods_2026-07.pdf"):
        body = (SBP / name).read_bytes()
        assert list(pdf_words.read_pages(body)) == list(pdf_words.read_pages_here(body))
    body = gen.write_pdf(gen.PDF_JUN26, "June 2026", ict_spaced=True, extra_pages=3)
    assert list(pdf_words.read_pages(body)) == list(pdf_words.read_pages_here(body))


def test_without_rlimits_the_reader_runs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_words, "SANDBOX", False)
    monkeypatch.setattr(pdf_sandbox, "run", lambda *a, **k: pytest.fail("no child without rlimits"))
    result = parse(Document(url=URL, body=(SBP / "ExportsImports-Goods_2026-06.pdf").read_bytes()))
    assert {(str(f.period), f.value_usd_millions) for f in result.figures} >= {("2026-06", 416.0)}


@pytest.mark.parametrize(
    ("returncode", "stdout", "stderr", "message"),
    [
        (3, b"", b"", r"PDF: parsing ran out of memory \(cap 512 MB\)"),
        (-24, b"", b"", "PDF: the parser was killed by SIGXCPU"),
        (-9, b"", b"", "PDF: the parser was killed by SIGKILL"),
        (
            1,
            b"",
            b"Traceback (most recent call last):\n  File x\nRuntimeError: boom\n",
            r"exit 1: RuntimeError: boom\)$",
        ),
        (0, b"{not json", b"", "PDF: the parser's output is not JSON"),
        (0, b"[1, 2]", b"", "neither a result nor an error"),
        (0, b'{"error": "PDF: page 2 is odd"}', b"", "^PDF: page 2 is odd$"),
        (0, b'{"result": [[[["a", "x", 1]]]]}', b"", "not pages of items"),
        (0, b'{"result": 5}', b"", "not pages of items"),
    ],
)
def test_every_way_the_child_fails_is_one_parse_error_line(
    monkeypatch: pytest.MonkeyPatch, returncode: int, stdout: bytes, stderr: bytes, message: str
) -> None:
    seen: dict[str, object] = {}

    def fake_run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        seen.update(kwargs, argv=argv)
        return subprocess.CompletedProcess(argv, returncode, stdout, stderr)

    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", "secret")
    monkeypatch.setattr(pdf_sandbox.subprocess, "run", fake_run)
    with pytest.raises(ParseError, match=message) as caught:
        list(pdf_words.read_pages(b"%PDF-1.4 whatever"))
    assert "\n" not in str(caught.value) and "Traceback" not in str(caught.value)
    env = seen["env"]
    assert isinstance(env, dict) and set(env) <= {"PATH", "LC_ALL", "PYTHONIOENCODING"}
    assert seen["argv"][1:4] == ["-I", "-m", "tracker.sources.pdf_words"]  # type: ignore[index]
    assert seen["input"] == b"%PDF-1.4 whatever" and seen["timeout"] == pdf_words.PARSE_SECONDS + 10
