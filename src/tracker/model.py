"""Core value types: Period (with Pakistan's July–June fiscal year), Figure and Event.

Pure data, no I/O. Every other module speaks in these types.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum

from tracker.errors import PeriodError

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class Series(StrEnum):
    """The series tracked; `it_exports` is SBP's EBOPS item 9 credit (ICT exports)."""

    IT_EXPORTS = "it_exports"
    COMPUTER_SERVICES = "computer_services"
    TELECOM_SERVICES = "telecom_services"
    CALL_CENTRE_SERVICES = "call_centre_services"
    FREELANCE = "freelance"
    INFORMATION_SERVICES = "information_services"
    OTHER = "other"


class PeriodKind(StrEnum):
    MONTH = "month"
    FYTD = "fytd"
    FISCAL_YEAR = "fiscal_year"
    QUARTER = "quarter"


class Status(StrEnum):
    """Release status: SBP marks the newest month P, revises it R a month later."""

    PROVISIONAL = "P"
    REVISED = "R"
    FINAL = "final"
    REPORTED = "reported"  # news or bundled: no official status
    DERIVED = "derived"  # a month computed as FYTD(M) - FYTD(M-1), not stated anywhere


class Authority(StrEnum):
    """Who stands behind a value, strongest first when reconciling."""

    OFFICIAL = "official"
    BUNDLED = "bundled"
    NEWS = "news"


def month_index(year: int, month: int) -> int:
    """Absolute month number (year*12 + month-1), so month arithmetic is integer arithmetic."""
    if not 1 <= month <= 12:
        raise PeriodError(f"month must be 1..12, got {month}")
    return year * 12 + month - 1


def fiscal_year_of(year: int, month: int) -> int:
    """Pakistan's fiscal year (named by the year it ends) containing a calendar month."""
    return year + 1 if month >= 7 else year


def fy_first_index(fy: int) -> int:
    """Month index of July that opens fiscal year `fy`."""
    return month_index(fy - 1, 7)


_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_FY_RE = re.compile(r"^FY(\d{4})$")
_FYTD_RE = re.compile(r"^FY(\d{4}):(\d{2})-(\d{2})$")
_QUARTER_RE = re.compile(r"^FY(\d{4}):Q([1-4])$")


