"""The edition's own language (edition/messages.py): one catalogue, complete in English, German and
French; an edition in German or French carries no English word of ours on its pages.

An English word "of ours" is a fragment of an English message (the text between its {slots}) that
the German or French message does not share. The check reads what a reader meets: the text of the
HTML and the attributes read out or shown (title, aria-label, data-label, …), never class names or
addresses; it leaves out the citation forms (Chicago, MLA, APA are English styles, edition/write/cite.py)
and any fragment that the edition's own TEI holds (its letters' words are the editors', in any
language).
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import string
import subprocess
import sys
from collections.abc import Iterator
from html import escape as escape_html
from html import unescape
from pathlib import Path

import pytest
import yaml
from lxml import etree, html

from edition import messages
from edition.build import site
from edition.messages import LANGUAGES, MESSAGES, PLURALS
from edition.problems import Problems
from edition.write.markdown import letter_date

from .conftest import ROOT, run_build
from .facsimile_edition import project
from .test_real_editions import CORRESP, read, tei
from .test_words import CORPUS, to_html

SOURCES = [*sorted((ROOT / "edition").rglob("*.py")), *sorted((ROOT / "overrides").rglob("*.html")),
           *sorted((ROOT / "docs" / "assets").glob("*.js"))]
SHOWN = ("title", "aria-label", "data-label", "alt", "placeholder", "aria-roledescription")
ENGLISH_MONTHS = ("January", "February", "March", "April", "June", "July", "August", "September",
                  "October", "November", "December")
GERMAN_DATE = re.compile(r"\b\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober"
                         r"|November|Dezember) \d{4}\b")


def slots(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


# ---------------------------------------------------------------- the catalogue


def test_every_message_is_in_every_language_with_the_same_slots() -> None:
    for key, values in MESSAGES.items():
        assert set(values) == set(LANGUAGES), f"{key}: {sorted(values)}"
        for language, text in values.items():
            assert text.strip(), f"{key}: no {language} text"
            assert slots(text) == slots(values["en"]), f"{key} ({language}): {text!r}"
            text.format(**dict.fromkeys(slots(text), "x"))  # well-formed braces
    for key, forms in PLURALS.items():
        assert set(forms) == set(LANGUAGES), key
        for language, by_form in forms.items():
            assert {"one", "other"} <= by_form.keys(), f"{key} ({language})"
            assert all(slots(text) == {"n"} for text in by_form.values()), f"{key} ({language})"


def test_every_message_is_used() -> None:
    """Each key stands in the code as itself ("nav.letters"), or as a family the code completes
    (f"kind.{…}", f"cert.{…}.{…}")."""
    code = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES if path.name != "messages.py")
    own = (ROOT / "edition" / "messages.py").read_text(encoding="utf-8").split("\nINTERFACE = ", 1)[1]
    code += own  # the interface's keys are listed there (INTERFACE) and used by the templates

    def used(key: str) -> bool:
        if f'"{key}"' in code or f"'{key}'" in code:
            return True
        parts = key.split(".")
        return any(re.search(r"""f["']""" + re.escape(".".join(parts[:n]) + ".") + r"\{", code)
                   for n in range(1, len(parts)))

    unused = [key for key in [*MESSAGES, *PLURALS] if not used(key)]
    assert not unused, f"messages no code uses: {unused}"


def test_dates_and_numbers_are_the_locale_s() -> None:
    assert messages.messages("de").date("1938-03-06") == "6. März 1938"
    assert messages.messages("fr").date("1938-03-06") == "6 mars 1938"
    assert messages.messages("en").date("1938-03-06") == "6 March 1938"
    assert messages.messages("en-US").date("1938-03-06") == "March 6, 1938"
    assert messages.messages("de-CH").date("1938-03") == "März 1938"
    assert messages.messages("de").date("1938") == "1938"
    assert messages.messages("de").date(None) == "undatiert"
    assert messages.messages("de").date("1938-02-30") == "1938-02-30"  # no such day: as written
    assert messages.messages("de").count("n.letters", 1) == "1 Brief"
    assert messages.messages("de").count("n.letters", 1515) == "1.515 Briefe"
    assert messages.messages("fr").count("n.letters", 0) == "0 lettre"  # French: 0 is singular
    assert messages.messages("it").language == "en"  # no Italian messages: English


