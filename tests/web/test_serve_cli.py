"""`tracker serve` as a process: loopback by default, one-line errors, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("datasette", reason="tracker[web] (Datasette) is not installed")

from tests.web.conftest import CONFIG, ROOT


def serve(db: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", "--config", str(CONFIG), "--db", str(db), "serve", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
    )


def test_serves_the_home_page_on_loopback_by_default(served: str) -> None:
    assert served.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(served + "/", timeout=10) as r:
        assert r.status == 200 and b"$460M" in r.read()
    with urllib.request.urlopen(served + "/feed.atom", timeout=10) as r:
        assert r.headers["Content-Type"].startswith("application/atom+xml")


def test_port_in_use_is_one_line_exit_2(web_db: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = serve(web_db, "--port", str(port))
    assert result.returncode == 2
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("tracker: error: tracker serve: cannot listen on 127.0.0.1:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--host", "999.1.1.1"], ["--port", "70000"]])
def test_bad_host_or_port_is_one_line_exit_2(web_db: Path, args: list[str]) -> None:
    result = serve(web_db, *args)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(("tracker: error:", "Error: Invalid value")), result.stderr


def test_missing_database_is_not_created(tmp_path: Path) -> None:
    db = tmp_path / "typo.db"
    result = serve(db)
    assert result.returncode == 2
    assert "no such database" in result.stderr and "tracker backfill" in result.stderr
    assert not db.exists()


def test_without_datasette_serve_says_how_to_install_it(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from tracker.cli import main

    monkeypatch.setitem(sys.modules, "datasette", None)  # `import datasette` fails
    monkeypatch.delitem(sys.modules, "tracker.web.app", raising=False)
    result = CliRunner().invoke(main, ["--config", str(CONFIG), "--db", str(web_db), "serve"])
    assert result.exit_code == 2
    assert "tracker serve needs Datasette: pip install 'tracker[web]'" in result.output
