"""The one wrapper for `tracker` as a subprocess: the daemon, a backfill, `serve`.

Output (stdout and stderr) goes to a log file, never a pipe: a pipe nobody reads fills up and
blocks the process. Restarts may share a log; `output()` is what this process wrote.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from tests.support.ports import free_port
from tests.support.wait import wait_until


class TrackerProcess:
    """`python -m tracker [--config CFG] --db DB ARGS...` started at once, with `env` added to
    the environment (a None value removes the variable); the log defaults to a new file beside
    the database."""

    def __init__(
        self,
        config: Path | None,
        db: Path,
        *args: str,
        log: Path | None = None,
        env: Mapping[str, str | None] | None = None,
        cwd: Path | None = None,
    ) -> None:
        if log is None:
            command = args[0] if args else "cli"
            fd, name = tempfile.mkstemp(prefix=f"tracker-{command}-", suffix=".log", dir=db.parent)
            os.close(fd)
            log = Path(name)
        self.log = log
        self.start_offset = log.stat().st_size if log.exists() else 0
        options = ["--config", str(config)] if config else []
        environment = {**os.environ, **(env or {})}
        with log.open("a") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "tracker", *options, "--db", str(db), *args],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={k: v for k, v in environment.items() if v is not None},
                cwd=cwd,
            )

    def output(self) -> str:
        """What this process logged so far (not earlier runs on the same log)."""
        return self.log.read_bytes()[self.start_offset :].decode(errors="replace")

    def wait_for_line(self, text: str, timeout: float = 30) -> str:
        """Wait until `text` appears in the output; fail early (with the output) if the process
        ends without writing it."""

        def seen() -> bool:
            if text in self.output():
                return True
            if self.proc.poll() is not None:
                raise AssertionError(f"exited {self.proc.returncode} before {text!r}:\n{self.output()}")
            return False

        wait_until(seen, repr(text), timeout)
        return self.output()

    def wait_listening(self, port: int, timeout: float = 30) -> None:
        """Wait until something accepts connections on 127.0.0.1:`port`; fail early (with the
        output) if the process ends first."""

        def listening() -> bool:
            if self.proc.poll() is not None:
                raise AssertionError(f"exited {self.proc.returncode}:\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return True
            except OSError:
                return False

        wait_until(listening, f"something listening on port {port}", timeout)

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    @property
    def returncode(self) -> int | None:
        return self.proc.returncode

    def signal(self, sig: signal.Signals) -> None:
        if self.running:
            self.proc.send_signal(sig)

    def wait(self, timeout: float = 30) -> int:
        """The exit code, once the process ends by itself."""
        return self.proc.wait(timeout)

    def finish(self, timeout: float = 120) -> str:
        """Wait for the process to end by itself; its output (the exit code is `returncode`)."""
        self.proc.wait(timeout)
        return self.output()

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM (the clean shutdown), then the exit code."""
        self.signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def kill9(self) -> None:
        """SIGKILL: no shutdown code runs, exactly like a crash or the OOM killer."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def close(self) -> None:
        """Kill it if it is still running (fixture teardown)."""
        if self.running:
            self.proc.kill()
            self.proc.wait(10)


class Daemon(TrackerProcess):
    """`tracker run`: without the health server, or with it on a free port (`health_port`)."""

    def __init__(
        self,
        config: Path,
        db: Path,
        *extra: str,
        health: bool = False,
        log: Path | None = None,
        env: Mapping[str, str | None] | None = None,
    ) -> None:
        self.health_port = free_port() if health else None
        options = ["--health-port", str(self.health_port)] if health else ["--no-health"]
        super().__init__(config, db, "run", *options, *extra, log=log, env=env)
