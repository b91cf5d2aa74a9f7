"""Deeply nested JSON-LD in an article is a date nobody can read, not a crash."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tracker.cli import main
from tracker.extract import extract_html


def _page(depth: int) -> str:
    nested = "[" * depth + "]" * depth
    return (
        "<html><head><script type='application/ld+json'>" + nested + "</script></head>"
        "<body><article><p>Pakistan's IT exports rose to $452 million in August 2026, "
        "the State Bank said.</p></article></body></html>"
    )


def test_nested_json_ld_keeps_the_articles_figures() -> None:
    found = extract_html(_page(100_000), None, "https://example.pk/a")
    assert [(str(f.period), f.value_usd_millions) for f in found.figures] == [("2026-08", 452.0)]


def test_extract_on_such_a_file_prints_figures_not_a_traceback(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text(_page(100_000))
    result = CliRunner().invoke(main, ["extract", str(page), "--json"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "452" in result.output
