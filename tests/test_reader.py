"""What a reader does on the built site, in a real browser (Debian's chromium, headless)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from edition import model as m
from edition.write import markdown

from .conftest import OUTPUT, PHONE, open_page

LETTER = "letters/letter-1938-03-06-celarie/"


def is_marked(paragraph: Locator) -> bool:
    """The paragraph is the page's target and is drawn so (outline), unlike its neighbours."""
    return bool(paragraph.evaluate(
        "p => p.matches(':target') && getComputedStyle(p).outlineStyle !== 'none'"))


def in_view(page: Page, element: Locator) -> bool:
    box = element.bounding_box()
    assert box is not None
    height = page.viewport_size["height"] if page.viewport_size else 0
    return 0 <= box["y"] < height


def test_search_for_a_rare_name_opens_its_paragraph(page: Page) -> None:
    page.goto("", wait_until="networkidle")  # the search index is loaded
    box = page.get_by_role("search").get_by_placeholder("Search")
    box.click()
    box.press_sequentially("Yenukidze")
    # the paragraph that names him is a result of its own, its text the preview (not the letter's
    # whole text, nor its notes)
    result = page.locator(f'.md-search-result__item a[href*="{LETTER}"][href$="#search:p5"]')
    expect(result).to_contain_text("for refusing to admit their guilt")
    expect(result).not_to_contain_text("Avel Safronovich")
    note = page.locator(f'.md-search-result__item a[href*="{LETTER}"][href$="#fn:n11"]')
    expect(note).to_contain_text("Avel Safronovich Yenukidze (1877–1937)")  # the note is one too,
    expect(note).not_to_contain_text("Henriette Célarié")  # not the whole list of notes
    if not result.is_visible():  # among the letter's further results, behind "n more on this page"
        group = page.locator(".md-search-result__item").filter(
            has=page.locator(f'a[href*="{LETTER}"][href$="#search:p5"]'))
        group.locator(".md-search-result__more > summary").click()
    result.click()
    page.wait_for_url(f"**/{LETTER}?h=yenukidze#p5")
    paragraph = page.locator("#p5")
    expect(paragraph).to_contain_text("Yenukidze")
    assert is_marked(paragraph)
    assert in_view(page, paragraph)


def test_search_finds_a_name_without_its_accents(page: Page) -> None:
    page.goto("", wait_until="networkidle")
    box = page.get_by_role("search").get_by_placeholder("Search")
    box.click()
    box.press_sequentially("Celarie")  # the letter writes Célarié
    result = page.locator(f'.md-search-result__item a[href*="{LETTER}"]').first
    expect(result).to_contain_text("Célarié")
    expect(page.locator(".md-search-result .md-tag").first).to_be_hidden()


def test_a_paragraph_url_scrolls_to_the_paragraph_and_marks_it(page: Page) -> None:
    page.goto(f"{LETTER}#p7")
    paragraph = page.locator("#p7")
    expect(paragraph).to_contain_text("Your final question, Madam")
    assert in_view(page, paragraph)
    assert is_marked(paragraph)
    assert not is_marked(page.locator("#p6"))


def test_a_person_page_leads_back_to_the_paragraph(page: Page) -> None:
    page.goto(LETTER)
    page.locator("#p5").get_by_role("link", name="Yenukidze", exact=True).click()
    page.wait_for_url("**/persons/yenukidze/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Avel Yenukidze")
    mentioned = page.locator("article li li").filter(has_text="Yenukidze")
    expect(mentioned).to_contain_text("for refusing to admit their guilt")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / "person-page.png")
    mentioned.get_by_role("link", name="¶ 5").click()
    page.wait_for_url(f"**/{LETTER}#p5")
    paragraph = page.locator("#p5")
    assert is_marked(paragraph)
    assert in_view(page, paragraph)


