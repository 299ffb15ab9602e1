"""Real editions build: every edition of the field corpus, in both layouts, to a site MkDocs
builds with --strict; and the 1,515-letter scale corpus (its TEI step).

The field corpus is `../shared/field-corpus/` beside the repository (see its README.md). Each
edition is built as laid there (`--tei <edition>/`) and as the documented layout (a temporary
`tei/` of symlinks to its `letters/` and `registers/`, with an `edition.xml`). Editions whose
files hold elements outside TEI or references that point nowhere are built with --lenient.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import etree

from edition.config import settings
from edition.publish import mkdocs_build

from .conftest import ROOT

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "field-corpus"
TEI = "{http://www.tei-c.org/ns/1.0}"
# the editions whose own files hold non-TEI elements or dangling references (README of the corpus)
LENIENT = {"tillich-briefe", "pec-estournelles", "cavriana", "suriano", "varela-digital",
           "wega-example-2013"}
EDITIONS = ["tillich-briefe", "pec-estournelles", "cavriana", "suriano", "varela-digital",
            "ritter-epistolae", "perseus-cicero-brutus", "wega-example-2013", "cmif-examples"]
# register entries as some editions write them: issue 11 items 4-5 (the `registers` part)
REGISTER_ERRORS = ("has no name; add", "has no xml:id, so nothing can point at it",
                   "give each register entry its own xml:id")


def pending_registers(result: subprocess.CompletedProcess[str]) -> None:
    """xfail a build that failed only on register entries the reader does not take yet."""
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    if result.returncode and errors and all(any(e in line for e in REGISTER_ERRORS) for line in errors):
        pytest.xfail("register entries as this edition writes them (issue 11 items 4-5)")

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no field corpus at {CORPUS}")


def project(work: Path, name: str) -> Path:
    """A project folder with the repository's mkdocs.yml (site_name: the edition's), theme
    overrides and hand-written pages; returns its mkdocs.yml."""
    config = settings(ROOT / "mkdocs.yml")
    config["site_name"] = f"Field corpus: {name}"
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["plugins"] = ["search"]  # no redirects: a new edition has no old URLs
    shutil.copytree(ROOT / "overrides", work / "overrides")
    (work / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "about.md", work / "docs" / "about.md")
    shutil.copytree(ROOT / "docs" / "assets", work / "docs" / "assets")
    target = work / "mkdocs.yml"
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def build(work: Path, tei: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--tei", str(tei), "--docs",
                           str(work / "docs"), *flags], cwd=work, text=True, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def symlinked(work: Path, edition: Path) -> Path:
    """The documented layout: tei/letters, tei/registers (symlinks) and tei/edition.xml."""
    tei = work / "tei"
    tei.mkdir()
    (tei / "letters").symlink_to(edition / "letters")
    if (edition / "registers").is_dir():
        (tei / "registers").symlink_to(edition / "registers")
    (tei / "edition.xml").write_text(
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Field'
        f' corpus: {edition.name}</title></titleStmt><publicationStmt><p>Test build.</p>'
        '</publicationStmt><sourceDesc><p>The field corpus.</p></sourceDesc></fileDesc>'
        '</teiHeader><text><body><p>Letters of a real edition, built as it is.</p></body></text></TEI>',
        encoding="utf-8")
    return tei


def series_titles(edition: Path) -> set[str]:
    """The series and monograph titles of an edition's letters (never a letter's own title)."""
    out: set[str] = set()
    for path in (edition / "letters").rglob("*.xml"):
        for title in etree.parse(str(path)).iterfind(f".//{TEI}titleStmt/{TEI}title"):
            if title.get("level") in ("s", "m"):
                out.add(" ".join("".join(title.itertext()).split()))
    return out


def source_dates(edition: Path) -> set[str]:
    """Every date value the letters' TEI holds, in any date attribute."""
    out: set[str] = set()
    for path in (edition / "letters").rglob("*.xml"):
        text = path.read_text(encoding="utf-8")
        out |= set(re.findall(r'(?:when|notBefore|notAfter|from|to)(?:-iso)?="([^"]+)"', text))
    return out


def check_letter_pages(docs: Path, edition: Path) -> int:
    """No letter page shows a series title, a raw id, None, an empty heading, or a date its
    TEI does not have; returns the number of letter pages."""
    series = series_titles(edition)
    dates = source_dates(edition)
    pages = [p for p in (docs / "letters").glob("*.md") if p.name != "index.md"
             and not p.stem.isdigit() and p.stem != "undated"]
    titles: dict[str, str] = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        heading = next(line[2:] for line in text.splitlines() if line.startswith("# "))
        assert heading.strip(), f"{page}: empty title"
        assert heading not in series, f"{page}: the series title {heading!r} as the letter's title"
        assert heading != page.stem, f"{page}: the raw id as the title"
        assert not re.search(r"\bNone\b", text), f"{page}: None on the page"
        assert not re.search(r"^#+\s*(\{[^}]*\})?\s*$", text, re.M), f"{page}: an empty heading"
        assert ".xml/" not in text, f"{page}: a file name in a URL"
        for shown in re.findall(r'<time datetime="([^"]+)"', text.split("\n{: .letter-meta }")[0]):
            assert shown in dates or any(d.startswith(shown) for d in dates), \
                f"{page}: the date {shown} is in no date attribute of the TEI"
        titles[page.stem] = heading
    assert pages
    return len(pages)


