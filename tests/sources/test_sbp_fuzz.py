"""Whatever bytes arrive, the SBP parsers fail only with ParseError (or succeed)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.errors import ParseError
from tracker.sources import sbp_easydata, sbp_ebops_xls, sbp_headline_pdf, sbp_index
from tracker.sources.base import Document, ParseResult
from tracker.sources.validate import MAGIC

PARSERS: list[Callable[[Document], ParseResult]] = [
    sbp_ebops_xls.parse,
    sbp_headline_pdf.parse,
    sbp_easydata.parse,
    sbp_index.parse,
]
# Random bytes, and random bytes behind each magic number so they reach xlrd/pdfplumber.
bodies = st.one_of(
    st.binary(max_size=4096),
    st.builds(
        lambda magic, rest: magic + rest,
        st.sampled_from(list(MAGIC.values())),
        st.binary(min_size=1024, max_size=6000),
    ),
    st.builds(lambda rest: b'{"columns": ["Series Key"], "rows": ' + rest, st.binary(max_size=64)),
)


@settings(
    max_examples=int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(body=bodies, content_type=st.sampled_from([None, "application/octet-stream"]))
def test_random_bytes_raise_only_parse_error(body: bytes, content_type: str | None) -> None:
    doc = Document(url="https://www.sbp.org.pk/x", body=body, content_type=content_type)
    for parse in PARSERS:
        try:
            result = parse(doc)
        except ParseError:
            continue
        assert isinstance(result, ParseResult)


@settings(max_examples=int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "60")), deadline=None)
@given(cut=st.integers(min_value=0, max_value=22015), flip=st.integers(0, 255))
def test_damaged_real_fixtures_raise_only_parse_error(cut: int, flip: int) -> None:
    from pathlib import Path

    sbp = Path(__file__).resolve().parents[1] / "fixtures" / "sbp"
    for name, parse in [
        ("dt_2026-06.xls", sbp_ebops_xls.parse),
        ("ExportsImports-Goods_2026-06.pdf", sbp_headline_pdf.parse),
    ]:
        body = bytearray((sbp / name).read_bytes())
        position = cut % len(body)
        body[position] = flip
        with contextlib.suppress(ParseError):
            parse(Document(url=name, body=bytes(body)))
