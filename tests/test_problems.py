"""Bad input: every problem reported with file:line:col, a non-zero exit, docs/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition.build import site

from .conftest import ROOT, run_build


def edition_copy(tmp_path: Path) -> Path:
    for name in ("tei", "docs", "source"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


LETTER = "tei/letters/letter-1938-03-06-celarie.xml"


def break_letter(work: Path, old: str, new: str) -> None:
    path = work / LETTER
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_all_problems_reported_at_once_and_docs_untouched(tmp_path: Path) -> None:
    work = edition_copy(tmp_path)
    before = snapshot(work / "docs")
    break_letter(work, 'ref="#karakhan"', 'ref="#karakan"')
    break_letter(work, 'ref="#gpu"', 'ref="#gpu #nkvd"')
    result = run_build(work)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:2] == [
        f"{LETTER}:169:89: error: the reference \"#nkvd\" points to no register entry;"
        " correct @ref (or its prefix), or add the entry to a file in tei/registers/ (or build"
        " with --lenient to keep it as text)",
        f"{LETTER}:220:66: error: the reference \"#karakan\" points to no register entry (did you"
        " mean \"#karakhan\"?); correct @ref (or its prefix), or add the entry to a file in"
        " tei/registers/ (or build with --lenient to keep it as text)",
    ]
    assert "2 error(s)" in lines[-1] and "left as it was" in lines[-1]
    assert snapshot(work / "docs") == before


def test_malformed_xml_is_reported_with_its_position(tmp_path: Path) -> None:
    work = edition_copy(tmp_path)
    p6 = '\n        <p xml:id="letter-1938-03-06-celarie-p6">'
    break_letter(work, "</p>" + p6, p6)  # p5 is never closed
    result = run_build(work, "--check")
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{LETTER}:") and ": error: " in first
    assert "(opened on line" in first and "add the missing </p>" in first


def test_doctype_and_entities_are_refused(tmp_path: Path) -> None:
    work = edition_copy(tmp_path)
    break_letter(work, '<?xml version="1.0" encoding="UTF-8"?>',
                 '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
    result = run_build(work, "--check")
    assert result.returncode == 1
    assert f"{LETTER}:2:16: error: the external entity \"x\" (SYSTEM \"file:///etc/passwd\")" \
        " is refused" in result.stderr
    assert "root:" not in result.stderr + result.stdout


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    work = edition_copy(tmp_path)
    break_letter(work, '<p xml:id="letter-1938-03-06-celarie-p6">',
                 '<p xml:id="letter-1938-03-06-celarie-p6"><choice/>')
    assert run_build(work, "--check").returncode == 0
    result = run_build(work, "--check", "--strict")
    assert result.returncode == 1
    assert "warning: <choice> needs a pair" in result.stderr


def test_check_writes_nothing(tmp_path: Path) -> None:
    work = edition_copy(tmp_path)
    shutil.rmtree(work / "docs")
    result = run_build(work, "--check")
    assert result.returncode == 0, result.stderr
    assert not (work / "docs").exists()


def test_a_generated_page_never_replaces_a_hand_written_one(tmp_path: Path) -> None:
    work = edition_copy(tmp_path)
    hand = work / "docs" / "persons" / "stalin.md"
    hand.write_text("# My own page about Stalin\n", encoding="utf-8")
    result = run_build(work)
    assert result.returncode == 1
    assert ("docs/persons/stalin.md: error: this page is hand-written (it has no generated marker),"
            " and build.py never overwrites hand-written pages; rename or remove it") in result.stderr
    assert hand.read_text(encoding="utf-8") == "# My own page about Stalin\n"


def test_unchanged_pages_are_not_rewritten(tmp_path: Path) -> None:
    work = edition_copy(tmp_path)
    docs = work / "docs"
    stat = {p: p.stat() for p in docs.rglob("*.md")}
    break_letter(work, "General Secretary of the", "General Secretary (the CPSU) of the")
    _problems, written = site.build(work / "tei", docs)
    assert written is not None and written.written == 3  # the page, its TEI download, the corpus zip
    changed = [p.relative_to(docs).as_posix() for p, st in stat.items()
               if (p.stat().st_ino, p.stat().st_mtime_ns) != (st.st_ino, st.st_mtime_ns)]
    assert changed == ["letters/letter-1938-03-06-celarie.md"]


@pytest.mark.parametrize("leftover", [".docs.staging", ".docs.old"])
def test_leftovers_of_a_killed_build_do_no_harm(tmp_path: Path, leftover: str) -> None:
    work = edition_copy(tmp_path)
    (work / leftover / "junk").mkdir(parents=True)
    before = snapshot(work / "docs")
    assert run_build(work).returncode == 0
    assert snapshot(work / "docs") == before
