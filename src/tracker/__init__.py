"""tracker: Pakistan's monthly IT exports (SBP ICT credit), every vintage, record alerts."""

from __future__ import annotations

__version__ = "0.1.0"
