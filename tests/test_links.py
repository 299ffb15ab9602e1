"""Every link inside the built site leads to a page that exists, and to an id on it.

MkDocs checks the links it writes itself; the mentions and register lists are raw HTML, which it
does not check, so the built site is walked here as a reader's browser would follow it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html

SKIPPED = ("http:", "https:", "mailto:", "javascript:", "data:")


@functools.cache
def ids(page: Path) -> frozenset[str]:
    return frozenset(html.parse(str(page)).getroot().xpath("//@id"))


def target(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file a relative link of `page` leads to, and its fragment; None for outside the site."""
    if href.startswith(SKIPPED) or href.startswith("//"):
        return None
    parts = urlsplit(href)
    base = site if parts.path.startswith("/") else page.parent  # the 404 page links from the root
    path = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
    if path.is_dir() or not path.suffix:
        path = path / "index.html"
    return path, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """`page: href` for every link that leads to no file, or to no such id on its page."""
    site = site.resolve()
    broken = []
    for page in sorted(site.rglob("*.html")):
        for href in html.parse(str(page)).getroot().xpath("//a/@href"):
            found = target(site, page, href)
            if found is None:
                continue
            path, fragment = found
            if not path.is_file() or (fragment and path.suffix == ".html" and fragment not in ids(path)):
                broken.append(f"{page.relative_to(site)}: {href}")
    return broken


def test_every_link_of_the_edition_leads_somewhere(built_site: Path) -> None:
    assert broken_links(built_site) == []


def test_a_link_to_a_missing_id_is_found(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="p1"><a href="../b/#p1">b</a> <a href="#p1">a</a>'
                                               ' <a href="../c/">c</a></p>', encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<p id="p2">b</p>', encoding="utf-8")
    assert broken_links(tmp_path) == ["a/index.html: ../b/#p1", "a/index.html: ../c/"]
