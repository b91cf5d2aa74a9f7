"""A local SBP look-alike (files, index page, EasyData API, a news archive) on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.http import Site, page
from tracker.config import Config, parse_config
from tracker.ingest import IngestSettings
from tracker.poll import Poller
from tracker.runtime import build_client
from tracker.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sbp"
API_KEY = "sekret-easydata-key-0123456789"
KEY_ENV = "TRACKER_TEST_EASYDATA_KEY"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class SbpSite(Site):
    """The SBP look-alike: a `Site` without keep-alive whose pages default to binary files."""

    def __init__(self) -> None:
        super().__init__(keep_alive=False, default=page(b"not found", "text/plain", 404))

    def put(
        self,
        path: str,
        body: bytes | str,
        ctype: str = "application/octet-stream",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().put(path, body, ctype, status, headers)


@pytest.fixture
def sbp_site() -> Iterator[SbpSite]:
    s = SbpSite()
    yield s
    s.close()


HTTP = """
[http]
min_host_interval_seconds = 0
max_retries = 0
connect_timeout_seconds = 5
read_timeout_seconds = 20
deadline_seconds = 40
"""


def make_config(body: str, failure_threshold: int = 2) -> Config:
    return parse_config(HTTP + f"\n[daemon]\nfailure_threshold = {failure_threshold}\n" + body)


def easydata_source(site: SbpSite, keys: list[str], name: str = "sbp-easydata") -> str:
    quoted = ", ".join(f'"{k}"' for k in keys)
    return f"""
[[sources]]
name = "{name}"
kind = "sbp_easydata"
url = "{site.base}/api/v1/"
api_key_env = "{KEY_ENV}"
series_keys = [{quoted}]
interval_minutes = 60
"""


def file_source(name: str, kind: str, url: str, fallbacks: list[str] | None = None) -> str:
    fb = ", ".join(f'"{u}"' for u in fallbacks or [])
    return f"""
[[sources]]
name = "{name}"
kind = "{kind}"
url = "{url}"
fallback_urls = [{fb}]
interval_minutes = 60
"""


class Clock:
    """A settable UTC clock for the Poller (parsers label P/R relative to the fetch date)."""

    def __init__(self, when: datetime) -> None:
        self.now = when

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 6, 18, 12, 0, tzinfo=UTC))


def make_poller(db: Path, config: Config, clock: Callable[[], datetime]) -> Poller:
    return Poller(
        store_factory=lambda: Store.open(db),
        client=build_client(config),
        config=config,
        settings=IngestSettings.from_config(config),
        clock=clock,
    )
