"""`tracker chart`: a valid PNG/SVG of the series, and one clear line without matplotlib."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.backfill import load_bundled
from tracker.chart import INSTALL_HINT, Month, record_months, render_chart
from tracker.cli import main
from tracker.errors import ConfigError, UsageError
from tracker.ingest import IngestSettings
from tracker.model import Period
from tracker.store import Store


@pytest.fixture
def history(tmp_path: Path) -> Path:
    db = tmp_path / "h.db"
    store = Store.open(db)
    load_bundled(store, IngestSettings())
    store.close()
    return db


def test_records_are_months_above_every_earlier_month() -> None:
    months = [
        Month(Period.parse(p), v, False)
        for p, v in [("2025-01", 300), ("2025-02", 310), ("2025-03", 305), ("2025-04", 310), ("2025-05", 320)]
    ]
    assert [str(m.period) for m in record_months(months)] == ["2025-02", "2025-05"]


def test_png_and_svg(history: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    store = Store.open(history)
    png = render_chart(store, tmp_path / "c.png", since=Period.parse("2021-07"))
    svg = render_chart(store, tmp_path / "c.svg")
    store.close()
    data = png.path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 560)
    assert 10_000 < len(data) < 200_000
    assert png.months > 30 and png.records and svg.months > png.months
    text = svg.path.read_text(encoding="utf-8")
    assert "<svg" in text and "</svg>" in text and len(text) > 10_000


def test_cli_chart(history: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    out = CliRunner().invoke(
        main, ["--db", str(history), "chart", "--since", "2024-07", "--output", str(tmp_path / "x.png")]
    )
    assert out.exit_code == 0, out.output
    assert "wrote" in out.output and (tmp_path / "x.png").stat().st_size > 0


def test_bad_output_and_empty_range(history: Path, tmp_path: Path) -> None:
    store = Store.open(history)
    with pytest.raises(UsageError, match=r"\.png or \.svg"):
        render_chart(store, tmp_path / "c.pdf")
    with pytest.raises(UsageError, match="no monthly it_exports values since 2099-01"):
        render_chart(store, tmp_path / "c.png", since=Period.parse("2099-01"))
    store.close()


def test_missing_matplotlib_is_one_clear_line(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_matplotlib(name: str, *args: object, **kwargs: object) -> object:
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    store = Store.open(history)
    with pytest.raises(ConfigError, match=r"pip install 'tracker\[chart\]'"):
        render_chart(store, tmp_path / "c.png")
    store.close()
    out = CliRunner().invoke(main, ["--db", str(history), "chart", "-o", str(tmp_path / "c.png")])
    assert out.exit_code == 2
    assert out.output == f"tracker: error: {INSTALL_HINT}\n"
    assert not (tmp_path / "c.png").exists()


def test_chart_without_output_writes_beside_the_database_with_a_source_line(
    history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("matplotlib")
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = CliRunner().invoke(
        main, ["--db", str(history), "chart", "--series", "it_exports", "--since", "2024-07"]
    )
    assert out.exit_code == 0, out.output
    assert list(elsewhere.iterdir()) == []  # not the current directory
    beside = history.parent / "it_exports.png"
    assert beside.stat().st_size > 0 and str(beside) in out.output
    svg = CliRunner().invoke(main, ["--db", str(history), "chart", "-o", str(tmp_path / "c.svg")])
    assert svg.exit_code == 0 and "Source: State Bank of Pakistan" in (tmp_path / "c.svg").read_text(
        encoding="utf-8"
    )
