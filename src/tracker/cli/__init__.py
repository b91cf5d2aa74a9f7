"""The `tracker` command: thin click commands over the library.

Each command group lives in its own module and registers itself on `main` when imported;
`main` imports a module the first time one of its commands is needed (base.COMMAND_MODULES).
Errors from the tracker exception tree become one line on stderr and their exit code.
"""

from __future__ import annotations

from tracker.cli.base import entry, main

__all__ = ["entry", "main"]
