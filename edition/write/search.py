"""Search: the backend mkdocs.yml chooses, Pagefind's index, and the filters a letter carries.

`extra: search: builtin` (the default) keeps Material's search; `extra: search: pagefind`
switches Material's search off and indexes the built site with Pagefind, whose index a browser
fetches in small chunks, as a query needs them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import model as m
from ..config import settings
from ..messages import t
from .corpus import year_of
from .markdown import attr, pagefind_filter

BACKENDS = ("builtin", "pagefind")


def backend(config: Path) -> str:
    """The search backend that mkdocs.yml names in `extra: search:` (builtin if none)."""
    extra = settings(config).get("extra")
    chosen = extra.get("search", "builtin") if isinstance(extra, dict) else "builtin"
    return chosen if chosen in BACKENDS else "builtin"


def fold(text: str) -> str:
    """Text as a search compares it: without accents or case (`Célarié` → `celarie`)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


BUILTIN_INDEX = Path("search") / "search_index.json"
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")
_ITEM = re.compile(r"</?li>")
_NOTE_ID = re.compile(r'<li id="(fn:[^"]+)"')
NOTES = "#notes"  # the notes' section of a letter page (pages.notes_section)


def refine_builtin(site: Path) -> None:
    """Material's builtin search index made to find and show what a reader looks for.

    Each note of a letter becomes a result of its own (Material makes one of all the notes under
    their heading, so a result's preview was the whole list); the letter's paragraphs already are
    (pages.searched_block). And each section gets, as search tags, the folded forms of its words
    that differ from them (`celarie` beside `Célarié`), weighted as its text, so that a word is
    found without its accents (Material compares words as written; Pagefind folds accents
    itself). The tags are not shown: edition.css hides them in the results.
    """
    path = site / BUILTIN_INDEX
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    docs: list[dict[str, Any]] = []
    for doc in index["docs"]:
        docs += note_docs(site, doc) if doc["location"].endswith(NOTES) else [doc]
    for doc in docs:
        words = set(_WORD.findall(_TAG.sub(" ", f"{doc.get('title', '')} {doc.get('text', '')}")))
        folded = {fold(word) for word in words} - {word.casefold() for word in words}
        if folded:
            doc["tags"] = sorted({*doc.get("tags", []), *folded})
    index["docs"] = docs
    fields = index["config"]["fields"]
    fields["tags"] = {"boost": fields.get("text", {}).get("boost", 1.0)}
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def note_docs(site: Path, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The notes' section of a letter split into one search entry per note (`Note 11`, at its
    anchor), read from the list Material indexed; the section as it was if they do not match."""
    page, _, _ = doc["location"].partition("#")
    html_file = site / page / "index.html"
    ids = _NOTE_ID.findall(html_file.read_text(encoding="utf-8")) if html_file.is_file() else []
    items, depth, start = [], 0, 0
    text: str = doc["text"]
    for match in _ITEM.finditer(text):
        if match.group() == "<li>":
            depth += 1
            if depth == 1:
                start = match.end()
        else:
            depth -= 1
            if depth == 0:
                items.append(text[start:match.start()].strip())
    if not ids or len(items) != len(ids):
        return [doc]
    return [{**doc, "location": f"{page}#{anchor}", "title": t("search.note", n=n), "text": item}
            for n, (anchor, item) in enumerate(zip(ids, items, strict=True), start=1)]


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

    # the filters' names, which Pagefind's search box shows as their headings: the edition's words
    year, correspondent, person = (t(f"filter.{key}") for key in ("year", "correspondent", "person"))
    values = [(year, year_of(letter))]
    values += [(correspondent, name(p.ref, p.name)) for p in (*letter.senders, *letter.addressees)]
    people = {site.entry_id for site in letter.mentions
              if site.entry_id in entries and entries[site.entry_id].kind == "person"}
    values += [(person, entries[ref].name) for ref in sorted(people)]
    spans = "".join(f'<span data-pagefind-filter="{attr(key)}:{pagefind_filter(value.replace(",", " "))}">'
                    "</span>" for key, value in dict.fromkeys(values))
    return f'<div class="search-filters">{spans}</div>'
