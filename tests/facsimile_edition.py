"""The two-page test letter's edition (tests/facsimile/), with page images the tests make."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image, ImageDraw

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "facsimile"
SIZES = {"page-1.jpg": (1600, 2200), "page-2.png": (1500, 2100)}
COLOURS = {"page-1.jpg": (238, 226, 200), "page-2.png": (200, 220, 238)}


def make_image(path: Path, size: tuple[int, int], colour: tuple[int, int, int], mark: str = "") -> None:
    """A page image: paper of one colour, ruled lines, a dark block with the page's mark."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for y in range(150, size[1] - 100, 90):
        draw.line([(120, y), (size[0] - 120, y)], fill=(90, 80, 70), width=3)
    draw.rectangle([(100, 100), (400, 300)], fill=(40, 30, 20))
    draw.text((130, 130), mark or path.stem, fill=(255, 255, 255))
    image.save(path)


def make_images(tei: Path) -> None:
    folder = tei / "images"
    folder.mkdir(exist_ok=True)
    for name, size in SIZES.items():
        make_image(folder / name, size, COLOURS[name])


def project(work: Path) -> Path:
    """The test edition in `work`: its TEI and images, and the site's hand-written parts."""
    shutil.copytree(FIXTURE / "tei", work / "tei")
    make_images(work / "tei")
    (work / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "about.md", work / "docs")
    shutil.copytree(ROOT / "docs" / "assets", work / "docs" / "assets")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    shutil.copy2(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    return work
