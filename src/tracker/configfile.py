"""Which config file to use, and `tracker init`: a packaged default so tracker works anywhere.

Lookup order: `--config PATH` (or `$TRACKER_CONFIG`), `./config/tracker.toml`, the user's
config directory (`$XDG_CONFIG_HOME/tracker/tracker.toml`, default `~/.config/...`), then the
default config shipped inside the package (a copy of config/tracker.toml).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from tracker.errors import ConfigError, UsageError

LOCAL_CONFIG = Path("config/tracker.toml")
PACKAGED_CONFIG = "tracker.toml"
PACKAGED_ENV = "tracker.env.example"


def user_config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "tracker" / "tracker.toml"


def packaged_config_path() -> Path:
    return Path(str(resources.files("tracker.data").joinpath(PACKAGED_CONFIG)))


def find_config(explicit: Path | None) -> Path:
    """The config file to load (an explicit path must exist; the rest are tried in order)."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found (given by --config or $TRACKER_CONFIG)")
        return explicit
    for candidate in (LOCAL_CONFIG, user_config_path()):
        if candidate.is_file():
            return candidate
    return packaged_config_path()


def init(directory: Path, *, force: bool = False) -> list[Path]:
    """Write DIR/config/tracker.toml and DIR/tracker.env (secrets template); return them."""
    data = resources.files("tracker.data")
    targets = {
        directory / LOCAL_CONFIG: data.joinpath(PACKAGED_CONFIG).read_bytes(),
        directory / "tracker.env": data.joinpath(PACKAGED_ENV).read_bytes(),
    }
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise UsageError(f"{existing[0]}: already exists (keep it, or use --force)")
    try:
        for path, body in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
        (directory / "tracker.env").chmod(0o600)
    except OSError as exc:
        raise UsageError(f"{directory}: cannot write: {exc.strerror or exc}") from None
    return list(targets)
