"""`tracker alerts ...`: test a channel, list, retry and send the outbox."""

from __future__ import annotations

import uuid
from typing import Any

import click
from rich.table import Table

from tracker.cli.base import AppContext, main, pass_app
from tracker.cli.output import console, echo_json, minute, short, unrouted_counts, unrouted_line
from tracker.errors import ConfigError, TrackerError


@main.group()
def alerts() -> None:
    """Alert channels and the outbox."""


@alerts.command("test")
@click.argument("channel", required=False)
@pass_app
def test_(app: AppContext, channel: str | None) -> None:
    """Send a clearly marked TEST message to CHANNEL (default: every active channel)."""
    from tracker.deliver import load_templates, make_test_message, render
    from tracker.deliver.senders import build_channel

    chosen = [c for c in app.config.channels if channel in (None, c.name)]
    if channel and not chosen:
        raise ConfigError(
            f"no channel named {channel!r} (known: {', '.join(c.name for c in app.config.channels)})"
        )
    failed = False
    for cfg in chosen:
        if not cfg.is_active():
            why = ", ".join(cfg.missing_secrets()) or "enabled = false"
            click.echo(f"{cfg.name}: skipped (inactive: {why})")
            failed = failed or channel is not None
            continue
        try:  # a channel's config error is reported for it, and the others are still tried
            rendered = render(make_test_message(), load_templates(cfg.templates or None))
            # a unique key: receivers deduplicate on webhook-id, and a test must arrive
            build_channel(cfg).send(rendered, f"test-{uuid.uuid4().hex}")
        except TrackerError as exc:
            click.echo(f"{cfg.name}: FAILED: {exc}")
            failed = True
            continue
        click.echo(f"{cfg.name}: sent")
    if failed:
        raise click.exceptions.Exit(1)


@alerts.command("list")
@click.option("--status", type=click.Choice(["pending", "sent", "dead"]), help="Only these.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_app
def list_(app: AppContext, status: str | None, as_json: bool) -> None:
    """The outbox: one row per event per channel."""
    from tracker.views import outbox_rows

    rows = outbox_rows(app.store, status)
    if as_json:
        echo_json(rows)
        return
    if status in (None, "pending") and (line := unrouted_line(unrouted_counts(app))):
        click.echo(line)
    console().print(_outbox_table(rows))


def _outbox_table(rows: list[dict[str, Any]]) -> Table:
    """Short fixed columns stay on one line; the event and the error wrap, never cut off,
    so the table stays readable when piped (80 columns)."""
    table = Table(title="outbox", title_justify="left", expand=True)
    for name in ("id", "channel", "status", "tries"):
        table.add_column(name, no_wrap=True)
    table.add_column("event", overflow="fold", ratio=2)
    table.add_column("when (UTC)", overflow="fold", ratio=1, min_width=16)
    table.add_column("last error", overflow="fold", ratio=3)
    for r in rows:
        when = minute(r["sent_at"]) if r["status"] == "sent" else minute(r["next_attempt_at"])
        table.add_row(
            str(r["id"]),
            r["channel"],
            r["status"],
            str(r["attempts"]),
            _event_text(r),
            ("sent " if r["status"] == "sent" else "next ") + when,
            short(r["last_error"], 120),
        )
    return table


def _event_text(r: dict[str, object]) -> str:
    value = r["value_usd_millions"]
    money = f"${value:g}M" if isinstance(value, int | float) else ""
    return " ".join(str(x) for x in (r["kind"], r["rule"], r["period"] or "", money) if x)


@alerts.command()
@click.argument("outbox_id", type=int)
@pass_app
def retry(app: AppContext, outbox_id: int) -> None:
    """Make a dead or pending outbox row due now and try to send it once (with the unsent
    rows of the same release on the same channel: they were one message)."""
    from tracker.deliver.leases import requeue
    from tracker.deliver.senders import make_sender
    from tracker.store import utcnow

    store = app.store
    sender = make_sender(app.config, app.database_path)  # config problems surface before any change
    ids = requeue(store, outbox_id, utcnow())
    report = sender.send_due(only_ids=tuple(ids))
    click.echo(f"sent {report.sent}, failed {report.failed + report.dead}")
    for e in report.errors:
        click.echo(f"  {e}")
    if report.sent == 0:
        raise click.exceptions.Exit(1)


@alerts.command()
@pass_app
def send(app: AppContext) -> None:
    """Deliver every due outbox row now."""
    from tracker.deliver.senders import make_sender

    app.store  # noqa: B018  (opens and migrates the database first)
    report = make_sender(app.config, app.database_path).send_due()
    click.echo(f"sent {report.sent}, failed {report.failed}, dead {report.dead}")
    for e in report.errors:
        click.echo(f"  {e}")
    if report.failed or report.dead:
        raise click.exceptions.Exit(1)
