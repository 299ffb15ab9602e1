"""The facsimile beside the text on a letter's page: the panel's HTML (pages, their images and
labels, for docs/assets/facsimile.js and OpenSeadragon), and the viewer's own files."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from .. import images, paths
from .. import model as m
from ..messages import t
from ..problems import Problems
from .markdown import attr, html_text

# OpenSeadragon, pinned in package.json and installed by `npm ci`: the build copies it into the
# site, so that the viewer works offline and fetches nothing from elsewhere.
OPENSEADRAGON = Path(__file__).resolve().parents[2] / "node_modules" / "openseadragon" / "build" \
    / "openseadragon" / "openseadragon.min.js"


def has_images(letter: m.Letter) -> bool:
    return any(page.image for page in letter.pages)


def tile_source(letter: m.Letter, page: m.Page, n: int, page_path: str,
                derived: Mapping[str, images.Derived]) -> object:
    """What OpenSeadragon opens for a page: a local image's IIIF info (its id relative to the
    page, made absolute by the script), a remote IIIF service's info.json, or a plain image."""
    if page.image is None:
        return None
    if page.local:
        image = derived.get(page.image)
        if image is None:
            return None
        info = images.info(image, paths.file_href(page_path, paths.image_folder(letter.id, n)))
        return info
    if page.service:
        return f"{page.service}/info.json"
    return {"type": "image", "url": page.image}


def panel(letter: m.Letter, derived: Mapping[str, images.Derived]) -> str:
    """The facsimile panel of a letter page (raw HTML; "" for a letter without page images)."""
    if not has_images(letter):
        return ""
    page_path = paths.letter_page(letter.id)
    pages = []
    for n, page in enumerate(letter.pages, start=1):
        source = tile_source(letter, page, n, page_path, derived)
        entry: dict[str, object] = {"label": page.n or f"[{n}]", "source": source}
        if page.rotation:
            entry["rotation"] = page.rotation
        if page.local and page.image is not None and page.image in derived:
            web = f"{paths.image_folder(letter.id, n)}/{derived[page.image].web}"
            entry["web"] = paths.file_href(page_path, web)
        elif page.image:
            entry["web"] = page.image
        pages.append(entry)
    data = json.dumps(pages, ensure_ascii=False, separators=(",", ":"))
    script = paths.file_href(page_path, paths.VIEWER_SCRIPT)
    links = " ".join(f'<a href="{attr(str(p["web"]))}">{attr(str(p["label"]))}</a>'
                     for p in pages if p.get("web"))
    origins = sorted({f"{url.scheme}://{url.netloc}" for page in letter.pages
                      if page.image and not page.local for url in [urlsplit(page.image)]})
    words = json.dumps({"label": t("viewer.label"), "keys": t("viewer.keys"), "image": t("viewer.image")},
                       ensure_ascii=False, separators=(",", ":"))  # for facsimile.js
    return "\n".join([
        f'<div class="facsimile" data-pages="{attr(data)}" data-script="{attr(script)}"'
        f' data-messages="{attr(words)}"'
        f' data-image-origins="{attr(" ".join(origins))}"'
        ' data-search-exclude data-pagefind-ignore>',
        '<div class="facsimile-bar"><button type="button" class="facsimile-toggle"'
        f' aria-pressed="false" aria-controls="facsimile-figure">{html_text(t("viewer.image"))}</button>'
        '</div>',
        '<figure class="facsimile-figure" id="facsimile-figure">',
        f'<div class="facsimile-controls" role="toolbar" aria-label="{attr(t("viewer.image"))}">',
        button("prev", "viewer.previous", "‹"),
        '<span class="facsimile-label" aria-live="polite"></span>',
        button("next", "viewer.next", "›"),
        button("zoom-in", "viewer.zoom_in", "+"),
        button("zoom-out", "viewer.zoom_out", "−"),
        button("home", "viewer.home", "⤢"),
        '</div>',
        '<div class="facsimile-viewer" id="facsimile-viewer"></div>',
        f'<p class="facsimile-missing" hidden>{html_text(t("viewer.missing"))}</p>',
        f'<figcaption class="facsimile-links">{t("viewer.images", links=links)}</figcaption>',
        '</figure>',
        '</div>',
    ])


def button(kind: str, key: str, sign: str) -> str:
    """A control of the viewer: its sign, named by the message `key`."""
    return f'<button type="button" class="facsimile-{kind}" aria-label="{attr(t(key))}">{sign}</button>'


def assets(letters: list[m.Letter]) -> dict[str, bytes]:
    """The viewer's script for docs/, when a letter has page images."""
    if not any(has_images(letter) for letter in letters) or not OPENSEADRAGON.is_file():
        return {}
    return {paths.VIEWER_SCRIPT: OPENSEADRAGON.read_bytes()}


def check(letters: list[m.Letter], problems: Problems) -> None:
    """An edition with page images needs the viewer's script (npm ci installs it)."""
    shown = next((letter for letter in letters if has_images(letter)), None)
    if shown is not None and not OPENSEADRAGON.is_file():
        problems.error(shown.pos, f"this letter has page images, and the viewer that shows them is not"
                       f" installed ({OPENSEADRAGON} is missing); run npm ci (make does) and build again")
