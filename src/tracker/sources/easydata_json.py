"""EasyData's `{"columns": [...], "rows": [...]}` JSON, read leniently but bounded.

Shared by the series-data parser and the dataset-meta probe.
"""

from __future__ import annotations

import json

from tracker.errors import ParseError
from tracker.sources.validate import looks_like_html


def read_table(
    body: bytes, what: str, content_type: str | None = None
) -> tuple[dict[str, int], list[list[object]]]:
    """Decode `{"columns": [...], "rows": [...]}` and index its columns by name."""
    if looks_like_html(body, content_type):
        raise ParseError(f"EasyData {what}: got an HTML page (login, Cloudflare or error page)")
    try:
        text = body.decode("utf-8-sig")
        _check_depth(text, what)
        # strict=False: SBP's own clients accept raw control characters (tabs, newlines)
        # inside strings, which EasyData's series names and comments sometimes carry.
        data = json.loads(text, strict=False)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParseError(f"EasyData {what}: not JSON ({exc})") from exc
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("columns"), list)
        or not (isinstance(data.get("rows"), list))
    ):
        raise ParseError(f'EasyData {what}: expected {{"columns": [...], "rows": [...]}}')
    columns = {str(name).strip().casefold(): i for i, name in enumerate(data["columns"])}
    rows = [row for row in data["rows"] if isinstance(row, list)]
    if len(rows) != len(data["rows"]):
        raise ParseError(f"EasyData {what}: a row is not a list")
    return columns, rows


MAX_DEPTH = 32  # {"columns": [...], "rows": [[...]]} needs 3; hostile bodies nest thousands


def _check_depth(text: str, what: str) -> None:
    """Refuse JSON nested deeper than MAX_DEPTH before json.loads can recurse into it."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ParseError(f"EasyData {what}: JSON nested deeper than {MAX_DEPTH} levels")
        elif ch in "]}":
            depth -= 1


def column_index(columns: dict[str, int], name: str, what: str) -> int:
    """The index of column `name` (case-insensitive); a ParseError names the ones there are."""
    index = columns.get(name.casefold())
    if index is None:
        raise ParseError(f"EasyData {what}: no column {name!r} (columns: {sorted(columns)})")
    return index


def cell(row: list[object], index: int) -> object:
    """A row's value at `index`, None where the row is short."""
    return row[index] if index < len(row) else None


__all__ = ["MAX_DEPTH", "cell", "column_index", "read_table"]