def test_the_letter_opens_with_its_title_block(page: Page) -> None:
    page.goto(LETTER)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Answers to Mrs. Célarié")
    meta = page.locator(".letter-meta")
    expect(meta).to_contain_text("6 March 1938")
    expect(meta.get_by_role("link", name="Leon Trotsky")).to_be_visible()
    expect(meta.get_by_role("link", name="Mrs. Célarié")).to_be_visible()
    source = page.locator(".provenance-panel > summary")
    expect(source).to_contain_text("Source of this text (printed source: identification probable)")
    source.click()
    expect(page.locator(".provenance-panel")).to_contain_text("Pathfinder Press")
    source.click()
    for part in (meta, source, page.locator("#p1")):
        assert in_view(page, part)
    width = page.locator("#p1").evaluate(
        "p => p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize)")
    assert 25 <= width <= 40, f"the measure is {width:.0f} em"  # about 60 to 80 characters a line
    leading = page.locator("#p1").evaluate(
        "p => parseFloat(getComputedStyle(p).lineHeight) / parseFloat(getComputedStyle(p).fontSize)")
    assert 1.4 <= leading <= 1.8
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / "letter-desktop.png")


def test_a_footnote_shows_its_note_and_is_reachable_by_keyboard(page: Page) -> None:
    page.goto(LETTER)
    page.locator("#p5").get_by_role("link", name="Yenukidze", exact=True).focus()
    page.keyboard.press("Tab")
    reference = page.locator("#p5 a.footnote-ref").last
    expect(reference).to_be_focused()
    expect(reference).to_have_attribute("href", "#fn:n11")
    tooltip = page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("Avel Safronovich Yenukidze (1877–1937)")
    expect(tooltip.locator(".note-editorial")).to_have_count(1)
    page.keyboard.press("Enter")
    page.wait_for_url("**#fn:n11")
    note = page.locator("li#fn\\:n11")
    assert in_view(page, note)
    back = note.locator("a.footnote-backref")
    back.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#fnref:n11")
    page.mouse.move(0, 0)
    page.locator("#p3 a.footnote-ref").hover()
    expect(page.locator(".md-tooltip2--active")).to_contain_text("Trotsky's writings on the first two")


def test_editorial_notes_are_told_from_the_authors_notes(page: Page) -> None:
    page.goto(LETTER)
    notes = page.locator(".footnote li")
    expect(notes).to_have_count(11)
    expect(page.locator(".footnote li > p > .note-editorial")).to_have_count(11)
    expect(page.locator(".footnote")).not_to_contain_text("{:")
    # The Célarié letter has no note of its author's: one is put into the page to compare, as the
    # build writes it (its label, in the edition's language, drawn by CSS from data-label).
    styles = page.evaluate("""() => {
        const note = document.querySelector('.footnote li p');
        const own = note.cloneNode(true);
        own.firstElementChild.className = 'note-authorial';
        own.firstElementChild.setAttribute('data-label', 'Author’s note.');
        note.parentElement.append(own);
        const style = e => { const s = getComputedStyle(e); return [s.fontFamily, s.fontSize]; };
        return [style(note.firstElementChild), style(own.firstElementChild),
                getComputedStyle(own.firstElementChild, '::before').content];
    }""")
    editorial, authorial, label = styles
    assert editorial != authorial
    assert label == '"Author’s note. "'