@pytest.mark.parametrize(("date", "de", "fr"), [
    ('<date when="1877-02-03" cert="low"/>', "3. Februar 1877?", "3 février 1877?"),
    ('<date notBefore="1877-02-01" notAfter="1877-02-28"/>', "Februar 1877", "février 1877"),
    ('<date notBefore="1877-02-01" notAfter="1878-01-01"/>', "zwischen 1. Februar 1877 und 1. Januar 1878",
     "entre 1 février 1877 et 1 janvier 1878"),
    ('<date notBefore="1877-02-01"/>', "nicht vor 1. Februar 1877", "pas avant 1 février 1877"),
    ('<date from="1877-02-03"/>', "ab 3. Februar 1877", "à partir de 3 février 1877"),
    ("", "undatiert", "sans date"),
])
def test_partial_and_uncertain_dates_and_ranges_in_german_and_french(
        tmp_path: Path, date: str, de: str, fr: str) -> None:
    for language, shown in (("de", de), ("fr", fr)):
        messages.use(language)
        try:
            letters, _ = read(tmp_path, tei("<p>x</p>", CORRESP.format(date=date)))
            assert letter_date(letters[0]) == shown
            assert letters[0].title == "A letter"
        finally:
            messages.use("en")


def test_a_title_made_from_correspdesc_is_in_the_edition_s_language(tmp_path: Path) -> None:
    messages.use("de")
    try:
        letters, _ = read(tmp_path, tei("<p>x</p>", CORRESP.format(date='<date when="1900-01-02"/>'),
                                        title='<title level="s">Series</title>'))
    finally:
        messages.use("en")
    assert letters[0].title == "Anna an Bert, 2. Januar 1900"


def test_the_language_comes_from_mkdocs_yml_then_edition_xml(tmp_path: Path) -> None:
    tei = tmp_path / "tei"
    tei.mkdir()
    assert messages.language_of(tei, None).tag == "en"
    (tei / "edition.xml").write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="fr"/>\n',
                                     encoding="utf-8")
    assert messages.language_of(tei, None).tag == "fr"
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ntheme:\n  name: material\n  language: de\n"
                      "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:x.y\n",
                      encoding="utf-8")
    setting = messages.language_of(tei, config)
    assert (setting.tag, setting.line, setting.col) == ("de", 4, 13)


def test_a_language_of_edition_xml_alone_warns_that_material_stays_english(tmp_path: Path) -> None:
    tei = tmp_path / "tei"
    shutil.copytree(ROOT / "tei", tei)
    text = (tei / "edition.xml").read_text(encoding="utf-8")
    (tei / "edition.xml").write_text(text.replace('xml:lang="en"', 'xml:lang="de"', 1), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: material\n", encoding="utf-8")
    problems = Problems()
    try:
        assert site.interface_language(tei, problems) == "de"
    finally:
        messages.use("en")
    found = [str(p) for p in problems.items]
    assert len(found) == 1 and "sets no theme.language, so Material's own words" in found[0], found
    assert found[0].startswith(f"{tei / 'edition.xml'}:2:1: warning:"), found


def test_a_language_without_messages_is_english_with_a_located_warning(tmp_path: Path) -> None:
    tei = tmp_path / "tei"
    shutil.copytree(ROOT / "tei", tei)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  language: it\n", encoding="utf-8")
    problems = Problems()
    try:
        assert site.interface_language(tei, problems) == "it"
        assert messages.t("nav.letters") == "Letters"
    finally:
        messages.use("en")
    found = [str(p) for p in problems.items]
    assert len(found) == 1 and found[0].startswith(f"{tmp_path / 'mkdocs.yml'}:3:13: warning: the interface"
                                                   ' language "it" has no messages'), found


def test_no_english_word_of_ours_is_written_in_the_scripts_and_templates() -> None:
    """The scripts and templates take every word a reader sees from the catalogue."""
    for path in [p for p in SOURCES if p.suffix in (".js", ".html")] + [ROOT / "docs/assets/edition.css"]:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".css":
            text = " ".join(re.findall(r"content:\s*([^;]*);", text))
        text = re.sub(r"/\*.*?\*/|\{#.*?#\}|^\s*//.*$", "", text, flags=re.S | re.M)  # comments
        found = [fragment for fragment in english("de") if len(fragment.split()) > 1 and fragment in text]
        assert not found, f"{path.relative_to(ROOT)}: {found}"


# ---------------------------------------------------------------- pages without English words


@functools.cache
def english(language: str) -> tuple[str, ...]:
    """The fragments of the English messages that `language`'s do not share (a word of four
    letters or more), and the English months."""
    def fragments(text: str) -> Iterator[str]:
        for part in re.split(r"\{[^{}]*\}|[\[\]()<>*\"=:;,.!?¶+·|\u00a0\u202f]|\bhttps?\S*", text):
            part = part.strip(" -–’'")
            if re.search(r"[A-Za-z]{4,}", part):
                yield part

    out: set[str] = set(ENGLISH_MONTHS)
    pairs = [(v["en"], v[language]) for v in MESSAGES.values()]
    pairs += [(forms["en"][form], forms[language].get(form, forms[language]["other"]))
              for forms in PLURALS.values() for form in ("one", "other")]
    theirs = "\n".join(other for _, other in pairs)  # a word the language uses too is no leak
    for en, other in pairs:
        if en != other:
            out |= {f for f in fragments(en) if not re.search(rf"(?<!\w){re.escape(f)}(?!\w)", theirs)}
    return tuple(sorted(out))


def shown_text(page: str) -> Iterator[str]:
    """What a reader of an HTML page meets: its text and the attributes read out or shown, less
    the citation forms (English styles) and scripts other than the edition's words."""
    tree = html.fromstring(page)
    for el in tree.xpath('//*[contains(@class, "cite-text")] | //script[@id="cite-data"]'
                         ' | //style | //script[not(@id="edition-messages")] | //code'):  # code: data
        el.drop_tree()
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "script":  # the edition's words for its scripts: their values, not their keys
            yield from json.loads(el.text or "{}").values()
            continue
        yield from (el.get(name) or "" for name in SHOWN)
        if el.get("data-messages"):
            yield from json.loads(el.get("data-messages")).values()
        if el.tag == "meta" and el.get("name") == "description":
            yield el.get("content") or ""
        yield el.text or ""
        yield el.tail or ""


def leaks(pages: dict[str, str], language: str, own: str) -> list[str]:
    """`path: fragment` for each English fragment of ours on the pages (`own`: the TEI's text)."""
    fragments = [f for f in english(language) if not re.search(rf"(?<!\w){re.escape(f)}(?!\w)", own)]
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(fragments, key=len, reverse=True)))
                         + r")(?!\w)")
    found = []
    for path, page in sorted(pages.items()):
        text = re.sub(r"\bhttps?://\S+", "", "\n".join(shown_text(page)))  # an address is no word
        shown = sorted(set(pattern.findall(text)))
        found += [f"{path}: {f!r}" for f in shown]
    return found


