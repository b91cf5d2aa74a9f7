"""The typed config: every wrong key is named with its path, `kind` picks a struct declared by
the kind's class (so a kind registered here is validated without touching tracker.config), and
the fetch client and the config share one set of defaults."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Literal

import pytest
from msgspec import Meta

from tracker.config import ChannelConfig, HttpConfig, SourceConfig, iter_reference, load_config, parse_config
from tracker.deliver import registry as channel_kinds
from tracker.deliver.registry import ChannelKind
from tracker.errors import ConfigError
from tracker.fetch import FetchSettings
from tracker.sources import registry as source_kinds
from tracker.sources.registry import SourceKind

FEED = "[[sources]]\nname = 'feed'\nkind = 'news_feed'\nurl = 'https://a.pk/feed'\ninterval_minutes = 30\n"
INDEX = "[[sources]]\nname = 'index'\nkind = 'sbp_index'\nurl = 'https://www.sbp.org.pk/x'\n"


def _error(toml: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_config(toml, "cfg.toml")
    return str(info.value)


def test_a_key_another_kind_takes_is_refused_with_its_path_and_the_kinds_keys() -> None:
    msg = _error(FEED + INDEX + "keywords = ['IT exports']\n")
    assert msg == (
        "cfg.toml: sources[1].keywords: expected one of the known keys (name, kind, url, enabled, "
        "fallback_urls, interval_minutes, cron, release_window, outlet), got unknown key"
    )
    assert parse_config(FEED + "keywords = ['IT exports']\n").sources[0].keywords == ["IT exports"]


def test_a_wrong_type_is_named_with_its_path_and_the_value() -> None:
    toml = FEED + INDEX + FEED.replace("'feed'", "'feed2'").replace("30", "'often'")
    assert _error(toml) == "cfg.toml: sources[2].interval_minutes: expected a number, got 'often'"
    hook = "[[channels]]\nname = 'h'\nkind = 'webhook'\nurl = 'https://h.pk/'\nheaders = { X-Token = 7 }\n"
    assert (
        "channels[0].headers: expected a table whose every value is a string, got {'X-Token': 7}"
        in _error(hook)
    )


def test_closed_sets_are_literals_named_in_the_error() -> None:
    mail = "[[channels]]\nname = 'm'\nkind = 'email'\nsecurity = 'ssl'\n"
    assert _error(mail) == "cfg.toml: channels[0].security: expected starttls, tls or none, got 'ssl'"
    hook = "[[channels]]\nname = 'h'\nkind = 'webhook'\nurl = 'https://h.pk/'\nevents = ['records']\n"
    assert "channels[0].events[0]: expected record, new_month or revision, got 'records'" in _error(hook)


def test_an_unknown_kind_lists_the_registered_kinds() -> None:
    msg = _error(FEED.replace("news_feed", "rss"))
    assert msg == f"cfg.toml: sources[0].kind: expected one of {', '.join(source_kinds.names())}, got 'rss'"
    msg = _error("[[channels]]\nname = 'c'\nkind = 'pager'\n")
    assert (
        msg == f"cfg.toml: channels[0].kind: expected one of {', '.join(channel_kinds.names())}, got 'pager'"
    )


def test_digest_is_no_longer_a_key() -> None:
    """`channels[].digest` was documented but never implemented: it is refused, not ignored."""
    msg = _error("[[channels]]\nname = 'h'\nkind = 'webhook'\nurl = 'https://h.pk/'\ndigest = true\n")
    assert "channels[0].digest: expected one of the known keys" in msg
    assert not any(key == "channels[].digest" for key, *_ in iter_reference())


def test_the_files_own_path_is_not_a_key_of_it(tmp_path: Path) -> None:
    assert _error("path = 'elsewhere.toml'\n").startswith(
        "cfg.toml: path: expected one of the known keys (database, http, reconcile, rules, daemon, "
    )
    file = tmp_path / "tracker.toml"
    file.write_text(FEED)
    assert load_config(file).path == file and parse_config(FEED).path is None


def test_a_table_built_in_code_gets_its_kinds_struct() -> None:
    source = SourceConfig(name="feed", kind="news_feed", url="https://a.pk/feed", keywords=["ICT"])
    assert (source.kind, source.keywords, type(source).__mro__[1].__name__) == (
        "news_feed",
        ["ICT"],
        "FollowingConfig",
    )
    index = SourceConfig(name="i", kind="sbp_index", url="https://www.sbp.org.pk/")
    assert index.keywords == [] and index.api_key_env is None  # neutral answers for other kinds
    with pytest.raises(TypeError):
        SourceConfig(name="i", kind="sbp_index", url="https://www.sbp.org.pk/", keywords=["x"])
    with pytest.raises(ConfigError, match="unknown source kind 'rss'"):
        SourceConfig(name="r", kind="rss", url="https://a.pk/")


def test_fetch_and_config_share_one_set_of_defaults() -> None:
    http, fetch = HttpConfig(), FetchSettings()
    assert (http.user_agent, http.max_bytes, http.min_host_interval_seconds) == (
        fetch.user_agent,
        fetch.max_bytes,
        fetch.min_host_interval_seconds,
    )
    assert (http.connect_timeout_seconds, http.read_timeout_seconds, http.deadline_seconds) == (
        fetch.connect_timeout,
        fetch.read_timeout,
        fetch.deadline_seconds,
    )
    assert (http.max_retries, http.max_compression_ratio) == (fetch.max_retries, fetch.max_compression_ratio)


# -- toy kinds, registered here: their own keys are validated with no edit to tracker.config --


class CensusConfig(SourceConfig, frozen=True):
    table: Annotated[Literal["services", "goods"], Meta(description="Which PBS table.")]
    max_rows: Annotated[int, Meta(ge=1, description="Rows read at most.")] = 100


class Census(SourceKind):
    name = "toy_census"
    description = "a toy kind with keys of its own"
    config = CensusConfig


class PagerConfig(ChannelConfig, frozen=True):
    number_env: Annotated[str, Meta(description="Environment variable holding the pager number.")]


class Pager(ChannelKind):
    name = "toy_pager"
    description = "a toy channel kind with keys of its own"
    config = PagerConfig


@pytest.fixture
def toy_kinds() -> Iterator[None]:
    source_kinds.register(Census)
    channel_kinds.register(Pager)
    try:
        yield
    finally:
        source_kinds.unregister("toy_census")
        channel_kinds.unregister("toy_pager")


CENSUS = (
    "[[sources]]\nname = 'pbs'\nkind = 'toy_census'\nurl = 'https://www.pbs.gov.pk/'\ninterval_minutes = 60\n"
)
PAGER = "[[channels]]\nname = 'beep'\nkind = 'toy_pager'\n"


def test_a_toy_kinds_own_keys_are_typed_and_checked(toy_kinds: None) -> None:
    cfg = parse_config(CENSUS + "table = 'services'\n" + PAGER + "number_env = 'PAGER_NUMBER'\n")
    [source], [pager] = cfg.sources, cfg.channels
    assert isinstance(source, CensusConfig) and (source.kind, source.table, source.max_rows) == (
        "toy_census",
        "services",
        100,
    )
    assert isinstance(pager, PagerConfig) and pager.missing_secrets({}) == ["PAGER_NUMBER"]
    assert pager.is_active({"PAGER_NUMBER": "555"})

    assert _error(CENSUS + "table = 'people'\n").endswith(
        "sources[0].table: expected services or goods, got 'people'"
    )
    assert _error(CENSUS + "table = 'goods'\nmax_rows = 0\n").endswith(
        "sources[0].max_rows: expected an integer >= 1, got 0"
    )
    assert _error(CENSUS).endswith("sources[0].table: expected a value, got nothing")
    assert "sources[0].colour: expected one of the known keys (name, kind, url," in _error(
        CENSUS + "table = 'goods'\ncolour = 'red'\n"
    )
    assert _error(PAGER).endswith("channels[0].number_env: expected a value, got nothing")


def test_a_toy_kind_is_in_the_reference_while_registered(toy_kinds: None) -> None:
    rows = {key: (tp, default, text) for key, tp, default, text in iter_reference()}
    assert rows["sources[].table"] == ("services or goods", "required", "*toy_census:* Which PBS table.")
    assert "toy_census" in rows["sources[].kind"][2]
    assert rows["channels[].number_env"][2].startswith("*toy_pager:*")


def test_an_unregistered_kind_is_unknown_again() -> None:
    source_kinds.register(Census)
    source_kinds.unregister("toy_census")
    assert "sources[0].kind: expected one of" in _error(CENSUS + "table = 'goods'\n")
