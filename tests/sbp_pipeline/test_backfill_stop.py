"""Ctrl-C during `tracker backfill` while a source is backing off: it stops at once (the
retry wait is woken), the item is not counted as failed, and the next run resumes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.sbp_pipeline.conftest import SbpSite, file_source
from tests.sbp_pipeline.test_backfill import backfill
from tests.support.http import hold, page
from tests.support.wait import wait_until

XLS = "/ecodata/dt.xls"
# Retries with backoff: without the fix, SIGINT waited for every retry of the item in flight.
HTTP = """
[http]
min_host_interval_seconds = 0
max_retries = 4
connect_timeout_seconds = 5
read_timeout_seconds = 20
deadline_seconds = 120
"""


def test_sigint_wakes_a_retry_wait_and_the_item_is_not_failed(tmp_path: Path, sbp_site: SbpSite) -> None:
    sbp_site.put(XLS, b"busy", "text/plain", status=503, headers={"Retry-After": "30"})
    cfg = tmp_path / "tracker.toml"
    cfg.write_text(HTTP + file_source("sbp-ebops-xls", "sbp_ebops_xls", sbp_site.base + XLS))
    proc = backfill(cfg, tmp_path / "t.db", "--source", "sbp-ebops-xls")
    try:
        wait_until(lambda: sbp_site.count(XLS) >= 1, "the first request answered 503", 30)
        proc.signal(signal.SIGINT)
        proc.wait(20)  # far less than the 30 s Retry-After it would otherwise honour
    finally:
        proc.close()
    out = proc.output()
    assert proc.returncode == 130, out
    assert sbp_site.count(XLS) == 1  # no retry after the signal
    assert "failed:" not in out and "interrupted after 0 of 1 items" in out


def test_the_progress_bar_names_the_item_being_fetched_and_failures_have_no_code_link(
    tmp_path: Path, sbp_site: SbpSite
) -> None:
    import pty
    import select
    import time

    sbp_site.put("/missing.xls", b"gone", "text/plain", status=404)
    sbp_site.set("/slow.pdf", hold(page(b"%PDF-1.4 nothing", "application/pdf")))
    cfg = tmp_path / "tracker.toml"
    cfg.write_text(
        HTTP.replace("max_retries = 4", "max_retries = 0")
        + file_source("first-xls", "sbp_ebops_xls", sbp_site.base + "/missing.xls")
        + file_source("second-pdf", "sbp_headline_pdf", sbp_site.base + "/slow.pdf")
    )
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tracker",
            "--config",
            str(cfg),
            "--db",
            str(tmp_path / "t.db"),
            "backfill",
            "--source",
            "first-xls",
            "--source",
            "second-pdf",
        ],
        stdout=follower,
        stderr=follower,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "COLUMNS": "200", "TERM": "xterm"},
    )
    os.close(follower)
    screen = bytearray()

    def read_for(seconds: float, until: bytes | None = None) -> None:
        """Collect the terminal's output for a bounded time (or until `until` appears)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not (until and until in screen):
            try:
                if select.select([leader], [], [], 0.2)[0]:
                    screen.extend(os.read(leader, 65536))
            except OSError:  # the process ended and closed the terminal
                return

    try:
        wait_until(lambda: sbp_site.count("/slow.pdf") >= 1, "the second item in flight", 30)
        read_for(10, until=b"failed: first-xls")
        read_for(1)  # a few redraws of the bar (about ten a second) while the gate holds
        assert proc.poll() is None, "the second item should still be in flight"
        while_gated = bytes(screen).decode("utf-8", "replace")
    finally:
        sbp_site.release.set()
        proc.wait(timeout=60)
        read_for(1)
        os.close(leader)
    failure = next(line for line in while_gated.splitlines() if "failed: first-xls" in line)
    assert "backfill.py" not in failure, failure  # no backfill.py:112 link
    bar = while_gated.split("failed: first-xls", 1)[1]  # redraws while the gate holds
    assert "second-pdf" in bar, bar[-500:]  # the bar names the item in flight
