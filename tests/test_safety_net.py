"""The editor's everyday mistakes: each stops the build at its cause, with the exact message,
a non-zero exit, and docs/ (cmif.xml in it), site/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import ROOT, run_build

LETTER = "tei/letters/letter-1938-03-06-celarie.xml"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def edition(tmp_path: Path) -> Path:
    """A copy of the edition, with a built docs/ and a stand-in site/."""
    for name in ("tei", "docs", "source"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("urls.txt", "redirects.txt", "mkdocs.yml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("the last good site\n", encoding="utf-8")
    return tmp_path


def edit(work: Path, old: str, new: str, rel: str = LETTER) -> None:
    path = work / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(work: Path, *args: str) -> list[str]:
    """Build (writing docs/), expect exit 1 with docs/ and site/ untouched; the problem lines."""
    docs, site = snapshot(work / "docs"), snapshot(work / "site")
    result = run_build(work, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(work / "docs") == docs and "cmif.xml" in docs
    assert snapshot(work / "site") == site
    lines = result.stderr.splitlines()
    assert "left as it was" in lines[-1]
    return lines[:-1]


def test_an_impossible_date_is_an_error_and_the_letter_is_not_published(tmp_path: Path) -> None:
    work = edition(tmp_path)
    edit(work, '<date when="1938-03-06">6 March 1938</date>', '<date when="2025-13-40">6 March 1938</date>')
    assert refused(work) == [
        f"{LETTER}:50:11: error: the date when=\"2025-13-40\" names a month 13, which no year has;"
        " correct it (YYYY-MM-DD, or YYYY-MM, or YYYY for what is known; notBefore/notAfter for a"
        " range)"]


def test_a_malformed_date_in_the_text_is_an_error(tmp_path: Path) -> None:
    work = edition(tmp_path)
    edit(work, '<date\n          when="1936">1936</date>', '<date\n          when="1936-02-30">1936</date>')
    assert refused(work) == [
        f"{LETTER}:105:72: error: the date when=\"1936-02-30\" names day 30 of a month that has 29"
        " days; correct it (YYYY-MM-DD, or YYYY-MM, or YYYY for what is known; notBefore/notAfter"
        " for a range)"]


def test_an_empty_note_is_an_error(tmp_path: Path) -> None:
    work = edition(tmp_path)
    edit(work, "</p>", '<note type="editorial" resp="#ed"></note></p>')
    lines = refused(work)
    assert len(lines) == 1 and lines[0].endswith(
        ": error: this note is empty, and would be published as a number with no text; write the"
        " note, or remove the <note>")
    assert lines[0].startswith(f"{LETTER}:")


def test_docdate_and_correspdesc_that_disagree_are_named_both(tmp_path: Path) -> None:
    work = edition(tmp_path)
    edit(work, '<docDate when="1938-03-06"', '<docDate when="1938-04-02"')
    result = run_build(work, "--check")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"{LETTER}:80:7: warning: the docDate says 1938-04-02, but correspDesc dates the letter"
        " 1938-03-06 (line 50); make them agree, or say in a note why they differ"]
    assert run_build(work, "--check", "--strict").returncode == 1
