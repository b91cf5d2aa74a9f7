"""`tracker serve`: the read-only front page and Datasette over the database."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.cli.base import AppContext, main, pass_app
from tracker.errors import UsageError
from tracker.listen import bind

INSTALL_HINT = "tracker serve needs Datasette: pip install 'tracker[web]'"


@main.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 exposes the page to the network).",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on."
)
@click.option(
    "--metadata",
    "metadata_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Datasette metadata (titles, column descriptions); default: ./metadata.yml if present.",
)
@pass_app
def serve(app: AppContext, host: str, port: int, metadata_file: Path | None) -> None:
    """Serve the front page, the Atom feed and Datasette (read-only; the daemon may keep writing)."""
    try:
        import uvicorn

        from tracker.web.app import WebSettings, check_database, load_metadata, make_datasette
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    path = app.database_path
    check_database(path)
    d = app.config.daemon
    if metadata_file is None and Path("metadata.yml").is_file():
        metadata_file = Path("metadata.yml")
    meta = load_metadata(metadata_file, path) if metadata_file else None
    ds = make_datasette(
        path, WebSettings(d.timezone, d.release_day_first, d.release_day_last, d.release_window_minutes), meta
    )
    sock = bind(host, port, "tracker serve")
    real_port = sock.getsockname()[1]
    click.echo(f"tracker: serving {path} on http://{host}:{real_port}/ (Ctrl-C stops)", err=True)
    server = uvicorn.Server(uvicorn.Config(ds.app(), log_level="warning", lifespan="off"))
    server.run(sockets=[sock])
