"""`python -m tracker` is the `tracker` command."""

from __future__ import annotations

from tracker.cli import entry

entry()
