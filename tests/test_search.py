"""Search: builtin by default; with `extra: search: pagefind`, a Pagefind index with filters."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.synth import letter_id
from edition.write import search

from .conftest import DESKTOP, ROOT, open_page, served_folder, synthetic_project

RARE = letter_id(25)  # the one synthetic letter of 50 that names Yenukidze
LETTER = re.compile(f"/letters/{RARE}/$")  # its link in a search result


def test_builtin_is_the_default(built_site: Path) -> None:
    assert search.backend(ROOT / "mkdocs.yml") == "builtin"
    assert (built_site / "search" / "search_index.json").is_file()
    assert not (built_site / "pagefind").exists()


def decompressed(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic edition of 50 letters, built by build.py and build.py site with Pagefind."""
    work = synthetic_project(tmp_path_factory.mktemp("pagefind"), 50, "pagefind")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "site"], cwd=work,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    return work / "site"


def fragments(site: Path) -> list[dict[str, Any]]:
    """Pagefind's page records (each gzipped, after a signature)."""
    out = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = decompressed(path)
        assert data.startswith(b"pagefind_dcd")
        out.append(json.loads(data[len(b"pagefind_dcd"):]))
    return out


def test_pagefind_replaces_the_builtin_search(pagefind_site: Path) -> None:
    assert (pagefind_site / "pagefind" / "pagefind-entry.json").is_file()
    assert not (pagefind_site / "search" / "search_index.json").exists()
    page = (pagefind_site / "index.html").read_text(encoding="utf-8")
    assert 'id="edition-search"' in page and "pagefind/pagefind-ui.js" in page
    assert 'for="__search"' not in page  # Material's own search button is gone


def test_pagefind_finds_a_rare_name_with_its_filters(pagefind_site: Path) -> None:
    hits = [f for f in fragments(pagefind_site) if "Yenukidze" in f["content"]]
    letter = next(f for f in hits if f["url"] == f"/letters/{RARE}/")
    assert letter["filters"]["year"] == ["1929"]
    assert "Avel Yenukidze" in letter["filters"]["person"]
    assert len(letter["filters"]["correspondent"]) == 2
    words = [p for p in (pagefind_site / "pagefind" / "index").glob("*.pf_index")
             if b"yenukidze" in decompressed(p)]
    assert len(words) == 1  # the word is in the index, in one chunk of it


