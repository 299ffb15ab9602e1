"""`python build.py --check` as a pre-commit hook: exit statuses, nothing written, the shipped config."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_problems import LETTER, break_letter, edition_copy, run_build, snapshot


def test_check_passes_on_the_edition_and_writes_nothing(tmp_path: Path) -> None:
    work = edition_copy(tmp_path)
    (work / "docs" / "letters" / "index.md").write_text("stale on purpose\n", encoding="utf-8")
    before = snapshot(work)
    result = run_build(work, "--check")
    assert result.returncode == 0, result.stderr
    assert "nothing written" in result.stdout and "Next: python build.py" in result.stdout
    assert snapshot(work) == before  # not even the stale page is touched


def test_check_fails_on_an_error(tmp_path: Path) -> None:
    work = edition_copy(tmp_path)
    break_letter(work, 'ref="#stalin"', 'ref="#staline"')
    result = run_build(work, "--check")
    assert result.returncode == 1
    assert f"{LETTER}:" in result.stderr and ": error: " in result.stderr


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    work = edition_copy(tmp_path)
    break_letter(work, '<p xml:id="letter-1938-03-06-celarie-p4">',
                 '<p xml:id="letter-1938-03-06-celarie-p4"><choice/>')
    assert run_build(work, "--check").returncode == 0
    strict = run_build(work, "--check", "--strict")
    assert strict.returncode == 1 and "<choice> needs a pair" in strict.stderr


def test_a_wrong_option_is_a_usage_error(tmp_path: Path) -> None:
    assert run_build(edition_copy(tmp_path), "--chek").returncode == 2


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A git repository with the project in it, the editors' way: the .venv of `make site` beside it."""
    work = tmp_path / "repo"
    for name in ("tei", "docs", "source", "edition", "schema"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build.py", "mkdocs.yml", ".pre-commit-config.yaml"):
        shutil.copy2(ROOT / name, work / name)
    (work / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (work / ".gitignore").write_text(".venv\n", encoding="utf-8")
    git(work, "init", "-q")
    git(work, "add", "-A")
    return work


def pre_commit(work: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "pre-commit"), "run", "--all-files", "--color=never"],
        cwd=work, text=True, capture_output=True,
        env={**os.environ, "PRE_COMMIT_HOME": str(work.parent / "pre-commit-home")})


def test_the_pre_commit_hooks(repository: Path) -> None:
    work = repository
    good = pre_commit(work)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "check the TEI" in good.stdout and "Passed" in good.stdout

    break_letter(work, 'ref="#stalin"', 'ref="#staline"')
    broken = pre_commit(work)
    assert broken.returncode == 1
    assert "the reference \"#staline\" points to no register entry" in broken.stdout

    break_letter(work, 'ref="#staline"', 'ref="#stalin"')
    # an editorial note, not the reading text (which must stay as its transcription reads)
    break_letter(work, "General Secretary of the", "General Secretary (the CPSU) of the")
    git(work, "add", "-A")
    stale = pre_commit(work)  # the TEI is good, but docs/ was not rebuilt: the hook rebuilds it
    assert stale.returncode == 1
    assert "files were modified by this hook" in stale.stdout
    page = work / "docs" / "letters" / f"{Path(LETTER).stem}.md"
    assert "General Secretary (the CPSU) of the" in page.read_text(encoding="utf-8")
    git(work, "add", "-A")
    assert pre_commit(work).returncode == 0
