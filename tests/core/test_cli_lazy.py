"""The CLI loads a command's module only when that command is used (tracker.cli.base)."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click

from tracker.cli.base import COMMAND_MODULES, main


def test_the_lazy_table_names_every_command_and_its_real_module() -> None:
    for module in set(COMMAND_MODULES.values()):
        importlib.import_module(f"tracker.cli.{module}")
    assert set(main.commands) == set(COMMAND_MODULES)
    for name, command in main.commands.items():
        assert command.callback is not None
        assert command.callback.__module__ == f"tracker.cli.{COMMAND_MODULES[name]}", name


def test_help_lists_every_command_and_an_unknown_one_is_a_usage_error() -> None:
    ctx = click.Context(main)
    assert main.list_commands(ctx) == sorted(COMMAND_MODULES)
    assert main.get_command(ctx, "no-such-command") is None


def test_poll_does_not_import_the_backfill_views_or_parser_machinery() -> None:
    code = (
        "import sys; from tracker.cli.base import main; import click; "
        "main.get_command(click.Context(main), 'poll'); "
        "print(sorted(m for m in ('tracker.backfill', 'tracker.views', "
        "'tracker.cli.core', 'feedparser') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
