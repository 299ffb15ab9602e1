"""IIIF out: each letter's local page images as static Image API services, and a Presentation 3
manifest per letter with images (canvases from its pages, labels from `pb@n`, the letter's
metadata, a link back to its page), so that any IIIF viewer can show the letter."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from .. import images, paths
from .. import model as m
from ..messages import active, format_date, t

PRESENTATION = "http://iiif.io/api/presentation/3/context.json"
# what a manifest's `rights` may be (Presentation 3): a Creative Commons or RightsStatements URL
RIGHTS = ("http://creativecommons.org/", "https://creativecommons.org/", "http://rightsstatements.org/",
          "https://rightsstatements.org/")


def local_images(letters: Iterable[m.Letter]) -> list[str]:
    """The local image files of the letters' pages."""
    return [page.image for letter in letters for page in letter.pages if page.local and page.image]


def base_url(edition: m.Edition) -> str:
    """The site's address ("https://…/"), from which IIIF ids are made ("" when it is unknown)."""
    return edition.publication.url if edition.publication is not None else ""


def letter_files(letter: m.Letter, edition: m.Edition,
                 derived: Mapping[str, images.Derived]) -> dict[str, bytes]:
    """The letter's image services (tiles, sizes, info.json) and its manifest, for docs/."""
    out: dict[str, bytes] = {}
    base = base_url(edition)
    for n, page in enumerate(letter.pages, start=1):
        if page.local and page.image is not None and page.image in derived:
            folder = paths.image_folder(letter.id, n)
            out.update(images.files(derived[page.image], folder, base + folder))
    if base and any(page.image for page in letter.pages):
        document = manifest(letter, edition, derived)
        out[paths.iiif_manifest(letter.id)] = json.dumps(document, indent=1, ensure_ascii=False).encode()
    return out


def _text(value: str, lang: str | None = None) -> dict[str, list[str]]:
    return {lang or "none": [value]}


def _pair(key: str, value: str) -> dict[str, object]:
    """A metadata pair: the message `key` in the edition's language, and the value."""
    return {"label": _text(t(key), active().language), "value": _text(value)}


def manifest(letter: m.Letter, edition: m.Edition,
             derived: Mapping[str, images.Derived]) -> dict[str, object]:
    """The letter's IIIF Presentation 3 manifest: one canvas for each page whose image and size
    are known (a remote image's size is not known without fetching it: such a page has none)."""
    base = base_url(edition)
    folder = base + paths.iiif_manifest(letter.id).rsplit("/", 1)[0]
    metadata = [_pair("iiif.date", format_date(letter.date))]
    if letter.senders:
        metadata.append(_pair("iiif.from", ", ".join(p.name for p in letter.senders)))
    if letter.addressees:
        metadata.append(_pair("iiif.to", ", ".join(p.name for p in letter.addressees)))
    if letter.places:
        metadata.append(_pair("iiif.place", ", ".join(p.name for p in letter.places)))
    page_url = base + paths.page_url(paths.letter_page(letter.id))
    document: dict[str, object] = {
        "@context": PRESENTATION,
        "id": base + paths.iiif_manifest(letter.id),
        "type": "Manifest",
        "label": _text(letter.title, letter.lang),
        "metadata": metadata,
        "homepage": [{"id": page_url, "type": "Text", "label": _text(letter.title, letter.lang),
                      "format": "text/html"}],
        "items": [canvas for n, page in enumerate(letter.pages, start=1)
                  if (canvas := _canvas(letter, page, n, folder, derived)) is not None],
    }
    if letter.id in edition.letter_sources:
        document["seeAlso"] = [{"id": base + paths.tei_download(letter.id), "type": "Dataset",
                                "format": "application/tei+xml",
                                "label": _text(t("source.tei"), active().language)}]
    publication = edition.publication
    if publication is not None and publication.publisher:
        document["requiredStatement"] = _pair("iiif.publisher", publication.publisher)
    if publication is not None and publication.licence_url.startswith(RIGHTS):
        document["rights"] = publication.licence_url
    return document


def _canvas(letter: m.Letter, page: m.Page, n: int, folder: str,
            derived: Mapping[str, images.Derived]) -> dict[str, object] | None:
    """A page's canvas, painted with its image (and the image's IIIF service)."""
    if page.image is None:
        return None
    canvas_id = f"{folder}/canvas/{n}"
    body: dict[str, object]
    if page.local:
        image = derived.get(page.image)
        if image is None:
            return None
        service = f"{folder}/{n}"
        w, h = image.sizes[-1]
        width, height = image.width, image.height
        body = {"id": f"{service}/{image.web}", "type": "Image", "format": "image/jpeg",
                "width": w, "height": h,
                "service": [{"id": service, "type": "ImageService3", "profile": "level0"}]}
    elif page.width and page.height:
        width, height = page.width, page.height
        body = {"id": page.image, "type": "Image"}
    else:
        return None
    return {
        "id": canvas_id, "type": "Canvas", "label": _text(page.n or f"[{n}]"),
        "width": width, "height": height,
        "items": [{"id": f"{canvas_id}/page", "type": "AnnotationPage", "items": [{
            "id": f"{canvas_id}/image", "type": "Annotation", "motivation": "painting",
            "target": canvas_id, "body": body}]}],
    }
