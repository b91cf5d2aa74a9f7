"""The source-kind registry: SBP kinds resolve to their parsers, unknown names fail clearly."""

from __future__ import annotations

import pytest

from tracker.errors import ConfigError
from tracker.sources import registry, sbp_easydata, sbp_ebops_xls, sbp_headline_pdf, sbp_index

SBP_KINDS = {
    "sbp_ebops_xls": sbp_ebops_xls.parse,
    "sbp_headline_pdf": sbp_headline_pdf.parse,
    "sbp_easydata": sbp_easydata.parse,
    "sbp_index": sbp_index.parse,
}


@pytest.mark.parametrize(("name", "fn"), SBP_KINDS.items())
def test_sbp_kinds_resolve(name: str, fn: object) -> None:
    kind = registry.get(name)
    assert kind.official and kind.name == name and kind.description
    assert registry.parser_for(name) is fn


def test_news_kinds_are_reserved() -> None:
    names = registry.kinds()
    for name in ("news_feed", "news_listing", "news_article"):
        assert name in names and not names[name].official


def test_unknown_kind_names_the_known_ones() -> None:
    with pytest.raises(ConfigError, match="sbp_index"):
        registry.get("sbp_nope")


def test_a_kind_whose_module_is_missing_fails_on_use() -> None:
    kind = registry.SourceKind("x", "tracker.sources.does_not_exist:parse", "x", ("html",), False)
    with pytest.raises(ConfigError, match="not available"):
        kind.load()
