"""Incremental builds on a synthetic edition: only what an edit changes is rewritten, and the
result is byte for byte what a full build makes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bench.synth import generate, letter_id
from edition import incremental, site
from edition.parallel import Read
from edition.problems import Problems


def snapshot(docs: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of docs/: its inode, its mtime and its content."""
    out = {}
    for path in sorted(docs.rglob("*")):
        if path.is_file():
            st = path.stat()
            out[path.relative_to(docs).as_posix()] = (st.st_ino, st.st_mtime_ns, path.read_bytes())
    return out


@pytest.fixture
def edition(tmp_path: Path) -> tuple[Path, Path]:
    """A synthetic edition of 40 invented letters, built once (so the cache is filled)."""
    tei = generate(tmp_path, 40)
    docs = tmp_path / "docs"
    docs.mkdir()
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not problems.errors
    assert (tmp_path / ".docs.cache" / "state.pickle").is_file()
    return tei, docs


def edit(tei: Path, n: int, old: str, new: str) -> None:
    path = tei / "letters" / f"{letter_id(n)}.xml"
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text), old
    path.write_text(re.sub(old, new, text, count=1), encoding="utf-8")


def full(tei: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a full build makes of tei/ now, in a docs/ of its own."""
    docs = tmp_path / "full" / "docs"
    docs.mkdir(parents=True)
    problems, written = site.build(tei, docs, jobs=1)
    assert written is not None, [str(p) for p in problems.errors]
    return {rel: data for rel, (_, _, data) in snapshot(docs).items()}


EDITS = {
    "a word of the text": (r'(-p2">)(\w+)', r"\1Altered"),
    "the date (the letter moves)": (r'<date when="(\d{4})-\d\d-\d\d">[^<]*</date>',
                                    '<date when="1950-01-01">1950-01-01</date>'),
    "a mention": (r'<persName ref="#person-\d+">', '<persName ref="#person-00007">'),
    "the addressee": (r'(<correspAction type="received">\s*<persName ref="#)[\w-]+',
                      r"\1person-00011"),
}


@pytest.mark.parametrize("change", list(EDITS))
def test_an_edit_rewrites_only_what_it_changes(edition: tuple[Path, Path], tmp_path: Path,
                                               change: str) -> None:
    tei, docs = edition
    before = snapshot(docs)
    edit(tei, 17, *EDITS[change])
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not problems.errors
    after = snapshot(docs)
    expected = full(tei, tmp_path)
    assert {rel: data for rel, (_, _, data) in after.items()} == expected  # as a full build makes it
    changed = {rel for rel in after if rel not in before or after[rel][2] != before[rel][2]}
    assert f"letters/{letter_id(17)}.md" in changed
    for rel, (inode, mtime, _data) in after.items():
        if rel not in changed:  # the same content: the very same file, untouched
            assert (inode, mtime) == before[rel][:2], rel
    assert written.written == len(changed - {site.MANIFEST})
    assert len(changed) < len(after) / 4


def test_a_body_edit_rebuilds_without_reading_other_letters(
        edition: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    tei, docs = edition
    read: list[Path] = []
    original = incremental.read_one

    def spy(path: Path) -> Read:
        read.append(path)
        return original(path)

    monkeypatch.setattr(incremental, "read_one", spy)
    edit(tei, 17, *EDITS["a word of the text"])
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written >= 1
    assert [p.name for p in read] == [f"{letter_id(17)}.xml"]  # its header is the same
    edit(tei, 17, *EDITS["the date (the letter moves)"])
    read.clear()
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and 2 <= len(read) <= 5  # itself, and its old and new neighbours


def test_nothing_changed_writes_nothing(edition: tuple[Path, Path]) -> None:
    tei, docs = edition
    before = snapshot(docs)
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written == 0 and written.removed == 0
    assert snapshot(docs) == before


def test_docs_changed_by_hand_makes_a_full_build(edition: tuple[Path, Path], tmp_path: Path) -> None:
    tei, docs = edition
    page = docs / "letters" / f"{letter_id(3)}.md"
    page.write_text(page.read_text(encoding="utf-8") + "stray\n", encoding="utf-8")
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path)


def test_an_error_leaves_docs_as_it_was(edition: tuple[Path, Path]) -> None:
    tei, docs = edition
    before = snapshot(docs)
    edit(tei, 5, r'<persName ref="#person-\d+">', '<persName ref="#nobody">')
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is None
    assert any('"#nobody"' in str(p) for p in problems.errors)
    assert snapshot(docs) == before


def test_an_edit_that_breaks_another_letters_link_is_reported(edition: tuple[Path, Path]) -> None:
    tei, docs = edition
    before = snapshot(docs)
    linked = re.search(r'<ref target="(synth-letter-\d+)\.xml#\1-p2"',
                       (tei / "letters" / f"{letter_id(30)}.xml").read_text(encoding="utf-8"))
    assert linked is not None  # letter 30 points at the second paragraph of an earlier letter
    target = int(linked.group(1).rsplit("-", 1)[1])
    edit(tei, target, rf'xml:id="{letter_id(target)}-p2"', f'xml:id="{letter_id(target)}-p2b"')
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is None
    assert any("which is no xml:id" in str(p) for p in problems.errors)
    assert snapshot(docs) == before


def test_parallel_reading_gives_the_same_edition(tmp_path: Path) -> None:
    tei = generate(tmp_path, 70)  # enough letters for the pool to be used
    one, two = Problems(), Problems()
    assert site.render(site.collect(tei, one, jobs=1)) == site.render(site.collect(tei, two, jobs=2))
    assert sorted(one.items) == sorted(two.items)


def test_without_a_cache_the_full_build_refills_it(edition: tuple[Path, Path]) -> None:
    tei, docs = edition
    shutil.rmtree(incremental.cache_dir(docs))
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written == 0
    assert incremental.load(docs) is not None
