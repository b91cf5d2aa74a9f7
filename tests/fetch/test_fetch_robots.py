"""RobotsCache policy: status → decision, TTLs, one fetch per origin (fake fetcher and clock)."""

from __future__ import annotations

import threading

import pytest

from tracker.robots import RobotsCache, agent_token, origin_of

UA = "tracker/0.1.0 (+https://example.org/contact)"


class FakeRobots:
    """A robots.txt fetcher serving a fixed (status, body) and counting requests."""

    def __init__(self, status: int | None, body: bytes = b"") -> None:
        self.status = status
        self.body = body
        self.requests: list[str] = []

    def __call__(self, url: str) -> tuple[int | None, bytes]:
        self.requests.append(url)
        return self.status, self.body


RULES = b"""User-agent: *
Disallow: /private/

User-agent: tracker
Disallow: /data/
Crawl-delay: 5
"""


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://site.pk/", True),
        ("https://site.pk/news/it-exports", True),
        ("https://site.pk/data/file.xls", False),  # our own group applies …
        ("https://site.pk/private/x", True),  # … and replaces the * group entirely
    ],
)
def test_rules_for_our_agent(clock, url, allowed):
    cache = RobotsCache(FakeRobots(200, RULES), UA, clock=clock)
    assert cache.allowed(url) is allowed


def test_crawl_delay_for_our_agent(clock):
    cache = RobotsCache(FakeRobots(200, RULES), UA, clock=clock)
    assert cache.crawl_delay("https://site.pk/") == 5.0


@pytest.mark.parametrize("status", [401, 403, 404, 410])
def test_4xx_means_allow_all_and_is_cached_long(clock, status):
    fetcher = FakeRobots(status)
    cache = RobotsCache(fetcher, UA, ttl_seconds=3600, error_ttl_seconds=60, clock=clock)
    assert cache.allowed("https://site.pk/anything")
    clock.advance(600)
    assert cache.allowed("https://site.pk/other")
    assert len(fetcher.requests) == 1


@pytest.mark.parametrize("status", [500, 503, None])
def test_5xx_or_no_answer_allows_but_asks_again_soon(clock, status):
    fetcher = FakeRobots(status)
    cache = RobotsCache(fetcher, UA, ttl_seconds=3600, error_ttl_seconds=60, clock=clock)
    assert cache.allowed("https://site.pk/a")
    clock.advance(30)
    assert cache.allowed("https://site.pk/b")
    assert len(fetcher.requests) == 1
    clock.advance(31)
    cache.allowed("https://site.pk/c")
    assert len(fetcher.requests) == 2
    assert "retry soon" in cache.note("https://site.pk/")


def test_rules_expire_after_the_ttl(clock):
    fetcher = FakeRobots(200, RULES)
    cache = RobotsCache(fetcher, UA, ttl_seconds=100, clock=clock)
    cache.allowed("https://site.pk/")
    clock.advance(99)
    cache.allowed("https://site.pk/")
    assert len(fetcher.requests) == 1
    clock.advance(2)
    cache.allowed("https://site.pk/")
    assert len(fetcher.requests) == 2


def test_origins_are_separate(clock):
    fetcher = FakeRobots(404)
    cache = RobotsCache(fetcher, UA, clock=clock)
    for url in ("https://a.pk/x", "https://a.pk/y", "http://a.pk/x", "https://a.pk:8443/x"):
        cache.allowed(url)
    assert fetcher.requests == [
        "https://a.pk/robots.txt",
        "http://a.pk/robots.txt",
        "https://a.pk:8443/robots.txt",
    ]


def test_concurrent_first_requests_fetch_robots_once(clock):
    release = threading.Event()
    fetcher = FakeRobots(404)

    def slow_fetch(url: str) -> tuple[int | None, bytes]:
        release.wait(10)
        return fetcher(url)

    cache = RobotsCache(slow_fetch, UA, clock=clock)
    threads = [threading.Thread(target=cache.allowed, args=("https://a.pk/x",)) for _ in range(8)]
    for t in threads:
        t.start()
    release.set()
    for t in threads:
        t.join(10)
    assert fetcher.requests == ["https://a.pk/robots.txt"]


def test_helpers():
    assert origin_of("HTTPS://WWW.SBP.org.pk/press/2026/x.asp?y=1") == "https://www.sbp.org.pk"
    assert agent_token(UA) == "tracker"


RFC9309_RULES = b"""User-agent: *
Disallow: /*.pdf$
Disallow: /ecodata/
Allow: /ecodata/dt.xls
"""


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://sbp.example/files/ExportsImports-Goods.pdf", False),  # `*` and `$` honoured
        ("https://sbp.example/files/ExportsImports-Goods.pdf?v=2", True),  # `$`: the end only
        ("https://sbp.example/ecodata/index2.asp", False),
        ("https://sbp.example/ecodata/dt.xls", True),  # the longest match wins, not the first
    ],
)
def test_wildcards_and_longest_match_as_rfc_9309_says(url: str, allowed: bool) -> None:
    cache = RobotsCache(FakeRobots(200, RFC9309_RULES), UA)
    assert cache.allowed(url) is allowed
