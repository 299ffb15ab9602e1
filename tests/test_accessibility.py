"""Accessibility of the built site: axe-core (npm, pinned in package-lock.json) run in chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LETTER = "letters/letter-1938-03-06-celarie/"
PAGES = ["", LETTER, "persons/yenukidze/", "persons/",
         "letters/", "works/crimes-de-staline/", "about/"]


def axe_violations(page: Page) -> list[str]:
    """The serious and critical violations axe-core finds on the page, one line each."""
    assert AXE.is_file(), "axe-core is missing: run make test (it runs npm ci)"
    # transitions first (Material fades the header's title in as the page scrolls): a colour
    # caught half-way is no colour of the page. A transition starts a frame or two after what
    # caused it (a scroll event after a layout change): frames are let pass until none runs.
    page.evaluate("""async () => {
        const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
        for (let tries = 0; tries < 20; tries++) {
            await frame();
            const running = document.getAnimations()
                .filter(a => a.effect?.getTiming().iterations !== Infinity && a.playState === "running");
            if (!running.length) return;
            await Promise.all(running.map(a => a.finished.catch(() => null)));
        }
    }""")
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")  # by the harness: the CSP blocks a script tag
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['impact']}: {v['id']}: {v['help']}: " + ", ".join(str(n["target"]) for n in v["nodes"])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(page: Page, path: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(path)
    expect(page.locator("body")).to_have_attribute(
        "data-md-color-scheme", "slate" if scheme == "dark" else "default")
    assert axe_violations(page) == []


def test_keyboard_focus_is_visible(page: Page) -> None:
    page.goto(LETTER)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    for _ in range(60):  # on through the header and the title block to the first name in the letter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('p.p a.mention')"):
            break
    focused = page.locator("*:focus")
    expect(focused).to_have_text("Stalin")
    outline = focused.evaluate("a => [getComputedStyle(a).outlineStyle, getComputedStyle(a).outlineWidth]")
    assert outline[0] != "none" and float(outline[1].removesuffix("px")) >= 2, outline


def test_landmarks_and_languages(page: Page) -> None:
    page.goto(LETTER)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for role in ("banner", "main", "contentinfo"):
        expect(page.get_by_role(role)).to_have_count(1)
    expect(page.get_by_role("navigation").first).to_be_attached()
    expect(page.get_by_role("search")).to_have_count(1)
    # <title xml:lang="fr"> in the letter and in the notes keep their language as lang.
    expect(page.locator('#p3 a.mention.work [lang="fr"]')).to_have_text("Les Crimes de Staline")
    expect(page.locator('.footnote cite[lang="fr"]')).to_have_text("La Révolution trahie")
    expect(page.locator('.footnote cite[lang="it"]')).to_have_text("I crimini di Stalin")
