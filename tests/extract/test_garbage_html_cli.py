"""Hostile input, the HTML reader and the `tracker extract` command."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import main
from tracker.extract import extract_html, extract_text

PAGE = """<!doctype html><html><head><title>Site | IT exports</title>
<meta property="article:published_time" content="2026-03-18T09:00:00+05:00">
<script type="application/ld+json">{"@graph": [{"datePublished": "2020-01-01"}]}</script>
</head><body>
<nav><a href="/">Home</a> IT exports were $999 million in February 2026.</nav>
<article><h1>IT exports climb in February</h1>
<p>Pakistan's IT exports rose to <strong>$401 million</strong> in February, the central bank said.</p>
<p>In the first eight months of the fiscal year they reached $2.9 billion.</p>
<div class="related-posts"><p>IT exports were $123 million in February 2026.</p></div>
<div id="comments"><p>A reader thinks IT exports were $777 million in February 2026.</p></div>
</article><footer>IT exports were $555 million in February 2026.</footer>
<script>var x = "$888 million in February 2026";</script></body></html>"""


def _rows(figs: list) -> set[tuple[str, str, float]]:
    return {(f.series.value, str(f.period), f.value_usd_millions) for f in figs}


def test_html_main_text_and_page_date() -> None:
    result = extract_html(PAGE)
    assert result.published == date(2026, 3, 18)
    assert result.title == "IT exports climb in February"
    assert _rows(result.figures) == {
        ("it_exports", "2026-02", 401.0),
        ("it_exports", "FY2026:07-02", 2900.0),
    }


def test_caller_date_wins_over_page_date() -> None:
    result = extract_html(PAGE, published=date(2025, 3, 20))
    assert ("it_exports", "2025-02", 401.0) in _rows(result.figures)


@pytest.mark.parametrize(
    "junk",
    [
        b"",
        b"\x00\x01\x02\xff\xfe" * 1000,
        bytes(random.Random(7).randrange(256) for _ in range(20_000)),
        "IT exports \udcff were $\ufffd million".encode("utf-8", "surrogatepass"),
        b"<html><body>" + b"<div>" * 5000 + b"</body></html>",
    ],
)
def test_garbage_gives_empty_result(junk: bytes) -> None:
    assert extract_html(junk).figures == []
    text = junk.decode("utf-8", errors="replace")
    assert extract_text(text, date(2026, 1, 1)).figures == []


def test_five_megabyte_page_is_handled() -> None:
    para = "<p>Weather was mild and markets were calm across the region today.</p>\n"
    html = "<html><body>" + para * (5_000_000 // len(para)) + "</body></html>"
    assert extract_html(html).figures == []


def test_cli_jsonl_batch_reports_bad_line_and_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "a",
                "url": None,
                "published": "2026-03-19",
                "title": None,
                "text": "IT exports were $401 million in February.",
            }
        ),
        "{not json",
        json.dumps(
            {
                "id": "b",
                "url": None,
                "published": None,
                "title": None,
                "html": "<p>IT exports were $401 million in February 2026.</p>",
            }
        ),
        json.dumps({"id": "c", "published": "yesterday", "text": "x"}),
    ]
    src = tmp_path / "docs.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--jsonl", str(src)])
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [row["id"] for row in out] == ["a", "b"]
    assert out[0]["figures"][0] == {
        "series": "it_exports",
        "period_kind": "month",
        "period": "2026-02",
        "value_usd_millions": 401.0,
        "quote": "IT exports were $401 million in February.",
        "firm": False,  # a bare month resolved by the page date
    }
    assert out[0]["record_claim"] is False
    assert "line 2:" in result.stderr and "line 4:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.exit_code == 1


def test_cli_jsonl_from_stdin() -> None:
    doc = {"id": "x", "published": "2026-01-20", "text": "IT exports hit a record $444m in December."}
    result = CliRunner().invoke(main, ["extract", "--jsonl", "-"], input=json.dumps(doc) + "\n")
    assert result.exit_code == 0
    row = json.loads(result.stdout)
    assert row["record_claim"] is True
    assert row["figures"][0]["period"] == "2025-12"


def test_cli_single_file_json_and_table(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(page), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["published"] == "2026-03-18"
    assert {f["value_usd_millions"] for f in payload["figures"]} == {401.0, 2900.0}
    table = CliRunner().invoke(main, ["extract", str(page), "--published", "2026-03-18"])
    assert table.exit_code == 0 and "401" in table.stdout


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    missing = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2
    assert missing.stderr.strip().count("\n") == 0 and "Traceback" not in missing.stderr
    bad_date = CliRunner().invoke(main, ["extract", str(tmp_path), "--published", "soon"])
    assert bad_date.exit_code == 2
