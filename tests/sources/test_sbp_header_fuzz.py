"""dt.xls header texts built from SBP's tokens in random order: a period is read only from
what is printed (never invented), or the header is refused with ParseError."""

from __future__ import annotations

import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import ParseError
from tracker.model import PeriodKind
from tracker.sources.sbp_common import MONTHS
from tracker.sources.sbp_ebops_header import parse_period

TOKENS = st.sampled_from(
    [
        *[m.capitalize() for m in MONTHS],
        "Jul-Feb",
        "July-March",
        "Oct-Dec",
        "FY26",
        "FY25R",
        "FY2026",
        "FY26P",
        "-26",
        " 2026",
        "(P)",
        "(R)",
        "(Provisional)",
        "Revised",
        "P",
        "R",
        "*",
        "1/",
        "ᴾ",
        ",",
        "Total",
        "45716",
        "\u00a0",
        " ",
    ]
)


@settings(max_examples=int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "400")), deadline=None)
@given(st.lists(TOKENS, min_size=1, max_size=6))
def test_header_text_is_read_from_its_tokens_or_refused(tokens: list[str]) -> None:
    text = " ".join(tokens)
    try:
        period, status = parse_period(text, "fuzz")
    except ParseError:
        return
    folded = text.casefold()
    if period.kind is PeriodKind.MONTH:
        month = MONTHS[(period.first % 12)]
        assert re.search(rf"\b{month}", folded), (text, period)
    else:
        assert "jul" in folded and "fy" in folded, (text, period)
    if status is not None:
        assert re.search(
            r"\bp\b|\(p\)|ᴾ|provisional|fy\d+p|\br\b|\(r\)|revised|fy\d+r", folded.replace("\u00a0", " ")
        ), (text, status)
