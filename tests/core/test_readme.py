"""The README's two commands and config reference stay true to the code."""

from __future__ import annotations

from pathlib import Path

from tracker.configdoc import END, START, render_reference

ROOT = Path(__file__).resolve().parents[2]


def test_readme_config_reference_matches_the_config_model() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    between = readme.split(START, 1)[1].split(END, 1)[0].strip()
    assert between == render_reference(), "run: .venv/bin/python -m tracker.configdoc"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["python3 scripts/dev.py run", "python3 scripts/dev.py test"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 scripts/dev.py test" in ci.splitlines()[-1]