def markdown_pages(docs: dict[str, str | bytes]) -> dict[str, str]:
    """The build's Markdown pages as MkDocs makes them HTML, with the front matter's shown values."""
    out = {}
    for path, content in docs.items():
        if path.endswith(".md") and isinstance(content, str):
            front = yaml.safe_load(content.split("\n---\n", 1)[0].removeprefix("---\n"))
            shown = [front.get("title", ""), front.get("description", ""),
                     *(front.get("interface") or {}).values()]
            head = "".join(f"<p>{escape_html(str(value))}</p>" for value in shown)
            # the headings' permalinks are named by Python-Markdown (mkdocs.yml: toc: permalink_title)
            body = to_html(content).replace(' title="Permanent link"', "")
            out[path] = f"<div>{head}{body}</div>"
    return out


def tei_text(folder: Path) -> str:
    """The words of an edition's TEI files (their text and attributes), each run of space one space."""
    out = []
    for path in sorted(folder.rglob("*.xml")):
        try:
            root = etree.parse(str(path), etree.XMLParser(recover=True, resolve_entities=False)).getroot()
        except etree.XMLSyntaxError:
            continue
        if root is not None:
            out += ["".join(root.itertext()), *(v for el in root.iter() for v in el.attrib.values())]
    return re.sub(r"\s+", " ", "\n".join(out))


def edition_in(language: str, tei: Path, work: Path, lenient: bool = False) -> Path:
    """A copy of an edition (its TEI) beside an mkdocs.yml whose theme speaks `language`."""
    shutil.copytree(tei, work / "tei", ignore=shutil.ignore_patterns("not-well-formed"))
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["language"] = language
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return work / "tei"


@pytest.mark.parametrize("language", ["de", "fr"])
def test_our_edition_in_german_and_french_has_no_english_word_of_ours(
        language: str, tmp_path: Path) -> None:
    tei = edition_in(language, ROOT / "tei", tmp_path)
    problems = Problems()
    try:
        edition = site.collect(tei, problems, jobs=1)
        assert edition.language == language
        docs = site.render(edition)
    finally:
        messages.use("en")
    assert not problems.errors
    pages = markdown_pages(docs)
    assert not leaks(pages, language, tei_text(tei))
    letter = pages["letters/letter-1938-03-06-celarie.md"]
    assert {"de": "6. März 1938", "fr": "6 mars 1938"}[language] in letter


