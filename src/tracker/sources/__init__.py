"""Source kinds: each turns a fetched document into Figures (pure, no I/O)."""

from __future__ import annotations
