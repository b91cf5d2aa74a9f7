"""Reading one non-redirect answer: status policy, then the body streamed under the caps."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import cast

import httpx

from tracker.fetch.decode import BoundedDecoder, DecodeRefused
from tracker.fetch.model import Failure, Response, Transient, content_length
from tracker.fetch.retry_after import parse_retry_after

# 5xx worth another try; 501 Not Implemented / 505 HTTP Version are permanent.
PERMANENT_5XX = frozenset({501, 505})


def read_answer(
    response: httpx.Response,
    *,
    max_bytes: int,
    max_ratio: float,
    past_deadline: Callable[[], Failure | None],
) -> Response:
    """Turn a non-redirect response into a Response, streaming the body under the caps.

    304 is a Response with no body; 429 and most 5xx are Transient (with the server's
    Retry-After); other non-2xx are Failures. `past_deadline` is asked after every chunk and
    returns the Failure to raise once the request's deadline has passed.
    """
    status = response.status_code
    if status == 304:
        # Drain the (empty) body so httpcore returns the connection to the pool: an unread
        # stream is closed, and every unchanged page would cost a new TCP/TLS handshake.
        with contextlib.suppress(httpx.HTTPError):
            # raw: no content decoder is set up for nothing; a MockTransport response arrives
            # already read.
            for _ in () if response.is_stream_consumed else response.iter_raw():
                pass
        return Response(response, b"", not_modified=True)
    if status == 429 or (500 <= status < 600 and status not in PERMANENT_5XX):
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        raise Transient(f"HTTP {status}", status=status, retry_after=retry_after)
    if not 200 <= status < 300:
        raise Failure(f"HTTP {status}", status=status)
    declared = content_length(response)
    if declared is not None and declared > max_bytes:
        raise Failure(f"Content-Length {declared} exceeds the {max_bytes}-byte cap")
    chunks: list[bytes] = []
    try:
        # Raw bytes, decoded here under the cap and the ratio limit (decode.py): httpx's
        # iter_bytes() inflates a whole chunk before anyone can count it.
        decoder = BoundedDecoder(response.headers.get("content-encoding"), max_bytes, max_ratio)
        # Trap: a MockTransport/respx response arrives pre-read (and already decoded by
        # httpx); its stream still holds the raw bytes and can be iterated again.
        raws: Iterable[bytes] = (
            cast(Iterable[bytes], response.stream) if response.is_stream_consumed else response.iter_raw()
        )
        for raw in raws:
            chunks.extend(decoder.feed(raw))
            if (late := past_deadline()) is not None:
                raise late
        chunks.extend(decoder.flush())
    except DecodeRefused as exc:
        raise Failure(str(exc)) from None
    except httpx.TimeoutException as exc:
        name = type(exc).__name__
        raise Transient(f"timeout mid-body after {sum(map(len, chunks))} bytes ({name})") from None
    except httpx.TransportError as exc:
        # h11 raises RemoteProtocolError when the peer closes before Content-Length bytes; a
        # reset gives ReadError. Either way the body is incomplete.
        got = sum(map(len, chunks))
        raise Transient(f"truncated body after {got} bytes ({type(exc).__name__}: {exc})") from None
    wire = response.num_bytes_downloaded
    # Trap: httpx.Response(content=b"...") (MockTransport, respx) is pre-read, so nothing is
    # counted as downloaded; only a body that really came off a stream can be short.
    if declared is not None and wire != declared and (wire or not chunks):
        raise Transient(f"truncated body: {wire} of {declared} bytes (Content-Length)")
    return Response(response, b"".join(chunks))
