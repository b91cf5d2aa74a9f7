"""Core commands: status, show, import, records, run (filled in by the foundation)."""

from __future__ import annotations
