"""Search: the backend mkdocs.yml chooses, Pagefind's index, and the filters a letter carries.

`extra: search: builtin` (the default) keeps Material's search; `extra: search: pagefind`
switches Material's search off and indexes the built site with Pagefind, whose index a browser
fetches in small chunks, as a query needs them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from . import mkdocs_build
from . import model as m
from .corpus import year_of
from .markdown import pagefind_filter

BACKENDS = ("builtin", "pagefind")


def backend(config: Path) -> str:
    """The search backend that mkdocs.yml names in `extra: search:` (builtin if none)."""
    extra = mkdocs_build.settings(config).get("extra")
    chosen = extra.get("search", "builtin") if isinstance(extra, dict) else "builtin"
    return chosen if chosen in BACKENDS else "builtin"


PLUGIN = "\n  - search\n"  # how mkdocs.yml lists Material's search


def build_config(config: Path) -> Path:
    """The configuration `mkdocs build` reads: mkdocs.yml itself, or for Pagefind a copy beside it
    (so that its paths hold) with Material's search turned off. The caller removes the copy."""
    if backend(config) != "pagefind":
        return config
    text = config.read_text(encoding="utf-8")
    if PLUGIN not in text:
        raise ValueError(f"{config}: Material's search is not listed as `{PLUGIN.strip()}` under"
                         " plugins, so it cannot be turned off for Pagefind; list it so")
    copy = config.with_name(f".{config.stem}.pagefind{config.suffix}")
    copy.write_text(text.replace(PLUGIN, "\n  - search:\n      enabled: false\n", 1), encoding="utf-8")
    return copy


PART = 5000  # pages Pagefind indexes in one run
PARTS = "parts.json"  # in site/pagefind/: the further parts' folders, which the browser merges


def index(site: Path) -> subprocess.CompletedProcess[str]:
    """Index a built site with Pagefind (the pagefind package's own binary): site/pagefind/.

    Pagefind holds its whole index in memory, about 220 KB a letter page, so a large site is
    indexed in parts of PART pages, one run after the other: the first part in site/pagefind/,
    the others in site/pagefind/parts/<n>/, listed in site/pagefind/parts.json, which the search
    box reads to merge them (Pagefind's mergeIndex: one search, one list of results, filters
    across all parts). Each run reads a folder of hard links to its part's pages.
    """
    pages = sorted(path.relative_to(site) for path in site.rglob("*.html")
                   if path.relative_to(site).parts[0] != "pagefind")
    bundle = site / "pagefind"
    merged: list[str] = []
    result = subprocess.CompletedProcess[str]([], 0, "", "")
    for n, start in enumerate(range(0, max(len(pages), 1), PART), start=1):
        part = site.with_name(f".{site.name}.pagefind-part")
        shutil.rmtree(part, ignore_errors=True)
        for rel in pages[start:start + PART]:
            (part / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(site / rel, part / rel)
        part.mkdir(exist_ok=True)
        out = bundle if n == 1 else bundle / "parts" / str(n)
        try:
            result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(part),
                                     "--output-path", str(out), "--silent"],
                                    capture_output=True, text=True, check=False)
        finally:
            shutil.rmtree(part, ignore_errors=True)
        if result.returncode != 0:
            return result
        if n > 1:
            merged.append(f"parts/{n}/")
    (bundle / PARTS).write_text(json.dumps(merged) + "\n", encoding="utf-8")
    return result


def filters(letter: m.Letter, entries: Mapping[str, m.Entry]) -> str:
    """The letter's Pagefind filters, by year, correspondent and person mentioned, as empty spans
    (nothing a reader sees; the builtin search ignores them)."""
    def name(ref: str | None, fallback: str) -> str:
        entry = entries.get(ref or "")
        return entry.name if entry is not None else fallback

    values = [("year", year_of(letter))]
    values += [("correspondent", name(p.ref, p.name)) for p in (*letter.senders, *letter.addressees)]
    people = {site.entry_id for site in letter.mentions
              if site.entry_id in entries and entries[site.entry_id].kind == "person"}
    values += [("person", entries[ref].name) for ref in sorted(people)]
    spans = "".join(f'<span data-pagefind-filter="{key}:{pagefind_filter(value.replace(",", " "))}"></span>'
                    for key, value in dict.fromkeys(values))
    return f'<div class="search-filters">{spans}</div>'
