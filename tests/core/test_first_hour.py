"""The rough edges a new user hit in the first hour (issue 14), each reproduced first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from tests.support.daemon import TrackerProcess

from tracker.cli import main
from tracker.cli.base import hoist_global_options

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config" / "tracker.toml"


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("TRACKER_CONFIG", "TRACKER_DB")}
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base, **(env or {})},
        timeout=120,
    )


def cli(*args: str) -> object:
    return CliRunner().invoke(main, ["--config", str(CONFIG), *args])


def test_duplicate_period_in_one_import_file_names_both_lines(tmp_path: Path) -> None:
    f = tmp_path / "dup.csv"
    f.write_text(
        "series,period,value_usd_millions\nit_exports,2026-10,300\nit_exports,2026-10,310\n", encoding="utf-8"
    )
    result = cli("--db", str(tmp_path / "t.db"), "import", str(f))
    assert result.exit_code == 2
    assert "line 3" in result.output and "line 2" in result.output
    assert "300 then 310" in result.output


def test_db_that_is_not_a_database_is_not_called_busy() -> None:
    result = run("--config", str(CONFIG), "--db", "/proc/version", "show")
    assert result.returncode == 2
    assert "busy" not in result.stderr
    assert result.stderr.startswith("tracker: error: /proc/version: cannot use it as a database")


def test_extract_on_a_binary_or_empty_file_is_an_error(tmp_path: Path) -> None:
    binary, empty = tmp_path / "x.bin", tmp_path / "empty.txt"
    binary.write_bytes(b"\x00\x01\x02\xffPK")
    empty.write_bytes(b"")
    for path, words in ((binary, "binary content"), (empty, "empty, nothing to extract")):
        result = run("extract", str(path))
        assert result.returncode == 2, result.stdout
        assert words in result.stderr and "Traceback" not in result.stderr


def test_global_options_after_the_command(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    result = run("status", "--config", str(CONFIG), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert f"database: {db}" in result.stdout
    assert hoist_global_options(["show", "--db=x", "--json", "--", "--db", "y"]) == [
        "--db=x",
        "show",
        "--json",
        "--",
        "--db",
        "y",
    ]


def test_empty_database_says_how_to_load_history(tmp_path: Path) -> None:
    db = str(tmp_path / "typo.db")
    status = cli("--db", db, "status")
    assert "the database is empty; load history with `tracker backfill`" in status.output
    show = run("--config", str(CONFIG), "--db", db, "show")
    assert "tracker backfill" in show.stderr


def test_config_lookup_order_and_the_packaged_default(tmp_path: Path) -> None:
    home, anywhere = tmp_path / "home", tmp_path / "anywhere"
    home.mkdir()
    anywhere.mkdir()
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}
    packaged = run("status", cwd=anywhere, env=env)
    assert packaged.returncode == 0, packaged.stderr
    assert packaged.stdout.splitlines()[0].endswith("tracker/data/tracker.toml")
    user = home / ".config" / "tracker" / "tracker.toml"
    user.parent.mkdir(parents=True)
    user.write_text(CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("status", cwd=anywhere, env=env).stdout.splitlines()[0] == f"config: {user}"
    init = run("init", cwd=anywhere, env=env)
    assert init.returncode == 0, init.stderr
    assert (anywhere / "tracker.env").stat().st_mode & 0o077 == 0
    local = run("status", cwd=anywhere, env=env)
    assert local.stdout.splitlines()[0] == "config: config/tracker.toml"
    explicit = run("status", cwd=anywhere, env={**env, "TRACKER_CONFIG": str(user)})
    assert explicit.stdout.splitlines()[0] == f"config: {user}"
    again = run("init", cwd=anywhere, env=env)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_the_packaged_config_and_env_template_are_the_repository_ones() -> None:
    data = ROOT / "src" / "tracker" / "data"
    assert (data / "tracker.toml").read_bytes() == CONFIG.read_bytes()
    assert (data / "tracker.env.example").read_bytes() == (ROOT / "tracker.env.example").read_bytes()


def _one_line_exit_2(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tracker: error:") and words in lines[0], lines


def test_run_with_the_health_port_taken_is_one_line_before_any_work(tmp_path: Path) -> None:
    import socket

    db = tmp_path / "t.db"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run("--config", str(CONFIG), "--db", str(db), "run", "--health-port", str(port))
    _one_line_exit_2(result, f"cannot listen on 127.0.0.1:{port}")
    assert not db.exists()  # the bundled history was not loaded first


def test_run_with_a_bad_health_host_or_port_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    host = run("--config", str(CONFIG), "--db", str(db), "run", "--health-host", "999.1.1.1")
    _one_line_exit_2(host, "host '999.1.1.1' is not an address")
    cfg = tmp_path / "tracker.toml"
    text = CONFIG.read_text(encoding="utf-8")
    assert "health_port = 9311" in text
    cfg.write_text(text.replace("health_port = 9311", "health_port = 70000"), encoding="utf-8")
    port = run("--config", str(cfg), "--db", str(db), "run")
    _one_line_exit_2(port, "port 70000 is not in 0..65535")


def test_log_json_is_json_from_the_first_line_and_third_party_info_is_quiet(tmp_path: Path) -> None:
    import json

    proc = TrackerProcess(
        CONFIG,
        tmp_path / "t.db",
        "run",
        "--log-json",
        "--health-port",
        "0",
        cwd=ROOT,
        env={"TRACKER_CONFIG": None, "TRACKER_DB": None},
    )
    try:
        proc.wait_for_line("tracker daemon started", 60)
    finally:
        proc.stop(60)
    lines: list[dict[str, str]] = []
    for raw in proc.output().splitlines():
        lines.append(json.loads(raw))  # a plain-text line fails here
        if "tracker daemon started" in lines[-1]["message"]:
            break
    assert lines[0]["message"] == "loaded the bundled history into an empty database"
    assert not [x for x in lines if x["logger"].startswith("apscheduler")]


def test_a_skipped_source_says_why(tmp_path: Path) -> None:
    result = run(
        "--config",
        str(CONFIG),
        "--db",
        str(tmp_path / "t.db"),
        "poll",
        "sbp-easydata",
        env={"SBP_EASYDATA_API_KEY": ""},
    )
    assert "sbp-easydata: skipped" in result.stdout
    assert "SBP_EASYDATA_API_KEY is not set" in result.stdout


def test_show_vintages_keeps_every_column_whole_at_80_columns(tmp_path: Path) -> None:
    f = tmp_path / "a-rather-long-import-file-name-for-the-record.csv"
    f.write_text(
        "series,period,value_usd_millions,authority,status\nit_exports,2026-09,405,official,P\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "t.db")
    assert cli("--db", db, "import", str(f)).exit_code == 0
    out = (
        CliRunner()
        .invoke(
            main,
            ["--config", str(CONFIG), "--db", db, "show", "--vintages", "2026-09"],
            env={"COLUMNS": "80"},
        )
        .output
    )
    assert max(len(line) for line in out.splitlines()) <= 80
    rows = [line for line in out.splitlines() if line.startswith("│")]
    document = "".join(line.split("│")[-2].strip() for line in rows)  # the last column
    assert document == f"file:{f}" and "…" not in out


def test_db_help_says_tracker_db_wins_over_the_config(tmp_path: Path) -> None:
    help_text = " ".join(CliRunner().invoke(main, ["--help"]).output.split())
    assert "default: $TRACKER_DB, else the config's database.path" in help_text
    env_db = tmp_path / "env.db"
    result = CliRunner().invoke(main, ["--config", str(CONFIG), "status"], env={"TRACKER_DB": str(env_db)})
    assert result.exit_code == 0, result.output
    assert f"database: {env_db}" in result.output
