"""Citations, head metadata and downloads of a letter: all from its TEI header, all checked."""

from __future__ import annotations

import dataclasses
import io
import json
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree, html

from edition import model as m
from edition import paths
from edition.build import site
from edition.problems import Problems
from edition.write import cite

from .conftest import CELARIE, ROOT, celarie

LETTER = CELARIE
GOLDEN = Path(__file__).parent / "golden-cite" / LETTER
EXTENSIONS = {"bibtex": "bib", "ris": "ris", "csl-json": "json"}
ACCESSED = date(2026, 1, 5)  # a fixed access date, so that the expected files are stable
TEI = "{http://www.tei-c.org/ns/1.0}"
PARTS = {"letter": None, "p5": f"{LETTER}-p5"}  # the letter, and its fifth paragraph


def cited(edition: m.Edition, part: str) -> cite.Where:
    block = PARTS[part]
    return cite.where(celarie(edition), block) if block else cite.LETTER


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("fmt", cite.FORMATS)
def test_citation_of_the_celarie_letter(fmt: str, part: str, own_edition: m.Edition,
                                        update_golden: bool) -> None:
    """Each form, of the letter and of its paragraph 5, against its expected file (read and
    checked by hand against the style's rules; pytest --update-golden rewrites them)."""
    w = cite.work(celarie(own_edition), own_edition)
    text = cite.render(w, fmt, ACCESSED, cited(own_edition, part)) + "\n"
    expected = GOLDEN / f"{fmt}.{part}.{EXTENSIONS.get(fmt, 'txt')}"
    if update_golden:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def test_the_forms_follow_their_styles_rules(own_edition: m.Edition) -> None:
    """The rules of issue 18, one by one, so that a golden file cannot drift from them."""
    w = cite.work(celarie(own_edition), own_edition)
    p5 = cite.where(celarie(own_edition), f"{LETTER}-p5")
    forms = {fmt: cite.render(w, fmt, ACCESSED) for fmt in cite.FORMATS}
    para = {fmt: cite.render(w, fmt, ACCESSED, p5) for fmt in cite.FORMATS}
    assert para["chicago-note"].startswith("Leon Trotsky to Mrs. Célarié, March 6, 1938, in Leon")
    assert ", para. 5, accessed January 5, 2026, https://" in para["chicago-note"]
    assert para["chicago-note"].endswith("/#p5.")
    assert "para." not in forms["chicago-note"] and "#" not in forms["chicago-note"]
    assert forms["chicago-bibliography"].startswith("Trotsky, Leon. Leon Trotsky to Mrs. Célarié,")
    assert "Accessed January 5, 2026." in forms["chicago-bibliography"]
    assert "“Answers to Mrs. Célarié.” 6 Mar. 1938." in forms["mla"]  # the letter's date
    assert ", 25 Nov. 2026, " in forms["mla"] and forms["mla"].endswith(" Accessed 5 Jan. 2026.")
    assert para["mla-in-text"] == "(Trotsky, par. 5)"
    assert forms["apa"].startswith("Trotsky, L. (2026). Answers to Mrs. Célarié [Letter to Mrs. Célarié].")
    assert forms["apa"].endswith("(Original work published 1938)")
    assert para["apa-in-text"] == "(Trotsky, 1938/2026, para. 5)"
    assert forms["bibtex"].startswith("@incollection{") and "origdate = {1938-03-06}" in forms["bibtex"]
    assert "date = {2026-11-25}" in forms["bibtex"]
    for fmt, text in forms.items():  # the edition's title once, as the container, never a person
        if fmt.endswith("-in-text"):
            continue
        assert "edited by" not in text and "ed." not in text.replace("Célarié", "")
        assert text.count(own_edition.title) == (1 if fmt != "ris" else 2), fmt
        assert "2026" in text, f"{fmt} has no release or access date"
    bib = [line.split("=")[0].strip() for line in forms["bibtex"].splitlines()[1:-1]]
    assert len(bib) == len(set(bib)) and "year" not in bib and "howpublished" not in bib


