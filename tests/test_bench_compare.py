"""bench/compare.py: two versions of the code side by side, each in a checkout of its own."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_two_checkouts_of_one_commit_build_the_same_bytes_and_are_removed_after() -> None:
    """The same commit twice: every figure measured for both, docs/ the same bytes (the build is
    deterministic across processes), and no worktree or copy left behind."""
    before = subprocess.run(["git", "worktree", "list"], cwd=ROOT, capture_output=True, text=True).stdout
    result = subprocess.run([sys.executable, "-m", "bench.compare", "HEAD", "HEAD", "--letters", "20",
                             "--runs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert [row.split(" | ")[0].strip("| ").strip() for row in rows] == [
        "figure", "full build, 20 letters", "build.py nothing to do (1 runs)",
        "build.py after editing a note (1 runs)", "build.py after adding a letter (1 runs)"]
    assert all(len(re.findall(r"\d+\.\d+ s", row)) == 2 for row in rows[1:]), rows
    assert "docs/ of both: the same bytes" in result.stdout
    assert subprocess.run(["git", "worktree", "list"], cwd=ROOT, capture_output=True,
                          text=True).stdout == before
    assert not (ROOT / ".bench" / "compare").exists()


def test_the_watch_bench_times_each_save_and_leaves_the_edition_as_it_was(tmp_path: Path) -> None:
    """bench/watch_bench.py: a time for each save, each a rebuild that wrote the saved letter's
    page; the letter and docs/ as they were after (the owed zip made when the watch ends)."""
    from bench.synth import generate
    from bench.watch_bench import saves
    from edition.build import incremental

    tei = generate(tmp_path, 30, carry=True)
    docs = tmp_path / "docs"
    docs.mkdir()
    assert incremental.build(tei, docs, jobs=1)[1] is not None
    before = {p: p.read_bytes() for p in [*tei.rglob("*.xml"), *docs.rglob("*")] if p.is_file()}
    seconds = saves(tmp_path, 2)
    assert len(seconds) == 2 and all(0 < s < 60 for s in seconds)
    after = {p: p.read_bytes() for p in [*tei.rglob("*.xml"), *docs.rglob("*")] if p.is_file()}
    assert after == before and not incremental.owes_zip(docs)
