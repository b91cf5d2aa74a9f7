"""free_port: a loopback port for servers that cannot bind port 0 or must keep theirs."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A port nothing listens on right now on 127.0.0.1 (aiosmtpd cannot start on port 0; a
    receiver or mailbox taken down and brought back must come back on the same port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
