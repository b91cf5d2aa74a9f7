"""The root click group, global options and the error boundary shared by every command."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tracker import __version__
from tracker.errors import TrackerError

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.store import Store

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class AppContext:
    """What every command may need, loaded lazily so `--help` never touches files."""

    config_path: Path | None
    db_path: Path | None
    _config: Config | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            from tracker.config import load_config
            from tracker.configfile import find_config

            self._config = load_config(find_config(self.config_path))
        return self._config

    @property
    def database_path(self) -> Path:
        """--db (or $TRACKER_DB), else the config's database.path."""
        return self.db_path or self.config.database.path

    @property
    def store(self) -> Store:
        if self._store is None:
            from tracker.store import Store

            self._store = Store.open(self.database_path)
        return self._store


# Command name -> the tracker.cli module that defines it. A command's module is imported
# only when that command runs (or help lists it): `tracker poll` skips the views, the tables
# and the backfill machinery, a visible share of a short command's run time.
COMMAND_MODULES = {
    "alerts": "alerts",
    "backfill": "backfill",
    "chart": "export",
    "export": "export",
    "extract": "extract",
    "import": "core",
    "init": "core",
    "poll": "daemon",
    "records": "core",
    "replay": "replay",
    "reparse": "backfill",
    "run": "daemon",
    "serve": "web",
    "show": "core",
    "status": "core",
}


GLOBAL_OPTIONS = ("--config", "--db")


def hoist_global_options(args: list[str]) -> list[str]:
    """Move `--config X` / `--db X` (or `--db=X`) given after the command in front of it, so
    `tracker status --db X` means `tracker --db X status`. Nothing after `--` moves."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            rest.extend(args[i:])
            break
        if a in GLOBAL_OPTIONS and i + 1 < len(args):
            front += args[i : i + 2]
            i += 2
            continue
        if a.startswith(tuple(f"{o}=" for o in GLOBAL_OPTIONS)):
            front.append(a)
        else:
            rest.append(a)
        i += 1
    return front + rest


class TrackerGroup(click.Group):
    """A group whose commands report TrackerError as one line and its exit code, and whose
    command modules load on first use (see COMMAND_MODULES)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(f"tracker.cli.{COMMAND_MODULES[cmd_name]}")
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            click.echo(f"tracker: error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=TrackerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="TRACKER_CONFIG",
    help="Config file (default: $TRACKER_CONFIG, ./config/tracker.toml, "
    "~/.config/tracker/tracker.toml, then the packaged default).",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="TRACKER_DB",
    help="SQLite database (default: $TRACKER_DB, else the config's database.path).",
)
@click.version_option(__version__, prog_name="tracker")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, db_path: Path | None) -> None:
    """Track Pakistan's monthly IT exports and alert when a record falls."""
    ctx.obj = AppContext(config_path=config_path, db_path=db_path)


pass_app = click.make_pass_decorator(AppContext)


def entry() -> None:
    """The `tracker` console script and `python -m tracker`: main() in a process of its own."""
    main()


def ensure_history(app: AppContext) -> bool:
    """Load the bundled history into an empty database; True if it did."""
    store = app.store
    if store.has_source_documents("bundled"):
        return False
    from tracker.backfill import load_bundled  # only an empty database pays for this import
    from tracker.ingest import IngestSettings

    load_bundled(store, IngestSettings.from_config(app.config))
    return True
