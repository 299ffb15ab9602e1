"""Citing in a real browser: old URLs land on their paragraph; permalinks and citations copy."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import DESKTOP, open_page, run_build, served_folder
from .test_reader import in_view, is_marked
from .test_urls import LETTER, project_copy, rename_letter

NEW = "letter-1938-03-06-celarie-answers"  # an invented new id, for the test


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


def test_a_paragraph_is_cited_and_copied(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"letters/{LETTER}/#p5")
    panel = page.locator("details.cite-panel")
    panel.locator("summary").click()
    expect(panel.locator(".cite-scope")).to_have_text("paragraph 5")
    today = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(),"
                          " d.getMonth() + 1, d.getDate()]; })()")
    bibtex = panel.locator('pre[data-format="bibtex"]')
    expect(bibtex).to_contain_text(f"/letters/{LETTER}/#p5}}")
    expect(bibtex).to_contain_text(f"urldate = {{{today[0]:04d}-{today[1]:02d}-{today[2]:02d}}}")
    chicago = panel.locator('pre[data-format="chicago"]')
    expect(chicago).to_contain_text(f"/letters/{LETTER}/#p5.")
    panel.locator('button[data-copy="chicago"]').click()
    assert clipboard(page) == chicago.text_content()


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
