#!/usr/bin/env python3
"""Bootstrap .venv when needed (idempotent), then run tracker or the test suite.

    python3 scripts/dev.py run [ARGS...]    # the daemon on config/tracker.toml, data/tracker.db
    python3 scripts/dev.py test [ARGS...]   # ruff, ruff format --check, mypy, then pytest ARGS

Needs only Python 3.11+. Re-installs only when pyproject.toml changed since the last install.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".tracker-install-stamp"


def _wanted_stamp() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "requirements.lock"):
        path = ROOT / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_venv() -> None:
    """Create .venv and install the project with its test extras unless already current."""
    if not (BIN / "python").exists():
        print("dev: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = _wanted_stamp()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print("dev: installing tracker and its test dependencies into .venv", file=sys.stderr)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    lock = ROOT / "requirements.lock"
    if lock.exists():
        subprocess.run([*pip, "-r", str(lock)], check=True, cwd=ROOT)
    subprocess.run([*pip, "-e", ".[test]"], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


# Run before pytest by `test`: ruff's lint rules, its formatter (check only) and mypy (the
# strictness is in pyproject.toml [tool.mypy]).
CHECKS = (
    ("ruff", "check", "--quiet", "src", "tests", "bench", "scripts"),
    ("ruff", "format", "--check", "--quiet", "src", "tests", "bench", "scripts"),
    ("mypy",),
)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__, file=sys.stderr)
        return 2
    ensure_venv()
    command, rest = argv[0], argv[1:]
    if command == "run":
        # exec: the daemon becomes this process, so SIGTERM/SIGINT reach it directly
        os.chdir(ROOT)
        os.execv(str(BIN / "tracker"), [str(BIN / "tracker"), "run", *rest])
    for check in CHECKS:  # lint, format and types first: a failure here is cheaper to read
        print(f"dev: {' '.join(check)}", file=sys.stderr)
        if code := subprocess.call([str(BIN / check[0]), *check[1:]], cwd=ROOT):
            return code
    code = subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)
    return 1 if code == 5 else code  # pytest 5 = no tests collected: that is a failure here


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