@dataclass(frozen=True, order=True)
class Period:
    """A span of whole months: a month, a fiscal year, a fiscal-year-to-date or a quarter.

    `first` and `last` are absolute month indexes (see `month_index`); ordering sorts by
    start month, then end month.
    """

    first: int
    last: int
    kind: PeriodKind  # compared too: July as a month is not July as a FYTD

    # -- constructors -------------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        i = month_index(year, month)
        return cls(i, i, PeriodKind.MONTH)

    @classmethod
    def from_index(cls, index: int) -> Period:
        return cls(index, index, PeriodKind.MONTH)

    @classmethod
    def fiscal_year(cls, fy: int) -> Period:
        start = fy_first_index(fy)
        return cls(start, start + 11, PeriodKind.FISCAL_YEAR)

    @classmethod
    def fytd(cls, fy: int, through_month: int) -> Period:
        """July of `fy` through calendar month `through_month` (1..12) of that fiscal year.

        Jul–Jun in full is still a FYTD (SBP prints `Jul-Jun FY26`), distinct from FY2026.
        """
        start = fy_first_index(fy)
        offset = (through_month - 7) % 12
        if not 1 <= through_month <= 12:
            raise PeriodError(f"month must be 1..12, got {through_month}")
        return cls(start, start + offset, PeriodKind.FYTD)

    @classmethod
    def quarter(cls, fy: int, q: int) -> Period:
        if not 1 <= q <= 4:
            raise PeriodError(f"quarter must be 1..4, got {q}")
        start = fy_first_index(fy) + 3 * (q - 1)
        return cls(start, start + 2, PeriodKind.QUARTER)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse the canonical text forms: `2025-12`, `FY2026`, `FY2026:07-11`, `FY2026:Q1`."""
        s = text.strip()
        if m := _MONTH_RE.match(s):
            return cls.month(int(m[1]), int(m[2]))
        if m := _FY_RE.match(s):
            return cls.fiscal_year(int(m[1]))
        if m := _QUARTER_RE.match(s):
            return cls.quarter(int(m[1]), int(m[2]))
        if m := _FYTD_RE.match(s):
            if m[2] != "07":
                raise PeriodError(f"fiscal-year-to-date must start in July (07): {text!r}")
            return cls.fytd(int(m[1]), int(m[3]))
        raise PeriodError(f"not a period: {text!r} (expected 2025-12, FY2026, FY2026:07-11 or FY2026:Q1)")

    # -- views --------------------------------------------------------------------------
    @property
    def year(self) -> int:
        """Calendar year of the first month."""
        return self.first // 12

    @property
    def month_number(self) -> int:
        """Calendar month (1..12) of the first month."""
        return self.first % 12 + 1

    @property
    def fy(self) -> int:
        """Fiscal year containing the first month."""
        return fiscal_year_of(self.year, self.month_number)

    @property
    def fiscal_month(self) -> int:
        """Position of the last month in its fiscal year: July is 1, June is 12."""
        return (self.last % 12 + 1 - 7) % 12 + 1

    @property
    def length(self) -> int:
        return self.last - self.first + 1

    def months(self) -> Iterator[Period]:
        for i in range(self.first, self.last + 1):
            yield Period.from_index(i)

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.year:04d}-{self.month_number:02d}"
        if self.kind is PeriodKind.FISCAL_YEAR:
            return f"FY{self.fy}"
        if self.kind is PeriodKind.QUARTER:
            return f"FY{self.fy}:Q{(self.first - fy_first_index(self.fy)) // 3 + 1}"
        return f"FY{self.fy}:07-{self.last % 12 + 1:02d}"

    def label(self) -> str:
        """Human text: `December 2025`, `FY2026`, `Jul–Nov FY2026`, `Q1 FY2026`."""
        if self.kind is PeriodKind.MONTH:
            return f"{MONTH_NAMES[self.month_number - 1]} {self.year}"
        if self.kind is PeriodKind.FYTD:
            return f"Jul–{MONTH_NAMES[self.last % 12][:3]} FY{self.fy}"
        if self.kind is PeriodKind.QUARTER:
            return f"{str(self).split(':')[1]} FY{self.fy}"
        return str(self)

    def short_label(self) -> str:
        """`Dec 2025` for a month, else the same as `label()`."""
        if self.kind is PeriodKind.MONTH:
            return f"{MONTH_NAMES[self.month_number - 1][:3]} {self.year}"
        return self.label()

    # -- arithmetic on months -----------------------------------------------------------
    def _require_month(self) -> None:
        if self.kind is not PeriodKind.MONTH:
            raise PeriodError(f"{self} is not a month")

    def shift(self, months: int) -> Period:
        """The month `months` later (negative: earlier)."""
        self._require_month()
        return Period.from_index(self.first + months)

    def previous(self) -> Period:
        return self.shift(-1)

    def same_month_last_year(self) -> Period:
        return self.shift(-12)

    def fytd_through(self) -> Period:
        """The fiscal-year-to-date ending with this month (July alone for July)."""
        self._require_month()
        return Period(fy_first_index(self.fy), self.first, PeriodKind.FYTD)

    def contains(self, other: Period) -> bool:
        return self.first <= other.first and other.last <= self.last


@dataclass(frozen=True)
class Figure:
    """One stated value: a series for a period, in US$ millions, with where it came from."""

    series: Series
    period: Period
    value_usd_millions: float
    status: Status = Status.REPORTED
    authority: Authority = Authority.NEWS
    source: str = ""
    document: str | None = None  # URL or file the figure was read from
    quote: str = ""  # the sentence, or cell reference for files
    bound: str | None = None  # "lower" for "more than $N"
    # False when the period was inferred rather than stated (a bare "in August" resolved by
    # the page date): such figures are stored, but never count as a voice for an alert.
    firm: bool = True
    credit: str | None = None  # wire agency the article credits (its voice), e.g. "APP"

    def __post_init__(self) -> None:
        object.__setattr__(self, "series", Series(self.series))
        object.__setattr__(self, "status", Status(self.status))
        object.__setattr__(self, "authority", Authority(self.authority))
        object.__setattr__(self, "value_usd_millions", round(float(self.value_usd_millions), 3))

    def with_(self, **changes: object) -> Figure:
        return replace(self, **changes)  # type: ignore[arg-type]


class EventKind(StrEnum):
    """What a record event tells its reader."""

    RECORD = "record"  # official (or bundled history) value sets a record
    UNCONFIRMED = "unconfirmed"  # news-only value sets a record, no SBP figure yet
    CONFIRMED = "confirmed"  # official data agrees an earlier unconfirmed record stands
    CORRECTION = "correction"  # a record announced earlier no longer stands
    NEW_MONTH = "new_month"  # SBP published a month for the first time (opt-in per channel)
    REVISION = "revision"  # SBP changed the value of a recent month (opt-in per channel)
    ADMIN = "admin"  # operator problem: source failing, parser drift, release overdue


@dataclass(frozen=True)
class Event:
    """A detected change of record state, identified by a stable idempotency key."""

    key: str
    kind: EventKind
    rule: str
    series: Series
    period: Period | None
    value_usd_millions: float | None
    previous_period: Period | None = None
    previous_value_usd_millions: float | None = None
    authority: Authority | None = None
    status: Status | None = None
    vintage_id: int | None = None
    message: str = ""
