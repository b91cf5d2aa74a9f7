"""metadata.yml (Datasette) parses and labels only tables, views and columns that exist."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tracker.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def metadata() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Columns of every table and view in a freshly migrated database file."""
    store = Store.open(tmp_path_factory.mktemp("ds") / "tracker.db")
    try:
        names = [
            r["name"] for r in store.rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        ]
        return {n: {r["name"] for r in store.rows(f"PRAGMA table_info('{n}')")} for n in names}
    finally:
        store.close()


def test_names_only_existing_tables_views_and_columns(
    metadata: dict[str, Any], schema: dict[str, set[str]]
) -> None:
    tables = metadata["databases"]["tracker"]["tables"]
    assert set(tables) <= set(schema), set(tables) - set(schema)
    for name, meta in tables.items():
        assert set(meta.get("columns", {})) <= schema[name], (name, set(meta["columns"]) - schema[name])


def test_views_and_core_tables_are_described_with_units(metadata: dict[str, Any]) -> None:
    assert metadata["title"]
    tables = metadata["databases"]["tracker"]["tables"]
    for name in ("latest_series", "records", "open_conflicts", "vintages", "observations"):
        assert tables[name]["title"] and tables[name]["description"]
    for name in ("latest_series", "vintages", "observations"):
        assert "US$ millions" in tables[name]["columns"]["value_usd_millions"]
