"""Source kinds: the parsers that turn a fetched document into Figures (pure, no I/O), and in
`kinds/` one class per kind that says how it is fetched, followed and backfilled (through the
fetch seam and the ingest path it is given, never its own)."""

from __future__ import annotations
