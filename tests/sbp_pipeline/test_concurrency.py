"""The daemon, `tracker backfill` and `tracker import` writing one database at once: no lost
writes, no "database is locked" reaching a user or a log, integrity intact (issue 8)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.alerts_e2e.conftest import ENV
from tests.sbp_pipeline.conftest import KEY_ENV, SbpSite
from tests.sbp_pipeline.test_backfill import backfill, build_site, write_config
from tests.support.daemon import Daemon
from tests.support.db import query
from tests.support.http import answer
from tests.support.wait import wait_until

pytestmark = pytest.mark.integration

FEEDS = 30
IMPORT_SCRIPT = """
import sys
from pathlib import Path
from click.testing import CliRunner
from tracker.cli import main
db, folder = sys.argv[1], Path(sys.argv[2])
for part in sorted(folder.glob("part-*.csv")):
    r = CliRunner().invoke(main, ["--db", db, "import", str(part)])
    print(r.output, end="")
    if r.exit_code != 0:
        sys.exit(r.exit_code)
"""


def changing_feeds(site: SbpSite) -> str:
    """FEEDS feeds whose bytes change on every request (one more off-topic item), each polled
    every second: the daemon stores a new document per poll for the whole test."""
    counter = itertools.count()
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Sport</title>'
        "<item><title>Cricket round-up {n}</title><link>{base}/sport/{n}</link></item>"
        "</channel></rss>"
    )

    def feed(_query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        n = next(counter)
        return 200, {"Content-Type": "application/rss+xml"}, body.format(n=n, base=site.base).encode()

    text = ""
    for i in range(FEEDS):
        site.set(f"/feeds/{i}.xml", answer(feed))
        text += (
            f'\n[[sources]]\nname = "feed-{i:02d}"\nkind = "news_feed"\n'
            f'url = "{site.base}/feeds/{i}.xml"\ninterval_minutes = 0.0167\n'
        )
    return text


SERIES = ("computer_services", "telecom_services", "call_centre_services", "information_services")


def import_parts(folder: Path) -> int:
    """120 months of four series in 96 files of 5 rows: one `tracker import` each."""
    folder.mkdir()
    rows = [
        f"{series},{2001 + i // 12}-{i % 12 + 1:02d},{100 + i}\n" for series in SERIES for i in range(120)
    ]
    for part in range(0, len(rows), 5):
        (folder / f"part-{part // 5:03d}.csv").write_text(
            "series,period,value_usd_millions\n" + "".join(rows[part : part + 5])
        )
    return len(rows)


def polls(db: Path, sources: str = "%") -> int:
    """Fetch-log rows so far (0 before the daemon created the schema)."""
    found = query(db, "SELECT count(*) FROM fetches WHERE source LIKE ?", (sources,))
    return int(found[0][0]) if found else 0


def run_all_three(daemon: Daemon, cfg: Path, db: Path, imports: Path) -> dict[str, object]:
    """With the daemon polling, run an importer (96 imports) and a backfill to the end; then
    stop the daemon."""
    wait_until(lambda: polls(db, "feed-%") >= FEEDS, "the daemon polling every feed", 60)
    before = polls(db)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    importer = subprocess.Popen(
        [sys.executable, "-c", IMPORT_SCRIPT, str(db), str(imports)],
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    filler = backfill(cfg, db)
    import_out = importer.communicate(timeout=240)[0]
    backfill_out = filler.finish(240)
    return {
        "polls_meanwhile": polls(db) - before,
        "import": (importer.returncode, import_out),
        "backfill": (filler.returncode, backfill_out),
        "daemon": (daemon.stop(), daemon.output()),
    }


def test_daemon_backfill_and_import_share_one_database(tmp_path: Path, sbp_site: SbpSite) -> None:
    build_site(sbp_site)
    cfg, db = write_config(tmp_path, sbp_site), tmp_path / "t.db"
    cfg.write_text(cfg.read_text() + changing_feeds(sbp_site))
    expected_rows = import_parts(tmp_path / "imports")

    daemon = Daemon(cfg, db, log=tmp_path / "daemon.log", env={**ENV, KEY_ENV: "daemon-key"})
    try:
        got = run_all_three(daemon, cfg, db, tmp_path / "imports")
    finally:
        daemon.close()

    for who in ("import", "backfill", "daemon"):
        code, text = got[who]  # type: ignore[misc]
        assert code == 0, f"{who}: {text}"
        assert "locked" not in text and "busy" not in text, f"{who}: {text}"
    assert "Traceback" not in got["daemon"][1]  # type: ignore[index]
    assert "failed 0)" in got["backfill"][1]  # type: ignore[index]
    assert got["polls_meanwhile"] > 0, got  # type: ignore[operator]  # the daemon kept writing
    # nothing lost: every imported month, every backfilled month, every feed body fetched
    assert query(
        db,
        "SELECT count(*) FROM vintages WHERE series IN (?, ?, ?, ?) "
        "AND period BETWEEN '2001-01' AND '2010-12' AND superseded_at IS NULL",
        SERIES,
    ) == [(expected_rows,)]
    assert (
        query(
            db,
            "SELECT count(*) FROM vintages WHERE series = 'it_exports' AND authority = "
            "'official' AND superseded_at IS NULL AND period NOT LIKE 'FY%'",
        )[0][0]
        >= 250
    )
    fetched = query(db, "SELECT count(*) FROM fetches WHERE source LIKE 'feed-%' AND outcome = 'fetched'")[0][
        0
    ]
    stored = query(db, "SELECT count(*) FROM documents WHERE source LIKE 'feed-%'")[0][0]
    assert fetched == stored > FEEDS
    assert query(db, "SELECT count(*) FROM fetches WHERE error LIKE '%locked%' OR error LIKE '%busy%'") == [
        (0,)
    ]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
