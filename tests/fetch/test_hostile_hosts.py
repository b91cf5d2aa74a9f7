"""Hosts that slip past a naive address check (review of the one fetch seam): legacy IPv4
spellings, names behind a proxy, and credentials in a URL. Each test asserts that no request
reaches the internal service and that the refusal names why."""

from __future__ import annotations

import pytest
from tests.fetch.test_hostile import guarded
from tests.support.http import Site, redirect

from tracker.config import parse_config
from tracker.errors import ConfigError
from tracker.fetch import HttpFetchError
from tracker.fetch.netguard import legacy_ipv4, literal_problem


@pytest.mark.parametrize(
    ("host", "address"),
    [("127.1", "127.0.0.1"), ("2130706433", "127.0.0.1"), ("0x7f.0.0.1", "127.0.0.1"), ("10.1", "10.0.0.1")],
)
def test_legacy_ipv4_spellings_are_addresses(host: str, address: str) -> None:
    assert legacy_ipv4(host) == address
    assert literal_problem(host) is not None


def test_names_and_dotted_quads_are_not_legacy_spellings() -> None:
    assert legacy_ipv4("sbp.org.pk") is None and legacy_ipv4("") is None
    assert literal_problem("8.8.8.8") is None


def test_legacy_spellings_of_the_internal_service_are_refused() -> None:
    internal = Site()
    try:
        with guarded() as client:
            for host in ("127.2", "2130706434", "0x7f.0.0.2"):
                with pytest.raises(HttpFetchError, match="loopback"):
                    client.get(f"http://{host}:{internal.port}/internal-secret")
    finally:
        internal.close()
    assert internal.hits == []


def test_behind_a_proxy_a_name_resolving_inside_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The proxy resolves names itself, so the connect-time check never sees them: the name is
    resolved and checked before the request is handed to the proxy."""
    proxy = Site()  # would forward anything it is given
    monkeypatch.setenv("HTTP_PROXY", proxy.base)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    try:
        with guarded() as client:
            with pytest.raises(HttpFetchError, match=r"link-local \(resolved: 169\.254\.169\.254\)"):
                client.get("http://metadata.test/latest/meta-data/")
            with pytest.raises(HttpFetchError, match="loopback"):
                client.get("http://internal.test/internal-secret")
    finally:
        proxy.close()
    assert proxy.hits == []


def test_a_url_with_credentials_is_never_sent() -> None:
    hostile = Site()
    hostile.set("/go", redirect(f"http://user:secret@127.0.0.1:{hostile.port}/inside"))
    try:
        with guarded() as client:
            with pytest.raises(HttpFetchError, match="credentials") as direct:
                client.get(f"http://user:secret@127.0.0.1:{hostile.port}/page")
            with pytest.raises(HttpFetchError, match="credentials") as redirected:
                client.get(f"{hostile.base}/go")
    finally:
        hostile.close()
    assert hostile.hits == ["/go"]  # neither URL with credentials was requested
    assert "secret" not in str(direct.value) and "secret" not in str(redirected.value)


def test_a_source_url_with_credentials_is_refused_by_the_config() -> None:
    text = """
[[sources]]
name = "feed"
kind = "news_feed"
url = "https://reader:hunter2@example.com/feed.xml"
interval_minutes = 60
"""
    with pytest.raises(
        ConfigError, match=r"sources\[0\]\.url: expected a URL without user:password@"
    ) as info:
        parse_config(text)
    assert "hunter2" not in str(info.value)
