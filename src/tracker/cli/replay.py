"""`tracker replay`: what the pipeline would have sent for a set of articles (a backtest)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import click

from tracker.cli.base import AppContext, main, pass_app
from tracker.errors import UsageError


@main.command("replay")
@click.argument("documents", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--history", is_flag=True, help="Load the bundled history first.")
@click.option(
    "--history-timeline",
    is_flag=True,
    help="Release each bundled month at its publication date, between the articles, "
    "as SBP did (a backtest of both sides).",
)
@click.option(
    "--lag-hours",
    type=click.FloatRange(min=0),
    default=6.0,
    show_default=True,
    help="Fetch lag: each document is ingested this long after its publication.",
)
@click.option("--json-series", is_flag=True, help="Also print the final canonical series.")
@pass_app
def replay_command(
    app: AppContext,
    documents: Path,
    history: bool,
    history_timeline: bool,
    lag_hours: float,
    json_series: bool,
) -> None:
    """Ingest DOCUMENTS (JSONL: id, url, published, title, text|html) in publication order.

    Prints one JSON line per event that would have been sent (to a reader who opted into
    everything) and per held candidate, then a summary line. The database is a fresh
    in-memory one unless --db is given.
    """
    from tracker.backfill import load_bundled
    from tracker.importer import bundled_history
    from tracker.ingest import IngestSettings
    from tracker.replay import final_series, read_documents, replay
    from tracker.store import Store

    try:
        with documents.open(encoding="utf-8", errors="replace") as fh:
            docs = read_documents(fh)
    except OSError as exc:
        raise UsageError(f"{documents}: cannot read: {exc.strerror or exc}") from None
    except UsageError as exc:
        raise UsageError(f"{documents}: {exc}") from None
    store = app.store if app.db_path is not None else Store.memory()
    settings = IngestSettings.from_config(app.config)
    if history and history_timeline:
        raise UsageError("give --history or --history-timeline, not both")
    if history:
        load_bundled(store, settings)
    timeline = bundled_history() if history_timeline else ()
    for line in replay(store, docs, settings, lag=timedelta(hours=lag_hours), timeline=timeline):
        click.echo(json.dumps(line, ensure_ascii=False))
    if json_series:
        click.echo(json.dumps({"series": final_series(store)}, ensure_ascii=False))
