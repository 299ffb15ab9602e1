"""The image step, measured: web-size images and static IIIF tiles for N page images made from
nothing, then again after one image changed, and the same through `build.py` on an edition of
letters with two pages each (all images drawn here, in .bench/images/, never in tei/).

`python -m bench.image_bench [--images 100] [--size 2400x3200]`; `make bench` runs it first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw

from edition import images

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench" / "images"

EDITION = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="edition" xml:lang="en"><teiHeader><fileDesc>
<titleStmt><title>Synthetic page images (bench)</title></titleStmt>
<publicationStmt><publisher>bench/image_bench.py</publisher><idno type="URL">https://bench.example.org/</idno>
<date when="2026-12-01">2026</date></publicationStmt>
<sourceDesc><p>Synthetic letters, for the benchmark only.</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>Synthetic.</p></body></text></TEI>
"""

LETTER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{id}" xml:lang="en"><teiHeader><fileDesc>
<titleStmt><title>Synthetic letter {n}</title></titleStmt><publicationStmt><p>bench</p></publicationStmt>
<sourceDesc><p>Synthetic.</p></sourceDesc></fileDesc><profileDesc><correspDesc>
<correspAction type="sent"><persName>Sender</persName><date when="1900-01-01">1900</date></correspAction>
<correspAction type="received"><persName>Addressee</persName></correspAction></correspDesc></profileDesc>
</teiHeader><text><body><p xml:id="{id}-p1"><pb n="1" facs="../images/{id}-1.jpg"/>Page one.
<pb n="2" facs="../images/{id}-2.jpg"/>Page two.</p></body></text></TEI>
"""


def draw(path: Path, size: tuple[int, int], seed: int) -> None:
    """A page: paper, ruled lines, and a mark that differs from page to page (JPEG, as scanned)."""
    image = Image.new("RGB", size, (236, 228, 205))
    pen = ImageDraw.Draw(image)
    for y in range(200, size[1] - 150, 60):
        pen.line([(150, y), (size[0] - 150 - (seed * 37 + y) % 400, y)], fill=(70, 60, 50), width=4)
    pen.rectangle([(150, 80), (150 + seed % 500, 160)], fill=(30, 20, 10))
    image.save(path, quality=90)


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - started


def rows(count: int = 100, size: tuple[int, int] = (2400, 3200)) -> list[tuple[str, str, str]]:
    """The figures: the image step alone, and build.py, both cold and after one image changed."""
    shutil.rmtree(WORK, ignore_errors=True)
    tei = WORK / "tei"
    (tei / "images").mkdir(parents=True)
    (tei / "letters").mkdir()
    (tei / "edition.xml").write_text(EDITION, encoding="utf-8")
    letters = (count + 1) // 2
    paths = []
    for n in range(letters):
        letter_id = f"bench-{n:04d}"
        (tei / "letters" / f"{letter_id}.xml").write_text(LETTER.format(id=letter_id, n=n), encoding="utf-8")
        for page in (1, 2):
            paths.append(tei / "images" / f"{letter_id}-{page}.jpg")
            draw(paths[-1], size, n * 2 + page)
    megapixels = size[0] * size[1] / 1e6
    out: list[tuple[str, str, str]] = []
    what = f"{len(paths)} images of {size[0]}×{size[1]} ({megapixels:.1f} MP)"

    images.use_cache(WORK / "cache")
    started = time.perf_counter()
    made = images.derive(str(p) for p in paths)
    cold = time.perf_counter() - started
    tiles = sum(len(images.files(d, "x", "https://x")) for d in made.values())
    out.append((f"image step, {what}, nothing cached", f"{cold:.1f} s ({cold / len(paths) * 1000:.0f} ms an"
                f" image; {tiles:,} files)", "–"))
    draw(paths[len(paths) // 2], size, 9999)
    started = time.perf_counter()
    images.derive(str(p) for p in paths)
    warm = time.perf_counter() - started
    out.append((f"image step, {what}, one image changed", f"{warm:.2f} s = {warm / cold:.1%} of the"
                " above (every image hashed, one made)", "only the changed one is made"))
    images.use_cache(None)

    build = [sys.executable, str(ROOT / "build.py")]
    (WORK / "docs").mkdir()
    first = timed(build, WORK)
    draw(paths[0], size, 4242)
    again = timed(build, WORK)
    out.append((f"build.py, {letters} letters with {what}, nothing cached", f"{first:.1f} s", "–"))
    out.append((f"build.py after one image changed, {letters} letters", f"{again:.2f} s", "–"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=100)
    parser.add_argument("--size", default="2400x3200", help="width×height of each image (default 2400x3200)")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.lower().split("x"))
    from bench.run import print_table  # bench.run runs this module's rows first

    print_table(rows(args.images, (width, height)))


if __name__ == "__main__":
    main()
