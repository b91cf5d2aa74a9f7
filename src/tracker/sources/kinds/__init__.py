"""One module per source kind: each defines a `SourceKind` subclass and `@register`s it.

The registry imports every module here on first use: the built-in ones in the order below
(which is the order the config reference lists them), then any other module alphabetically.
Adding a kind is adding one module (see docs/SOURCES.md). Keep these modules light: a heavy
parser lives in its own module, named by the kind's `target` and imported on first parse.
"""

from __future__ import annotations

BUILTIN = (
    "sbp_easydata",
    "sbp_ebops_xls",
    "sbp_headline_pdf",
    "sbp_index",
    "news_feed",
    "news_listing",
    "news_article",
)
