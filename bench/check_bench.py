"""What the build's checks cost per letter: parsing, the edition schema, reading, fidelity.

`python -m bench.check_bench` prints, for each letter of tei/letters/, the time of a bare parse,
of the safe parse with schema/edition.rng, of the whole read, and of the fidelity check, with
the schema's share of the read.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from edition.build import fidelity
from edition.problems import Problems
from edition.read import letter, tei


def per_call(work: Callable[[], object], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    return (time.perf_counter() - started) / repeat


def measure(path: Path, root: Path, repeat: int) -> str:
    data = path.read_bytes()
    read_once = letter.read_letter(path, Problems())
    assert read_once is not None, path
    bare = per_call(lambda: etree.fromstring(data, tei._parser()), repeat)
    safe = per_call(lambda: tei.parse(path, Problems()), repeat)
    read = per_call(lambda: letter.read_letter(path, Problems()), repeat)
    check = per_call(lambda: fidelity.check_letter(read_once, root, Problems()), repeat)
    return (f"{path.name} ({len(data)} bytes): parse in memory {bare * 1000:.2f} ms;"
            f" build.py's parse (file, DTD checks, edition.rng) {safe * 1000:.2f} ms"
            f" (x{safe / bare:.1f}); whole read {read * 1000:.2f} ms, of which that parse beyond"
            f" the bare one is {(safe - bare) / read:.0%}; fidelity check {check * 1000:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tei", type=Path, default=Path("tei"))
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    tei.edition_schema()  # compiled once per run, as in a build
    for path in sorted((args.tei / "letters").glob("*.xml")):
        print(measure(path, args.tei.resolve().parent, args.repeat))


if __name__ == "__main__":
    main()
