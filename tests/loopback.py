"""The loopback server under its old name, for bench/ (tests import tests.support.http)."""

from __future__ import annotations

from tests.support.http import LoopbackServer, reply

__all__ = ["LoopbackServer", "reply"]