def test_an_editor_is_named_only_where_the_edition_names_a_person(own_edition: m.Edition) -> None:
    """tei/edition.xml names no editor (its respStmt names an organisation): no form names one.
    With a person in the header, each form names that person once, as the editor."""
    assert own_edition.publication is not None and own_edition.publication.editors == ()
    with_editor = dataclasses.replace(
        own_edition, publication=dataclasses.replace(own_edition.publication, editors=("Jane Roe",)))
    w = cite.work(celarie(own_edition), with_editor)
    assert ", ed. Jane Roe, " in cite.render(w, "chicago-note")
    assert ", edited by Jane Roe, " in cite.render(w, "mla")
    assert "In Jane Roe (Ed.), Leon" in cite.render(w, "apa")
    assert "editor = {Jane Roe}" in cite.render(w, "bibtex")


def test_every_citation_field_comes_from_the_tei_header(own_edition: m.Edition) -> None:
    header = etree.parse(str(ROOT / "tei" / "letters" / f"{LETTER}.xml")).find(f"{TEI}teiHeader")
    own = etree.parse(str(ROOT / "tei" / "edition.xml")).find(f"{TEI}teiHeader")
    assert header is not None and own is not None
    w = cite.work(celarie(own_edition), own_edition)
    data = cite.csl_item(w)
    assert data["title"] == header.findtext(f".//{TEI}titleStmt/{TEI}title")
    assert data["author"] == [{"family": header.findtext(f".//{TEI}titleStmt/{TEI}author//{TEI}surname"),
                               "given": header.findtext(f".//{TEI}titleStmt/{TEI}author//{TEI}forename")}]
    sent = header.find(f'.//{TEI}correspAction[@type="sent"]/{TEI}date')
    received = header.find(f'.//{TEI}correspAction[@type="received"]/{TEI}persName')
    assert sent is not None and received is not None
    assert data["issued"] == {"date-parts": [[int(p) for p in sent.get("when", "").split("-")]]}
    assert data["recipient"] == [{"literal": " ".join((received.text or "").split())}]
    assert data["archive"] == own.findtext(f".//{TEI}titleStmt/{TEI}title")
    edition_el = own.find(f".//{TEI}editionStmt/{TEI}edition")
    assert edition_el is not None
    release = edition_el.find(f".//{TEI}date")
    assert release is not None
    assert data["note"] == f"Version: {edition_el.get('n')}\nAvailable Date: {release.get('when')}"
    base = own.findtext(f'.//{TEI}publicationStmt/{TEI}idno[@type="URL"]')
    assert data["URL"] == f"{base}letters/{LETTER}/"


def run_js(function: str, *args: object) -> str:
    """Call one function of docs/assets/cite.js with node."""
    script = (f"const js = require({json.dumps(str(ROOT / 'docs' / 'assets' / 'cite.js'))});"
              f" process.stdout.write(js.{function}(...{json.dumps(args)}));")
    return subprocess.run(["node", "-e", script], check=True, capture_output=True, text=True).stdout


def browser_date(day: date) -> dict[str, str]:
    """The parts of `day` as cite.js's today() makes them."""
    return {"YYYY": f"{day.year}", "MM": f"{day.month:02d}", "M": str(day.month),
            "DD": f"{day.day:02d}", "D": str(day.day), "MONTH": cite.MONTHS[day.month - 1],
            "MON": cite.MLA_MONTHS[day.month - 1]}


