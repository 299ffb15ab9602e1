"""Reading a letter's pages: each `pb`, its label (`@n`) and its image (`@facs`, directly or through
`facsimile/surface/graphic`): a local file, a remote image, or a IIIF Image API service.

What resolves becomes a `model.Page` with its image; what does not (an undeclared prefix, an image
id without a file, free text, a surface without a graphic) is reported once per kind and file, and
the page is kept without an image. A path to an image file that is not there is an error; a bare
file name that is not beside the letter is taken for the archive's name of an image the edition
does not hold (a warning). Nothing is fetched: a remote image is a URL the reader's browser opens.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .. import model as m
from .tei import NS, RULES, TEI, XML_ID, Element, Reader, local

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".gif", ".jp2"})
LOCAL_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp"})  # what Pillow reads
ROTATIONS = {"0": 0, "90": 90, "180": 180, "270": 270}
# a IIIF Image API request: {base}/{region}/{size}/{rotation}/{quality}.{format}
IIIF_REQUEST = re.compile(
    r"(?P<base>https?://.+?)/(?:full|square|\d+,\d+,\d+,\d+|pct:[\d.,]+)"
    r"/(?:max|full|\^?!?\d*,\d*|\^?pct:[\d.]+)/!?\d+(?:\.\d+)?/(?:default|color|gray|bitonal|native)\.\w+")
URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def read_pages(root: Element, text: Element, r: Reader) -> tuple[m.Page, ...]:
    """The pages of a letter's `text`, one for each `pb` that is rendered (not in a note), in order.

    `root` is the document: its `facsimile` holds the surfaces a `pb@facs="#id"` points at.
    """
    targets = {el.get(XML_ID, ""): el for facsimile in root.iterfind("t:facsimile", NS)
               for el in facsimile.iter(f"{{{TEI}}}*") if el.get(XML_ID)}
    pages: list[m.Page] = []
    pointed: set[str] = set()
    for pb in text.iter(f"{{{TEI}}}pb"):
        if not _rendered(pb):
            continue
        image, service, size = _image(pb, (pb.get("facs") or "").split(), targets, pointed, r)
        rotation = ROTATIONS.get(pb.get("rend") or "", 0)
        local_file = image is not None and not URL.match(image)
        pages.append(m.Page(pb.get("n"), r.pos(pb), image, local_file, service, rotation, *size))
    _report_unused(root, text, targets, pointed, r)
    return tuple(pages)


def _rendered(pb: Element) -> bool:
    """A `pb` the letter's page shows in its text: not inside a note, nor in data that is not text."""
    for ancestor in pb.iterancestors():
        name = local(ancestor)
        if name == "note" or (name in RULES and RULES[name].level == "skip"):
            return False
    return True


def _image(pb: Element, facs: list[str], targets: dict[str, Element], pointed: set[str],
           r: Reader) -> tuple[str | None, str | None, tuple[int, int]]:
    """The image of a `pb` (a local path or a URL), its IIIF service and its size where the TEI
    gives it, or Nones."""
    if not facs:
        return None, None, (0, 0)
    value = facs[0]
    if value.startswith("#"):
        target = targets.get(value[1:])
        if target is None:
            r.problems.warn_once(
                "facs:no-surface", r.pos(pb),
                f"pb@facs=\"{value}\" points to no <surface>, <zone> or <graphic> of the letter's"
                " <facsimile>: the page is shown without its image; correct @facs or add the surface")
            return None, None, (0, 0)
        pointed.add(value[1:])
        graphic = _graphic(target)
        if graphic is None:
            return None, None, (0, 0)  # reported once by _report_unused (a surface without a graphic)
        return (*_resolve(graphic, graphic.get("url") or "", r), _size(graphic))
    return (*_resolve(pb, value, r), (0, 0))


def _size(graphic: Element) -> tuple[int, int]:
    """An image's size in pixels as the TEI gives it: graphic@width/@height ("2000px"), else its
    surface's coordinates (@ulx, @uly, @lrx, @lry); (0, 0) when it does not."""
    width, height = (re.fullmatch(r"(\d+)(?:px)?", graphic.get(a) or "") for a in ("width", "height"))
    if width and height:
        return int(width[1]), int(height[1])
    surface = graphic.getparent()
    if surface is not None and local(surface) == "surface":
        try:
            w = int(float(surface.get("lrx", "")) - float(surface.get("ulx", "0")))
            h = int(float(surface.get("lry", "")) - float(surface.get("uly", "0")))
        except ValueError:
            return 0, 0
        return (w, h) if w > 0 and h > 0 else (0, 0)
    return 0, 0


