"""Label, number and period-token rules shared by the SBP parsers (dt.xls, PDF, EasyData).

SBP spells the same row three ways ("Computer and information", "Computer, and Information",
"Computer; and information") and pads labels with NBSPs, so rows are matched on a normal form.
"""

from __future__ import annotations

import re

from tracker.model import Series, Status

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NUMBER = {name: i + 1 for i, name in enumerate(MONTHS)}
NULL_TOKENS = frozenset({"", "-", "--", "na", "n/a", "n.a.", "…", "...", "..", "nil"})

_SPACES = re.compile(r"\s+")
_COMMA_AND = re.compile(r",\s*and\b")
_NUMBER_PREFIX = re.compile(r"^(\d+(?:\.\d+)*)\.?\s*")


def normalise_label(text: str) -> str:
    """Fold a row label: NBSP→space, collapse spaces, casefold, `;`≡`,`, optional `, and`."""
    s = text.replace("\u00a0", " ").replace("\u2007", " ").replace("\u202f", " ")
    s = _SPACES.sub(" ", s).strip().casefold()
    s = s.replace(";", ",")
    s = _COMMA_AND.sub(" and", s)  # "Computer, and Information" == "Computer and information"
    s = re.sub(r"\s*,\s*", ", ", s)
    # "9." and "9" and "9.1" prefixes: keep the number, normalise its trailing dot and space.
    m = _NUMBER_PREFIX.match(s)
    if m and m.group(1)[0].isdigit():
        s = f"{m.group(1)} {s[m.end() :]}".strip()
    return s


# EBOPS 2010 item 9 and the sub-items tracked, keyed by normalised label (with item number).
ICT_ROWS: dict[str, Series] = {
    normalise_label("9. Telecommunications, Computer and information services"): (Series.IT_EXPORTS),
    normalise_label("9.1 Telecommunications services"): Series.TELECOM_SERVICES,
    normalise_label("9.1.1 Call centres"): Series.CALL_CENTRE_SERVICES,
    normalise_label("9.2 Computer services"): Series.COMPUTER_SERVICES,
    normalise_label("9.2.5 Freelance of Computer and Information Services"): Series.FREELANCE,
    normalise_label("9.3 Information services"): Series.INFORMATION_SERVICES,
}
ICT_TOTAL_LABEL = normalise_label("9. Telecommunications, Computer and information services")


def parse_number(value: object) -> float | None:
    """Read a cell or text number (`3,223`, `422260`, `"373.27"`); blanks, `-`, `NA` → None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).replace("\u00a0", " ").strip()
    if text.casefold() in NULL_TOKENS:
        return None
    negative = text.startswith("(") and text.endswith(")")  # accounting negatives
    text = text.strip("()").replace(",", "").replace(" ", "")
    try:
        number = float(text)
    except ValueError:
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    return -number if negative else number


def status_from_flag(flag: str | None) -> Status | None:
    """Map SBP's `P`/`R` markers to a Status; anything else is no marker."""
    if not flag:
        return None
    flag = flag.strip().strip("()").strip().upper()
    return {"P": Status.PROVISIONAL, "R": Status.REVISED}.get(flag)


def fy_from_token(token: str) -> int:
    """`26` or `2026` (from `FY26`) → 2026."""
    n = int(token)
    return 2000 + n if n < 100 else n


def calendar_year(fy: int, month: int) -> int:
    """Calendar year of a month in fiscal year `fy`: Jul–Dec belong to fy−1."""
    return fy - 1 if month >= 7 else fy


def column_letters(col: int) -> str:
    """0-based column index → spreadsheet letters (0 → A, 27 → AB)."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(sheet: str, row: int, col: int) -> str:
    """A1-style reference with the sheet quoted as Excel does: `'EBOPS '!H59`."""
    return f"'{sheet}'!{column_letters(col)}{row + 1}"
