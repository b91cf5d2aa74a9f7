"""`tracker backfill` (history from every reachable source) and `tracker reparse`."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from tracker.backfill import Backfill, parse_since
from tracker.backfill_plan import BackfillItem, BackfillReport, ItemOutcome
from tracker.cli.base import AppContext, main, pass_app
from tracker.ingest import IngestSettings

if TYPE_CHECKING:
    from tracker.runtime import Shutdown

EXIT_INTERRUPTED = 130


@contextmanager
def _graceful_stop(console: Console, shutdown: Shutdown) -> Iterator[threading.Event]:
    """First SIGINT/SIGTERM: finish the request in flight, wake any retry or pacing wait
    (that item is retried by the next run), then stop. A second one aborts."""
    stop = threading.Event()

    def handler(signum: int, frame: Any) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        shutdown.set()
        console.print(
            f"{signal.Signals(signum).name}: finishing the current item, then stopping (again to abort)"
        )

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _summary(report: BackfillReport) -> Table:
    t = Table(title="backfill summary", title_justify="left")
    for c in ("source", "new", "unchanged", "revised", "failed"):
        t.add_column(c, justify="left" if c == "source" else "right")
    for name, tally in report.tallies.items():
        t.add_row(name, str(tally.new), str(tally.unchanged), str(tally.revised), str(tally.failed))
    return t


def _counts(report: BackfillReport) -> str:
    ts = report.tallies.values()
    return (
        f"new {sum(t.new for t in ts)}, unchanged {sum(t.unchanged for t in ts)}, "
        f"failed {sum(t.failed for t in ts)}"
    )


@main.command()
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="NAME",
    help="Only this source (repeatable); 'bundled' is the shipped history.",
)
@click.option("--since", metavar="YYYY-MM", help="Earliest month (default: 2005-07, EasyData's start).")
@click.option("--dry-run", is_flag=True, help="Print the plan only.")
@click.option(
    "--progress-every",
    type=click.IntRange(min=1),
    default=25,
    show_default=True,
    help="Without a terminal, print a progress line every N items.",
)
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="At most this many listing pages per news archive.",
)
@pass_app
def backfill(
    app: AppContext,
    sources: tuple[str, ...],
    since: str | None,
    dry_run: bool,
    progress_every: int,
    max_pages: int,
) -> None:
    """Load history: the bundled series, then every official source it can reach (EasyData's
    full history when its API key is set, the current SBP files), then news archives.
    Resumable (Ctrl-C finishes the item in flight) and idempotent; never alerts."""
    from tracker.runtime import Shutdown, build_client

    console = Console(highlight=False, soft_wrap=True)
    store = app.store
    shutdown = Shutdown()
    client = build_client(app.config, shutdown, abort_requests=False)  # 1st Ctrl-C: finish it
    job = Backfill(
        store, app.config, client, IngestSettings.from_config(app.config), max_news_pages=max_pages
    )
    try:
        plan = job.plan(list(sources) or None, parse_since(since))
        for line in plan.lines():
            console.print(line)
        if dry_run:
            return
        with _graceful_stop(console, shutdown) as stop:
            report = _run(job, plan, console, progress_every, stop)
    finally:
        client.close()
    console.print(_summary(report))
    if report.interrupted:
        console.print(
            f"interrupted after {report.done} of {report.total} items; run the same command again to resume"
        )
    if report.failed:
        raise click.exceptions.Exit(1)
    if report.interrupted:
        raise click.exceptions.Exit(EXIT_INTERRUPTED)


def _run(job: Backfill, plan: Any, console: Console, every: int, stop: threading.Event) -> BackfillReport:
    def log_failure(item: BackfillItem, outcome: ItemOutcome, out: Any) -> None:
        if outcome.status == "failed":
            out(f"failed: {item.source} {item.label}: {outcome.error}")

    if console.is_terminal:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
        ) as progress:
            items = plan.items()
            first = f"{items[0].source} {items[0].label}" if items else "backfill"
            task = progress.add_task(first, total=len(items), counts="")

            def on_item(report: BackfillReport, item: BackfillItem, outcome: ItemOutcome) -> None:
                # print, not log: log() adds the caller's file:line to every failure line
                log_failure(item, outcome, progress.console.print)
                following = items[report.done] if report.done < len(items) else item
                # the bar names the item being fetched now, not the one just finished
                progress.update(
                    task,
                    advance=1,
                    counts=_counts(report),
                    description=f"{following.source} {following.label}",
                )

            return job.run(plan, should_stop=stop.is_set, on_item=on_item)

    def on_plain(report: BackfillReport, item: BackfillItem, outcome: ItemOutcome) -> None:
        log_failure(item, outcome, console.print)
        if report.done % every == 0 or report.done == report.total:
            console.print(
                f"progress: {report.done}/{report.total} items ({_counts(report)}); "
                f"last: {item.source} {item.label} {outcome.status}"
            )

    return job.run(plan, should_stop=stop.is_set, on_item=on_plain)


@main.command()
@click.option("--source", metavar="NAME", help="Only documents of this source.")
@pass_app
def reparse(app: AppContext, source: str | None) -> None:
    """Re-run the current parsers over every stored raw document and ingest what they find."""
    from tracker.reparse import reparse as run_reparse

    stats = run_reparse(app.store, IngestSettings.from_config(app.config), source)
    t = Table(title="reparse", title_justify="left")
    for c in (
        "source",
        "documents",
        "figures before",
        "figures after",
        "new observations",
        "canonical changes",
        "failed",
    ):
        t.add_column(c, justify="left" if c == "source" else "right")
    for s in stats:
        t.add_row(
            s.source,
            str(s.documents),
            str(s.figures_before),
            str(s.figures_after),
            str(s.new_observations),
            str(s.canonical_changes),
            str(s.failed),
        )
    Console(highlight=False, soft_wrap=True).print(t)
    if any(s.failed for s in stats):
        raise click.exceptions.Exit(1)
