"""A registry of named kinds found in a package: source kinds and channel kinds share it.

Each kind is one module in its package (`tracker.sources.kinds`, `tracker.deliver.channels`)
that registers itself on import; the package's `BUILTIN` tuple fixes the order of the kinds
shipped with tracker, any other module found there follows in name order.
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from typing import Any, Generic, TypeVar

from tracker.errors import ConfigError

T = TypeVar("T")


class KindRegistry(Generic[T]):
    """Kinds by name, discovered from `package` on first use; thread-safe."""

    def __init__(self, what: str, package: str) -> None:
        self.what = what  # "source kind", "channel kind": for error messages
        self.package = package
        self._kinds: dict[str, T] = {}
        self._loaded = False
        self._lock = threading.RLock()

    def register(self, kind: Any) -> Any:
        """Add (or replace) a kind: a class (usable as a decorator) or an instance."""
        instance = kind() if isinstance(kind, type) else kind
        if not getattr(instance, "name", ""):
            raise ConfigError(f"{self.what} {kind!r} has no name")
        with self._lock:
            self._kinds[instance.name] = instance
        return kind

    def unregister(self, name: str) -> None:
        """Forget the kind `name` (a test's toy kind); unknown names are ignored."""
        with self._lock:
            self._kinds.pop(name, None)

    def _builtin(self) -> tuple[str, ...]:
        return tuple(importlib.import_module(self.package).BUILTIN)

    def _discover(self) -> None:
        """Import every module of the package once (the built-in ones first)."""
        if self._loaded:
            return
        with self._lock:
            if self._loaded:
                return
            package = importlib.import_module(self.package)
            names = list(self._builtin())
            names += sorted(
                m.name
                for m in pkgutil.iter_modules(package.__path__)
                if m.name not in names and not m.name.startswith("_")
            )
            for name in names:
                importlib.import_module(f"{self.package}.{name}")
            self._loaded = True

    def kinds(self) -> dict[str, T]:
        """All known kinds by name (a copy): built-in ones in their listed order, then the
        others in registration order."""
        self._discover()
        rank = {name: i for i, name in enumerate(self._builtin())}
        return dict(sorted(self._kinds.items(), key=lambda kv: rank.get(kv[0], len(rank))))

    def names(self) -> tuple[str, ...]:
        return tuple(self.kinds())

    def get(self, name: str) -> T:
        """The kind called `name`; a ConfigError lists the valid names."""
        self._discover()
        try:
            return self._kinds[name]
        except KeyError:
            known = ", ".join(sorted(self._kinds))
            raise ConfigError(f"unknown {self.what} {name!r} (known: {known})") from None