def test_mentions_share_one_quiet_style_and_say_their_kind_on_hover_and_focus(page: Page) -> None:
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(LETTER)
        looks = page.evaluate("""() => Object.fromEntries(
            ['person', 'work', 'place', 'org', 'event'].map(kind => {
                const a = document.querySelector('article p.p a.mention.' + kind);
                const s = getComputedStyle(a), p = getComputedStyle(a.closest('p'));
                const box = a.getBoundingClientRect();
                return [kind, {
                    look: [s.textDecorationLine, s.textDecorationStyle, s.textDecorationColor].join(' '),
                    readable: s.color === p.color && s.fontSize === p.fontSize && s.opacity === '1'
                        && s.visibility === 'visible' && s.backgroundColor === 'rgba(0, 0, 0, 0)'
                        && box.width > 0 && box.height > 0 && a.innerText.trim().length > 0,
                }];
            }))""")
        assert len({kind["look"] for kind in looks.values()}) == 1, looks  # not five underlines
        assert all(kind["look"].startswith("underline solid") for kind in looks.values()), looks
        assert all(kind["readable"] for kind in looks.values()), (scheme, looks)
    tip = page.locator("#edition-tip")
    page.locator("#p1 a.mention.work").first.hover()
    expect(tip).to_have_text("Work")
    page.locator("#p1 a.mention.org").first.focus()
    expect(tip).to_have_text("Organisation")


def test_titles_of_articles_stand_in_quotation_marks_and_a_title_in_a_title_in_roman(page: Page) -> None:
    page.goto("persons/celarie/")
    article = page.locator(".entry-source cite.title-a").first  # Tasra's article, level="a"
    nested = article.locator("cite.title").first  # the book named in its title
    looks = article.evaluate("""c => [getComputedStyle(c).fontStyle, getComputedStyle(c, '::before').content,
        getComputedStyle(c.querySelector('cite.title'), null).fontStyle]""")
    assert looks[0] == "normal" and looks[1] not in ("none", "normal", '""'), looks
    assert looks[2] == "italic", looks
    expect(nested).to_have_text("La vie mystérieuse des harems")
    page.goto("persons/yenukidze/")
    book = page.locator(".entry-source cite.title:not(.title-a)").first  # a book: italic
    expect(book).to_have_text("Great Soviet Encyclopedia")
    assert book.evaluate("c => getComputedStyle(c).fontStyle") == "italic"


def test_the_home_page_introduction_is_unnumbered_and_links_its_letter(page: Page) -> None:
    page.goto("")
    intro = page.locator("article p.intro")
    expect(intro).to_have_count(2)
    assert page.locator("article p.p").count() == 0
    assert intro.first.evaluate("p => getComputedStyle(p, '::before').content") in ("none", "normal")
    intro.last.get_by_role("link", name="Trotsky's answers to questions from a Mrs. Célarié").click()
    page.wait_for_url(f"**/{LETTER}")


def test_the_editions_own_writer_is_not_listed_among_his_correspondents(page: Page) -> None:
    page.goto("correspondents/")
    listed = page.locator("article li")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Mrs. Célarié")
    expect(page.locator("article ul")).not_to_contain_text("Trotsky")


def test_on_a_phone_the_letter_reads_without_sideways_scrolling(phone: Page) -> None:
    phone.goto(LETTER)
    expect(phone.locator("#p1")).to_be_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the phone"
    for paragraph in phone.locator("article p.p").all():
        box = paragraph.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    OUTPUT.mkdir(exist_ok=True)
    phone.screenshot(path=OUTPUT / "letter-phone.png")
    phone.locator("#p5 a.footnote-ref").last.tap()
    phone.wait_for_url("**#fn:n11")
    note = phone.locator("li#fn\\:n11")
    expect(note).to_contain_text("Avel Safronovich Yenukidze")
    assert in_view(phone, note)
    box = note.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_printing_gives_the_letter_its_notes_and_source_without_navigation(page: Page) -> None:
    page.goto(LETTER)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
                   ".md-footer", ".headerlink"):
        for element in page.locator(chrome).all():
            expect(element).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    source = page.locator(".provenance-panel")
    expect(source).to_contain_text("Writings of Leon Trotsky: Supplement (1934–40)")
    expect(source.get_by_text("identification probable, not certain")).to_be_visible()  # opened for print
    expect(page.locator("article p.p")).to_have_count(9)
    for paragraph in page.locator("article p.p").all():
        expect(paragraph).to_be_visible()
    notes = page.locator(".footnote li")
    expect(notes).to_have_count(11)
    for note in notes.all():
        expect(note).to_be_visible()
    expect(notes.last).to_contain_text("Avel Safronovich Yenukidze")
    content = page.locator(".md-content").bounding_box()
    assert content is not None and content["x"] < 60, "the letter should use the printed page's width"


