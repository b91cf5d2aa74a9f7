"""The `tracker` command: thin click commands over the library.

Each command group lives in its own module and registers itself on `main` when imported
below. Errors from the tracker exception tree become one line on stderr and their exit code.
"""

from __future__ import annotations

from tracker.cli import alerts as _alerts  # noqa: F401  (alerts ...)
from tracker.cli import backfill as _backfill  # noqa: F401  (backfill, reparse)

# Command modules: importing registers their commands on `main`.
from tracker.cli import core as _core  # noqa: F401  (status, show, import, records, run...)
from tracker.cli import daemon as _daemon  # noqa: F401  (run, poll)
from tracker.cli import export as _export  # noqa: F401  (export, chart)
from tracker.cli import extract as _extract  # noqa: F401
from tracker.cli.base import main

__all__ = ["main"]
