"""Two versions of the code side by side, on one synthetic edition: what a change to the build
costs or saves, measured in one run (this machine is shared and noisy: only figures taken
together compare).

    python -m bench.compare HEAD~1                # that commit against the working tree
    python -m bench.compare v1 v2 --letters 10000 --runs 3

Each version gets its own copy of `.bench/<letters>/` (bench/synth.py: letters that carry what
real letters carry, and its URL contract: urls.txt lists every URL) and its own checkout (a git
worktree in `.bench/compare/`, removed after; the working tree is used as it is). Both make a
full build, then, `--runs` times and taking
turns, a build with nothing to do, one after editing a note, and one after adding a letter.
The table gives each figure's range over the runs, and says whether the two docs/ are the same
bytes: a change meant to be faster must not change the pages.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bench.run import ROOT, WORK, add_letter, edit_note, edition, mb, print_table, run
from bench.synth import letter_id

HERE = "working tree"


def checkout(rev: str, folder: Path) -> Path:
    """The code of `rev`: the working tree itself, or a git worktree of it in `folder`."""
    if rev == HERE:
        return ROOT
    subprocess.run(["git", "worktree", "add", "--force", "--detach", str(folder), rev], cwd=ROOT,
                   check=True, capture_output=True)
    return folder


def same_tree(a: Path, b: Path) -> bool:
    """Whether two folders hold the same files with the same bytes."""
    compared = filecmp.dircmp(a, b)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, compared.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(a / d, b / d) for d in compared.common_dirs)


def span(seconds: list[float]) -> str:
    low, high = min(seconds), max(seconds)
    return f"{low:.2f} s" if len(seconds) == 1 else f"{low:.2f}–{high:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", help="a git revision (a commit, a branch, a tag)")
    parser.add_argument("after", nargs="?", default=HERE, help="another (default: the working tree)")
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    source = edition(args.letters, contract=True)
    base = WORK / "compare"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    names = ("before", "after")
    codes: dict[str, Path] = {}
    try:
        for name, rev in zip(names, (args.before, args.after), strict=True):
            codes[name] = checkout(rev, base / f"code-{name}")
        works = {name: base / f"edition-{name}" for name in names}
        for name in names:
            shutil.copytree(source, works[name], symlinks=True)

        def build(name: str, *flags: str) -> tuple[float, int]:
            seconds, peak, _ = run([sys.executable, str(codes[name] / "build.py"), *flags], works[name],
                                   env={"PYTHONPATH": str(codes[name])})
            return seconds, peak

        full = {name: build(name, "--full") for name in names}
        (before, before_peak), (after, after_peak) = full["before"], full["after"]
        rows = [(f"full build, {args.letters:,} letters", f"{before:.1f} s, {mb(before_peak)}",
                 f"{after:.1f} s, {mb(after_peak)}")]
        n = args.letters
        changes: dict[str, Callable[[Path, int], object]] = {  # what each figure does before building
            "nothing to do": lambda work, turn: None,
            "after editing a note": lambda work, turn: edit_note(
                work / "tei" / "letters" / f"{letter_id(n // 3)}.xml", f"Edited {turn}."),
            "after adding a letter": lambda work, turn: add_letter(work, n // 3, n + turn,
                                                                   f"A letter added {turn}"),
        }
        times: dict[tuple[str, str], list[float]] = {}
        for turn in range(args.runs):
            for figure, change in changes.items():
                for name in names:  # taking turns: both see the same load
                    change(works[name], turn)
                    times.setdefault((figure, name), []).append(build(name)[0])
        rows += [(f"build.py {figure} ({args.runs} runs)", span(times[figure, "before"]),
                  span(times[figure, "after"])) for figure in changes]
        print(f"before: {args.before}; after: {args.after}")
        print_table(rows, ("figure", "before", "after"))
        same = same_tree(works["before"] / "docs", works["after"] / "docs")
        print(f"\ndocs/ of both: {'the same bytes' if same else 'NOT the same bytes'}")
    finally:
        for code in codes.values():
            if code != ROOT:
                subprocess.run(["git", "worktree", "remove", "--force", str(code)], cwd=ROOT,
                               capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
