"""`tracker extract URL` goes through the one fetch client: its guards apply to a person too."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from click.testing import CliRunner

from tests.loopback import LoopbackServer, reply
from tracker.cli import main

PAGE = (
    b"<html><body><article><p>Pakistan's IT exports rose to $452 million in August 2026, "
    b"the central bank said on Friday.</p></article></body></html>"
)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    seen: list[str] = []

    def handle(h: BaseHTTPRequestHandler) -> None:
        seen.append(h.headers.get("User-Agent", ""))
        if h.path == "/robots.txt":
            reply(h, 404)
        else:
            reply(h, 200, PAGE, {"Content-Type": "text/html; charset=utf-8"})

    s = LoopbackServer(handle)
    s.user_agents = seen  # type: ignore[attr-defined]
    yield s
    s.close()


def test_extract_url_reads_the_page_with_the_trackers_user_agent(server: LoopbackServer) -> None:
    result = CliRunner().invoke(main, ["extract", f"{server.base}/story", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)["figures"]
    assert [(f["period"], f["value_usd_millions"]) for f in figures] == [("2026-08", 452.0)]
    assert all("tracker" in ua for ua in server.user_agents)  # type: ignore[attr-defined]


def test_extract_url_refuses_an_internal_address_unless_allowed(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_ALLOW_PRIVATE_NETWORKS", "0")
    result = CliRunner().invoke(main, ["extract", f"{server.base}/story", "--json"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "127.0.0.1" in result.output
    assert server.user_agents == []  # type: ignore[attr-defined]  # never connected
