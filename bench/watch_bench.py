"""What a save costs in watch mode (`build.py --watch`, `build.py serve`), on an edition built
already: one letter's note edited again and again, each save rebuilt as watch mode rebuilds it,
with the state kept in memory between saves and the URL contract of the edition's folder.

    python -m bench.watch_bench .bench/10000 --edits 3

Prints each save's seconds; the edition is left as it was (its letter and docs/, the corpus zip
made when the watch ends, as watch mode makes it).
"""

from __future__ import annotations

import argparse
import contextlib
import time
from pathlib import Path

from bench.run import edit_note
from edition import watch
from edition.build import incremental


def saves(work: Path, edits: int) -> list[float]:
    """The seconds of `edits` saves of one letter (a third of the way through the edition), run
    in the edition's folder as an editor runs it (the store names each letter by its path as
    given: from elsewhere, the next build.py there would find every letter new, and read all)."""
    with contextlib.chdir(work):
        return _saves(Path("tei"), Path("docs"), edits)


def _saves(tei: Path, docs: Path, edits: int) -> list[float]:
    letters = sorted((tei / "letters").glob("*.xml"))
    letter = letters[len(letters) // 3]
    kept = incremental.Kept()
    watch.rebuild(tei, docs, strict=False, kept=kept)  # watching starts: the store is read once
    before = letter.read_text(encoding="utf-8")
    seconds = []
    try:
        for turn in range(edits):
            letter.write_text(before, encoding="utf-8")
            edit_note(letter, f"Watched {turn}.")
            started = time.perf_counter()
            _, written = watch.rebuild(tei, docs, strict=False, kept=kept)
            seconds.append(time.perf_counter() - started)
            if written is None:
                raise SystemExit(f"the rebuild after save {turn + 1} failed")
    finally:
        letter.write_text(before, encoding="utf-8")
        watch.rebuild(tei, docs, strict=False, kept=kept)
        watch.finish(tei, docs, strict=False, kept=kept)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path, help="an edition's folder (tei/, docs/ built)")
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    seconds = saves(args.work, args.edits)
    print("seconds a save: " + " ".join(f"{s:.2f}" for s in seconds))


if __name__ == "__main__":
    main()
