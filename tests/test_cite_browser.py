"""Citing in a real browser: old URLs land on their paragraph; permalinks and citations copy."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from edition.write import cite

from .conftest import DESKTOP, open_page, run_build, served_folder
from .test_reader import in_view, is_marked
from .test_urls import LETTER, project_copy, rename_letter

NEW = "letter-1938-03-06-celarie-answers"  # an invented new id, for the test
GOLDEN_DAY = date(2026, 1, 5)  # the golden files' access date (tests/test_cite.py)


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The edition after the letter's id was renamed, with a declared redirect, built and served."""
    work = project_copy(tmp_path_factory.mktemp("renamed"))
    rename_letter(work, LETTER, NEW)
    with (work / "redirects.txt").open("a", encoding="utf-8") as f:
        f.write(f"/letters/{LETTER}/ /letters/{NEW}/\n/tei/{LETTER}.xml /tei/{NEW}.xml\n")
    assert run_build(work, "urls", "--update").returncode == 0
    assert run_build(work).returncode == 0
    subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--quiet"],
                   cwd=work, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    with served_folder(work / "site") as url:
        yield url


def test_an_old_paragraph_url_lands_on_the_renamed_letters_paragraph(browser: Browser,
                                                                     renamed_site: str) -> None:
    page = open_page(browser, renamed_site, DESKTOP)
    try:
        page.goto(f"letters/{LETTER}/#p5")
        page.wait_for_url(f"**/letters/{NEW}/#p5")
        paragraph = page.locator("#p5")
        expect(paragraph).to_contain_text("Yenukidze")
        assert is_marked(paragraph) and in_view(page, paragraph)
        page.goto(f"letters/{LETTER}/")  # the old page itself: the new page, at its top
        page.wait_for_url(f"**/letters/{NEW}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Answers to Mrs. Célarié")
    finally:
        page.context.close()


def clipboard(page: Page) -> str:
    text: str = page.evaluate("navigator.clipboard.readText()")
    return text


def redated(text: str, day: date) -> str:
    """A golden citation (accessed on GOLDEN_DAY) as it reads when accessed on `day`."""
    then, now = cite.Accessed.of(GOLDEN_DAY), cite.Accessed.of(day)
    for form in ("{MONTH} {D}, {YYYY}", "{D} {MON} {YYYY}", "{YYYY}-{MM}-{DD}", "{YYYY}/{MM}/{DD}",
                 "[[{YYYY}, {M}, {D}]]"):
        text = text.replace(form.format(**{k: getattr(then, k) for k in cite.SLOTS}),
                            form.format(**{k: getattr(now, k) for k in cite.SLOTS}))
    return text


def test_a_paragraph_is_cited_and_copied(page: Page) -> None:
    """The open panel, after cite.js ran, shows paragraph 5's forms with today's access date (as
    the golden files, tests/golden-cite/, with that date); a copy carries HTML with the italics."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"letters/{LETTER}/#p5")
    panel = page.locator("details.cite-panel")
    panel.locator("summary").click()
    expect(panel.locator(".cite-scope")).to_have_text("paragraph 5")
    y, m, d = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(),"
                            " d.getMonth() + 1, d.getDate()]; })()")
    golden = Path(__file__).parent / "golden-cite" / LETTER
    for fmt in cite.FORMATS:
        ext = {"bibtex": "bib", "ris": "ris", "csl-json": "json"}.get(fmt, "txt")
        expected = redated((golden / f"{fmt}.p5.{ext}").read_text(encoding="utf-8").rstrip("\n"),
                           date(y, m, d))
        expect(panel.locator(f'[data-format="{fmt}"]')).to_have_text(expected)
    chicago = panel.locator('[data-format="chicago-note"]')
    expect(chicago.locator("i")).to_have_text("Leon Trotsky, Letters: A Digital Edition")
    panel.locator('button[data-copy="chicago-note"]').click()
    expect(panel.locator('button[data-copy="chicago-note"]')).to_have_class(re.compile("copied"))
    assert clipboard(page) == chicago.text_content()
    copied_html = page.evaluate("""async () => {
        const [item] = await navigator.clipboard.read();
        return await (await item.getType("text/html")).text(); }""")
    assert "<i>Leon Trotsky, Letters: A Digital Edition</i>" in copied_html
    ris = panel.locator('button[data-download="ris"]')
    expect(ris).to_be_visible()
    with page.expect_download() as download:
        ris.click()
    assert download.value.suggested_filename == f"{LETTER}-p5.ris"
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert saved == redated((golden / "ris.p5.ris").read_text(encoding="utf-8"), date(y, m, d))


def test_a_permalink_marks_its_paragraph_and_copies_its_url(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"letters/{LETTER}/")
    paragraph = page.locator("#p3")
    paragraph.hover()
    link = paragraph.locator("a.permalink")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(f"**/letters/{LETTER}/#p3")
    assert is_marked(paragraph)
    assert clipboard(page) == page.url
    expect(page.locator(".cite-scope")).to_have_text("paragraph 3")
