"""Incremental builds on a synthetic edition: only what an edit changes is rewritten, and the
result is byte for byte what a full build makes."""

from __future__ import annotations

import gc
import os
import re
import shutil
import sqlite3
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from bench.synth import generate, letter_id
from edition import cli, paths, watch
from edition.build import incremental, site, store, urls
from edition.build.urls import Contract
from edition.problems import Problem, Problems
from edition.write import corpus, downloads
from edition.write.downloads import corpus_zip
from edition.write.markdown import letter_date


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
    assert (tmp_path / ".docs.cache" / store.FILE).is_file()
    return tei, docs


def edit(tei: Path, n: int, old: str, new: str) -> None:
    path = tei / "letters" / f"{letter_id(n)}.xml"
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text), old
    path.write_text(re.sub(old, new, text, count=1), encoding="utf-8")


def spy(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """The first argument of every call of incremental.<name> from now on (the calls still run)."""
    return spy_on(monkeypatch, incremental, name)


def spy_on(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Any]:
    """The first argument of every call of module.<name> from now on (the calls still run)."""
    calls: list[Any] = []
    original = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


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
                                               change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    tei, docs = edition
    before = snapshot(docs)
    made: dict[str, set[str]] = {}  # entry id → the pages the rebuild made for it
    entry_pages = corpus.entry_pages

    def making(entry: Any, *args: Any) -> dict[str, str]:
        pages = entry_pages(entry, *args)
        made[entry.id] = set(pages)
        return pages

    monkeypatch.setattr(corpus, "entry_pages", making)
    edit(tei, 17, *EDITS[change])
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not problems.errors
    monkeypatch.undo()
    after = snapshot(docs)
    expected = full(tei, tmp_path)
    assert {rel: data for rel, (_, _, data) in after.items()} == expected  # as a full build makes it
    changed = {rel for rel in after if rel not in before or after[rel][2] != before[rel][2]}
    assert f"letters/{letter_id(17)}.md" in changed
    # the entries whose pages were made again are exactly those whose pages changed: what each
    # page read (its entry's items and count) is recorded, and nothing else reaches it
    assert {e for e, rels in made.items() if rels & changed} == set(made)
    state = incremental.load(docs)
    assert state is not None and {e: state.reads[site.ENTRY + e] for e in made} == {
        e: {site.ITEMS + e, site.WRITTEN + e} for e in made}
    for rel, (inode, mtime, _data) in after.items():
        if rel not in changed:  # the same content: the very same file, untouched
            assert (inode, mtime) == before[rel][:2], rel
    assert written.written == len(changed - {site.MANIFEST})
    assert len(changed) < len(after) / 4


def test_an_entry_named_in_fewer_letters_loses_its_pages_by_year(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry whose mentions filled pages by year (more than corpus.PAGE_LIMIT letters) and no
    longer do: a rebuild removes those pages, as a full build would not make them."""
    tei = generate(tmp_path, 40)
    naming: dict[str, list[Path]] = {}
    for path in sorted((tei / "letters").glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        for ref in set(re.findall(r'ref="#(place-\d+)"', text[text.index("<text"):])):  # mentions
            naming.setdefault(ref, []).append(path)
    place, letters = max(naming.items(), key=lambda item: (len(item[1]), item[0]))
    other = next(ref for ref in sorted(naming) if ref != place)
    monkeypatch.setattr(corpus, "PAGE_LIMIT", len(letters) - 1)  # just too many for one page
    docs = tmp_path / "docs"
    docs.mkdir()
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not problems.errors
    years = {rel for rel in snapshot(docs) if rel.startswith(f"places/{place}/")}
    assert years  # its mentions are listed by year
    text = letters[0].read_text(encoding="utf-8")
    head, body = text[:text.index("<text")], text[text.index("<text"):]
    letters[0].write_text(head + body.replace(f'ref="#{place}"', f'ref="#{other}"'), encoding="utf-8")
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not problems.errors
    after = {rel: data for rel, (_, _, data) in snapshot(docs).items()}
    assert not years & after.keys()
    assert after == full(tei, tmp_path)


def test_a_body_edit_rebuilds_without_reading_other_letters(
        edition: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    tei, docs = edition
    read = spy(monkeypatch, "read_one")
    edit(tei, 17, *EDITS["a word of the text"])
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written >= 1
    assert [p.name for p in read] == [f"{letter_id(17)}.xml"]  # its header is the same
    edit(tei, 17, *EDITS["the date (the letter moves)"])
    read.clear()
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and 2 <= len(read) <= 5  # itself, and its old and new neighbours


def test_titles_made_distinct_are_rebuilt_as_a_full_build_makes_them(
        edition: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Letter 17 takes letter 3's title, date and correspondents: both titles get their ids
    (site.distinct_titles), as a full build gives them; a later edit that re-reads them as
    neighbours keeps those titles; and letter 17 given its own title back loses the id again."""
    tei, docs = edition
    third = (tei / "letters" / f"{letter_id(3)}.xml").read_text(encoding="utf-8")
    head = third[third.index("<correspDesc>"):third.index("</correspDesc>")]
    edit(tei, 17, r"<correspDesc>[\s\S]*?(?=</correspDesc>)", head.replace("\\", "\\\\"))
    edit(tei, 17, r"Synthetic letter 17<", "Synthetic letter 3<")
    for step, folder in enumerate(("one", "two", "three")):
        if step == 1:  # letter 25 joins their correspondence: both are re-read as its neighbours
            sender, addressee = re.findall(r'<persName ref="#([\w-]+)">', head)[:2]
            edit(tei, 25, r'(type="sent">\s*<persName ref="#)[\w-]+', rf"\g<1>{sender}")
            edit(tei, 25, r'(type="received">\s*<persName ref="#)[\w-]+', rf"\g<1>{addressee}")
            reread = spy(monkeypatch, "_reread")
        if step == 2:
            edit(tei, 17, r"Synthetic letter 3<", "Synthetic letter 17<")
        problems, written = incremental.build(tei, docs, jobs=1)
        assert written is not None and not problems.errors
        assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path / folder)
        page = (docs / "letters" / f"{letter_id(17)}.md").read_text(encoding="utf-8")
        assert (f"# Synthetic letter 3 ({letter_id(17)})" in page) == (step < 2)
        if step == 1:
            assert letter_id(17) in {p.stem for p in reread}  # its title kept, not read anew


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


TYPOS = [(r"</p>", "</q>"), (r'<persName ref="#person-\d+">', '<persName ref="#nobody">'),
         (r'<date when="\d{4}-\d\d-\d\d">', '<date when="1938-02-30">')]


@pytest.mark.parametrize("typo", TYPOS)
def test_an_error_in_a_saved_letter_is_reported_without_reading_the_others(
        edition: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        typo: tuple[str, str]) -> None:
    """A typo in the letters just saved (a tag that does not close, a reference to nothing, a date
    that is none) is reported from those letters alone: the errors a full build reports, at
    their line, without reading the other letters (at 10,000 letters a minute, in watch mode on
    every such save); docs/ stays as it was, and the fix is incremental again."""
    tei, docs = edition
    before = snapshot(docs)
    saved = tei / "letters" / f"{letter_id(5)}.xml"
    good = saved.read_text(encoding="utf-8")
    edit(tei, 5, *typo)
    read, full_builds = spy(monkeypatch, "read_one"), spy(monkeypatch, "full_build")
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is None and problems.errors and not full_builds and len(read) == 1
    shown = f"{letter_id(5)}.xml:"
    assert all(shown in str(p) for p in problems.errors), [str(p) for p in problems.errors]
    fresh = tmp_path / "full" / "docs"
    fresh.mkdir(parents=True)
    full_problems, _ = site.build(tei, fresh, jobs=1)
    assert sorted(map(str, problems.errors)) == sorted(map(str, full_problems.errors))
    assert snapshot(docs) == before
    saved.write_text(good, encoding="utf-8")  # mended
    _, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not full_builds and snapshot(docs) == before


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
    shutil.rmtree(store.cache_dir(docs))
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written == 0
    assert incremental.load(docs) is not None


def test_an_unchanged_letter_is_not_hashed_again(edition: tuple[Path, Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Like git's index: a letter whose size, mtime and inode are those its hash was taken at is
    not read again; a letter whose Stat changed is, and it counts only if its content did."""
    tei, docs = edition
    letters = sorted((tei / "letters").glob("*.xml"))
    old = time.time_ns() - 10 * incremental.RACY_NS  # long enough ago to vouch for the content
    for path in letters:
        os.utime(path, ns=(old, old))
    incremental.build(tei, docs, jobs=1, full=True)
    hashed = spy(monkeypatch, "sha256")
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written == 0
    assert not [p for p in hashed if p.parent.name == "letters"]
    os.utime(letters[3], ns=(old + 1, old + 1))  # touched, not changed: hashed, nothing rewritten
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written == 0
    assert [p.name for p in hashed if p.parent.name == "letters"] == [letters[3].name]


def aged_edition(tmp_path: Path) -> tuple[Path, Path, list[Path], int]:
    """12 letters that carry transcriptions in source/, all files changed long enough ago for
    their Stat to vouch for them: tei/, an empty docs/, the transcriptions and their mtime."""
    tei = generate(tmp_path, 12, carry=True)
    docs = tmp_path / "docs"
    docs.mkdir()
    sources = sorted((tmp_path / "source").glob("*.txt"))
    old = time.time_ns() - 10 * incremental.RACY_NS
    for path in [*sources, *(tei / "letters").glob("*.xml")]:
        os.utime(path, ns=(old, old))
    return tei, docs, sources, old


def test_a_transcription_is_hashed_only_when_its_stat_changed_and_its_letter_read_when_it_did(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The transcriptions in source/ that letters are compared with (the fidelity check) are
    trusted by their Stat as letters are: at 1,000 letters, hashing them all on each build cost
    more than the rest of a build with nothing to do. A changed one re-reads its letter, whose
    text then no longer matches it: the error is reported."""
    tei, docs, sources, old = aged_edition(tmp_path)
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not problems.errors, [str(p) for p in problems.errors]
    hashed, read = spy(monkeypatch, "sha256"), spy(monkeypatch, "read_one")
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written == 0 and not read
    assert not [p for p in hashed if p.parent.name in ("source", "letters")]  # registers are, each time
    os.utime(sources[4], ns=(old + 1, old + 1))  # touched, not changed: hashed, not read
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not read
    assert [p.name for p in hashed if p.parent.name in ("source", "letters")] == [sources[4].name]
    sources[4].write_text(sources[4].read_text(encoding="utf-8").replace(" ", "  ", 1) + "An added line.\n",
                          encoding="utf-8")
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is None and any(sources[4].name in str(p) or sources[4].stem in str(p)
                                   for p in problems.errors), [str(p) for p in problems.items]


def test_a_recently_changed_letter_is_hashed_until_its_mtime_is_old(edition: tuple[Path, Path]) -> None:
    """An edit within the same clock tick as the build keeps size and mtime: such a Stat never
    stands for the content."""
    _tei, docs = edition
    state = incremental.load(docs)
    assert state is not None
    just_written = [key for key in state.digests if Path(key).stat().st_mtime_ns > time.time_ns()
                    - incremental.RACY_NS]
    assert just_written and not set(just_written) & state.seen.keys()


def test_a_new_hand_written_page_is_noticed(edition: tuple[Path, Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A page written by hand into docs/ has a URL the contract must know of: the full build
    checks it, so a new file in docs/ makes the next build a full one."""
    tei, docs = edition
    contract = Contract.beside(tei.parent)
    assert cli.main(["urls", "--update", "--tei", str(tei), "--docs", str(docs)]) == 0
    problems, written = incremental.build(tei, docs, jobs=1, contract=contract)
    assert written is not None and not any("not in the manifest" in str(p) for p in problems.items)
    (docs / "notes.md").write_text("# Notes\n\nWritten by hand.\n", encoding="utf-8")
    full_builds = spy(monkeypatch, "full_build")
    problems, written = incremental.build(tei, docs, jobs=1, contract=contract)
    assert written is not None and full_builds == [tei]
    assert any("1 URL(s) are not in the manifest yet (/notes/)" in str(p) for p in problems.warnings)
    assert (docs / "notes.md").read_text(encoding="utf-8") == "# Notes\n\nWritten by hand.\n"
    full_builds.clear()
    problems, written = incremental.build(tei, docs, jobs=1, contract=contract)
    assert written is not None and not full_builds  # known now: incremental again
    assert any("(/notes/)" in str(p) for p in problems.warnings)


def test_a_rebuild_that_adds_no_url_keeps_the_contracts_warning(edition: tuple[Path, Path],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """With the URL contract on, an edit that adds no URL (nor takes one away) leaves the URLs as
    they were: the rebuild keeps the last build's warning of the URLs the manifest lacks, and
    does not read the manifest again (151,000 lines at 10,000 letters)."""
    tei, docs = edition
    contract = Contract.beside(tei.parent)
    assert cli.main(["urls", "--update", "--tei", str(tei), "--docs", str(docs)]) == 0
    (docs / "notes.md").write_text("# Notes\n\nWritten by hand.\n", encoding="utf-8")
    problems, written = incremental.build(tei, docs, jobs=1, contract=contract)
    unlisted = [str(p) for p in problems.warnings if "not in the manifest yet" in p.message]
    assert written is not None and len(unlisted) == 1 and "(/notes/)" in unlisted[0]
    full_builds, read = spy(monkeypatch, "full_build"), spy_on(monkeypatch, urls, "listed")
    edit(tei, 3, r'(-p2">)(\w+)', r"\1Altered")
    problems, written = incremental.build(tei, docs, jobs=1, contract=contract)
    assert written is not None and written.written and not full_builds and not read
    assert [str(p) for p in problems.warnings if "not in the manifest yet" in p.message] == unlisted


def extras_of(zipped: Path) -> dict[str, bytes]:
    """The members of a corpus zip beside tei/ (its README, licence, transcriptions)."""
    with zipfile.ZipFile(zipped) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.startswith("tei/")}


def test_the_corpus_zip_is_the_same_as_made_whole(edition: tuple[Path, Path], tmp_path: Path) -> None:
    """After an edit the zip copies the members of unchanged files from the last zip: the bytes
    are those of a zip made from scratch, and it is rewritten only when a TEI file changed."""
    tei, docs = edition
    zipped = docs / paths.CORPUS_DOWNLOAD
    edit(tei, 17, *EDITS["a word of the text"])
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None
    files = {p.relative_to(tei).as_posix(): p for p in tei.rglob("*.xml")}
    assert zipped.read_bytes() == corpus_zip(files, extras=extras_of(zipped))
    with zipfile.ZipFile(zipped) as archive:
        assert archive.testzip() is None
        name = f"letters/{letter_id(17)}.xml"
        assert archive.read(f"tei/{name}") == files[name].read_bytes()
    before = zipped.stat().st_mtime_ns
    incremental.build(tei, docs, jobs=1)
    assert zipped.stat().st_mtime_ns == before


def test_a_build_stopped_while_writing_in_place_leaves_each_file_whole(
        edition: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A few changed files are written in place, each whole: stopped after some of them, every
    file of docs/ is its old or its new version, and the next build completes the new output."""
    tei, docs = edition
    before = snapshot(docs)
    edit(tei, 17, *EDITS["the date (the letter moves)"])
    replaced = 0
    original = os.replace

    def stop_after_two(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        nonlocal replaced
        if replaced == 2:
            raise KeyboardInterrupt  # as if killed: nothing after this point runs
        replaced += 1
        original(source, target)

    monkeypatch.setattr(site.os, "replace", stop_after_two)
    with pytest.raises(KeyboardInterrupt):
        incremental.build(tei, docs, jobs=1)
    monkeypatch.setattr(site.os, "replace", original)
    middle = snapshot(docs)
    expected = full(tei, tmp_path)
    assert any(rel.endswith(site.TEMPORARY) for rel in middle)  # the files not yet renamed
    for rel, (_, _, data) in middle.items():
        if rel.endswith(site.TEMPORARY):  # a whole new file, not yet in its place
            left = Path(rel)
            target = left.parent / left.name.removeprefix(".").removesuffix(site.TEMPORARY)
            assert data == expected[target.as_posix()]
        else:
            assert data in (before[rel][2], expected.get(rel)), rel
    assert sum(middle[rel][2] != before[rel][2] for rel in before if rel in middle) == 2
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == expected


def test_watch_mode_rewrites_only_what_a_saved_letter_changes(
        edition: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`build.py --watch` rebuilds as `build.py` does after an edit: it reads the saved letter
    only, and rewrites its page and the pages that depend on it, in place; an error, its fix and
    the end of watching keep it incremental."""
    tei, docs = edition
    problems, written = watch.rebuild(tei, docs, strict=False)  # watching starts: the report
    assert written is not None and written.written == 0
    read, full_builds = spy(monkeypatch, "read_one"), spy(monkeypatch, "full_build")
    folder = docs.stat().st_ino
    before = snapshot(docs)
    edit(tei, 17, *EDITS["a word of the text"])
    problems, written = watch.rebuild(tei, docs, strict=False)
    assert written is not None and not problems.errors
    assert [p.name for p in read] == [f"{letter_id(17)}.xml"] and not full_builds
    after = snapshot(docs)
    changed = {rel for rel in after if rel not in before or after[rel][2] != before[rel][2]}
    assert f"letters/{letter_id(17)}.md" in changed
    assert {rel for rel in after if after[rel][:2] != before.get(rel, (0, 0))[:2]} == changed
    assert written.written == len(changed - {site.MANIFEST}) < len(after) / 4
    expected = full(tei, tmp_path / "1")
    zipped = paths.CORPUS_DOWNLOAD  # owed while watching: made when it ends
    shown = {rel: data for rel, (_, _, data) in after.items() if rel != watch.PROBLEMS}
    assert shown == {**expected, site.MANIFEST: after[site.MANIFEST][2], zipped: before[zipped][2]}
    assert expected[zipped] != before[zipped] and incremental.owes_zip(docs)
    assert docs.stat().st_ino == folder  # written in place: a watcher on docs/ keeps working

    edit(tei, 17, r'(<persName ref="#)(person-\d+)', r"\1nobody-\2")
    problems, written = watch.rebuild(tei, docs, strict=False)
    assert written is None and "nobody" in (docs / watch.PROBLEMS).read_text(encoding="utf-8")
    assert watch.PROBLEMS in (docs / site.MANIFEST).read_text(encoding="utf-8").split("\n")
    edit(tei, 17, r'(<persName ref="#)nobody-', r"\1")
    full_builds.clear()  # an error is reported by the full build (every problem at once)
    problems, written = watch.rebuild(tei, docs, strict=False)
    assert written is not None and not full_builds
    assert (docs / watch.PROBLEMS).read_text(encoding="utf-8") == watch.problems_report(
        problems, strict=False, failed=False)  # the good build's warnings, if any
    watch.finish(tei, docs, strict=False)  # watching ends: the zip is made
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path / "2")
    assert not incremental.owes_zip(docs)
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written == 0 and not full_builds


def test_the_zip_a_save_left_owed_is_made_by_the_next_build(edition: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    """Watch mode leaves the corpus zip owed (each save would write all of it again); when
    watching ends without making it (killed), the next build makes it, and `build.py site`
    sees that docs/ is not current till then."""
    tei, docs = edition
    edit(tei, 17, *EDITS["a word of the text"])
    _, written = watch.rebuild(tei, docs, strict=False)
    assert written is not None and incremental.owes_zip(docs)
    saved = str(tei / "letters" / f"{letter_id(17)}.xml")
    assert incremental.changed_since(tei, docs, Contract.beside(tei.parent)) == [saved]
    _, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and (written.written, written.removed) == (1, 1)  # the zip; the report gone
    assert not incremental.owes_zip(docs) and incremental.changed_since(tei, docs, None) == []
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path)


def test_watch_mode_keeps_the_state_in_memory_while_the_store_is_as_it_left_it(
        edition: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between saves, watch mode keeps the state it saved (incremental.Kept) instead of loading
    it from the store again; not when another build has written the store since, nor after a
    build that failed. Every time, docs/ is what a full build makes."""
    tei, docs = edition
    kept = incremental.Kept()
    loads = spy_on(monkeypatch, store, "load")

    def save_and_rebuild(n: int, word: str, **kwargs: Any) -> None:
        edit(tei, n, r'(-p2">)(\w+)', rf"\g<1>{word}")
        problems, written = watch.rebuild(tei, docs, strict=False, **kwargs)
        assert written is not None and not problems.errors

    save_and_rebuild(17, "Altered", kept=kept)
    assert len(loads) == 1  # the first build of the watch: from the store
    save_and_rebuild(18, "Changed", kept=kept)
    save_and_rebuild(19, "Edited", kept=kept)
    assert len(loads) == 1  # then from memory
    save_and_rebuild(20, "Meanwhile")  # another build (kept nothing): the store changed
    save_and_rebuild(21, "Again", kept=kept)
    assert len(loads) == 3  # so it was read again
    edit(tei, 22, r'(<persName ref="#)(person-\d+)', r"\1nobody-\2")
    loads.clear()
    problems, written = incremental.build(tei, docs, jobs=1, kept=kept)
    assert written is None and problems.errors and kept.take(docs) is None  # a failed build keeps none
    problems, written = watch.rebuild(tei, docs, strict=False, kept=kept)
    assert written is None and problems.errors
    assert len(loads) == 2  # the build, and its report, read the store: nothing was kept
    edit(tei, 22, r'(<persName ref="#)nobody-', r"\1")
    save_and_rebuild(23, "Mended", kept=kept)
    assert len(loads) == 2  # the state its report was noted in, kept
    watch.finish(tei, docs, strict=False, kept=kept)
    assert len(loads) == 2
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path / "2")


def test_a_rebuild_changes_only_the_rows_that_changed(edition: tuple[Path, Path], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild writes to the store only the rows it changed (the edited letter's digest and
    items, the Stats and outputs that moved), in one transaction: the database is not written
    again; a full build writes a new one. A rebuild that fails half-way leaves the last state."""
    tei, docs = edition
    path = store.cache_dir(docs) / store.FILE
    inode = path.stat().st_ino
    rows = spy_on(monkeypatch, store, "_row")
    pickled = spy_on(monkeypatch, store.pickle, "dumps")
    for n, word in enumerate(("Altered", "Changed", "Edited")):
        edit(tei, 17 + n, r'(-p2">)(\w+)', rf"\g<1>{word}")
        _problems, written = incremental.build(tei, docs, jobs=1)
        assert written is not None and written.written >= 1
        assert rows == [str(tei / "letters" / f"{letter_id(17 + n)}.xml")] and path.stat().st_ino == inode
        rows.clear()
    kept = incremental.load(docs)
    assert kept is not None and kept.problems  # the edition's warnings: not written again, unchanged
    assert not [value for value in pickled if value == kept.problems]
    monkeypatch.undo()
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path)
    state = incremental.load(docs)
    assert state is not None
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM letters").fetchone() == (len(state.digests),)
        assert db.execute("SELECT count(*) FROM items").fetchone() == (len(state.digests),)

    def torn(key: str, d: Any) -> tuple[object, ...]:
        raise KeyboardInterrupt  # as a build killed while it writes the store

    rows = spy_on(monkeypatch, store, "_row")
    monkeypatch.setattr(store, "_row", torn)
    edit(tei, 21, r'(-p2">)(\w+)', r"\g<1>Once")
    with pytest.raises(KeyboardInterrupt):
        incremental.build(tei, docs, jobs=1)
    after = incremental.load(docs)
    assert after is not None and after.digests == state.digests and after.outputs == state.outputs
    monkeypatch.undo()  # docs/ is no longer as the store says: the next build is a full one
    full_builds = spy(monkeypatch, "full_build")
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and full_builds == [tei] and path.stat().st_ino != inode
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path / "2")


def test_a_full_build_copies_the_zip_members_of_unchanged_files(
        edition: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The full build, too, compresses again only the TEI files that changed since the last
    build's zip; the zip is the same bytes as one made from scratch."""
    tei, docs = edition
    compressed: list[str] = []
    member = downloads.member

    def spy(name: str, data: bytes) -> tuple[bytes, bytes]:
        compressed.append(name)
        return member(name, data)

    monkeypatch.setattr(downloads, "member", spy)
    edit(tei, 17, *EDITS["a word of the text"])
    _problems, written = incremental.build(tei, docs, jobs=1, full=True)
    assert written is not None and compressed == [f"tei/letters/{letter_id(17)}.xml"]
    files = {p.relative_to(tei).as_posix(): p for p in tei.rglob("*.xml")}
    assert (docs / paths.CORPUS_DOWNLOAD).read_bytes() == corpus_zip(
        files, extras=extras_of(docs / paths.CORPUS_DOWNLOAD))
    shutil.rmtree(store.cache_dir(docs))  # no cache to vouch for the last zip: all of it
    compressed.clear()
    incremental.build(tei, docs, jobs=1)
    assert len(compressed) == len(files) + len(extras_of(docs / paths.CORPUS_DOWNLOAD))  # README, licence


@pytest.mark.parametrize("damage", ["items of another content", "a torn database"])
def test_a_damaged_store_makes_a_full_build(edition: tuple[Path, Path], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    """The items a rebuild reads back are checked against the digest they belong to, and a store
    that cannot be read is no store: either way a full build, never a wrong register page."""
    tei, docs = edition
    path = store.cache_dir(docs) / store.FILE
    if damage == "a torn database":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        with sqlite3.connect(path) as db:
            db.execute("UPDATE items SET sha = 'another'")
    full_builds = spy(monkeypatch, "full_build")
    edit(tei, 17, *EDITS["a mention"])
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and full_builds == [tei]
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path)
    assert incremental.load(docs) is not None  # refilled


def test_a_letter_id_taken_from_another_letter_is_reported(edition: tuple[Path, Path]) -> None:
    tei, docs = edition
    before = snapshot(docs)
    edit(tei, 17, rf'xml:id="{letter_id(17)}"', f'xml:id="{letter_id(3)}"')
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is None
    assert any(f'the letter id "{letter_id(3)}" is already used' in str(p) for p in problems.errors)
    assert snapshot(docs) == before


def test_an_id_inside_a_letter_may_be_another_letters_too(edition: tuple[Path, Path]) -> None:
    """Ids inside a letter are its own: the rebuild takes the edit, as the full build does."""
    tei, docs = edition
    edit(tei, 17, rf'xml:id="{letter_id(17)}-p2"', f'xml:id="{letter_id(3)}-p2"')
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not problems.errors


def test_a_full_build_reads_no_page_the_cache_vouches_for(
        edition: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a cache that vouches for docs/ (every file's size, mtime and inode as it recorded),
    the full build knows which files are generated and what they hold without reading them;
    it writes what a full build without the cache writes."""
    tei, docs = edition
    read: list[Path] = []
    read_bytes = Path.read_bytes

    def spy(path: Path) -> bytes:
        if docs in path.parents:
            read.append(path)
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", spy)
    monkeypatch.setattr(site, "generated_files", lambda docs: pytest.fail("read every page"))
    edit(tei, 17, *EDITS["a word of the text"])
    _problems, written = incremental.build(tei, docs, jobs=1, full=True)
    assert written is not None and written.written >= 1
    assert read == [docs / paths.CORPUS_DOWNLOAD]  # the last zip, whose members it copies
    monkeypatch.undo()
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path)


def test_a_rebuild_reports_the_links_of_the_letters_it_reads(edition: tuple[Path, Path],
                                                             tmp_path: Path) -> None:
    """A link outside the edition, added or removed by an edit, is reported as a full build does."""
    tei, docs = edition
    edit(tei, 7, r'(-p2">)', r'\1<ref target="Mt 12,43-45">Matthew</ref> ')
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written
    full_problems, _ = site.build(tei, tmp_path / "full-docs", jobs=1)
    assert sorted(set(problems.items)) == sorted(set(full_problems.items))
    assert sum('"Mt 12,43-45"' in p.message for p in problems.warnings) == 1
    edit(tei, 7, r'<ref target="Mt 12,43-45">Matthew</ref> ', "")
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None
    assert not any('"Mt 12,43-45"' in p.message for p in problems.warnings)


NEW_LETTER = (r'<date when="\d{4}-\d\d-\d\d">[^<]*</date>', '<date when="1950-01-01">1950-01-01</date>')


@pytest.mark.parametrize("with_contract", [False, True])
def test_a_new_letter_is_an_ordinary_rebuild(edition: tuple[Path, Path], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch, with_contract: bool) -> None:
    """A letter added (as `build.py new` adds one) is read alone: its page, its neighbours', the
    pages of the entries it names and the lists are rewritten, nothing else, and docs/ is what a
    full build makes; with the URL contract too, whose manifest does not list its URLs yet."""
    tei, docs = edition
    contract = None
    if with_contract:
        contract = Contract.beside(tei.parent)  # the URLs published so far
        assert cli.main(["urls", "--update", "--tei", str(tei), "--docs", str(docs)]) == 0
        problems, written = incremental.build(tei, docs, jobs=1, contract=contract, full=True)
        assert written is not None and not problems.errors
    new = letter_id(40)
    text = (tei / "letters" / f"{letter_id(17)}.xml").read_text(encoding="utf-8")
    text = re.sub(r"<title>[^<]*</title>", "<title>A letter of 1950</title>",
                  text.replace(letter_id(17), new), count=1)
    (tei / "letters" / f"{new}.xml").write_text(re.sub(NEW_LETTER[0], NEW_LETTER[1], text), encoding="utf-8")
    before = snapshot(docs)
    read, full_builds = spy(monkeypatch, "read_one"), spy(monkeypatch, "full_build")
    problems, written = incremental.build(tei, docs, jobs=1, contract=contract)
    assert written is not None and not problems.errors, [str(p) for p in problems.errors]
    assert not full_builds and read[0].name == f"{new}.xml"
    assert len(read) <= 5  # and the letters whose neighbours changed (before and after, in the chain)
    after = snapshot(docs)
    assert f"letters/{new}.md" in after
    changed = {rel for rel in after if rel not in before or after[rel][2] != before[rel][2]}
    assert len(changed) < len(after) / 4
    fresh = tmp_path / "full" / "docs"
    fresh.mkdir(parents=True)
    full_problems, full_written = site.build(tei, fresh, jobs=1, contract=contract)
    assert full_written is not None
    assert sorted(map(str, full_problems.items)) == sorted(map(str, problems.items))
    assert {rel: data for rel, (_, _, data) in after.items()} == {
        rel: data for rel, (_, _, data) in snapshot(fresh).items()}
    if with_contract:
        assert any(new in str(p) for p in problems.warnings)  # URLs the manifest does not list yet


def test_a_change_to_any_module_in_any_folder_voids_the_cache(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The code's version hashes every module of the package, in every layer's folder, by its path
    in the package: an edit anywhere, a new module, or a module moved to another folder is new code,
    so the last build's cache is not trusted."""
    assert Path(paths.__file__).resolve().parent == incremental.CODE  # the package: edition/
    code = tmp_path / "edition"
    shutil.copytree(incremental.CODE, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(incremental, "CODE", code)
    seen = [incremental.code_version()]

    def changed() -> None:
        version = incremental.code_version()
        assert version not in seen
        seen.append(version)

    for rel in ("model.py", "read/tei.py", "write/pages.py", "build/site.py", "publish/plugin.py"):
        with (code / rel).open("a", encoding="utf-8") as f:
            f.write("\n# an edit\n")
        changed()
    (code / "write" / "extra.py").write_text('"""A new module."""\n', encoding="utf-8")
    changed()
    (code / "write" / "extra.py").rename(code / "build" / "extra.py")  # the same bytes, elsewhere
    changed()
    assert incremental.code_version() == seen[-1]  # and the same code, the same version


def test_the_corpus_zip_reads_only_the_transcriptions_that_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an edit, the corpus zip copies from the last zip the members of the transcriptions
    whose Stat vouches for their content, without reading them (10,000 files at 10,000 letters:
    0.5-1 s of an edit's rebuild); a transcription that changed is read again. Either way the zip
    is the one made whole."""
    tei, docs, sources, old = aged_edition(tmp_path)
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None
    zipped = docs / paths.CORPUS_DOWNLOAD
    files = {p.relative_to(tei).as_posix(): p for p in tei.rglob("*.xml")}
    read = spy_on(monkeypatch, downloads, "_bytes")
    edit(tei, 2, r'(<note type="editorial"[^>]*>)', r"\1Edited. ")
    os.utime(sources[4], ns=(old + 1, old + 1))  # touched, not changed: hashed, then vouched for
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and written.written
    assert not [extra for extra in read if isinstance(extra, str)]  # a file's path: read
    assert zipped.read_bytes() == corpus_zip(files, extras=extras_of(zipped))
    sources[4].write_bytes(sources[4].read_bytes() + b"\n")  # a changed file the reading still matches
    edit(tei, 2, r"Edited\. ", "Edited again. ")
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None, [str(p) for p in _problems.errors]
    assert [Path(extra).name for extra in read if isinstance(extra, str)] == [sources[4].name]
    assert extras_of(zipped)[f"source/{sources[4].name}"] == sources[4].read_bytes()
    assert zipped.read_bytes() == corpus_zip(files, extras=extras_of(zipped))


def test_a_build_pauses_the_garbage_collector_and_restores_it(
        edition: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The cyclic collector is off while a build runs (at 10,000 letters it took a quarter of a
    full build) and as it was after, also when the build fails."""
    tei, docs = edition
    during: list[bool] = []
    rebuild = incremental.rebuild

    def watched(*args: Any) -> Any:
        during.append(gc.isenabled())
        return rebuild(*args)

    monkeypatch.setattr(incremental, "rebuild", watched)
    edit(tei, 17, *EDITS["a word of the text"])
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and during == [False] and gc.isenabled()

    def fails(*args: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(incremental, "rebuild", fails)
    with pytest.raises(KeyboardInterrupt):
        incremental.build(tei, docs, jobs=1)
    assert gc.isenabled()
    gc.disable()
    try:
        incremental.build(tei, docs, jobs=1, full=True)
        assert not gc.isenabled()  # whoever turned it off turns it on
    finally:
        gc.enable()


def test_a_letter_page_is_made_again_when_a_header_it_read_changes(
        edition: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which letter pages a letter's header reaches is recorded as the pages are made
    (site.Recording), not known by hand: a page that reads a letter beyond its neighbours, as a
    later feature might ("in reply to"), is made again when that letter's header changes, and
    the rebuild equals the full build."""
    tei, docs = edition
    far = letter_id(30)
    links = corpus.neighbour_links

    def reaching(letter: Any, near: Any, letters: Any, entries: Any) -> str:
        block: str = links(letter, near, letters, entries)
        if letter.id == letter_id(5):
            block += f"\n\nIn reply to {letters[far].title}, {letter_date(letters[far])}.\n"
        return block

    monkeypatch.setattr(corpus, "neighbour_links", reaching)
    _problems, written = incremental.build(tei, docs, jobs=1, full=True)
    assert written is not None
    page = docs / paths.letter_page(letter_id(5))
    assert "In reply to" in page.read_text(encoding="utf-8")
    state = incremental.load(docs)
    assert state is not None and far in state.reads[letter_id(5)]
    full_builds = spy(monkeypatch, "full_build")
    edit(tei, 30, *EDITS["the date (the letter moves)"])
    _problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not full_builds
    assert "1950" in page.read_text(encoding="utf-8").split("In reply to")[1].split("\n")[0]
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path / "2")


def register_edit(tei: Path, name: str, old: str, new: str) -> None:
    path = tei / "registers" / name
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text), old
    path.write_text(re.sub(old, new, text, count=1), encoding="utf-8")


def naming(tei: Path, entry_id: str) -> list[str]:
    """The letter files that point at an entry."""
    return sorted(p.name for p in (tei / "letters").glob("*.xml")
                  if f'"#{entry_id}"' in p.read_text(encoding="utf-8"))


def places_given(problems: Iterable[Problem]) -> set[int]:
    """The lines of places.xml that warnings give as where an entry is."""
    return {int(line) for p in problems for line in re.findall(r"registers/places\.xml:(\d+):", p.message)}


REGISTER_EDITS = {  # file, pattern, replacement, the entry whose letters are read again
    "an entry no letter names, first (every other moves down)": (
        "places.xml", r"<listPlace>", '<listPlace>\n      <place xml:id="place-new"><placeName>Newtown'
        "</placeName></place>", None),
    "a correspondent renamed": (
        "persons.xml", r'(<person xml:id="person-00001"><persName><forename>)[^<]*', r"\1Bertram",
        "person-00001"),
    "a place given an authority record": (
        "places.xml", r'(<place xml:id="place-00002"><placeName>[^<]*</placeName>)',
        r'\1<idno type="geonames">https://www.geonames.org/2950159</idno>', "place-00002"),
}


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path]:
    """A synthetic edition of 40 letters that carry what real ones carry, with an address and a
    release (so a CMIF file, and its warnings, which give the places of register entries)."""
    tei = generate(tmp_path, 40, carry=True)
    docs = tmp_path / "docs"
    docs.mkdir()
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not problems.errors, [str(p) for p in problems.errors]
    return tei, docs


@pytest.mark.parametrize("change", REGISTER_EDITS)
def test_a_register_edit_is_incremental(published: tuple[Path, Path], tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    """An edit of a register (an entry added, renamed, given an authority record) reads the
    registers again and only the letters that point at an entry whose content changed: their
    pages show it. An entry that only moved in its file changes only the warnings that give its
    place (the CMIF check's). The pages and problems are the full build's."""
    tei, docs = published
    state = incremental.load(docs)
    assert state is not None
    places = places_given(state.problems)
    name, old, new, entry = REGISTER_EDITS[change]
    register_edit(tei, name, old, new)
    read, full_builds = spy(monkeypatch, "read_one"), spy(monkeypatch, "full_build")
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and not full_builds
    assert sorted(p.name for p in read) == (naming(tei, entry) if entry else [])
    assert {rel: data for rel, (_, _, data) in snapshot(docs).items()} == full(tei, tmp_path)
    fresh = tmp_path / "again" / "docs"
    fresh.mkdir(parents=True)
    full_problems, _ = site.build(tei, fresh, jobs=1)
    assert sorted(map(str, problems.items)) == sorted(map(str, full_problems.items))
    if entry is None:  # every place the warnings give, a line down
        assert places and places_given(problems.items) == {line + 1 for line in places}
    read.clear()
    changes = spy(monkeypatch, "registers_changed")
    problems, written = incremental.build(tei, docs, jobs=1)  # the store knows the registers now
    assert written is not None and written.written == 0 and not full_builds and not read and not changes


def test_a_register_entry_removed_makes_a_full_build(edition: tuple[Path, Path], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry gone takes its page and URL with it, and any pointer at it is an error: the
    full build judges it."""
    tei, docs = edition
    register_edit(tei, "works.xml", r'<bibl xml:id="work-00000">.*?</bibl>\s*', "")
    full_builds = spy(monkeypatch, "full_build")
    _problems, _written = incremental.build(tei, docs, jobs=1)
    assert full_builds == [tei]


def test_the_warnings_of_a_letter_edited_before_stay_as_they_are_now(
        published: tuple[Path, Path], tmp_path: Path) -> None:
    """The warnings a rebuild makes again for the letters it reads (the CMIF check's, the links')
    are kept for the next rebuild: after an edit of another letter they are still those of the
    letter as it is, not as the full build found it."""
    tei, docs = published
    edit(tei, 5, *EDITS["the addressee"])  # another correspondent: another CMIF warning
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None and any("person-00011" in p.message for p in problems.items)
    edit(tei, 6, r'(<note type="editorial"[^>]*>)', r"\1Edited. ")  # (its text is its transcription's)
    problems, written = incremental.build(tei, docs, jobs=1)
    assert written is not None
    fresh = tmp_path / "full" / "docs"
    fresh.mkdir(parents=True)
    full_problems, _ = site.build(tei, fresh, jobs=1)
    assert sorted(map(str, problems.items)) == sorted(map(str, full_problems.items))