def _graphic(target: Element) -> Element | None:
    """The graphic of a surface, zone or graphic: its own, else its surface's."""
    if local(target) == "graphic":
        return target
    for el in (target, *target.iterancestors()):
        graphic = el.find("t:graphic", NS)
        if graphic is not None and graphic.get("url"):
            return graphic
        if local(el) in ("surface", "facsimile"):
            break
    return None


def _resolve(el: Element, value: str, r: Reader) -> tuple[str | None, str | None]:
    """An image pointer as written (`@facs` or `graphic@url`) → (image, IIIF service)."""
    attribute = "url" if local(el) == "graphic" else "facs"
    prefix = value.partition(":")[0]
    value = r.expand(value)
    if value.startswith(("http://", "https://")):
        if value.endswith("/info.json"):
            base = value.removesuffix("/info.json")
            return f"{base}/full/max/0/default.jpg", base
        if (request := IIIF_REQUEST.fullmatch(value)) is not None:
            return value, request["base"]
        if Path(urlsplit(value).path).suffix.lower() in IMAGE_SUFFIXES:
            return value, None  # an image file on the web
        return f"{value}/full/max/0/default.jpg", value  # no image's name: a IIIF service's address
    if URL.match(value):
        r.problems.warn_once(
            f"facs:prefix:{prefix}", r.pos(el),
            f"{local(el)}@{attribute}=\"{value}\" uses the prefix \"{prefix}:\", which the letter"
            " does not declare: its pages are shown without images; declare it in the header"
            f" (<listPrefixDef><prefixDef ident=\"{prefix}\" matchPattern=\"(.+)\""
            " replacementPattern=\"https://…/$1\"/></listPrefixDef>) to show them")
        return None, None
    path = os.path.normpath(Path(r.path).parent / unquote(value))
    suffix = Path(value).suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        r.problems.warn_once(
            "facs:not-a-file", r.pos(el),
            f"{local(el)}@{attribute}=\"{value}\" is no image file, URL or #surface of the letter:"
            " its page is shown without an image; point it at an image file (e.g."
            f" \"../images/{value}.jpg\"), a IIIF service (…/info.json) or a <surface>")
        return None, None
    if not Path(path).is_file() and "/" not in value:
        # a bare file name that is not beside the letter: the archive's name of the image, which
        # the edition does not hold (as an image id without a suffix), not a path to one of its files
        r.problems.warn_once(
            "facs:not-in-edition", r.pos(el),
            f"{local(el)}@{attribute}=\"{value}\" names an image that is not in the edition (no such"
            f" file beside the letter): its page is shown without an image; to show it, put the image"
            f" in the edition (e.g. tei/images/) and write the path (\"../images/{value}\")")
        return None, None
    if not Path(path).is_file():
        r.problems.error(
            r.pos(el), f"the page image \"{value}\" is not there (looked for {path}); add the"
            f" image, or correct @{attribute} (a path relative to this file, or a URL)")
        return None, None
    if suffix not in LOCAL_SUFFIXES:
        r.problems.error(
            r.pos(el), f"the page image \"{value}\" is a {suffix} file, which the build cannot"
            " read; convert it to JPEG, PNG or TIFF, or serve it from a IIIF server and point"
            " @facs at its info.json")
        return None, None
    from PIL import Image, UnidentifiedImageError  # only for editions with local images

    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, UnidentifiedImageError, SyntaxError) as exc:
        r.problems.error(r.pos(el), f"the page image \"{value}\" cannot be read as an image ({exc});"
                         " export it again as JPEG, PNG or TIFF")
        return None, None
    return path, None


def _report_unused(root: Element, text: Element, targets: dict[str, Element], pointed: set[str],
                   r: Reader) -> None:
    """Once per kind and file: surfaces without an image, and @facs the build does not show."""
    for facsimile in root.iterfind("t:facsimile", NS):
        for surface in facsimile.iter(f"{{{TEI}}}surface"):
            if _graphic(surface) is None:
                r.problems.warn_once(
                    "facs:surface-without-graphic", r.pos(surface),
                    "this <surface> has no <graphic url=\"…\">, so no image of it can be shown; add"
                    " one (an image file or a IIIF service) to show the page beside the text")
            elif surface.get(XML_ID) not in pointed and not any(
                    zone.get(XML_ID) in pointed for zone in surface.iter(f"{{{TEI}}}zone")):
                r.problems.warn_once(
                    "facs:surface-unused", r.pos(surface),
                    "no <pb facs=\"#…\"> points at this <surface>, so its image is not shown; point"
                    " the pb where the page begins at it")
    for el in text.iter():
        if isinstance(el.tag, str) and el.get("facs") is not None and local(el) != "pb":
            r.problems.warn_once(
                f"facs:on:{local(el)}", r.pos(el),
                f"@facs on <{local(el)}> (\"{el.get('facs')}\") is not shown: the build shows the"
                " page images of <pb facs=\"…\"> only")
