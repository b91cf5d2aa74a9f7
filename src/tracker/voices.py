"""Who is speaking: outlets as registrable domains, and syndicated copy counted once (pure).

An outlet is the registrable domain of the source (``staging.nation.com.pk`` and
``nation.com.pk`` are one outlet), from the Public Suffix List snapshot bundled with
`publicsuffixlist` (no network). Several outlets that print the same sentence with the same
figure are one *voice*: a wire story (APP, PPI, an agency) reprinted by three papers is one
source of evidence, not three.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList


@lru_cache(maxsize=1)
def _psl() -> PublicSuffixList:
    return PublicSuffixList()  # the bundled snapshot; never fetched


@lru_cache(maxsize=4096)
def outlet_for_host(host: str) -> str:
    """Registrable domain of a host name; an IP address or single label stays as it is."""
    host = host.strip().lower().rstrip(".")
    if not host:
        return ""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    return _psl().privatesuffix(host) or host.removeprefix("www.")


def outlet_of_url(url: str | None) -> str:
    """Registrable domain of a URL's host ('' when it has none).

    An IP address or `localhost` keeps its port: there is no domain to group by, and two
    services on one test host are two sites.
    """
    if not url or "://" not in url:
        return ""
    parts = urlsplit(url)
    outlet = outlet_for_host(parts.hostname or "")
    if outlet and "." not in outlet.strip("0123456789.:[]") and parts.port:
        return f"{outlet}:{parts.port}"
    return outlet


# Wire agencies whose copy Pakistani papers print, by the ways a story credits them.
_AGENCIES = {
    "APP": "Associated Press of Pakistan",
    "PPI": "Pakistan Press International",
    "INP": "Independent News Pakistan",
    "NNI": "News Network International",
    "Reuters": "Reuters",
    "AFP": "Agence France-Presse",
    "Xinhua": "Xinhua",
}
_CREDIT = re.compile(
    r"\((" + "|".join(_AGENCIES) + r")\)"  # ISLAMABAD, Sept 19 (APP): ...
    r"|(?:^|\n)\s*[-–—/]\s*(" + "|".join(_AGENCIES) + r")\s*(?:$|\n)"  # a closing "—APP"
    r"|\b(" + "|".join(map(re.escape, _AGENCIES.values())) + r")\b"
)


def wire_credit(text: str) -> str | None:
    """The wire agency an article credits for its story, if any ("APP", "Reuters" ...).

    An article that credits an agency is that agency's voice, not the paper's: three papers
    printing an APP story are one voice however much each rewords it.
    """
    m = _CREDIT.search(text[:20_000])
    if m is None:
        return None
    name = next(g for g in m.groups() if g)
    return next((short for short, full in _AGENCIES.items() if name in (short, full)), name)


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def wire_fingerprint(quote: str) -> str:
    """The wording of a sentence with case, punctuation and spacing removed.

    Two papers printing the same agency sentence differ in quotes, dashes and spaces, not in
    words; a rewritten story differs in words. Short quotes (a bare number) identify nothing.
    """
    text = unicodedata.normalize("NFKC", quote).casefold()
    words = _NON_WORD.sub(" ", text).split()
    return " ".join(words) if len(words) >= 6 else ""


def group_voices(statements: Sequence[tuple[str, str]]) -> list[list[int]]:
    """Group statements `(outlet, quote)` into independent voices (lists of indexes).

    Statements are joined when they come from the same outlet or share a wire fingerprint,
    transitively (union-find), so the grouping does not depend on their order.
    """
    parent = list(range(len(statements)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(keys: Iterable[str], prefix: str) -> None:
        first: dict[str, int] = {}
        for i, key in enumerate(keys):
            if not key:
                continue
            j = first.setdefault(prefix + key, i)
            parent[find(i)] = find(j)

    union((outlet for outlet, _ in statements), "o:")
    union((wire_fingerprint(quote) for _, quote in statements), "w:")
    groups: dict[int, list[int]] = {}
    for i in range(len(statements)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values())