def test_the_page_viewer_speaks_german(tmp_path: Path) -> None:
    """The facsimile panel's controls, and the words facsimile.js shows, in the edition's language."""
    work = project(tmp_path)
    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    (work / "mkdocs.yml").write_text(config.replace("  language: en\n", "  language: de\n"), encoding="utf-8")
    try:
        docs = site.render(site.collect(work / "tei", Problems(), jobs=1))
    finally:
        messages.use("en")
    pages = {path: page for path, page in markdown_pages(docs).items() if "facsimile-viewer" in page}
    assert pages and not leaks(pages, "de", tei_text(work / "tei"))
    page = next(iter(pages.values()))
    assert 'aria-label="Vergrößern"' in page and "Seite {label} ({n} von {total})" in unescape(page)


def test_the_check_finds_an_english_word_left_in_a_german_page(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A kill test: one German message left in English ("Mentioned in") is found on the pages."""
    fragments = english("de")  # the fragments as the catalogue is (cached)
    assert "Mentioned in" in fragments
    monkeypatch.setitem(MESSAGES["entry.mentioned_in"], "de", "Mentioned in")
    messages.messages.cache_clear()
    tei = edition_in("de", ROOT / "tei", tmp_path)
    try:
        docs = site.render(site.collect(tei, Problems(), jobs=1))
    finally:
        messages.messages.cache_clear()
        messages.use("en")
    found = leaks(markdown_pages(docs), "de", tei_text(tei))
    assert "persons/stalin.md: 'Mentioned in'" in found


def test_our_edition_in_english_is_unchanged_by_the_catalogue() -> None:
    """The English build writes the English messages (the committed docs/ is its output: test_edition)."""
    page = (ROOT / "docs" / "letters" / "letter-1938-03-06-celarie.md").read_text(encoding="utf-8")
    assert "6 March 1938" in page and "Marks in the text:" in page and "Previous" not in page


# ---------------------------------------------------------------- the done-when: a German field edition

FIELD = CORPUS / "tillich-briefe"


@pytest.mark.skipif(not FIELD.is_dir(), reason="the field corpus is not beside the repository")
def test_a_german_field_edition_built_and_rendered_has_no_english_word_of_ours(tmp_path: Path) -> None:
    """Paul Tillich's letters (German), built with --lenient in German and rendered by MkDocs with
    Material in German: no English word of ours on any of its 6,700 pages, and the dates are German.
    Its mkdocs.yml is an editor's: German navigation, Python-Markdown's own words in German."""
    tei = edition_in("de", FIELD, tmp_path)
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(site_name="Paul Tillich, Korrespondenz 1887–1933", strict=False, validation={},
                  site_description="Die Korrespondenz Paul Tillichs 1887–1933, in TEI",
                  nav=[{"Start": "index.md"}, {"Briefe": "letters/index.md"},
                       {"Korrespondenzpartner": "correspondents/index.md"},
                       {"Kalender": "calendar/index.md"}, {"Personen": "persons/index.md"},
                       {"Offene Daten": "data/index.md"}],
                  markdown_extensions=[
                      *(e for e in config["markdown_extensions"] if e != "footnotes" and "toc" not in e),
                      {"footnotes": {"BACKLINK_TITLE": "Zurück zur Anmerkung %d im Text"}},
                      {"toc": {"permalink": True, "permalink_title": "Link zu diesem Abschnitt"}}])
    toggles = ("Dunkles Farbschema", "Helles Farbschema")
    for scheme, name in zip(config["theme"]["palette"], toggles, strict=True):
        scheme["toggle"]["name"] = name
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    shutil.copytree(ROOT / "docs" / "assets", tmp_path / "docs" / "assets")
    built = run_build(tmp_path, "--lenient")
    assert built.returncode == 0, built.stderr[-3000:]
    # MkDocs itself (`build.py site` would run the TEI step again, strictly), not strict: the
    # edition's own broken references are warnings of the lenient build
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=tmp_path, check=True,
                   capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    pages = {p.relative_to(tmp_path / "site").as_posix(): p.read_text(encoding="utf-8")
             for p in (tmp_path / "site").rglob("*.html") if not p.name.startswith("404")}
    assert len(pages) > 100
    found = leaks(pages, "de", tei_text(tei))
    assert not found, "\n".join(found[:40])
    letter = pages["letters/L00002/index.html"]
    assert '<html lang="de"' in letter  # Material's own chrome speaks German too
    assert "19. August 1892" in letter and GERMAN_DATE.search(pages["letters/index.html"])
    assert "Vorheriger Brief" in pages["letters/L00123/index.html"]
    assert "Mär" in pages["calendar/index.html"]
