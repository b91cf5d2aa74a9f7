"""`tracker run` (the daemon) and `tracker poll` (one cycle now)."""

from __future__ import annotations

import logging

import click

from tracker.cli.base import AppContext, ensure_history, main, pass_app
from tracker.errors import ConfigError
from tracker.poll import poll_by_host
from tracker.poll_outcome import poll_error_line
from tracker.runtime import build_poller, setup_logging


@main.command()
@click.option("--log-json", is_flag=True, help="Log JSON lines to stderr.")
@click.option("--no-health", is_flag=True, help="Do not serve /healthz and /metrics.")
@click.option("--health-port", type=int, help="Override daemon.health_port (0: any free port).")
@click.option(
    "--health-host",
    envvar="TRACKER_HEALTH_HOST",
    help="Override daemon.health_host (0.0.0.0 in a container), or $TRACKER_HEALTH_HOST.",
)
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
@pass_app
def run(
    app: AppContext,
    log_json: bool,
    no_health: bool,
    health_port: int | None,
    health_host: str | None,
    verbose: bool,
) -> None:
    """Run the polling daemon in the foreground until SIGTERM/SIGINT."""
    from msgspec.structs import replace

    from tracker.daemon import Daemon

    setup_logging(json_logs=log_json, verbose=verbose)
    config = app.config
    if health_port is not None:
        config = replace(config, daemon=replace(config.daemon, health_port=health_port))
    if health_host:
        config = replace(config, daemon=replace(config.daemon, health_host=health_host))
    want_health = config.daemon.health_enabled and not no_health
    if want_health:  # one line before any work, not a traceback after loading the history
        from tracker.listen import check_can_listen

        check_can_listen(
            config.daemon.health_host,
            config.daemon.health_port,
            "health endpoint (daemon.health_host/health_port)",
        )
    if ensure_history(app):  # logged, so that --log-json is JSON from the first line
        logging.getLogger("tracker.cli").info("loaded the bundled history into an empty database")
    db_path = app.database_path
    app.store.close()
    from tracker.deliver.senders import make_sender
    from tracker.runtime import Shutdown

    shutdown = Shutdown()
    poller = build_poller(config, db_path, shutdown=shutdown)
    sender = make_sender(config, db_path)  # broken templates fail here, at start-up
    daemon = Daemon(
        config=config,
        db_path=db_path,
        poller=poller,
        send_outbox=sender,
        health=want_health,
        shutdown=shutdown,
    )
    try:
        daemon.run()
    finally:
        poller.client.close()


@main.command()
@click.argument("sources", nargs=-1)
@pass_app
def poll(app: AppContext, sources: tuple[str, ...]) -> None:
    """Poll SOURCES (default: every enabled source) once now; exit 1 if any failed."""
    setup_logging()
    config = app.config
    chosen = [config.source(n) for n in sources] if sources else [s for s in config.sources if s.enabled]
    if not chosen:
        raise ConfigError("no enabled source to poll")
    ensure_history(app)
    # Unchanged sources' bookkeeping is written in batches: one commit per 256, not per source.
    poller = build_poller(config, app.database_path, batch_successes=256)
    try:
        outcomes = poll_by_host(poller, chosen)
    finally:
        poller.flush()
        poller.client.close()
    click.echo("\n".join(poll_error_line(o) for o in outcomes))  # one write, not one per source
    if any(o.failed for o in outcomes):
        raise click.exceptions.Exit(1)
