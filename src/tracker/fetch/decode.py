"""Bounded content decoding: the size cap applies to decoded bytes as they are produced.

httpx's own decoders inflate a whole network chunk at once, so a 2 KB `gzip, gzip` body grew
to gigabytes before any cap was checked (issue 16). Here zlib is asked for at most STEP bytes
at a time (`max_length`), stacked encodings are refused, and a body that expands past
MAX_RATIO times its wire size (once past RATIO_FLOOR bytes) is refused as a bomb.
"""

from __future__ import annotations

import zlib

STEP = 64 * 1024  # decoded bytes produced per decompress() call
MAX_RATIO = 100  # HTML/XML/XLS compress 5-20x; 1000x is a bomb
RATIO_FLOOR = 1024 * 1024  # small bodies may compress as well as they like


class DecodeRefused(Exception):
    """The body's encoding is refused (stacked, unknown, a bomb, over the cap, corrupt)."""


def encodings(header: str | None) -> list[str]:
    """The content codings of a Content-Encoding header, identity dropped, lower-cased."""
    found = [c.strip().lower() for c in (header or "").split(",")]
    return [c for c in found if c and c != "identity"]


class BoundedDecoder:
    """Decode one content coding (gzip, deflate or none) under a byte cap and a ratio limit."""

    def __init__(self, content_encoding: str | None, max_bytes: int, max_ratio: float = MAX_RATIO) -> None:
        codings = encodings(content_encoding)
        if len(codings) > 1:
            raise DecodeRefused(f"stacked content encodings refused ({', '.join(codings)})")
        self.coding = codings[0] if codings else None
        if self.coding not in (None, "gzip", "x-gzip", "deflate"):
            raise DecodeRefused(f"unsupported content encoding {self.coding!r}")
        self.max_bytes = max_bytes
        self.max_ratio = max_ratio
        self.raw = 0
        self.decoded = 0
        self._zlib = self._new() if self.coding else None
        self._first = True

    def _new(self) -> zlib._Decompress:
        if self.coding == "deflate":
            return zlib.decompressobj()  # zlib-wrapped; raw deflate is tried on the first error
        return zlib.decompressobj(zlib.MAX_WBITS | 16)

    def feed(self, data: bytes) -> list[bytes]:
        """Decoded pieces for one wire chunk; raises DecodeRefused past a limit."""
        self.raw += len(data)
        if self._zlib is None:
            return [self._count(data)] if data else []
        out: list[bytes] = []
        pending = data
        while pending:
            try:
                piece = self._zlib.decompress(pending, STEP)
            except zlib.error as exc:
                if self._first and self.coding == "deflate":  # servers send raw deflate too
                    self._zlib, self._first = zlib.decompressobj(-zlib.MAX_WBITS), False
                    continue
                raise DecodeRefused(f"corrupt {self.coding} body ({exc})") from None
            self._first = False
            if piece:
                out.append(self._count(piece))
            if self._zlib.eof:  # concatenated gzip members: start another, same limits
                pending = self._zlib.unused_data
                if pending:
                    self._zlib = self._new()
                continue
            pending = self._zlib.unconsumed_tail
        return out

    def flush(self) -> list[bytes]:
        if self._zlib is None:
            return []
        rest = self._zlib.flush(STEP)
        return [self._count(rest)] if rest else []

    def _count(self, piece: bytes) -> bytes:
        self.decoded += len(piece)
        if self.decoded > self.max_bytes:
            raise DecodeRefused(f"body exceeds the {self.max_bytes}-byte cap (aborted mid-stream)")
        if self.decoded > RATIO_FLOOR and self.decoded > self.max_ratio * max(self.raw, 1):
            raise DecodeRefused(
                f"compression ratio over {self.max_ratio:g}:1 refused "
                f"({self.decoded} bytes from {self.raw}): a decompression bomb"
            )
        return piece
