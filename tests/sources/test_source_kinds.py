"""A source kind is one class: the built-in kinds' capabilities as a table, and a toy kind
written in one test-local module, registered by importing it, polled through the Poller."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from msgspec.structs import replace

from tracker.config import Config, DaemonConfig, load_config
from tracker.errors import ConfigError
from tracker.fetch import FetchSettings, HttpClient
from tracker.ingest import ChannelRoute, IngestSettings
from tracker.poll import Poller
from tracker.poll_urls import allowed_hosts
from tracker.sources import registry
from tracker.sources.registry import BackfillRole
from tracker.store import Store

# name: (official, gated, follows articles, discovers files, file copies, API key, SBP hosts,
#        release calendar, backfill role)
CAPABILITIES = {
    "sbp_easydata": (True, True, False, False, False, True, True, True, BackfillRole.SERIES),
    "sbp_ebops_xls": (True, True, False, False, True, False, True, True, BackfillRole.FILE),
    "sbp_headline_pdf": (True, True, False, False, True, False, True, True, BackfillRole.FILE),
    "sbp_index": (True, False, False, True, False, False, True, True, BackfillRole.INDEX),
    "news_feed": (False, False, True, False, False, False, False, False, BackfillRole.NONE),
    "news_listing": (False, False, True, False, False, False, False, False, BackfillRole.ARCHIVE),
    "news_article": (False, False, False, False, False, False, False, False, BackfillRole.NONE),
}


@pytest.mark.parametrize(("name", "expected"), CAPABILITIES.items())
def test_built_in_kinds_declare_their_capabilities(name: str, expected: tuple[object, ...]) -> None:
    k = registry.get(name)
    assert (
        k.official,
        k.gated,
        k.follows_articles,
        k.discovers_files,
        k.file_copies,
        k.needs_api_key,
        k.hosts == registry.SBP_HOSTS,
        k.release_calendar,
        k.backfill,
    ) == expected
    assert k.description and k.formats and type(k).__module__ == f"tracker.sources.kinds.{name}"


def test_the_registry_lists_the_built_in_kinds_in_the_config_reference_order() -> None:
    assert registry.names()[:7] == tuple(CAPABILITIES)


def test_backfill_order_puts_the_api_first_and_an_index_before_its_files() -> None:
    order = sorted(CAPABILITIES, key=lambda n: registry.get(n).backfill_order)
    assert order[:4] == ["sbp_easydata", "sbp_index", "sbp_ebops_xls", "sbp_headline_pdf"]


TOY_URL = "https://www.pbs.gov.pk/trade/services.csv"
TOY_BODY = b"month,ict_exports_usd_m\n2025-09,366.0\n2025-10,386.0\n"


@pytest.fixture
def toy() -> Iterator[registry.SourceKind]:
    """Import the toy module (which registers its kind); forget it afterwards."""
    sys.modules.pop("tests.sources.toy_pbs_kind", None)
    importlib.import_module("tests.sources.toy_pbs_kind")
    try:
        yield registry.get("toy_pbs_services")
    finally:
        registry.unregister("toy_pbs_services")
        sys.modules.pop("tests.sources.toy_pbs_kind", None)


def test_a_kind_in_one_module_is_valid_config_and_is_polled(tmp_path: Path, toy: registry.SourceKind) -> None:
    cfg = tmp_path / "tracker.toml"
    cfg.write_text(
        f'[[sources]]\nname = "pbs"\nkind = "toy_pbs_services"\nurl = "{TOY_URL}"\ninterval_minutes = 60\n'
    )
    source = load_config(cfg).sources[0]  # the config knows the kind from the registry
    assert source.kind == "toy_pbs_services"
    assert allowed_hosts(source) == ("pbs.gov.pk", "www.pbs.gov.pk")  # the kind's own hosts

    seen: list[str] = []
    site_body = [TOY_BODY]

    def site(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, content=site_body[0], headers={"Content-Type": "text/csv"})

    client = HttpClient(
        FetchSettings(transport=httpx.MockTransport(site), max_retries=0, min_host_interval_seconds=0),
        sleep=lambda s: None,
    )
    db = tmp_path / "t.db"
    poller = Poller(
        store_factory=lambda: Store.open(db),
        client=client,
        config=replace(Config(sources=[source]), daemon=DaemonConfig()),
        settings=IngestSettings(channels=(ChannelRoute("ops", admin=True),)),
    )
    site_body[0] = TOY_BODY + b"2025-11,3860.0\n"  # ten times too big: held by the gate
    first, again = poller.poll(source), poller.poll(source)

    assert (first.outcome, first.figures, first.error) == ("new", 2, None)
    assert any(d.startswith("held it_exports 2025-11") for d in first.details), first.details
    assert again.outcome == "unchanged"  # same bytes: never parsed twice
    assert TOY_URL in seen
    store = Store.open(db)
    try:
        rows = store.rows(
            "SELECT o.period, o.value_usd_millions AS v, o.authority, d.parser "
            "FROM observations o JOIN documents d ON d.id = o.document_id "
            "ORDER BY o.period"
        )
    finally:
        store.close()
    assert [(r["period"], r["v"], r["authority"], r["parser"]) for r in rows] == [
        ("2025-09", 366.0, "official", "toy_pbs_services"),
        ("2025-10", 386.0, "official", "toy_pbs_services"),
    ]


def test_an_unknown_kind_is_refused_by_the_config_with_the_registry_names(tmp_path: Path) -> None:
    cfg = tmp_path / "tracker.toml"
    cfg.write_text(
        '[[sources]]\nname = "x"\nkind = "toy_pbs_services"\nurl = "https://x.pk/"\ninterval_minutes = 60\n'
    )
    with pytest.raises(ConfigError, match=r"sources\[0\]\.kind.*sbp_easydata"):
        load_config(cfg)


def test_the_docs_example_is_a_working_kind() -> None:
    """docs/SOURCES.md's one-file kind registers itself and parses its CSV."""
    from tracker.sources.base import Document

    doc = (Path(__file__).resolve().parents[2] / "docs" / "SOURCES.md").read_text("utf-8")
    code = doc.split("```python\n", 1)[1].split("```", 1)[0]
    try:
        exec(compile(code, "docs/SOURCES.md", "exec"), {"__name__": "docs_example"})
        kind = registry.get("pbs_services")
        parsed = kind.parse(Document(url=TOY_URL, body=TOY_BODY, source="pbs"))
        assert kind.gated and kind.hosts == ("pbs.gov.pk", "www.pbs.gov.pk")
        assert [(str(f.period), f.value_usd_millions) for f in parsed.figures] == [
            ("2025-09", 366.0),
            ("2025-10", 386.0),
        ]
    finally:
        registry.unregister("pbs_services")


def test_a_release_calendar_kind_defaults_to_the_release_window() -> None:
    from tracker.config import parse_config

    cfg = parse_config(
        "[[sources]]\nname='dt'\nkind='sbp_ebops_xls'\n"
        "url='https://www.sbp.org.pk/ecodata/dt.xls'\n"
        "[[sources]]\nname='feed'\nkind='news_feed'\nurl='https://x.pk/feed'\n"
        "interval_minutes=30\n"
        "[[sources]]\nname='idx'\nkind='sbp_index'\n"
        "url='https://www.sbp.org.pk/economic-data'\ncron='0 * * * *'\n"
    )
    assert [(s.name, s.release_window) for s in cfg.sources] == [
        ("dt", True),
        ("feed", False),
        ("idx", False),
    ]  # a named schedule is kept
