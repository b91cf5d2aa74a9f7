"""The configuration reference, read from the structs: every key with its type, default and
help; a key that only some kinds take says which (`tracker.configdoc` renders it)."""

from __future__ import annotations

import enum
import inspect
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import msgspec

from tracker.config.explain import struct_keys, unwrap
from tracker.config.kinds import KindTable, SourceConfig
from tracker.config.root import INTERNAL, Config

Row = tuple[str, str, str, str]  # key, type, default, help


def type_name(tp: Any) -> str:
    """A field's type as the reference spells it: str, int or None, list of str, json, slack or discord."""
    if get_origin(tp) is Annotated:
        return type_name(get_args(tp)[0])
    if get_origin(tp) in (Union, types.UnionType):
        return " or ".join("None" if a is type(None) else type_name(a) for a in get_args(tp))
    if get_origin(tp) is Literal:
        values = [str(v) for v in get_args(tp)]
        return " or ".join(values) if len(values) < 3 else f"{', '.join(values[:-1])} or {values[-1]}"
    if get_origin(tp) is list:
        return f"list of {type_name(get_args(tp)[0])}"
    if get_origin(tp) is dict:
        return f"table of {type_name(get_args(tp)[1])}"
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return "str"
    return getattr(tp, "__name__", str(tp))


def _default(f: msgspec.structs.FieldInfo) -> str:
    if f.default is not msgspec.NODEFAULT:
        value = f.default
    elif f.default_factory is not msgspec.NODEFAULT:
        value = f.default_factory()
    else:
        return "required"
    value = msgspec.to_builtins(value, enc_hook=str) if not isinstance(value, Path) else str(value)
    return repr(value)


def _help(tp: Any) -> str:
    metas = get_args(tp)[1:] if get_origin(tp) is Annotated else ()
    return " ".join(m.description for m in metas if isinstance(m, msgspec.Meta) and m.description)


def _rows(cls: type, prefix: str, keys: list[str], note: str = "") -> Iterator[Row]:
    by_name = {f.name: f for f in msgspec.structs.fields(cls)}
    for name in keys:
        f = by_name[name]
        inner = unwrap(f.type)
        key = f"{prefix}{name}"
        if get_origin(inner) is list and isinstance(get_args(inner)[0], type):
            item = get_args(inner)[0]
            if issubclass(item, KindTable):
                yield from _kind_rows(item, f"{key}[].")
                continue
        if isinstance(inner, type) and issubclass(inner, msgspec.Struct):
            yield from _rows(inner, f"{key}.", struct_keys(inner))
            continue
        yield key, type_name(f.type), _default(f), f"{note}{_help(f.type)}"


def _kind_rows(base: type[KindTable], prefix: str) -> Iterator[Row]:
    """The base table's keys (with `kind` listing the registered kinds), then each key some
    kinds add, marked with the kinds that take it."""
    names = base.registry().names()
    for key, tp, default, text in _rows(base, prefix, struct_keys(base)[:1]):
        yield key, tp, default, text
    what = "Parser kind" if base is SourceConfig else "Channel kind"
    docs = "docs/SOURCES.md" if base is SourceConfig else "docs/CHANNELS.md"
    yield f"{prefix}kind", "str", "required", f"{what}: one of {', '.join(names)} ({docs})."
    yield from _rows(base, prefix, struct_keys(base)[2:])
    takers: dict[tuple[type, str], list[str]] = {}
    for name in names:
        cls = base.for_kind(name)
        for key in struct_keys(cls):
            if key not in struct_keys(base) and key != "kind":
                owner = next(k for k in cls.__mro__ if key in inspect.get_annotations(k))
                takers.setdefault((owner, key), []).append(name)
    for (owner, key), kinds in takers.items():
        yield from _rows(owner, prefix, [key], note=f"*{', '.join(kinds)}:* ")


def iter_reference(cls: type = Config, prefix: str = "") -> Iterator[Row]:
    """Yield (key, type, default, help) for every config key: the generated reference."""
    yield from _rows(cls, prefix, [k for k in struct_keys(cls) if k not in INTERNAL])