def test_the_browser_fills_in_what_the_build_writes(own_edition: m.Edition) -> None:
    """cite.js fills a template with the reader's date and paragraph: the same text as the
    build's for that date and part, HTML and plain (one node process for every case)."""
    letter = celarie(own_edition)
    w = cite.work(letter, own_edition)
    cases, expected = [], []
    parts = (cite.LETTER, cite.where(letter, f"{LETTER}-p5"), cite.where(letter, f"{LETTER}-title"))
    for where in parts:
        for fmt in cite.FORMATS:
            for day in (date(2027, 2, 3), date(2031, 11, 28)):
                cases.append([cite.template(w, fmt), browser_date(day), where.n, where.fragment,
                              fmt in cite.STYLED])
                expected.append([cite.render(w, fmt, day, where, as_html=True),
                                 cite.render(w, fmt, day, where)])
    script = (f"const js = require({json.dumps(str(ROOT / 'docs' / 'assets' / 'cite.js'))});"
              f" const cases = {json.dumps(cases)};"
              " process.stdout.write(JSON.stringify(cases.map(([t, d, n, f, styled]) => {"
              " const filled = js.fill(t, d, n, f);"
              " return [filled, styled ? js.plainText(filled) : filled]; })));")
    result = subprocess.run(["node", "-e", script], check=True, capture_output=True, text=True).stdout
    assert json.loads(result) == expected
    for fmt in cite.FORMATS:  # and without JavaScript: the letter's form, no access date
        assert cite.without_options(cite.template(w, fmt)) == cite.render(w, fmt, as_html=True)


def test_the_styled_forms_keep_their_italics_as_html(own_edition: m.Edition) -> None:
    w = cite.work(celarie(own_edition), own_edition)
    for fmt in ("chicago-note", "chicago-bibliography", "mla", "apa"):
        assert f"<i>{own_edition.title}</i>" in cite.render(w, fmt, as_html=True)


def test_the_letter_page_head_matches_the_tei_header(built_site: Path) -> None:
    page = html.parse(str(built_site / "letters" / LETTER / "index.html")).getroot()
    header = etree.parse(str(ROOT / "tei" / "letters" / f"{LETTER}.xml")).find(f"{TEI}teiHeader")
    own = etree.parse(str(ROOT / "tei" / "edition.xml")).find(f"{TEI}teiHeader")
    assert header is not None and own is not None
    meta: dict[str, list[str]] = {}
    for tag in page.iterfind(".//head/meta[@name]"):
        meta.setdefault(tag.get("name", ""), []).append(tag.get("content", ""))
    title = header.findtext(f".//{TEI}titleStmt/{TEI}title")
    surname = header.findtext(f".//{TEI}titleStmt/{TEI}author//{TEI}surname")
    forename = header.findtext(f".//{TEI}titleStmt/{TEI}author//{TEI}forename")
    sent = header.find(f'.//{TEI}correspAction[@type="sent"]/{TEI}date')
    assert sent is not None
    when = sent.get("when", "")
    base = own.findtext(f'.//{TEI}publicationStmt/{TEI}idno[@type="URL"]')
    url = f"{base}letters/{LETTER}/"
    assert meta["citation_title"] == [title] and meta["DC.title"] == [title]
    assert meta["DC.creator"] == [f"{surname}, {forename}"]
    assert meta["citation_date"] == [when.replace("-", "/")] and meta["DC.date"] == [when]
    assert meta["citation_public_url"] == [url] == meta["DC.identifier"]
    assert meta["z.itemType"] == ["letter"] and meta["z.recipients"] == ["Mrs. Célarié"]
    assert meta["z.archive"] == [own.findtext(f".//{TEI}titleStmt/{TEI}title")]
    for absent in ("citation_editor", "DC.contributor", "DC.source", "citation_author"):
        assert absent not in meta, absent  # no invented editor; the TEI file is not a source
    canonical = page.find('.//head/link[@rel="canonical"]')
    assert canonical is not None and canonical.get("href") == url
    assert page.find('.//head/link[@rel="alternate"]') is None  # Material fetches its sitemap
    record = json.loads(page.find('.//head/script[@type="application/ld+json"]').text_content())
    assert record["@context"] == "https://schema.org" and record["name"] == title
    assert record["url"] == url and record["dateCreated"] == when
    assert record["author"][0]["familyName"] == surname and record["author"][0]["givenName"] == forename
    assert record["isPartOf"]["name"] == own.findtext(f".//{TEI}titleStmt/{TEI}title")
    assert record["isPartOf"]["datePublished"] == "2026-11-25" and "editor" not in record["isPartOf"]
    assert record["encoding"]["contentUrl"] == f"{base}tei/{LETTER}.xml"


