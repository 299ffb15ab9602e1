"""Where a link target from the TEI leads: the one classification that the check and the writer share.

A `ref/@target`, `ptr/@target` or authority URI is one of four things:

- `letter`: a letter of the edition, or an id in one (`letter-x.xml#p3`, `#p3`, `letter-x`);
- `url`: an absolute URL with a safe scheme (http, https, mailto), a link as it is;
- `unsafe`: any other scheme (`javascript:`, `data:`, `vbscript:`, `file:`, …), in any case, with
  any whitespace, control characters or character references a browser would ignore or decode:
  never a link, its text is shown as text;
- `outside`: anything else (another edition's id, a diary date, a Bible reference, an empty `#`,
  a file that is not a letter of this edition): plain text, as the edition cannot resolve it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass
from typing import Literal

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")

Kind = Literal["letter", "url", "unsafe", "outside"]


@dataclass(frozen=True, slots=True)
class Target:
    """A classified link target. For `letter`, the letter's id and the id in it (or None)."""

    kind: Kind
    letter: str | None = None
    fragment: str | None = None


def as_browser_reads(target: str) -> str:
    """The target as a browser parses it once it stands in an `href`: character references
    decoded (twice, as a Markdown renderer may leave `&#106;` for the browser to decode), and every
    control, format or space character dropped (browsers drop tabs and newlines anywhere)."""
    seen = html.unescape(html.unescape(target))
    return "".join(c for c in seen if unicodedata.category(c)[0] not in "CZ")


def scheme(target: str) -> str | None:
    """The scheme of an absolute URL (`https`, `javascript`), lower case; None for a relative one."""
    found = _SCHEME.match(as_browser_reads(target))
    return found.group(1).lower() if found else None


def is_safe_url(target: str) -> bool:
    """An absolute URL whose scheme is http, https or mailto, and stays so in a browser."""
    raw = _SCHEME.match(target.strip())
    return scheme(target) in SAFE_SCHEMES and raw is not None and raw.group(1).lower() in SAFE_SCHEMES


def classify(target: str, here: str | None, letters: Container[str],
             own: Container[str] = ()) -> Target:
    """Where `target` leads, from the letter `here` (None outside a letter); `letters` are the
    edition's letter ids and `own` the ids of this letter's text."""
    if scheme(target) is not None:
        return Target("url") if is_safe_url(target) else Target("unsafe")
    file, _, fragment = target.strip().partition("#")
    if not file:
        if not fragment:
            return Target("outside")  # `#`, or nothing
        if here is not None and fragment in own:
            return Target("letter", here, fragment)
        if fragment in letters:  # a letter by its id (`#CV-227`)
            return Target("letter", fragment)
        return Target("outside")
    name = file.removesuffix(".xml").rsplit("/", 1)[-1]
    if name in letters:
        return Target("letter", name, fragment or None)
    return Target("outside")
