"""Citations, head metadata and downloads of a letter: all from its TEI header, all checked."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree, html

from edition import cite, paths, site
from edition import model as m
from edition.problems import Problems

from .conftest import ROOT

LETTER = "letter-1938-03-06-celarie"
GOLDEN = Path(__file__).parent / "golden-cite" / LETTER
EXTENSIONS = {"chicago": "txt", "mla": "txt", "apa": "txt", "bibtex": "bib", "ris": "ris",
              "csl-json": "json"}
ACCESSED = date(2026, 1, 5)  # a fixed access date, so that the expected files are stable
TEI = "{http://www.tei-c.org/ns/1.0}"


@pytest.fixture(scope="module")
def edition() -> m.Edition:
    problems = Problems()
    edition = site.collect(ROOT / "tei", problems)
    assert not problems.errors
    return edition


def letter_of(edition: m.Edition) -> m.Letter:
    return next(lt for lt in edition.letters if lt.id == LETTER)


@pytest.mark.parametrize("fmt", cite.FORMATS)
def test_citation_of_the_celarie_letter(fmt: str, edition: m.Edition, update_golden: bool) -> None:
    """Each of the six formats, against its expected file (pytest --update-golden rewrites them)."""
    data = cite.item(letter_of(edition), edition)
    text = cite.render(data, fmt, ACCESSED) + "\n"
    expected = GOLDEN / f"{fmt}.{EXTENSIONS[fmt]}"
    if update_golden:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def test_every_citation_field_comes_from_the_tei_header(edition: m.Edition) -> None:
    header = etree.parse(str(ROOT / "tei" / "letters" / f"{LETTER}.xml")).find(f"{TEI}teiHeader")
    own = etree.parse(str(ROOT / "tei" / "edition.xml")).find(f"{TEI}teiHeader")
    assert header is not None and own is not None
    data = cite.item(letter_of(edition), edition)
    assert data["title"] == header.findtext(f".//{TEI}titleStmt/{TEI}title")
    assert data["author"] == [{"family": header.findtext(f".//{TEI}titleStmt/{TEI}author//{TEI}surname"),
                               "given": header.findtext(f".//{TEI}titleStmt/{TEI}author//{TEI}forename")}]
    sent = header.find(f'.//{TEI}correspAction[@type="sent"]/{TEI}date')
    assert sent is not None
    assert data["issued"] == {"date-parts": [[int(p) for p in sent.get("when", "").split("-")]]}
    assert data["container-title"] == own.findtext(f".//{TEI}titleStmt/{TEI}title")
    assert data["editor"] == [{"literal": e.text} for e in own.iterfind(f".//{TEI}titleStmt/{TEI}editor")]
    assert data["publisher"] == own.findtext(f".//{TEI}publicationStmt/{TEI}publisher")
    base = own.findtext(f'.//{TEI}publicationStmt/{TEI}idno[@type="URL"]')
    assert data["URL"] == f"{base}letters/{LETTER}/"


def run_js(function: str, *args: object) -> str:
    """Call one function of docs/assets/cite.js with node."""
    script = (f"const js = require({json.dumps(str(ROOT / 'docs' / 'assets' / 'cite.js'))});"
              f" process.stdout.write(js.{function}(...{json.dumps(args)}));")
    return subprocess.run(["node", "-e", script], check=True, capture_output=True, text=True).stdout


def fill(template: str, day: date) -> str:
    """docs/assets/cite.js's own fill(), with the parts of `day` as the browser makes them."""
    long, short = cite.month_names()
    parts = {"YYYY": f"{day.year}", "MM": f"{day.month:02d}", "M": str(day.month),
             "DD": f"{day.day:02d}", "D": str(day.day), "MONTH": long[day.month - 1],
             "MON": short[day.month - 1]}
    return run_js("fill", template, parts)


@pytest.mark.parametrize("fmt", [*cite.FORMATS, "chicago-access-dates"])
def test_the_browser_fills_in_the_access_date_as_the_engine_would(fmt: str, edition: m.Edition) -> None:
    """The reader's access date, filled in by cite.js, gives what the engine gives for that date."""
    if fmt == "chicago-access-dates":  # the official Chicago variant that prints access dates
        cite.STYLES[fmt] = "chicago-notes-bibliography-access-dates"
    try:
        data = cite.item(letter_of(edition), edition)
        plain, template = cite.template(data, fmt)
        for day in (date(2027, 2, 3), date(2031, 11, 28)):
            assert fill(template, day) == cite.render(data, fmt, day)
        if fmt in ("bibtex", "ris", "csl-json", "chicago-access-dates"):
            assert "{{YYYY}}" in template and plain != template
    finally:
        cite.STYLES.pop("chicago-access-dates", None)


