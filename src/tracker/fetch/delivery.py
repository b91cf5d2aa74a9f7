"""`DeliveryClient`: the fetch seam's client for alerts POSTed to a receiver (webhooks)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from tracker.errors import FetchError
from tracker.fetch.retry_after import parse_retry_after
from tracker.fetch.transports import GuardedClient


@dataclass(frozen=True)
class Reply:
    """A receiver's answer: status, headers and at most the first `keep` bytes of its body."""

    status: int
    headers: Mapping[str, str]
    head: bytes  # empty for a 2xx: nobody reads a receiver's "ok"

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def retry_after(self) -> float | None:
        """The Retry-After header in seconds (the one parser: capped at a day)."""
        return parse_retry_after(self.headers.get("retry-after"))


class PostFailed(FetchError):
    """No answer: a timeout (`timeout`) or a connection, protocol or URL error; `detail` is
    `ExceptionName: message` of httpx's error."""

    def __init__(self, detail: str, *, timeout: bool, kind: str) -> None:
        super().__init__(detail)
        self.detail = detail
        self.timeout = timeout
        self.kind = kind  # httpx's exception class name, e.g. ReadTimeout


class DeliveryClient:
    """POSTs alert bodies: proxies from the environment, netguard's connection bounds, no
    address check (a channel URL is the operator's own choice, an intranet receiver is
    legitimate), redirects never followed, the reply's body read only as far as needed.
    `transport` is the test seam (httpx.MockTransport)."""

    def __init__(self, transport: httpx.BaseTransport | None = None) -> None:
        self._http = GuardedClient(transport, check_addresses=False)

    def post(
        self, url: str, *, content: bytes, headers: Mapping[str, str], timeout: float, keep: int = 200
    ) -> Reply:
        """POST `content`; any status is a Reply, no answer at all is PostFailed."""
        try:
            with self._http.stream(
                "POST", url, content=content, headers=dict(headers), timeout=timeout
            ) as response:
                head = b""
                if not response.is_success:
                    for chunk in response.iter_bytes():
                        head += chunk
                        if len(head) >= keep:
                            break
                return Reply(response.status_code, response.headers, head[:keep])
        except httpx.TimeoutException as exc:
            raise PostFailed(f"{type(exc).__name__}: {exc}", timeout=True, kind=type(exc).__name__) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:  # InvalidURL is no HTTPError
            raise PostFailed(f"{type(exc).__name__}: {exc}", timeout=False, kind=type(exc).__name__) from None

    @property
    def is_closed(self) -> bool:
        return self._http.is_closed

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> DeliveryClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
