"""A toy source kind written as one file, the way docs/SOURCES.md shows: PBS's monthly
services-trade release as a tiny CSV (`month,ict_exports_usd_m`). Importing it registers it."""

from __future__ import annotations

from tracker.errors import ParseError, TrackerError
from tracker.model import Authority, Figure, Period, Series, Status
from tracker.sources.base import Document, ParseResult
from tracker.sources.registry import SourceKind, register


@register
class PbsServicesTrade(SourceKind):
    name = "toy_pbs_services"
    description = "PBS services-trade release (toy CSV): ICT exports by month, US$ m"
    formats = ("csv",)
    official = True  # so implausible values are held, and losing its figures alerts
    hosts = ("pbs.gov.pk", "www.pbs.gov.pk")

    def parse(self, doc: Document) -> ParseResult:
        result = ParseResult()
        for n, line in enumerate(doc.body.decode("utf-8").splitlines()[1:], start=2):
            month, _, value = line.partition(",")
            try:
                period, amount = Period.parse(month.strip()), float(value)
            except (ValueError, TrackerError):  # Period.parse: UsageError
                raise ParseError(f"{doc.url}: line {n} is not 'YYYY-MM,value': {line!r}") from None
            result.figures.append(
                Figure(
                    series=Series.IT_EXPORTS,
                    period=period,
                    value_usd_millions=amount,
                    status=Status.PROVISIONAL,
                    authority=Authority.OFFICIAL,
                    source=doc.source,
                    document=doc.url,
                    quote=f"line {n}: {line}",
                )
            )
        return result