def test_the_engine_cache_gives_back_what_the_engine_gave(tmp_path: Path, edition: m.Edition,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    data = cite.item(letter_of(edition), edition)
    rendered = cite.template(data, "chicago")
    cite.use_cache(tmp_path)
    try:
        assert cite.template(data, "chicago") == rendered
        entries = list(tmp_path.rglob("*.json"))
        assert len(entries) == 1

        def engine_gone(data: dict[str, object], accessed: object) -> str:
            raise AssertionError("the cached citation was rendered again")

        with monkeypatch.context() as patch:
            patch.setitem(cite._RENDERERS, "chicago", engine_gone)
            assert cite.template(data, "chicago") == rendered
        entries[0].write_text("{damaged", encoding="utf-8")  # e.g. a disk that filled up
        assert cite.template(data, "chicago") == rendered
        assert json.loads(entries[0].read_text(encoding="utf-8")) == list(rendered)
        other = cite.item(letter_of(edition), edition, "p5")
        assert cite.template(other, "chicago") != rendered and len(list(tmp_path.rglob("*.json"))) == 2
    finally:
        cite.use_cache(None)


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
    publisher = own.findtext(f".//{TEI}publicationStmt/{TEI}publisher")
    editors = [e.text for e in own.iterfind(f".//{TEI}titleStmt/{TEI}editor")]
    assert meta["citation_title"] == [title] and meta["DC.title"] == [title]
    assert meta["citation_author"] == [f"{surname}, {forename}"] == meta["DC.creator"]
    assert meta["citation_date"] == [when.replace("-", "/")] and meta["DC.date"] == [when]
    assert meta["citation_publisher"] == [publisher] == meta["DC.publisher"]
    assert meta["citation_editor"] == editors == meta["DC.contributor"]
    assert meta["citation_public_url"] == [url] == meta["DC.identifier"]
    canonical = page.find('.//head/link[@rel="canonical"]')
    assert canonical is not None and canonical.get("href") == url
    record = json.loads(page.find('.//head/script[@type="application/ld+json"]').text_content())
    assert record["@context"] == "https://schema.org" and record["name"] == title
    assert record["url"] == url and record["dateCreated"] == when
    assert record["author"][0]["familyName"] == surname and record["author"][0]["givenName"] == forename
    assert record["isPartOf"]["name"] == own.findtext(f".//{TEI}titleStmt/{TEI}title")


def test_the_letter_page_offers_six_citations_with_copy_buttons(built_site: Path,
                                                               edition: m.Edition) -> None:
    page = html.parse(str(built_site / "letters" / LETTER / "index.html")).getroot()
    panel = page.find('.//details[@class="cite-panel"]')
    assert panel is not None
    assert [b.get("data-copy") for b in panel.iterfind(".//button")] == list(cite.FORMATS)
    data = cite.item(letter_of(edition), edition)
    for fmt in cite.FORMATS:  # without JavaScript: each citation, without an access date
        shown = panel.find(f'.//pre[@data-format="{fmt}"]')
        assert shown is not None and shown.text_content() == cite.render(data, fmt)
    table = json.loads(page.get_element_by_id("cite-data").text_content())
    letter = letter_of(edition)
    assert table["labels"] == {paths.anchor(LETTER, b.id): cite.paragraph_label(letter, b)
                               for b in (*letter.front, *letter.body) if b.id}
    assert table["labels"]["p5"] == "paragraph 5" and table["url"] == data["URL"]
    for fmt in cite.FORMATS:  # a paragraph's citation, as cite.js makes it, is the engine's own
        paragraph = cite.item(letter, edition, "p5")
        day = date(2027, 2, 3)
        assert run_js("forParagraph", fill(table["letter"][fmt], day), table["url"], "p5") \
            == cite.render(paragraph, fmt, day)


def test_every_paragraph_has_a_permalink_that_adds_no_text(built_site: Path) -> None:
    page = html.parse(str(built_site / "letters" / LETTER / "index.html")).getroot()
    for p in page.xpath('//article//p[@class="p"]'):
        links = p.xpath('.//a[@class="permalink"]')
        assert len(links) == 1 and links[0].get("href") == f"#{p.get('id')}"
        assert links[0].text_content() == "" and links[0].get("aria-label")


def test_the_tei_download_is_the_tei_file(built_site: Path) -> None:
    page = html.parse(str(built_site / "letters" / LETTER / "index.html")).getroot()
    links = page.xpath('//article//a[normalize-space(.)="TEI source"]')
    assert len(links) == 1
    served = (built_site / "letters" / LETTER / links[0].get("href")).resolve()
    assert served.read_bytes() == (ROOT / "tei" / "letters" / f"{LETTER}.xml").read_bytes()
    assert (ROOT / "docs" / paths.tei_download(LETTER)).read_bytes() == served.read_bytes()


def test_the_corpus_download_holds_every_tei_file_and_is_deterministic(edition: m.Edition) -> None:
    first = site.render(edition)[paths.CORPUS_DOWNLOAD]
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
