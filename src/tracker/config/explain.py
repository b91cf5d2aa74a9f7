"""msgspec's validation errors, said the way the rest of tracker says them: the key path as the
config file spells it, what was expected, and what was there (`sources[2].interval_minutes:
expected a number, got 'often'`)."""

from __future__ import annotations

import enum
import inspect
import re
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import msgspec

_AT = re.compile(r"^(?P<what>.*) - at `\$(?P<path>[^`]*)`$", re.S)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
_TYPES = {
    "int": "an integer",
    "float": "a number",
    "bool": "true or false",
    "str": "a string",
    "array": "a list",
    "object": "a table",
}


class Invalid(Exception):
    """One wrong key: `key: expected EXPECTED, got GOT` (the loader adds the file name)."""

    def __init__(self, key: str, expected: str, got: object) -> None:
        super().__init__(key, expected, got)
        self.key, self.expected, self.got = key, expected, got

    def __str__(self) -> str:
        got = self.got if self.got in ("unknown key", "nothing") else describe(self.got)
        return f"{self.key}: expected {self.expected}, got {got}"


def describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def unwrap(tp: Any) -> Any:
    """`tp` without Annotated and without `| None` (TOML has no null)."""
    if get_origin(tp) is Annotated:
        return unwrap(get_args(tp)[0])
    if get_origin(tp) in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        return unwrap(options[0]) if len(options) == 1 else tp
    return tp


def struct_keys(cls: type) -> list[str]:
    """The keys a table of struct `cls` takes, base class first, the tag (`kind`) second."""
    fields = getattr(cls, "__struct_fields__", ())
    keys: list[str] = []
    for klass in reversed(getattr(cls, "__mro__", ()) if isinstance(fields, tuple) else ()):
        keys += [k for k in inspect.get_annotations(klass) if k in fields and k not in keys]
    tag_field = getattr(getattr(cls, "__struct_config__", None), "tag_field", None)
    if tag_field:
        keys.insert(1, tag_field)
    return keys


def _tagged_members(tp: Any) -> dict[str, type]:
    return {str(m.__struct_config__.tag): m for m in get_args(tp) if hasattr(m, "__struct_config__")}


def _step(tp: Any, value: Any, token: str | int) -> tuple[Any, Any]:
    """The type and value one step down `token` (a key or an index) from `tp`/`value`."""
    tp = unwrap(tp)
    if get_origin(tp) in (Union, types.UnionType):  # a tagged union: the table's kind picks
        tag = value.get("kind") if isinstance(value, dict) else None
        tp = _tagged_members(tp).get(str(tag), Any)
    sub = _child(value, token)
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct) and isinstance(token, str):
        types_by_key = {f.name: f.type for f in msgspec.structs.fields(tp)}
        return types_by_key.get(token, Any), sub
    args = get_args(tp)
    if get_origin(tp) is list and args:
        return args[0], sub
    if get_origin(tp) is dict and len(args) == 2:
        return args[1], sub
    return Any, sub


def _child(value: Any, token: str | int) -> Any:
    if isinstance(value, dict):
        return value.get(token)
    if isinstance(value, list) and isinstance(token, int) and 0 <= token < len(value):
        return value[token]
    return None


def _choices(tp: Any, parent: Any) -> str:
    """What a closed set expects: a Literal's values, an Enum's, or a union's kinds."""
    tp = unwrap(tp)
    if get_origin(tp) is Literal:
        values = [str(v) for v in get_args(tp)]
        return f"{', '.join(values[:-1])} or {values[-1]}" if len(values) > 1 else values[0]
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return f"one of {', '.join(str(m.value) for m in tp)}"
    members = _tagged_members(unwrap(parent))
    return f"one of {', '.join(members)}" if members else "one of the allowed values"


def _expected(spec: str) -> str:
    """`Expected `int | null` >= 1` → 'an integer >= 1'."""
    match = re.match(r"Expected `([^`]*)`(.*)$", spec, re.S)
    if not match:
        return spec
    names = [n.strip() for n in match.group(1).split("|") if n.strip() != "null"]
    said = " or ".join(_TYPES.get(n, n) for n in names)
    return f"{said}{match.group(2)}".split(", got ")[0]


def explain(
    exc: msgspec.ValidationError, root: type, data: Any, hidden: frozenset[str] = frozenset()
) -> Invalid:
    """The ValidationError `exc` of converting `data` to `root`, as one wrong key (`hidden`:
    fields of `root` that are not keys of the file)."""
    match = _AT.match(str(exc))
    what, path = (match.group("what"), match.group("path")) if match else (str(exc), "")
    tokens: list[str | int] = [
        key or (int(idx) if idx.isdigit() else "...") for key, idx in _STEP.findall(path)
    ]
    in_table = "..." in tokens  # msgspec does not say which key of a table: name the table
    tokens = tokens[: tokens.index("...")] if in_table else tokens
    where = "".join(f"[{t}]" if isinstance(t, int) else f".{t}" for t in tokens).lstrip(".")
    tp: Any = root
    value, parent = data, Any
    for token in tokens:
        parent = tp
        tp, value = _step(tp, value, token)
    if in_table:
        return Invalid(where, f"a table whose every value is {_expected(what)}", value)
    if found := re.match(r"Object contains unknown field `(.*)`$", what):
        known = [k for k in struct_keys(_pick(tp, value)) if tokens or k not in hidden]
        return Invalid(
            _join(where, found.group(1)), f"one of the known keys ({', '.join(known)})", "unknown key"
        )
    if found := re.match(r"Object missing required field `(.*)`$", what):
        return Invalid(_join(where, found.group(1)), "a value", "nothing")
    if what.startswith(("Invalid enum value", "Invalid value")):
        return Invalid(where, _choices(tp, parent), value)
    if what.startswith("expected "):  # a decoding hook's own words (a path)
        return Invalid(where, what.removeprefix("expected "), value)
    return Invalid(where, _expected(what), value)


def _pick(tp: Any, value: Any) -> Any:
    """The member of a tagged union that `value` (a table) names by its kind."""
    tp = unwrap(tp)
    if get_origin(tp) in (Union, types.UnionType) and isinstance(value, dict):
        return _tagged_members(tp).get(str(value.get("kind")), tp)
    return tp


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
