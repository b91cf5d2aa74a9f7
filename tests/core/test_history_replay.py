"""The foundation's acceptance tests: replaying reported history through `tracker import`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import main

EXPECTED_ATH_FROM_2022 = [
    "2022-03",
    "2023-12",
    "2024-03",
    "2024-04",
    "2024-05",
    "2024-12",
    "2025-07",
    "2025-09",
    "2025-10",
    "2025-12",
]


def _write_month(path: Path, month: str, value: float) -> None:
    path.write_text(f"series,period,value_usd_millions\nit_exports,{month},{value}\n")


def _ath(db: Path) -> list[str]:
    import json

    out = CliRunner().invoke(main, ["--db", str(db), "records", "--json"])
    assert out.exit_code == 0, out.output
    return [
        r["period"] for r in json.loads(out.output) if r["rule"] == "all_time_high" and r["kind"] != "held"
    ]


def _held(db: Path) -> dict[str, str]:
    import json

    out = CliRunner().invoke(main, ["--db", str(db), "records", "--json"])
    return {
        r["period"]: r["reason"]
        for r in json.loads(out.output)
        if r["rule"] == "all_time_high" and r["kind"] == "held"
    }


# The reported history has no value for September 2023 or January 2025: the records after
# those gaps cannot be verified from it alone and are held, with the gap as the reason.
HELD_FOR_GAPS = {"2023-12": "September 2023", "2025-07": "January 2025"}
EXPECTED_FROM_REPORTED = [p for p in EXPECTED_ATH_FROM_2022 if p not in HELD_FOR_GAPS]


def _assert_gaps_hold(db: Path) -> None:
    held = _held(db)
    for period, gap in HELD_FOR_GAPS.items():
        assert gap in held[period], held


def test_month_by_month_replay_finds_exactly_the_known_records(
    tmp_path: Path, reported_history: list[tuple[str, float]]
) -> None:
    db = tmp_path / "t.db"
    runner = CliRunner()
    for month, value in reported_history:
        f = tmp_path / f"{month}.csv"
        _write_month(f, month, value)
        result = runner.invoke(main, ["--db", str(db), "import", str(f)])
        assert result.exit_code == 0, result.output
    found = _ath(db)
    assert [p for p in found if p >= "2022-01"] == EXPECTED_FROM_REPORTED
    _assert_gaps_hold(db)
    events_before = len(CliRunner().invoke(main, ["--db", str(db), "records", "--json"]).output)
    for month, _ in reported_history:  # re-running the import adds nothing
        result = runner.invoke(main, ["--db", str(db), "import", str(tmp_path / f"{month}.csv")])
        assert "0 events" in result.output
    assert len(CliRunner().invoke(main, ["--db", str(db), "records", "--json"]).output) == events_before


def test_whole_file_import_agrees_with_month_by_month(
    tmp_path: Path, reported_history: list[tuple[str, float]]
) -> None:
    f = tmp_path / "all.csv"
    f.write_text(
        "series,period,value_usd_millions\n"
        + "".join(f"it_exports,{m},{v}\n" for m, v in reversed(reported_history))
    )
    db = tmp_path / "t.db"
    assert CliRunner().invoke(main, ["--db", str(db), "import", str(f)]).exit_code == 0
    assert [p for p in _ath(db) if p >= "2022-01"] == EXPECTED_FROM_REPORTED
    _assert_gaps_hold(db)


def test_bundled_history_knows_the_current_record(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(db), "backfill", "--source", "bundled"]).exit_code == 0
    status = runner.invoke(main, ["--db", str(db), "status"])
    assert "current record: 2025-12 $437M" in status.output
    again = runner.invoke(main, ["--db", str(db), "backfill", "--source", "bundled"]).output
    assert "(new 0, unchanged 1, failed 0)" in again


def test_bad_csv_is_reported_by_line_and_nothing_is_written(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    f = tmp_path / "bad.csv"
    f.write_text("series,period,value_usd_millions\nit_exports,2025-11,356\nit_exports,2025-12,lots\n")
    result = CliRunner().invoke(main, ["--db", str(db), "import", str(f)])
    assert result.exit_code == 2
    assert "line 3" in result.output and "lots" in result.output
    show = CliRunner().invoke(main, ["--db", str(db), "show", "--json"])
    assert show.output.strip() == "[]"


def test_bad_database_path_is_one_line_exit_2(tmp_path: Path) -> None:
    notdb = tmp_path / "junk.db"
    notdb.write_bytes(b"this is not sqlite" * 100)
    result = CliRunner().invoke(main, ["--db", str(notdb), "status"])
    assert result.exit_code == 2
    assert "cannot open database" in result.output


def test_two_processes_importing_at_once_lose_nothing(tmp_path: Path) -> None:
    """Two real processes write the same file concurrently: no lock errors, no lost rows."""
    db = tmp_path / "t.db"
    files = []
    for n in range(2):
        f = tmp_path / f"p{n}.csv"
        # disjoint periods per process: 2 x 120 months
        rows = [
            f"computer_services,{2000 + n * 10 + i // 12}-{i % 12 + 1:02d},{100 + i}\n" for i in range(120)
        ]
        f.write_text("series,period,value_usd_millions\n" + "".join(rows))
        files.append(f)
    # split each file into many small imports so the two processes interleave
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from click.testing import CliRunner\n"
        "from tracker.cli import main\n"
        "db, src = sys.argv[1], Path(sys.argv[2])\n"
        "lines = src.read_text().splitlines()\n"
        "for i in range(1, len(lines), 10):\n"
        "    part = src.with_name(f'{src.stem}-{i}.csv')\n"
        "    part.write_text(lines[0] + '\\n' + '\\n'.join(lines[i:i+10]) + '\\n')\n"
        "    r = CliRunner().invoke(main, ['--db', db, 'import', str(part)])\n"
        "    if r.exit_code != 0:\n"
        "        print(r.output); sys.exit(1)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(db), str(f)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for f in files
    ]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert not any("locked" in o for o in outputs)
    import sqlite3

    with sqlite3.connect(db) as conn:
        (n_obs,) = conn.execute("SELECT count(*) FROM observations").fetchone()
        (n_vin,) = conn.execute("SELECT count(*) FROM vintages").fetchone()
        (ok,) = conn.execute("PRAGMA integrity_check").fetchone()
    assert (n_obs, n_vin, ok) == (240, 240, "ok")
