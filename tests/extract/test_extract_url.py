"""`tracker extract URL` goes through the one fetch client: its guards apply to a person too."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from tests.support.http import Site, page
from tracker.cli import main

PAGE = (
    b"<html><body><article><p>Pakistan's IT exports rose to $452 million in August 2026, "
    b"the central bank said on Friday.</p></article></body></html>"
)


@pytest.fixture
def server() -> Iterator[Site]:
    """The story at every path; no robots.txt."""
    s = Site(default=page(PAGE, "text/html; charset=utf-8"))
    s.put("/robots.txt", b"", "text/plain", 404)
    yield s
    s.close()


def user_agents(site: Site) -> list[str]:
    return [headers.get("user-agent", "") for _, headers in site.log]


def test_extract_url_reads_the_page_with_the_trackers_user_agent(server: Site) -> None:
    result = CliRunner().invoke(main, ["extract", f"{server.base}/story", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)["figures"]
    assert [(f["period"], f["value_usd_millions"]) for f in figures] == [("2026-08", 452.0)]
    assert all("tracker" in ua for ua in user_agents(server))


def test_extract_url_refuses_an_internal_address_unless_allowed(
    server: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_ALLOW_PRIVATE_NETWORKS", "0")
    result = CliRunner().invoke(main, ["extract", f"{server.base}/story", "--json"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "127.0.0.1" in result.output
    assert user_agents(server) == []  # never connected
