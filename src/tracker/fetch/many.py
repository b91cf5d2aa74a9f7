"""`fetch_many`: GET many URLs on a thread pool through one HttpClient."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from tracker.errors import FetchError
from tracker.fetch.client import HttpClient
from tracker.fetch.model import FetchResult


def fetch_many(
    client: HttpClient, urls: Iterable[str], max_workers: int = 8
) -> list[FetchResult | FetchError]:
    """GET many URLs on a thread pool; results in input order, each a FetchResult or FetchError."""
    url_list = list(urls)

    def one(url: str) -> FetchResult | FetchError:
        try:
            return client.get(url)
        except FetchError as exc:
            return exc

    # Per-host pacing is enforced inside get(), so workers on the same host queue politely
    # while workers on other hosts proceed.
    with ThreadPoolExecutor(max_workers=max(1, max_workers), thread_name_prefix="fetch") as pool:
        return list(pool.map(one, url_list))
