"""Nothing lost: a build killed part-way (SIGKILL) leaves docs/ and site/ as they were, or new.

Each build is killed at several points while it writes (when its staging folder holds a given
number of files); after each kill the folder must be byte-identical to the last good output or
to the complete new output, never a mixture, and the next build must succeed. (An incremental
build that changes a few files writes them in place, each whole: test_incremental.py stops one
half-way.)
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ROOT

LETTER = "letter-1938-03-06-celarie"
COPIES = 30  # enough letters that writing docs/ takes a while


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def command(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), *args]


def run(cwd: Path, *args: str) -> None:
    result = subprocess.run(command(*args), cwd=cwd, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert result.returncode == 0, result.stderr


def count_files(folder: Path) -> int:
    try:
        return sum(len(files) for _, _, files in os.walk(folder))
    except OSError:
        return 0


def kill_when(cwd: Path, args: tuple[str, ...], staging: Path, files: int) -> bool:
    """Start a build and SIGKILL it as soon as `staging` holds `files` files (or it ends).

    True if it was killed while writing (running, with a staging folder).
    """
    proc = subprocess.Popen(command(*args), cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if staging.exists() and count_files(staging) >= files:
            break
        time.sleep(0.002)
    writing = proc.poll() is None and staging.exists()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(0.2)  # the MkDocs child dies with its parent (PR_SET_PDEATHSIG)
    return writing


def many_letters(work: Path, note: str) -> None:
    """COPIES letters, each the Célarié letter under its own id; `note` changes an editorial note."""
    text = (ROOT / "tei" / "letters" / f"{LETTER}.xml").read_text(encoding="utf-8")
    text = text.replace("Source: Wikipedia, <title level=\"a\">Joseph", f"{note}<title level=\"a\">Joseph")
    for n in range(COPIES):
        copy = text.replace(LETTER, f"{LETTER}-{n:03}")
        (work / "tei" / "letters" / f"{LETTER}-{n:03}.xml").write_text(copy, encoding="utf-8")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    for name in ("tei", "source", "docs", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "tei" / "letters" / f"{LETTER}.xml").unlink()
    return tmp_path


def change_letters(work: Path) -> None:
    many_letters(work, "Source (checked again): Wikipedia, ")


def change_about(work: Path) -> None:
    (work / "docs" / "about.md").write_text("# About\n\nA changed page.\n", encoding="utf-8")


@pytest.mark.parametrize(("args", "folder", "change", "points"), [
    (("--full",), "docs", change_letters, (1, COPIES // 2, COPIES + 10)),
    (("site",), "site", change_about, (1, 20, 60)),
])
def test_a_killed_build_leaves_the_output_old_or_new(
        work: Path, args: tuple[str, ...], folder: str, change: Callable[[Path], None],
        points: tuple[int, ...]) -> None:
    if folder == "docs":
        many_letters(work, "Source: Wikipedia, ")
    else:
        shutil.copy2(ROOT / "tei" / "letters" / f"{LETTER}.xml", work / "tei" / "letters")
    run(work)
    run(work, *args)
    before = snapshot(work / folder)
    change(work)
    states = []
    for files in points:
        killed_while_writing = kill_when(work, args, work / f".{folder}.staging", files)
        assert killed_while_writing or files > COPIES
        states.append(snapshot(work / folder))
    run(work, *args)
    after = snapshot(work / folder)
    assert after != before
    for n, state in enumerate(states):
        assert state in (before, after), f"kill {n}: {folder}/ is neither the old nor the new output"


def test_a_failing_site_build_leaves_site_as_it_was(work: Path) -> None:
    shutil.copy2(ROOT / "tei" / "letters" / f"{LETTER}.xml", work / "tei" / "letters")
    run(work)  # docs/ made from tei/ (build.py site would make it first)
    run(work, "site")
    before = snapshot(work / "site")
    (work / "docs" / "about.md").unlink()  # the navigation names it
    result = subprocess.run(command("site"), cwd=work, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    assert result.returncode == 1
    assert "A reference to 'about.md' is included in the 'nav'" in result.stderr
    assert "site/ was left as it was" in result.stderr
    assert snapshot(work / "site") == before
    assert not (work / ".site.staging").exists()
