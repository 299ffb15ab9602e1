"""An MkDocs hook for one shard of a parallel site build: it renders only its share of the pages.

`python build.py site` loads it (through a configuration that inherits mkdocs.yml, see
edition/mkdocs_build.py) with EDITION_SHARD=k/n in the environment. Shard k renders the pages
of the navigation and every n-th of the others, counted from k in the order of their paths; the
others it marks excluded. MkDocs still knows an excluded file, so links to it are written as in
a whole build; it only does not render it. Nothing else in the edition imports MkDocs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel

from edition.mkdocs_build import VARIABLE


def shard() -> tuple[int, int]:
    """This process's shard k of n, from EDITION_SHARD=k/n."""
    k, _, n = os.environ[VARIABLE].partition("/")
    return int(k), int(n)


def nav_paths(items: Any) -> Iterator[str]:
    """The Markdown files that the `nav` of mkdocs.yml names, at any depth."""
    if isinstance(items, str):
        yield items
    elif isinstance(items, dict):
        for value in items.values():
            yield from nav_paths(value)
    elif isinstance(items, list):
        for item in items:
            yield from nav_paths(item)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    k, n = shard()
    in_nav = set(nav_paths(config.nav))
    others = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in in_nav)
    mine = set(others[k::n])
    for file in files.documentation_pages():
        if file.src_uri not in in_nav and file.src_uri not in mine:
            file.inclusion = InclusionLevel.EXCLUDED
    return files