@pytest.mark.parametrize("name", EDITIONS)
def test_an_edition_folder_builds_to_a_strict_site(name: str, tmp_path: Path) -> None:
    edition = CORPUS / name
    flags = ("--lenient",) if name in LENIENT else ()
    config = project(tmp_path, name)
    result = build(tmp_path, edition, *flags)
    pending_registers(result)
    assert result.returncode == 0, result.stderr[-5000:]
    assert re.search(r"found \d+ letter\(s\) in \d+ file\(s\)", result.stdout)
    check_letter_pages(tmp_path / "docs", edition)
    site = mkdocs_build.build(config, tmp_path / "site", jobs=1)
    assert site.returncode == 0, (site.stdout + site.stderr)[-5000:]
    assert (tmp_path / "site" / "letters" / "index.html").is_file()


@pytest.mark.parametrize("name", EDITIONS)
def test_an_edition_in_the_documented_layout_builds(name: str, tmp_path: Path) -> None:
    edition = CORPUS / name
    project(tmp_path, name)
    tei = symlinked(tmp_path, edition)
    result = build(tmp_path, tei, *(("--lenient",) if name in LENIENT else ()))
    pending_registers(result)
    assert result.returncode == 0, result.stderr[-5000:]
    assert "no edition.xml" not in result.stdout
    check_letter_pages(tmp_path / "docs", edition)


def test_the_scale_corpus_builds(tmp_path: Path) -> None:
    """The TEI step of the 1,515-letter edition (MkDocs is proven on its 22-letter sample above)."""
    edition = CORPUS / "scale" / "pec-estournelles"
    if not edition.is_dir():
        pytest.skip("no scale corpus")
    project(tmp_path, "scale")
    result = build(tmp_path, edition, "--lenient", "--verbose")
    pending_registers(result)
    assert result.returncode == 0, result.stderr[-5000:]
    assert "found 1515 letter(s) in 1515 file(s)" in result.stdout
    assert check_letter_pages(tmp_path / "docs", edition) == 1515


def test_wega_letters_show_their_pre_standard_correspondents() -> None:
    """WeGA's letters of 2013 keep sender, addressee, place and date in sourceDesc/correspDesc
    (<sender>, <addressee>, <placeSender>, <dateSender>): the pages show them, each person
    linked to the register where the edition has the person's file (values read from the files)."""
    from .test_words import built  # the edition as the build reads it, and its pages

    name = "wega-example-2013"
    edition, markdown = built(name)
    by_file = {Path(lt.path).name: lt for lt in edition.letters}
    files = sorted((CORPUS / name / "letters").glob("*.xml"))
    assert sorted(by_file) == [p.name for p in files]
    for path in files:
        corresp = etree.parse(str(path)).find(f".//{TEI}sourceDesc/{TEI}correspDesc")
        assert corresp is not None

        def said(part: str, child: str, corresp: etree._Element = corresp) -> list[tuple[str, str]]:
            return [(" ".join("".join(el.itertext()).split()), el.get("key") or el.get("when") or "")
                    for el in corresp.iterfind(f"{TEI}{part}/{TEI}{child}")]

        letter = by_file[path.name]
        assert [(p.name, p.ref or "") for p in letter.senders] == said("sender", "persName")
        assert [(p.name, p.ref or "") for p in letter.addressees] == said("addressee", "persName")
        assert [p.name for p in letter.places] == [n for n, _ in said("placeSender", "placeName")]
        (words, when), = said("dateSender", "date")
        assert (letter.date, letter.date_text) == (when, words)
        meta = markdown[letter.id].split("\n{: .letter-meta }")[0].rsplit("\n\n", 1)[-1]
        assert f'<time datetime="{when}">' in meta and "unknown" not in meta
        for party in (*letter.senders, *letter.addressees, *letter.places):
            assert party.name in meta
            if party.ref in edition.entries:  # Weber (A002068), Kind (A001002): their files are here
                assert f"[{party.name}](../persons/{party.ref}.md)" in meta
    linked = {p.ref for lt in edition.letters for p in (*lt.senders, *lt.addressees)
              if p.ref in edition.entries}
    assert linked == {"A002068", "A001002"}


def own_titles(path: Path) -> set[str]:
    """The titles a letter file gives in its own words: titleStmt titles and div heads."""
    root = etree.parse(str(path)).getroot()
    found = [*root.iterfind(f".//{TEI}titleStmt/{TEI}title"), *root.iterfind(f".//{TEI}div/{TEI}head")]
    return {" ".join("".join(el.itertext()).split()) for el in found}


@pytest.mark.parametrize("name", [*EDITIONS, "tei"])
def test_no_two_letters_share_a_title_unless_their_sources_do(name: str) -> None:
    """Issue 11, item 9: titles are unique in each edition, except where the letters' TEI gives
    them the same title; and then their pages still differ at first sight (date, correspondents
    or id), in the heading and the line under it."""
    from .test_words import built

    edition, markdown = built(name)
    groups: dict[str, list[str]] = {}
    for letter in edition.letters:
        groups.setdefault(letter.title, []).append(letter.id)
    for title, ids in groups.items():
        if len(ids) < 2:
            continue
        for letter_id in ids:  # the title is the TEI's own, in each of the letters' files
            assert title in own_titles(edition.letter_sources[letter_id]), (title, letter_id)
        faces = [markdown[i].split("\n{: .letter-meta }")[0].split("\n# ", 1)[1] for i in ids]
        assert len(set(faces)) == len(faces), f"{name}: {ids} look the same: {faces[0]!r}"
    assert edition.letters
