"""Site paths and URLs: the one place that turns ids into pages, links and anchors.

Every URL is derived from an `xml:id`, never from a title or a position, so that a citation
keeps working as long as the id does.
"""

from __future__ import annotations

from .model import KINDS, EntryKind

KIND_DIRS: dict[str, str] = {kind: k.folder for kind, k in KINDS.items()}
KIND_SINGULAR: dict[str, str] = {kind: k.singular for kind, k in KINDS.items()}

HOME = "index.md"
LETTERS_INDEX = "letters/index.md"
CORRESPONDENTS = "correspondents/index.md"
CALENDAR = "calendar/index.md"
UNDATED = "undated"  # the group of letters without a year: `letters/undated.md` when split
OTHER_INITIAL = "#"  # correspondents whose name does not begin with a letter


def sub_page(base: str, key: str) -> str:
    """A page that continues a long list: `letters/index.md` + `1938` → `letters/1938.md`;
    `correspondence/x.md` + `1938` → `correspondence/x/1938.md`.

    Keys are years (`1938`), months (`1938-03`), `undated`, or initials (in correspondents/): a
    year or a month is never a letter's id (an xml:id cannot begin with a digit).
    """
    folder = base[: -len("/index.md")] if base.endswith("/index.md") else base[: -len(".md")]
    return f"{folder}/{'other' if key == OTHER_INITIAL.lower() else key}.md"


def correspondence_page(entry_id: str) -> str:
    """The letters from and to one correspondent (a register entry)."""
    return f"correspondence/{entry_id}.md"


def letter_page(letter_id: str) -> str:
    return f"letters/{letter_id}.md"


def entry_page(kind: EntryKind | str, entry_id: str) -> str:
    return f"{KIND_DIRS[kind]}/{entry_id}.md"


def index_page(kind: EntryKind | str) -> str:
    return f"{KIND_DIRS[kind]}/index.md"


def initial_page(kind: EntryKind | str, initial: str) -> str:
    """The entries of a long register index whose names begin with one letter:
    `persons/index/a.md` (in a folder of its own, so no entry's id can take its URL)."""
    return f"{KIND_DIRS[kind]}/index/{'other' if initial == OTHER_INITIAL else initial.lower()}.md"


def anchor(letter_id: str, xml_id: str) -> str:
    """The HTML anchor of a paragraph or note: its xml:id without the letter's id in front."""
    prefix = f"{letter_id}-"
    return xml_id[len(prefix):] if xml_id.startswith(prefix) and len(xml_id) > len(prefix) else xml_id


SEARCH_SECTION = "search:"  # a paragraph's section in the search indexes: #search:p5 (never an xml:id)


def search_section(fragment: str) -> str:
    """The id of the empty, hidden heading before a paragraph, which makes the paragraph a
    section of its own in both search indexes; edition.js leads #search:p5 on to #p5."""
    return SEARCH_SECTION + fragment


def note_anchor(letter_id: str, note_id: str) -> str:
    """The footnote label; Python-Markdown makes it the anchor `fn:<label>`."""
    return anchor(letter_id, note_id)


def relative(from_page: str, to_page: str) -> str:
    """A link from one page of docs/ to another, as MkDocs resolves it.

    Both are clean paths inside docs/ (no `.` or `..`), so this is string work: the same result
    as `posixpath.relpath` at a fraction of its cost, which counts at 10,000 letters.
    """
    here = from_page.split("/")[:-1]
    there = to_page.split("/")
    n = 0
    while n < len(here) and n < len(there) - 1 and here[n] == there[n]:
        n += 1
    return "/".join([".."] * (len(here) - n) + there[n:])


def href(from_page: str, to_page: str, fragment: str | None = None) -> str:
    """A link from one page to another as the browser resolves it, between their published URLs
    (`persons/x.md` → `letters/y.md#p5` is `../../letters/y/#p5`): for the raw HTML lists that
    MkDocs passes through without rewriting their links."""
    url = relative(page_url(from_page) + "index.html", page_url(to_page)) or "./"
    return f"{url}#{fragment}" if fragment else url


def page_url(page: str) -> str:
    """The published URL path of a page (MkDocs' directory URLs): `letters/x.md` → `letters/x/`."""
    if page == HOME:
        return ""
    if page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


# ---------------------------------------------------------------- downloads and published URLs

CORPUS_DOWNLOAD = "downloads/edition-tei.zip"
PREVIEW_SCRIPT = "assets/preview.js"  # hand-written; only the live preview loads it (build.py serve)
BUILD_PROBLEMS = "assets/build-problems.json"  # watch mode's report, only while the last build failed


def tei_download(letter_id: str) -> str:
    """The letter's TEI file as published beside its page: `tei/<id>.xml` in docs/."""
    return f"tei/{letter_id}.xml"


def site_url(page_or_file: str, fragment: str | None = None) -> str:
    """A URL as the URL manifest writes it, from the site's root: `/letters/x/#p5`, `/tei/x.xml`.

    Pages (`.md`) get their directory URL; other files of docs/ keep their path.
    """
    path = page_url(page_or_file) if page_or_file.endswith(".md") else page_or_file
    return f"/{path}" + (f"#{fragment}" if fragment else "")


def absolute(base_url: str, url: str) -> str:
    """A manifest URL (`/letters/x/#p5`) made absolute on the published site."""
    return base_url.rstrip("/") + url


def paragraph_url(letter_id: str, xml_id: str) -> str:
    return site_url(letter_page(letter_id), anchor(letter_id, xml_id))


def note_url(letter_id: str, note_id: str) -> str:
    return site_url(letter_page(letter_id), f"fn:{note_anchor(letter_id, note_id)}")


# ---------------------------------------------------------------- page images (IIIF)

VIEWER_SCRIPT = "assets/openseadragon/openseadragon.min.js"  # copied from node_modules by the build


def iiif_folder(letter_id: str) -> str:
    """Where a letter's IIIF files are: `iiif/<letter>/` (its images' services, its manifest)."""
    return f"iiif/{letter_id}/"


def image_folder(letter_id: str, page: int) -> str:
    """A local page image as a static IIIF Image API service: `iiif/<letter>/<n>` (its info.json,
    tiles and sizes below it); `page` counts the letter's pb from 1."""
    return f"{iiif_folder(letter_id)}{page}"


def iiif_manifest(letter_id: str) -> str:
    """The letter's IIIF Presentation 3 manifest: `iiif/<letter>/manifest.json`."""
    return f"{iiif_folder(letter_id)}manifest.json"


def file_href(from_page: str, file: str) -> str:
    """A link from a page to a file of docs/ as the browser resolves it (`../../iiif/x/1`)."""
    return relative(page_url(from_page) + "index.html", file)
