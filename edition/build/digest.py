"""What one letter gives to pages other than its own, in values cheap to keep between builds.

A register entry's page is the list of its letters' `items`; the indexes and the corpus pages
read only the letter's header (`light`). A rebuild after an edit keeps the digests of the
letters that did not change, so it never reads those letters again.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

from .. import model as m
from ..problems import Problem
from ..write import corpus
from ..write.pages import Mentions, mention_items
from . import urls

SEP = "\0"  # between the ids of a packed list: no XML name or URL holds it


class Digest(NamedTuple):
    """A letter's digest (a named tuple: thousands of them load from the cache in no time).

    Its lists of ids are kept packed, each in one string (`packed_…`): the cache of 10,000
    digests then loads as some 100,000 objects instead of a million (about 5× faster).
    """

    sha: str  # SHA-256 of the letter's file
    id: str
    sort_key: tuple[str, str]
    chain: tuple[str, ...]  # corpus.correspondence_key: whom the letter passes between
    parties: tuple[str, ...]  # the register ids of its correspondents
    packed_named: str  # every register id it points at: mentions, correspondents, places
    packed_ids: str  # the letter's own xml:id and every xml:id of its text
    items: dict[str, Mentions]  # entry id → what that entry's page lists for this letter (in a
    # cached digest, {} until needed: the bulk of the cache, kept apart, see incremental.py)
    packed_mentioned: str  # the entry ids of `items`, sorted
    light: bytes  # the pickled header: `light(letter)`
    problems: tuple[Problem, ...]  # the warnings its reading gave
    packed_urls: str  # the URLs of its paragraphs and notes
    deps: tuple[tuple[str, str], ...]  # other files its reading compared it with, and their SHA-256
    local: tuple[str, ...]  # the register entries the letter itself carries (in its header)
    title: str  # as its pages show it (site.distinct_titles)

    @property
    def named(self) -> tuple[str, ...]:
        return unpack(self.packed_named)

    @property
    def ids(self) -> tuple[str, ...]:
        return unpack(self.packed_ids)

    @property
    def mentioned(self) -> tuple[str, ...]:
        return unpack(self.packed_mentioned)

    @property
    def urls(self) -> tuple[str, ...]:
        return unpack(self.packed_urls)


def pack(values: Iterable[str]) -> str:
    return SEP.join(values)


def unpack(packed: str) -> tuple[str, ...]:
    return tuple(packed.split(SEP)) if packed else ()


def union(packed: Iterable[str]) -> set[str]:
    """Every id of many packed lists."""
    return set(SEP.join(packed).split(SEP)) - {""}


def light(letter: m.Letter) -> m.Letter:
    """The letter without its text: what the indexes, corpus pages and data files read."""
    seen = dict.fromkeys(site.entry_id for site in letter.mentions)
    sites = tuple(m.MentionSite(entry_id, letter.id, "", False, ("", "", ""), letter.pos)
                  for entry_id in seen)
    return replace(letter, source=(), front=(), body=(), notes=(), mentions=sites, entries=(), ids=())


def make(letter: m.Letter, entries: Mapping[str, m.Entry], sha: str = "",
         problems: tuple[Problem, ...] = ()) -> Digest:
    """The digest of a letter read from a file whose SHA-256 is `sha`."""
    sites: dict[str, list[m.MentionSite]] = defaultdict(list)
    for site in letter.mentions:
        if site.entry_id in entries:
            sites[site.entry_id].append(site)
    items = {entry_id: mention_items(letter, group) for entry_id, group in sites.items()}
    return Digest(
        sha=sha, id=letter.id, sort_key=letter.sort_key, chain=corpus.correspondence_key(letter),
        parties=tuple(corpus.parties_of(letter)), packed_named=pack(sorted(named(letter))),
        packed_ids=pack((letter.id, *(xml_id for xml_id, _ in letter.ids))),
        items=items, packed_mentioned=pack(sorted(items)),
        light=pickle.dumps(light(letter), protocol=pickle.HIGHEST_PROTOCOL),
        problems=problems,
        packed_urls=pack(urls.anchors_of(letter)),
        deps=tuple((str(path), sha256(path)) for path in dependencies(letter)),
        local=tuple(entry.id for entry in letter.entries), title=letter.title,
    )


def dependencies(letter: m.Letter) -> list[Path]:
    """The files besides its own that a letter's reading looks at: its transcription, and its
    local page images (a changed image makes its page, tiles and manifest again)."""
    images = [Path(page.image) for page in letter.pages if page.local and page.image]
    if letter.transcription is None:
        return images
    path = (Path(letter.path).parent / unquote(letter.transcription.target)).resolve()  # a URI
    return [path, *images] if path.is_file() else images


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def named(letter: m.Letter) -> set[str]:
    """Every register id a letter points at: its mentions, correspondents and places."""
    parties = (*letter.senders, *letter.addressees, *letter.places)
    return {site.entry_id for site in letter.mentions} | {p.ref for p in parties if p.ref}


def header(digest: Digest) -> m.Letter:
    letter: m.Letter = pickle.loads(digest.light)
    return letter