def test_page_breaks_of_the_source_stand_in_the_margin(page: Page) -> None:
    # The Célarié transcription records no page breaks: the writer's own markup for one is put
    # into paragraph 5 to see where the design draws it.
    pb = markdown.inline(m.PageBreak("766"), markdown.Context("letters/x.md", {}))
    page.goto(LETTER)
    text = page.locator("#p5").text_content()
    where = page.locator("#p5").evaluate("""(p, pb) => {
        const words = p.firstChild;
        words.splitText(60);
        words.after(document.createRange().createContextualFragment(pb));
        const mark = getComputedStyle(p.querySelector('.pb'), '::before');
        return [mark.content, mark.position, parseFloat(mark.left), p.clientWidth];
    }""", pb)
    content, position, left, width = where
    assert content == '"766"' and position == "absolute" and left > width, where
    assert page.locator("#p5").text_content() == text  # nothing added to the reading text


def test_a_register_page_reads_like_an_index_entry(page: Page) -> None:
    page.goto("persons/stalin/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Joseph Stalin")
    expect(page.locator(".entry-facts")).to_have_text("Person · 1878–1953")
    expect(page.locator(".entry-description")).to_contain_text("General Secretary")
    expect(page.locator(".entry-authorities a")).to_have_attribute("href", "https://www.wikidata.org/wiki/Q855")
    mentions = page.locator("article li li")
    expect(mentions).to_have_count(6)
    for mention in mentions.all():
        expect(mention.locator("a").first).to_have_text(re.compile(r"¶ \d"))
        expect(mention.locator("strong")).to_have_text("Stalin")
    faces = mentions.first.evaluate(
        "li => [getComputedStyle(li).fontFamily, getComputedStyle(li.querySelector('a')).fontFamily]")
    assert faces[0] != faces[1], "the snippet is set in the letter's face, its ¶ number in the site's"


# ---------------------------------------------------------------- touch, keyboard, screen readers

WIDE = {"width": 1366, "height": 900}
# What a reader taps on a letter page besides the words of the text (whose links are inline, in
# sentences, and so exempt from WCAG 2.5.8): note markers, paragraph links, "+" links, the
# headings' ¶, the notes' way back, the Cite panel's summary and copy buttons.
CONTROLS = ("a.footnote-ref, a.permalink, a.mention-also, a.link-also, a.footnote-backref,"
            " a.headerlink, article button, article summary")


@pytest.fixture(params=["phone", "wide"])
def reader(request: pytest.FixtureRequest, browser: Browser, site_url: str) -> Iterator[Page]:
    """The letter read on a phone (390 px, touch) and on a laptop (1366 px)."""
    phone = request.param == "phone"
    tab = open_page(browser, site_url, PHONE if phone else WIDE, phone=phone)
    yield tab
    tab.context.close()


def test_every_control_a_reader_taps_is_at_least_24_px_and_not_covered(reader: Page) -> None:
    reader.goto(LETTER)
    reader.locator("details.cite-panel summary").click()  # its copy buttons shown
    sizes = reader.evaluate("""selector => [...document.querySelectorAll(selector)]
        .filter(e => e.checkVisibility()).map(e => {  // not what a closed panel holds
        e.scrollIntoView({block: 'center'});
        const r = e.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return [e.className || e.tagName, e.getAttribute('href') || e.textContent.trim(),
                Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10,
                hit !== null && (hit === e || e.contains(hit))];
    })""", CONTROLS)
    kinds = {size[0].split()[0] for size in sizes}
    assert {"footnote-ref", "permalink", "cite-copy", "SUMMARY"} <= kinds, kinds
    small = [size for size in sizes if size[2] < 24 or size[3] < 24 or not size[4]]
    assert small == [], small


