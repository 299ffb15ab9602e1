"""Collation libraries side by side on the field corpus's register names: PyICU and pyuca.

    python -m bench.collation      (pyuca is not a dependency: pip install pyuca==1.2 to compare)

Prints the time each takes to load and to sort every register name of
`../shared/field-corpus/*/registers/`, their ratio, and where their orders differ.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from edition import collation
from edition.problems import Problems
from edition.read.registers import read_registers

FIELD = Path(__file__).resolve().parents[1].parent / "shared" / "field-corpus"


def best(run: Callable[[], object], times: int = 3) -> float:
    """The fastest of `times` runs, in seconds."""
    spans = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        spans.append(time.perf_counter() - start)
    return min(spans)


def main() -> None:
    names = [e.sort_name for folder in sorted(FIELD.glob("*/registers"))
             for e in read_registers(sorted(folder.glob("*.xml")), Problems()).values()]
    print(f"{len(names):,} register names from {FIELD}")
    icu_sort = best(lambda: sorted(names, key=collation.sort_key))
    print(f"PyICU: sort {icu_sort * 1000:.1f} ms")
    try:
        import pyuca  # type: ignore[import-not-found]
    except ImportError:
        print("pyuca is not installed (pip install pyuca==1.2): no comparison")
        return
    start = time.perf_counter()
    uca = pyuca.Collator()
    load = time.perf_counter() - start
    def uca_key(name: str) -> tuple[int, ...]:
        return uca.sort_key(collation.filing_name(name))  # type: ignore[no-any-return]

    uca_sort = best(lambda: sorted(names, key=uca_key))
    print(f"pyuca: load {load * 1000:.0f} ms, sort {uca_sort * 1000:.1f} ms;"
          f" pyuca/PyICU = {uca_sort / icu_sort:.1f}x")
    a = sorted(names, key=collation.sort_key)
    b = sorted(names, key=uca_key)
    differ = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    print(f"positions where the two orders differ: {len(differ)}")
    for x, y in differ[:10]:
        print(f"  PyICU {x!r}  pyuca {y!r}")


if __name__ == "__main__":
    main()
