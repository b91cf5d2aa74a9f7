"""Cheap checks that a fetched body is the file we asked for, before any parser sees it.

SBP sometimes answers 200 with an HTML error page, and downloads can stop half-way; both must
fail loudly as ParseError instead of reaching xlrd/pdfplumber or replacing a good earlier copy.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

from tracker.errors import ParseError
from tracker.sources.base import Document

PDF = "pdf"
XLS = "xls"
XLSX = "xlsx"

MAGIC: dict[str, bytes] = {
    PDF: b"%PDF-",
    XLS: bytes.fromhex("D0CF11E0A1B11AE1"),  # OLE2 compound file (BIFF8 .xls)
    XLSX: b"PK\x03\x04",  # zip container (OOXML)
}
MIN_SIZE = 1024  # bytes; every real SBP file is far larger, error pages are often tiny
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_OLE_FREE = 0xFFFFFFFF
_OLE_SPECIAL = 0xFFFFFFFA  # ids >= this mark free / end-of-chain / FAT / DIFAT sectors


def detect_format(body: bytes) -> str | None:
    """Name the container format from its magic bytes (`pdf`, `xls`, `xlsx`), else None."""
    for name, magic in MAGIC.items():
        if body.startswith(magic):
            return name
    return None


def looks_like_html(body: bytes, content_type: str | None = None) -> bool:
    """True for an HTML page: a text/html content type or a body opening with <!doctype/<html."""
    if content_type and content_type.split(";")[0].strip().lower() in {
        "text/html",
        "application/xhtml+xml",
    }:
        return True
    head = body[:2048]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    head = head.replace(b"\x00", b"")  # crude UTF-16 decode, enough for the ASCII prefix
    head = head.lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def truncation_reason(body: bytes, fmt: str) -> str | None:
    """Say why a body of a known format looks cut short, or None if its framing is complete."""
    if fmt == PDF:
        # A complete PDF ends with %%EOF (possibly followed by a newline or padding).
        return None if b"%%EOF" in body[-2048:] else "PDF has no %%EOF trailer"
    if fmt == XLSX:
        # A complete zip ends with the end-of-central-directory record.
        return None if b"PK\x05\x06" in body[-66_000:] else "zip has no central directory"
    if fmt == XLS:
        return _ole_truncation(body)
    return None


def _ole_truncation(body: bytes) -> str | None:
    """Check that every sector the OLE2 allocation table uses lies inside the body."""
    if len(body) < 512:
        return "OLE2 header is incomplete"
    shift = struct.unpack_from("<H", body, 30)[0]
    if shift not in (9, 12):
        return f"OLE2 sector size 2**{shift} is invalid"
    size = 1 << shift
    fat_ids = [s for s in struct.unpack_from("<109I", body, 76) if s < _OLE_SPECIAL]
    per_sector = size // 4
    highest = -1
    for position, fat_id in enumerate(fat_ids):
        start = (fat_id + 1) * size
        if start + size > len(body):
            return f"OLE2 allocation sector {fat_id} lies past the end of the file"
        entries = struct.unpack_from(f"<{per_sector}I", body, start)
        used = [i for i, entry in enumerate(entries) if entry != _OLE_FREE]
        if used:
            highest = position * per_sector + used[-1]
    # Sector h spans bytes (h+1)*size .. (h+2)*size; tolerate a short last sector, which some
    # writers produce (xlrd only warns about it), but not a missing one.
    need = (highest + 1) * size + 1
    if highest >= 0 and len(body) < need:
        return f"file is {len(body)} bytes but its sectors need at least {need}"
    return None


def check_document(doc: Document, expected: Iterable[str]) -> str:
    """Return the detected format of `doc` if it is one of `expected`, else raise ParseError."""
    allowed = tuple(expected)
    body = doc.body
    if looks_like_html(body, doc.content_type):
        ct = doc.content_type or "no content type"
        raise ParseError(f"{doc.url}: got an HTML page ({ct}), expected {'/'.join(allowed)}")
    if len(body) < MIN_SIZE:
        raise ParseError(f"{doc.url}: body is only {len(body)} bytes, too small for a data file")
    fmt = detect_format(body)
    if fmt not in allowed:
        seen = fmt or f"unknown bytes {body[:8]!r}"
        raise ParseError(f"{doc.url}: expected {'/'.join(allowed)}, got {seen}")
    reason = truncation_reason(body, fmt)
    if reason:
        raise ParseError(f"{doc.url}: truncated {fmt} ({reason})")
    return fmt


def much_smaller(new_size: int, previous_size: int | None, ratio: float = 0.5) -> bool:
    """True if a new copy is under `ratio` of the last good one: keep the old file, warn."""
    if not previous_size or previous_size <= 0:
        return False
    return new_size < previous_size * ratio