def test_the_paragraph_link_is_its_number_visible_without_hover(reader: Page) -> None:
    reader.goto(LETTER)
    reader.mouse.move(0, 0)
    for n in (1, 5, 9):
        link = reader.get_by_role("link", name=f"Link to paragraph {n}", exact=True)
        expect(link).to_have_attribute("href", f"#p{n}")
        drawn = link.evaluate("""a => { const s = getComputedStyle(a), b = getComputedStyle(a, '::before');
            return [b.content, s.opacity, s.visibility, a.getBoundingClientRect().width > 0]; }""")
        assert drawn == [f"{n}", "1", "visible", True] or drawn == [f'"{n}"', "1", "visible", True] \
            or drawn[0] == "counter(paragraph)", drawn
        box, text = link.bounding_box(), reader.locator(f"#p{n}").bounding_box()
        assert box is not None and text is not None
        assert box["x"] >= 0 and box["y"] < text["y"] + 30, (box, text)  # at the first line
        assert box["x"] + box["width"] <= (reader.viewport_size or WIDE)["width"]
    reader.get_by_role("link", name="Link to paragraph 5", exact=True).click()
    reader.wait_for_url(f"**/{LETTER}#p5")
    assert is_marked(reader.locator("#p5"))


def test_a_correction_opens_on_a_tap_and_on_focus(reader: Page) -> None:
    reader.goto(LETTER)
    panel = reader.locator("details:has(.choice.corr)")  # the transcription's citation, in its panel
    if panel.count() and not panel.first.evaluate("d => d.open"):
        panel.first.locator("summary").click()
    correction = reader.locator(".choice.corr").first
    tip = reader.locator("#edition-tip")
    expect(tip).to_be_hidden()
    correction.click()  # a tap on the phone
    expect(tip).to_be_visible()
    expect(tip).to_have_text("corrected: Writings")
    expect(correction).to_have_attribute("aria-describedby", "edition-tip")
    box, width = tip.bounding_box(), (reader.viewport_size or WIDE)["width"]
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    reader.locator("h1").click()  # a tap elsewhere closes it
    expect(tip).to_be_hidden()
    correction.focus()  # the keyboard reaches it
    expect(tip).to_be_visible()
    reader.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    expect(correction).to_be_focused()


def test_escape_closes_a_note_and_focus_stays(page: Page) -> None:
    page.goto(LETTER)
    reference = page.locator("#p5 a.footnote-ref").last
    reference.focus()
    tooltip = page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    expect(reference).to_be_focused()
    page.keyboard.press("Shift+Tab")  # another marker or link, then back: the note shows again
    page.keyboard.press("Tab")
    expect(page.locator(".md-tooltip2--active")).to_be_visible()


def test_the_notes_are_a_section_under_a_real_heading(page: Page) -> None:
    page.goto(LETTER)
    headings = page.get_by_role("heading", level=2)
    expect(headings.filter(has_text="Notes")).to_have_count(1)
    heading = page.locator("h2#notes")
    assert heading.evaluate("h => h.nextElementSibling.classList.contains('footnote')")
    assert page.evaluate("getComputedStyle(document.querySelector('.footnote'), '::before').content") \
        in ("none", "normal")
    names = page.locator("a.permalink").evaluate_all("links => links.map(a => a.getAttribute('aria-label'))")
    assert names == [f"Link to paragraph {n}" for n in range(1, 10)]


