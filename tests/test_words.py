"""Every word of every letter (the field corpus, and tei/) reaches its page, in order (tests/oracle.py).

The words are read from the TEI by the oracle, apart from the build's reader; the pages are the
HTML that Python-Markdown makes of the build's Markdown with mkdocs.yml's extensions, so that
escaping cannot hide a loss. The figures (words checked per edition) go to
tests/output/words-checked.tsv.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from edition import model as m
from edition.build import site
from edition.problems import Problems
from edition.write import pages

from . import oracle
from .conftest import OUTPUT, ROOT
from .test_escaping import mkdocs_markdown

CORPUS = Path(__file__).parents[1].parent / "shared" / "field-corpus"
EDITIONS = sorted(p.name for p in CORPUS.iterdir() if (p / "letters").is_dir()) if CORPUS.is_dir() else []
OWN = "tei"  # the edition's own letters (the Célarié letter), checked the same way


def folder(name: str) -> Path:
    return ROOT / "tei" if name == OWN else CORPUS / name
MARKDOWN = mkdocs_markdown()


@functools.lru_cache(maxsize=256)
def to_html(page: str) -> str:
    """A page's Markdown as MkDocs turns it into HTML (the front matter is MkDocs' own)."""
    MARKDOWN.reset()
    return MARKDOWN.convert(page.split("\n---\n", 1)[1])


@functools.cache
def built(name: str) -> tuple[m.Edition, dict[str, str]]:
    """The edition of one field-corpus folder as the build reads it, and its letters' pages."""
    edition, _ = site.read(folder(name), Problems(), jobs=1)
    return edition, {lt.id: pages.letter_page(lt, edition) for lt in edition.letters}


def letter_files(name: str) -> list[Path]:
    return sorted((folder(name) / "letters").rglob("*.xml"))


def pages_of(edition: m.Edition, path: Path, markdown: dict[str, str]) -> list[str]:
    """The Markdown pages of the letters read from one file, in the order they stand in it."""
    letters = [lt for lt in edition.letters if Path(lt.path).resolve() == path.resolve()]
    return [markdown[lt.id] for lt in sorted(letters, key=lambda lt: (lt.pos.line, lt.pos.col))]


@functools.cache
def words_of(path: Path) -> tuple[list[oracle.Word], list[list[oracle.Word]]] | None:
    """The oracle's words of a file's <text> (None: it has none)."""
    text = etree.parse(str(path)).getroot().find(f"{oracle.TEI}text")
    return None if text is None else oracle.tei_words(text)


def check(path: Path, page_list: list[str]) -> tuple[int, list[str]]:
    """The number of words of the file's text, and what is missing from its pages."""
    found = words_of(path)
    if found is None:
        return 0, []
    words, notes = found
    main: list[str] = []
    footnotes: list[list[str]] = []
    for page in page_list:
        page_main, page_notes = oracle.page_words(to_html(page))
        main += page_main
        footnotes += page_notes
    count = len(words) + sum(map(len, notes))
    problems = []
    if (lost := oracle.missing(words, main)) is not None:
        problems.append(f"{path.name}:{lost.line}: not on the page in its place:"
                        f" {oracle.context(words, lost)}")
    if (unmatched := oracle.first_unmatched(notes, footnotes)) is not None:
        note, lost = unmatched
        problems.append(f"{path.name}:{lost.line}: a note's word is in no footnote:"
                        f" {oracle.context(note, lost)}")
    return count, problems


@pytest.mark.parametrize("name", [OWN, *EDITIONS])
def test_every_word_of_every_letter_reaches_its_page(name: str) -> None:
    edition, markdown = built(name)
    total, report, unread = 0, [], []
    for path in letter_files(name):
        page_list = pages_of(edition, path, markdown)
        if not page_list:
            unread.append(path.name)
            continue
        count, problems = check(path, page_list)
        total += count
        report += problems
    record(name, f"{len(letter_files(name))} files\t{len(edition.letters)} letters\t{total} words"
           + (f"\t{len(unread)} files not read" if unread else ""))
    assert not report, "\n".join(report)
    if unread and not edition.letters:  # an edition the build does not read yet (issue 11)
        pytest.skip(f"{name}: the build reads none of its {len(unread)} files")
    assert not unread, f"{name}: files the build does not read: {', '.join(unread)}"


def record(name: str, figures: str) -> None:
    """The edition's line in tests/output/words-checked.tsv (the other editions' lines are kept)."""
    OUTPUT.mkdir(exist_ok=True)
    table = OUTPUT / "words-checked.tsv"
    lines = table.read_text(encoding="utf-8").splitlines() if table.exists() else []
    lines = sorted([line for line in lines if not line.startswith(f"{name}\t")] + [f"{name}\t{figures}"])
    table.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def unique_words(pages: list[str], words: list[oracle.Word]) -> list[str]:
    """Words of the text that stand exactly once in the pages' Markdown (letters only)."""
    counts = Counter(re.findall(r"\w+", "\n".join(pages)))
    return [w.text for w in words if re.fullmatch(r"\w{4,}", w.text) and counts[w.text] == 1]


@pytest.mark.parametrize("name", [OWN, *(n for n in EDITIONS if n != "cmif-examples")])
def test_one_word_dropped_from_a_page_is_caught(name: str) -> None:
    """Take a letter's page, drop one word of its text from the Markdown (at the start, middle
    and end of the letter, and in a note), and the oracle must name that word."""
    edition, markdown = built(name)
    tried = 0
    for path in letter_files(name):
        page_list = pages_of(edition, path, markdown)
        found = words_of(path)
        if not page_list or found is None:
            continue
        words, notes = found
        candidates = unique_words(page_list, words)
        note_words = unique_words(page_list, [w for note in notes for w in note])
        picks = [candidates[0], candidates[len(candidates) // 2], candidates[-1]] if candidates else []
        for word in [*picks, *note_words[:1]]:
            pattern = rf"(?<!\w){re.escape(word)}(?!\w)"
            mutated = [re.sub(pattern, "", page, count=1) for page in page_list]
            _, problems = check(path, mutated)
            assert problems and f"[{word}]" in problems[0] + problems[-1], (path.name, word, problems)
            tried += 1
        if tried >= 8:
            break
    if not edition.letters:  # until the build reads every edition's letters (issue 11)
        pytest.skip(f"{name}: the build reads none of its letters")
    assert tried >= 3, f"{name}: too few letters with a page to mutate"
