"""The real edition: docs/ is current, deterministic, faithful to the transcription, and valid."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree, html

from edition.build import site
from edition.build.urls import Contract
from edition.problems import Problems
from edition.read.registers import read_registers
from edition.write import markdown

from .conftest import ROOT

LETTER = "letter-1938-03-06-celarie"
TRANSCRIPTION = ROOT / "source" / "1938-03-06-celarie.txt"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_committed_docs_are_current(tmp_path: Path) -> None:
    """docs/ is what build.py makes of tei/: a stale docs/ fails here (run python build.py)."""
    problems = Problems()
    outputs = site.render(site.collect(ROOT / "tei", problems), Contract.beside(ROOT))
    assert not problems.errors, [str(p) for p in problems.errors]
    committed = {rel: (ROOT / "docs" / rel).read_bytes()
                 for rel in site.generated_files(ROOT / "docs") - {site.MANIFEST}}
    assert sorted(committed) == sorted(outputs), "run python build.py and commit docs/"
    for rel, text in outputs.items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        assert committed[rel] == data, f"docs/{rel} is stale: run python build.py and commit docs/"


def test_the_build_is_deterministic() -> None:
    first = site.render(site.collect(ROOT / "tei", Problems()))
    second = site.render(site.collect(ROOT / "tei", Problems()))
    assert first == second
    assert all("\r" not in text for text in first.values() if isinstance(text, str))


def test_the_edition_has_no_problems() -> None:
    problems = Problems()
    site.collect(ROOT / "tei", problems)
    assert [str(p) for p in problems.items] == []


def transcription_paragraphs() -> list[str]:
    lines = [normalise(line) for line in TRANSCRIPTION.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def reading_text(element: html.HtmlElement) -> str:
    """What a reader reads in a paragraph: its text without footnote markers."""
    element = html.fromstring(html.tostring(element))
    for ref in element.xpath('.//sup[starts-with(@id, "fnref:")]'):
        ref.drop_tree()
    return normalise(element.text_content())


def letter_html(built_site: Path) -> html.HtmlElement:
    return html.parse(str(built_site / "letters" / LETTER / "index.html")).getroot()


def test_reading_text_is_the_transcription(built_site: Path) -> None:
    """Each paragraph in the built HTML reads exactly as the transcription's paragraph."""
    page = letter_html(built_site)
    paragraphs = [reading_text(p) for p in page.xpath('//article//p[@class="p"]')]
    source = transcription_paragraphs()
    assert len(paragraphs) == 9
    assert paragraphs == source[-9:]
    front = [reading_text(p) for p in page.xpath('//article//p[@class="title" or @class="dateline"]')]
    assert front == source[2:4]  # title line, date line, as received
    imprint = page.xpath('//article//details[@class="provenance-panel"]//p[@class="imprint"]')
    assert [reading_text(p) for p in imprint] == [source[4]]  # the source line, in the source panel


def test_the_web_page_lines_are_recorded_in_the_tei() -> None:
    """The transcription's two web-page lines are not in the reading text, but kept in the TEI."""
    tree = etree.parse(str(ROOT / "tei" / "letters" / f"{LETTER}.xml"))
    quoted = [normalise("".join(q.itertext())) for q in tree.iterfind(
        ".//{http://www.tei-c.org/ns/1.0}notesStmt//{http://www.tei-c.org/ns/1.0}q")]
    assert quoted == transcription_paragraphs()[:2]


def test_letter_page_has_anchors_and_footnotes(built_site: Path) -> None:
    page = letter_html(built_site)
    ids = [p.get("id") for p in page.xpath('//article//p[@class="p"]')]
    assert ids == [f"p{n}" for n in range(1, 10)]
    notes = page.xpath('//div[@class="footnote"]//li')
    assert len(notes) == 11
    assert all(li.get("id", "").startswith("fn:n") for li in notes)


def test_register_pages_link_back_to_exact_paragraphs(built_site: Path) -> None:
    page = letter_html(built_site)
    paragraph_names = {p.get("id"): {a.text_content() for a in p.xpath('.//a[contains(@class, "mention")]')}
                       for p in page.xpath('//article//p[@class="p"]')}
    for person, name in (("stalin", "Stalin"), ("karakhan", "Karakhan"), ("yenukidze", "Yenukidze")):
        entry = html.parse(str(built_site / "persons" / person / "index.html")).getroot()
        targets = {a.get("href").split("#")[1] for a in entry.xpath("//article//li//li/a")}
        expected = {pid for pid, names in paragraph_names.items() if name in names}
        assert targets == expected, person
    works = html.parse(str(built_site / "works" / "crimes-de-staline" / "index.html")).getroot()
    assert "p3" in {a.get("href").split("#")[1] for a in works.xpath("//article//li//li/a")}


def test_search_index_finds_a_rare_name(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    hits = {doc["location"].split("#")[0] for doc in index["docs"] if "Yenukidze" in doc["text"]}
    assert f"letters/{LETTER}/" in hits


@pytest.mark.parametrize("path", sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tei").rglob("*.xml")))
def test_tei_is_valid_tei_p5(path: str, tei_all: etree.RelaxNG) -> None:
    document = etree.parse(str(ROOT / path))
    assert tei_all.validate(document), "\n".join(
        f"{path}:{e.line}:{e.column}: {e.message}" for e in tei_all.error_log)


def test_hand_written_pages_are_kept(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    about = (docs / "about.md").read_bytes()
    problems, written = site.build(ROOT / "tei", docs)
    assert written is not None and not problems.errors
    assert (docs / "about.md").read_bytes() == about
    assert (docs / "assets" / "edition.css").is_file()


def test_a_name_variant_names_its_source(tmp_path: Path) -> None:
    """A variant is read with the source it cites (one without is the register's own statement);
    one citing nothing in the register is an error at its line."""
    register = tmp_path / "persons.xml"
    register.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>P</title>
</titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>P</p></sourceDesc></fileDesc></teiHeader>
<standOff><listPerson>
<person xml:id="a"><persName>Avel Yenukidze</persName>
<persName type="variant" source="#gse">Avel Enukidze</persName>
<persName type="variant">Yenukidse</persName>
<persName type="variant" source="#nowhere">Jenukidse</persName>
<note type="source"><bibl xml:id="gse">Great Soviet Encyclopedia</bibl></note></person>
</listPerson></standOff></TEI>""", encoding="utf-8")
    problems = Problems()
    entry = read_registers([register], problems)["a"]
    assert entry.name == "Avel Yenukidze"
    assert [(v.name, markdown.plain_text(v.source)) for v in entry.variants] == [
        ("Avel Enukidze", "Great Soviet Encyclopedia"), ("Yenukidse", "")]  # the register's own
    errors = [str(p) for p in problems.errors]
    assert len(errors) == 1
    assert ":7:" in errors[0] and "cites #nowhere" in errors[0]