def test_a_paragraph_link_copied_after_a_search_carries_no_query(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{LETTER}?h=inquisition")
    page.wait_for_url(f"**/{LETTER}?h=inquisition#p4")  # the search result opened its paragraph
    page.get_by_role("link", name="Link to paragraph 4", exact=True).click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith(f"/{LETTER}#p4") and "?" not in copied, copied
    # the link says so, in the edition's words (edition.js sets them for CSS)
    said = page.locator("#p4 > a.permalink.copied").evaluate("a => getComputedStyle(a, '::after').content")
    assert said == '"link copied"'


def test_the_calendar_fits_its_column_and_each_number_opens_its_month(reader: Page) -> None:
    reader.goto("calendar/")
    months = reader.locator("article h2 + ul").first
    expect(months.locator("li")).to_have_count(12)
    fits = reader.evaluate("""() => {
        const article = document.querySelector('article').getBoundingClientRect();
        const grids = [...document.querySelectorAll('article h2 + ul')].map(u => u.getBoundingClientRect());
        return [document.documentElement.scrollWidth - window.innerWidth,
                grids.every(g => g.left >= article.left - 1 && g.right <= article.right + 1)];
    }""")
    assert fits == [0, True] or (fits[0] <= 0 and fits[1]), fits
    march = months.get_by_role("link")
    expect(march).to_have_text(re.compile(r"Mar\s*1"))
    box = march.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    march.click()
    reader.wait_for_url("**/letters/#1938-03")
    heading = reader.get_by_role("heading", name="March 1938")
    expect(heading).to_be_visible()
    assert in_view(reader, heading)


def test_a_printed_letter_can_be_cited_by_paragraph_and_says_where_it_is_from(page: Page) -> None:
    page.set_viewport_size({"width": 794, "height": 1123})  # an A4 page at 96 dpi
    page.goto(LETTER)
    page.emulate_media(media="print")
    numbers = page.locator("article p.p > a.permalink")
    expect(numbers).to_have_count(9)
    for n, number in enumerate(numbers.all(), start=1):
        expect(number).to_be_visible()
        drawn = number.evaluate("a => getComputedStyle(a, '::before').content")
        box = number.bounding_box()
        assert box is not None and box["x"] >= 0, (n, box)  # on the paper, not cut off
        assert drawn in ("counter(paragraph)", f'"{n}"'), drawn
    assert page.evaluate("""() => { const li = document.querySelector('.footnote li');
        return getComputedStyle(li).display === 'list-item'
            && getComputedStyle(li.parentElement).listStyleType !== 'none'; }""")  # numbered notes
    expect(page.locator("#p1 a.footnote-ref").first).to_be_visible()
    underlined = page.evaluate("""() => [...document.querySelectorAll('article a')]
        .filter(a => a.offsetParent !== null && getComputedStyle(a).textDecorationLine.includes('underline'))
        .map(a => a.textContent)""")
    assert underlined == []
    colophon = page.locator(".print-colophon")
    expect(colophon).to_be_visible()
    expect(colophon).to_contain_text("Leon Trotsky, Letters: A Digital Edition")
    expect(colophon).to_contain_text(f"https://trotsky-letters.example.org/{LETTER}")
    today = page.evaluate("""(() => { const d = new Date(), pad = n => String(n).padStart(2, '0');
        return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; })()""")
    expect(colophon.locator("time")).to_have_attribute("datetime", today)  # the reader's own date
    expect(colophon).to_contain_text("accessed")
    expect(page.locator(".tei-source")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(colophon).to_be_hidden()


def test_a_register_entry_is_found_by_its_name_variants(page: Page) -> None:
    page.goto("persons/yenukidze/")
    variants = page.locator(".entry-variants")
    expect(variants).to_contain_text("Avel Safronovich Enukidze (Great Soviet Encyclopedia")
    expect(variants).to_contain_text("Abel Enukidze (Wikipedia, Avel Yenukidze)")
    page.goto("", wait_until="networkidle")
    box = page.get_by_role("search").get_by_placeholder("Search")
    box.click()
    box.press_sequentially("Enukidze")
    expect(page.locator('.md-search-result__item a[href*="persons/yenukidze/"]').first).to_contain_text(
        "Avel Yenukidze")