def test_the_letter_page_offers_every_form_with_copy_buttons(built_site: Path,
                                                            own_edition: m.Edition) -> None:
    page = html.parse(str(built_site / "letters" / LETTER / "index.html")).getroot()
    panel = page.find('.//details[@class="cite-panel"]')
    assert panel is not None
    assert [b.get("data-copy") for b in panel.iterfind(".//button[@data-copy]")] == list(cite.FORMATS)
    w = cite.work(celarie(own_edition), own_edition)
    for fmt in cite.FORMATS:  # without JavaScript: each citation, without an access date
        shown = panel.find(f'.//*[@data-format="{fmt}"]')
        assert shown is not None and shown.text_content() == cite.render(w, fmt)
    table = json.loads(page.get_element_by_id("cite-data").text_content())
    letter = celarie(own_edition)
    assert table["labels"] == {paths.anchor(LETTER, b.id): cite.paragraph_label(letter, b)
                               for b in (*letter.front, *letter.body) if b.id}
    assert table["labels"]["p5"] == "paragraph 5" and table["numbers"]["p5"] == "5"
    assert table["templates"] == {fmt: cite.template(w, fmt) for fmt in cite.FORMATS}
    assert {b.get("data-download") for b in panel.iterfind(".//button[@data-download]")} == {"ris", "bibtex"}


def test_every_paragraph_has_a_permalink_that_adds_no_text(built_site: Path) -> None:
    page = html.parse(str(built_site / "letters" / LETTER / "index.html")).getroot()
    for p in page.xpath('//article//p[@class="p"]'):
        links = p.xpath('.//a[@class="permalink"]')
        assert len(links) == 1 and links[0].get("href") == f"#{p.get('id')}"
        assert links[0].text_content() == "" and links[0].get("aria-label")


def test_the_tei_download_is_the_tei_file(built_site: Path) -> None:
    page = html.parse(str(built_site / "letters" / LETTER / "index.html")).getroot()
    links = page.xpath('//article//a[normalize-space(.)="The TEI file of this letter"]')
    assert len(links) == 1
    served = (built_site / "letters" / LETTER / links[0].get("href")).resolve()
    assert served.read_bytes() == (ROOT / "tei" / "letters" / f"{LETTER}.xml").read_bytes()
    assert (ROOT / "docs" / paths.tei_download(LETTER)).read_bytes() == served.read_bytes()


def test_the_corpus_download_holds_every_tei_file_and_is_deterministic(own_edition: m.Edition) -> None:
    first = site.render(own_edition)[paths.CORPUS_DOWNLOAD]
    second = site.render(site.collect(ROOT / "tei", Problems()))[paths.CORPUS_DOWNLOAD]
    assert isinstance(first, bytes) and first == second
    assert (ROOT / "docs" / paths.CORPUS_DOWNLOAD).read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        expected = sorted(f"tei/{p.relative_to(ROOT / 'tei').as_posix()}"
                          for p in (ROOT / "tei").rglob("*.xml"))
        assert names == ["LICENCE.txt", "README.md", "source/1938-03-06-celarie.txt", *expected]
        assert "tei/registers/persons.xml" in names and "tei/edition.xml" in names
        for name in names[2:]:  # the transcription and the TEI, as they are; then the README
            assert archive.read(name) == (ROOT / name).read_bytes()
            assert archive.getinfo(name).date_time == (1980, 1, 1, 0, 0, 0)
