"""Site paths and URLs: the one place that turns ids into pages, links and anchors.

Every URL is derived from an `xml:id`, never from a title or a position, so that a citation
keeps working as long as the id does.
"""

from __future__ import annotations

import posixpath

from .model import EntryKind

KIND_DIRS: dict[str, str] = {
    "person": "persons", "work": "works", "place": "places", "org": "organisations",
    "event": "events",
}
KIND_TITLES: dict[str, str] = {
    "person": "People", "work": "Works", "place": "Places", "org": "Organisations",
    "event": "Events",
}
KIND_SINGULAR: dict[str, str] = {
    "person": "person", "work": "work", "place": "place", "org": "organisation", "event": "event",
}

HOME = "index.md"
LETTERS_INDEX = "letters/index.md"


def letter_page(letter_id: str) -> str:
    return f"letters/{letter_id}.md"


def entry_page(kind: EntryKind | str, entry_id: str) -> str:
    return f"{KIND_DIRS[kind]}/{entry_id}.md"


def index_page(kind: EntryKind | str) -> str:
    return f"{KIND_DIRS[kind]}/index.md"


def anchor(letter_id: str, xml_id: str) -> str:
    """The HTML anchor of a paragraph or note: its xml:id without the letter's id in front."""
    prefix = f"{letter_id}-"
    return xml_id[len(prefix):] if xml_id.startswith(prefix) and len(xml_id) > len(prefix) else xml_id


def note_anchor(letter_id: str, note_id: str) -> str:
    """The footnote label; Python-Markdown makes it the anchor `fn:<label>`."""
    return anchor(letter_id, note_id)


def relative(from_page: str, to_page: str) -> str:
    """A link from one page of docs/ to another, as MkDocs resolves it."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def page_url(page: str) -> str:
    """The published URL path of a page (MkDocs' directory URLs): `letters/x.md` → `letters/x/`."""
    if page == HOME:
        return ""
    if page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"