# ---------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def pagefind_parts_site(pagefind_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site indexed in parts of 60 pages (search.PART), as a large edition is."""
    site = tmp_path_factory.mktemp("parts") / "site"
    shutil.copytree(pagefind_site, site, ignore=shutil.ignore_patterns("pagefind"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(search, "PART", 60)
        result = search.index(site)
    assert result.returncode == 0, result.stderr
    return site


def test_a_large_site_is_indexed_in_parts(pagefind_site: Path, pagefind_parts_site: Path) -> None:
    assert json.loads((pagefind_site / "pagefind" / search.PARTS).read_text(encoding="utf-8")) == []
    parts = json.loads((pagefind_parts_site / "pagefind" / search.PARTS).read_text(encoding="utf-8"))
    pages = len(list(pagefind_site.rglob("*.html"))) - len(list((pagefind_site / "pagefind").rglob("*.html")))
    assert len(parts) == (pages - 1) // 60  # besides the first, in site/pagefind/ itself
    for part in parts:
        assert (pagefind_parts_site / "pagefind" / part / "pagefind-entry.json").is_file()
    assert not list(pagefind_parts_site.parent.glob(".site.pagefind-part*"))  # no links left


@pytest.fixture(params=["one index", "in parts"])
def pagefind_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    """A desktop browser window on the Pagefind-built site (its index whole, or in parts),
    served on loopback."""
    site = request.getfixturevalue("pagefind_site" if request.param == "one index" else "pagefind_parts_site")
    with served_folder(site) as url:
        tab = open_page(browser, url, DESKTOP)
        yield tab
        tab.context.close()


def search_for(page: Page, words: str) -> None:
    page.locator("#edition-search input.pagefind-ui__search-input").fill(words)
    expect(page.locator(".pagefind-ui__message")).to_contain_text(f"for {words}")


def filter_by(page: Page, name: str, value: str) -> None:
    """Tick a filter's value in Pagefind's filter panel (its group opened first)."""
    page.locator(".pagefind-ui__filter-name", has_text=name.capitalize()).click()
    page.locator(f'input.pagefind-ui__filter-checkbox[name="{name}"][value="{value}"]').check()


def test_a_reader_finds_a_rare_name_and_lands_on_its_letter(pagefind_page: Page) -> None:
    page = pagefind_page
    page.goto("letters/")
    box = page.locator("#edition-search input")
    expect(box).to_have_attribute("placeholder", "Search the letters and registers")
    # drawn in Material's colours: Pagefind's primary colour is the theme's
    colours = box.evaluate("""el => [getComputedStyle(el).getPropertyValue('--pagefind-ui-primary'),
        getComputedStyle(document.body).getPropertyValue('--md-primary-fg-color')].map(c => c.trim())""")
    assert colours[0] and colours[0] == colours[1], colours
    search_for(page, "Yenukidze")
    result = page.locator(f'a.pagefind-ui__result-link[href$="/letters/{RARE}/"]')
    expect(result).to_have_count(1)
    result.click()
    expect(page).to_have_url(re.compile(f"/letters/{RARE}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Synthetic letter 25")
    expect(page.locator("article")).to_contain_text("Yenukidze")


def test_search_results_filter_by_year_correspondent_and_person(pagefind_page: Page) -> None:
    page = pagefind_page
    page.goto("letters/")
    search_for(page, "Yenukidze")
    results = page.locator("li.pagefind-ui__result")  # one a page
    expect(results).to_have_count(2)  # the letter and the person's register page
    filter_by(page, "year", "1929")
    expect(results).to_have_count(1)
    expect(results.locator("a.pagefind-ui__result-link").first).to_have_attribute("href", LETTER)
    page.locator('input[name="year"][value="1929"]').uncheck()
    expect(results).to_have_count(2)
    filter_by(page, "person", "Avel Yenukidze")
    expect(results).to_have_count(1)
    expect(results.locator("a.pagefind-ui__result-link").first).to_have_attribute("href", LETTER)
    page.locator('input[name="person"][value="Avel Yenukidze"]').uncheck()
    expect(results).to_have_count(2)
    # a correspondent of another letter: nothing left (once the counts show it: they update late)
    expect(page.locator('input[name="correspondent"] + *').filter(has_text=re.compile(r"\(0\)$")).first
           ).to_be_attached()
    other = page.locator('input[name="correspondent"]').evaluate_all(
        "inputs => inputs.filter(i => /\\(0\\)$/.test(i.nextElementSibling.textContent)).map(i => i.value)")
    filter_by(page, "correspondent", other[0])
    expect(page.locator(".pagefind-ui__message")).to_contain_text("No results")


# ---------------------------------------------------------------- the edition itself, with Pagefind


@pytest.fixture(scope="module")
def pagefind_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edition of tei/ built with Pagefind (extra: search: pagefind)."""
    work = tmp_path_factory.mktemp("edition-pagefind")
    for name in ("tei", "source", "overrides", "urls.txt", "redirects.txt", "docs"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, work / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (work / "mkdocs.yml").write_text(config.replace("\n  search: builtin\n", "\n  search: pagefind\n"),
                                     encoding="utf-8")
    for args in ((), ("site",)):
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=work, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, check=False)
        assert result.returncode == 0, result.stderr
    return work / "site"


def test_pagefind_finds_names_without_accents_and_by_their_variants(pagefind_edition: Path,
                                                                     browser: Browser) -> None:
    with served_folder(pagefind_edition) as url:
        page = open_page(browser, url, DESKTOP)
        page.goto("letters/")
        search_for(page, "Celarie")  # the letter and its addressee write Célarié
        letter = page.locator('a.pagefind-ui__result-link[href$="/letters/letter-1938-03-06-celarie/"]')
        expect(letter).to_have_count(1)
        search_for(page, "Enukidze")  # a variant of Yenukidze's name, from the register
        person = page.locator('a.pagefind-ui__result-link[href$="/persons/yenukidze/"]')
        expect(person).to_have_count(1)
        search_for(page, "Inquisition")  # a paragraph's own words: its passage, not the notes
        excerpt = page.locator("li.pagefind-ui__result").filter(has=page.locator(
            'a[href*="/letters/letter-1938-03-06-celarie/"]')).locator(".pagefind-ui__result-excerpt")
        expect(excerpt.first).to_contain_text("Inquisition")
        expect(excerpt.first).not_to_contain_text("Avel Safronovich")
        page.context.close()
