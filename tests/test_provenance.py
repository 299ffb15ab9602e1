"""Where a letter's text comes from, as its page says it: from the TEI header, uncertainty kept."""

from __future__ import annotations

import dataclasses
import html as htmllib
import re
from pathlib import Path

import pytest
from lxml import etree, html
from playwright.sync_api import Browser, expect

from edition import model as m
from edition.write import pages

from .conftest import CELARIE, DESKTOP, PHONE, ROOT, celarie, open_page

LETTER = CELARIE
TEI = "{http://www.tei-c.org/ns/1.0}"


def words(text: str) -> str:
    """Markdown as the words a reader sees: tags, attribute lists, note references, escapes gone."""
    text = re.sub(r"<[^>]+>|\{:[^}]*\}|\[\^[^]]+\]", "", text)
    return " ".join(htmllib.unescape(re.sub(r"\\(.)", r"\1", text)).split())


def with_cert(letter: m.Letter, cert: str | None) -> m.Letter:
    sources = tuple(dataclasses.replace(b, cert=cert) if b.kind == "print" else b
                    for b in letter.provenance.sources)
    return dataclasses.replace(letter, provenance=dataclasses.replace(letter.provenance, sources=sources))


def test_a_source_the_tei_marks_medium_is_never_shown_as_certain(own_edition: m.Edition) -> None:
    """cert="medium" on the printed source: "probable, not certain", in the summary and the
    statement; without @cert the same source is stated plainly; cert="low" says "uncertain"."""
    letter = celarie(own_edition)
    header = etree.parse(str(ROOT / "tei" / "letters" / f"{LETTER}.xml")).find(f"{TEI}teiHeader")
    assert header is not None
    assert header.find(f'.//{TEI}sourceDesc/{TEI}bibl[@type="print"]').get("cert") == "medium"
    text = pages.letter_page(letter, own_edition)
    assert "<summary>Source of this text (printed source: identification probable)</summary>" in text
    assert "**Printed source (identification probable, not certain):** Leon Trotsky" in text
    assert "\nSource: " not in text and "**Printed source:**" not in text
    plain = pages.letter_page(with_cert(letter, None), own_edition)
    assert "**Printed source:** Leon Trotsky" in plain and "probable" not in plain.split("<summary>")[1][:80]
    low = pages.letter_page(with_cert(letter, "low"), own_edition)
    assert "**Printed source (identification uncertain):**" in low


def test_the_statement_says_what_the_header_says(own_edition: m.Edition) -> None:
    """Every note of notesStmt and correspDesc, and every sourceDesc bibl, is on the page, word
    for word; the transcription's own citation line stands there too, not in the letter's text."""
    letter = celarie(own_edition)
    text = words(pages.letter_page(letter, own_edition))
    header = etree.parse(str(ROOT / "tei" / "letters" / f"{LETTER}.xml")).find(f"{TEI}teiHeader")
    assert header is not None
    for el in [*header.iterfind(f".//{TEI}notesStmt/{TEI}note"),
               *header.iterfind(f".//{TEI}correspDesc/{TEI}note"),
               header.find(f'.//{TEI}sourceDesc/{TEI}bibl[@type="print"]')]:
        assert el is not None
        assert " ".join("".join(el.itertext()).split()) in text
    page = pages.letter_page(letter, own_edition)
    start = page.index('<details class="provenance-panel"')
    panel = page[start:page.index("</details>", start)]
    assert "{: #source .imprint }" in panel
    assert page.index(".dateline }") < page.index('<details class="provenance-panel"') \
        < page.index("{: #p1 .p }")  # where the line stands in the text, as apparatus
    assert "translator not identified" in text  # the header says so; no translator invented


def test_a_translator_the_header_names_is_named(own_edition: m.Edition) -> None:
    letter = celarie(own_edition)
    named = dataclasses.replace(letter, provenance=dataclasses.replace(letter.provenance,
                                                                       translators=("Jane Roe",)))
    assert "**Translated by** Jane Roe." in pages.letter_page(named, own_edition)


def test_the_legend_names_every_mark_the_page_uses(own_edition: m.Edition) -> None:
    letter = celarie(own_edition)
    page = pages.letter_page(letter, own_edition)
    legend = next(line for line in page.splitlines() if line.startswith("Marks in the text:"))
    assert ("mention person uncertain" in page) == ("? after a name" in legend)
    assert ('class="mention-also' in page) == ("+ after a name" in legend)
    assert "raised numbers" in legend
    certain = dataclasses.replace(letter, front=(), body=letter.body[:1], notes=())
    assert "? after a name" not in pages.letter_page(certain, own_edition)


def test_the_home_page_claims_only_what_is_true_of_every_letter() -> None:
    intro = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "exactly as its source prints it" not in intro
    assert "transcription as received" in intro


def test_the_footer_names_the_edition_its_version_release_and_licence(built_site: Path) -> None:
    own = etree.parse(str(ROOT / "tei" / "edition.xml")).find(f"{TEI}teiHeader")
    assert own is not None
    edition_el = own.find(f".//{TEI}editionStmt/{TEI}edition")
    licence = own.find(f".//{TEI}licence")
    assert edition_el is not None and licence is not None
    for page_file in (built_site / "letters" / LETTER / "index.html", built_site / "about" / "index.html"):
        page = html.parse(str(page_file)).getroot()
        statement = page.find('.//footer//*[@class="md-copyright__highlight edition-statement"]')
        assert statement is not None, page_file
        text = " ".join(statement.text_content().split())
        assert own.findtext(f".//{TEI}titleStmt/{TEI}title") in text
        assert f"version {edition_el.get('n')}, released 25 November 2026" in text
        link = statement.find(".//a[@rel='license']")
        assert link is not None and link.get("href") == licence.get("target") and link.text == "CC BY 4.0"
        assert "edited by" not in text  # edition.xml names no editor


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_title_block_is_calm_at_every_width(browser: Browser, site_url: str, viewport: str) -> None:
    """Issue 13.6 at 1280 and 390 px: one title (the transcription's heading line is set as a
    line of the text, not as a second title in small caps), certainty in words, a key to the
    marks, and the transcription's citation line in the source panel, not between the dateline
    and ¶1."""
    page = open_page(browser, site_url, DESKTOP if viewport == "desktop" else PHONE, viewport == "phone")
    try:
        page.goto(f"letters/{LETTER}/")
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        expect(page.locator(".letter-meta")).to_contain_text("Mrs. Célarié (identification uncertain)")
        expect(page.locator(".letter-meta")).to_contain_text("Coyoacán (place probable)")
        legend = page.locator(".letter-legend")
        expect(legend).to_be_visible()
        expect(legend).to_contain_text("? after a name: its identification is uncertain")
        caps = page.locator("article p.title").evaluate("p => getComputedStyle(p).fontVariantCaps")
        assert caps == "normal"
        summary = page.locator(".provenance-panel > summary")
        expect(summary).to_be_visible()
        box = summary.bounding_box()
        assert box is not None and box["height"] >= 24  # a control a finger can tap (WCAG 2.5.8)
        between = page.evaluate("""() => {
            const date = document.querySelector("article p.dateline"), p1 = document.getElementById("p1");
            const range = document.createRange(); range.setStartAfter(date); range.setEndBefore(p1);
            const part = range.cloneContents();
            part.querySelectorAll("details.provenance-panel").forEach(d => d.remove());
            return part.textContent.trim(); }""")
        assert between == ""  # only the source panel, where the citation line stands in the text
        expect(page.locator(".provenance-panel #source")).to_have_count(1)
    finally:
        page.context.close()
