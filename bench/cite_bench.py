"""What citations cost a build: render a synthetic edition without and with its "Cite this" panels.

`python -m bench.cite_bench --letters 200` prints the render time of both, their ratio, the same
with the engine's cache warm (as on a rebuild), and the cost per letter of each citation format.
The edition's address is set in memory to an invented one (the synthetic edition has none), so
every letter gets its panel and head metadata.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

from edition import cite, site
from edition import model as m
from edition.problems import Pos, Problems

from .synth import generate

INVENTED = m.Publication(url="https://synthetic.example.org/", date=None,
                         publisher="Synthetic test edition", editors=("Synthetic editor",),
                         licence="", licence_url="", pos=Pos("bench"))


def timed(edition: m.Edition) -> float:
    started = time.perf_counter()
    site.render(edition)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tei = generate(Path(folder), args.letters)
        edition = site.collect(tei, Problems())
        plain = dataclasses.replace(edition, publication=None)
        cited = dataclasses.replace(edition, publication=INVENTED)
        without, with_ = timed(plain), timed(cited)
        cite.use_cache(Path(folder) / "cite-cache")
        timed(cited)  # fills the cache
        warm = timed(cited)
        cite.use_cache(None)
    n = len(edition.letters)
    print(f"letters: {n}")
    print(f"render without citations: {without:.2f} s; with: {with_:.2f} s;"
          f" ratio {with_ / without:.1f}x; citations {1000 * (with_ - without) / n:.1f} ms a letter")
    print(f"render with citations from a warm cache: {warm:.2f} s; ratio {warm / without:.1f}x")
    items = [cite.item(letter, cited) for letter in edition.letters[:50]]
    for fmt in cite.FORMATS:
        started = time.perf_counter()
        for data in items:
            cite.template(data, fmt)
        print(f"  {fmt:9} {1000 * (time.perf_counter() - started) / len(items):7.2f} ms a letter")


if __name__ == "__main__":
    main()
