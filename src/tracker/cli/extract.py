"""`tracker extract`: figures from one article or a JSONL batch (news extraction issue)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import IO, Any

import click

from tracker.cli.base import main
from tracker.errors import TrackerError, UsageError

_MAX_BYTES = 5_000_000


def _fetch(url: str) -> tuple[bytes, str | None]:
    """GET one page through the one fetch client (robots, User-Agent, address guard, size and
    time limits), without retries: a person is waiting."""
    from tracker.fetch import FetchSettings, HttpClient

    client = HttpClient(FetchSettings(max_bytes=_MAX_BYTES, max_retries=0, deadline_seconds=30.0))
    try:
        result = client.get(url)
    finally:
        client.close()
    return result.body, result.content_type


def _looks_html(body: str, content_type: str | None) -> bool:
    if content_type and "html" in content_type.lower():
        return True
    head = body[:2000].lower()
    return "<html" in head or "<!doctype" in head or "<body" in head or "<p>" in head


def _parse_date(value: object, what: str) -> date | None:
    if value in (None, "", "unknown"):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise UsageError(f"{what}: not a date (YYYY-MM-DD): {value!r}") from exc


def _figure_json(fig: Any) -> dict[str, Any]:
    row = {
        "series": fig.series.value,
        "period_kind": fig.period.kind.value,
        "period": str(fig.period),
        "value_usd_millions": fig.value_usd_millions,
        "quote": fig.quote,
        "firm": fig.firm,
    }
    if fig.bound:
        row["bound"] = fig.bound
    return row


def _extract_one(doc: dict[str, Any]) -> Any:
    from tracker.extract import extract_html, extract_text

    published = _parse_date(doc.get("published"), "published")
    url = doc.get("url")
    if isinstance(doc.get("html"), str):
        return extract_html(doc["html"], published, url)
    text = doc.get("text")
    if not isinstance(text, str):
        raise UsageError('needs a "text" or "html" string')
    title = doc.get("title") if isinstance(doc.get("title"), str) else None
    return extract_text(text, published, title, url)


def _batch(stream: IO[str], out: IO[str]) -> int:
    """Extract every JSONL line; a bad line is reported with its number, the rest go on."""
    bad = 0
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            if not isinstance(doc, dict) or "id" not in doc:
                raise UsageError('not a JSON object with an "id"')
            result = _extract_one(doc)
        except (ValueError, TrackerError) as exc:
            bad += 1
            click.echo(f"tracker extract: line {number}: {exc}", err=True)
            continue
        except Exception as exc:  # one bad document must not stop the batch
            bad += 1
            click.echo(f"tracker extract: line {number}: internal error: {exc!r}", err=True)
            continue
        row = {
            "id": doc["id"],
            "figures": [_figure_json(f) for f in result.figures],
            "record_claim": result.record_claim,
        }
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return bad


def _check_text(raw: bytes, source: str) -> None:
    """An empty or binary input is a usage error, not an empty table with exit 0."""
    if not raw.strip():
        raise UsageError(f"{source}: empty, nothing to extract")
    head = raw[:8192]
    if b"\x00" in head or head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise UsageError(f"{source}: binary content, not an article (give an HTML or text file or URL)")


def _read_source(source: str) -> tuple[str, str | None, str]:
    if source.startswith(("http://", "https://")):
        body, ctype = _fetch(source)
        _check_text(body, source)
        return body.decode("utf-8", errors="replace"), ctype, source
    path = Path(source)
    try:
        raw = path.read_bytes()[:_MAX_BYTES]
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from exc
    _check_text(raw, source)
    return raw.decode("utf-8", errors="replace"), None, str(path)


def _print_table(result: Any, source: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    title = result.title or source
    when = result.published.isoformat() if result.published else "date unknown"
    table = Table(title=f"{title} ({when})", show_lines=True)
    for col in ("series", "period", "US$ m", "quote"):
        table.add_column(col, overflow="fold")
    for f in result.figures:
        value = f"{f.value_usd_millions:g}" + (" (at least)" if f.bound == "lower" else "")
        period = str(f.period) + ("" if f.firm else " (inferred)")  # not a voice for alerts
        table.add_row(f.series.value, period, value, f.quote)
    console.print(table)
    console.print(f"record claim: {'yes' if result.record_claim else 'no'}")


@main.command("extract")
@click.argument("source", required=False)
@click.option("--published", help="Publication date YYYY-MM-DD (default: from the page).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--jsonl", "jsonl", help="Batch: JSONL documents from FILE, or - for stdin.")
def extract_command(source: str | None, published: str | None, as_json: bool, jsonl: str | None) -> None:
    """Print the IT-export figures one news article states (file or URL), or a JSONL batch."""
    if jsonl:
        if source:
            raise UsageError("give either SOURCE or --jsonl, not both")
        if jsonl == "-":
            bad = _batch(sys.stdin, sys.stdout)
        else:
            try:
                with open(jsonl, encoding="utf-8", errors="replace") as fh:
                    bad = _batch(fh, sys.stdout)
            except OSError as exc:
                raise UsageError(f"cannot read {jsonl}: {exc.strerror or exc}") from exc
        if bad:
            sys.exit(1)
        return
    if not source:
        raise UsageError("give a file, a URL, or --jsonl FILE")
    from tracker.extract import extract_html, extract_text

    day = _parse_date(published, "--published")
    body, ctype, name = _read_source(source)
    if _looks_html(body, ctype):
        result = extract_html(body, day, name)
    else:
        result = extract_text(body, day, None, name)
    if as_json:
        payload = {
            "source": name,
            "published": result.published.isoformat() if result.published else None,
            "title": result.title,
            "record_claim": result.record_claim,
            "figures": [_figure_json(f) for f in result.figures],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_table(result, name)
