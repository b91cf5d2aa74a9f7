"""`tracker extract`: figures from one article or a JSONL batch (news extraction issue)."""

from __future__ import annotations
