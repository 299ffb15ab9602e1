"""The edition's local page images for the web: a web-size JPEG and static IIIF Image API 3
level-0 tiles of each, made once per image content and kept in a cache.

Tiles are cut by libvips (`dzsave`, layout `iiif3`, through pyvips): it streams the image in
strips, so a large scan never sits whole in memory, and writes the tile tree and its `info.json`
as the Image API lays them out. The web-size image is Pillow's (a thumbnail of the upright
image, EXIF orientation applied). An image is made again only when its bytes change (SHA-256): the cache,
beside docs/ in `.docs.image-cache/`, keeps one folder per content hash, written whole and then
renamed into place, so a killed build never leaves half an image there.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

RECIPE = "1"  # part of every cache key: change it when what is made of an image changes
WEB_SIZE = 1200  # the web-size image fits in a square of this many pixels
TILE_SIZE = 512
QUALITY = 82
INFO = "info.json"

_cache: Path | None = None


def use_cache(folder: Path | None) -> None:
    """Keep the derived images in `folder` (None: in a temporary folder, for this run only)."""
    global _cache
    _cache = folder


@dataclass(frozen=True, slots=True)
class Derived:
    """What was made of one image: its size, the sizes offered whole, and where the files are."""

    width: int
    height: int
    sizes: tuple[tuple[int, int], ...]
    scale_factors: tuple[int, ...]
    folder: Path  # the tile tree, info.json and full/{w},{h}/0/default.jpg, as the Image API lays them out

    @property
    def web(self) -> str:
        """The web-size image, as a path inside the image's folder."""
        w, h = self.sizes[-1]
        return f"full/{w},{h}/0/default.jpg"


def content_hash(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def cache_folder() -> Path:
    global _cache
    if _cache is None:
        _cache = Path(tempfile.mkdtemp(prefix="edition-images-"))
    return _cache


def derive(images: Iterable[str]) -> dict[str, Derived]:
    """Each local image (a path), derived now or found in the cache; a progress bar on a terminal
    counts the images made."""
    cache = cache_folder()
    keys = {path: f"{content_hash(Path(path))}-{RECIPE}" for path in sorted(set(images))}
    todo = [path for path, key in keys.items() if not (cache / key[:2] / key / "derived.json").is_file()]
    if todo:
        from tqdm import tqdm

        for path in tqdm(todo, desc="page images", unit=" images", file=sys.stderr, leave=False,
                         disable=not sys.stderr.isatty()):
            make(Path(path), cache / keys[path][:2] / keys[path])
    return {path: load(cache / key[:2] / key) for path, key in keys.items()}


def load(folder: Path) -> Derived:
    facts = json.loads((folder / "derived.json").read_text(encoding="utf-8"))
    return Derived(facts["width"], facts["height"], tuple((w, h) for w, h in facts["sizes"]),
                   tuple(facts["scale_factors"]), folder)


def make(source: Path, folder: Path) -> None:
    """The tiles and the web-size image of `source`, into `folder` (written whole, then renamed)."""
    import pyvips
    from PIL import Image, ImageOps

    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".making-", dir=folder.parent))
    try:
        upright = pyvips.Image.new_from_file(str(source), access="sequential").autorot()
        if upright.hasalpha():
            upright = upright.flatten(background=[255, 255, 255])
        upright.dzsave(str(work / "tiles"), layout="iiif3", tile_size=TILE_SIZE, overlap=0,
                       suffix=f".jpg[Q={QUALITY},strip]", id="https://example.invalid")
        tiles = work / "tiles"
        info = json.loads((tiles / INFO).read_text(encoding="utf-8"))
        width, height = int(info["width"]), int(info["height"])
        sizes = {tuple(int(n) for n in p.name.split(",")) for p in (tiles / "full").iterdir()}
        with Image.open(source) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")
            image.thumbnail((WEB_SIZE, WEB_SIZE), Image.Resampling.LANCZOS)
            web = tiles / "full" / f"{image.width},{image.height}" / "0"
            web.mkdir(parents=True, exist_ok=True)
            image.save(web / "default.jpg", "JPEG", quality=QUALITY, optimize=True)
        sizes.add((image.width, image.height))
        (tiles / INFO).unlink()  # written again for each site, with the site's own address
        facts = {"width": width, "height": height, "sizes": sorted(sizes),
                 "scale_factors": info["tiles"][0]["scaleFactors"]}
        (tiles / "derived.json").write_text(json.dumps(facts), encoding="utf-8")
        if folder.exists():  # a build before this one made it, and was killed before the end
            shutil.rmtree(folder)
        os.replace(tiles, folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def info(derived: Derived, service: str) -> dict[str, object]:
    """The image's IIIF Image API 3 `info.json` at `service` (its address, without `/info.json`)."""
    return {
        "@context": "http://iiif.io/api/image/3/context.json",
        "id": service,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": derived.width,
        "height": derived.height,
        "sizes": [{"width": w, "height": h} for w, h in derived.sizes],
        "tiles": [{"width": TILE_SIZE, "scaleFactors": list(derived.scale_factors)}],
    }


def files(derived: Derived, folder: str, service: str) -> dict[str, bytes]:
    """The files of one image for docs/, under `folder`: its tiles, sizes and info.json."""
    out: dict[str, bytes] = {}
    root = os.fspath(derived.folder)
    for top, _, names in os.walk(root):
        for name in names:
            if name != "derived.json":
                full = os.path.join(top, name)
                out[f"{folder}/{os.path.relpath(full, root)}"] = Path(full).read_bytes()
    out[f"{folder}/{INFO}"] = json.dumps(info(derived, service), indent=1).encode("utf-8")
    return out
