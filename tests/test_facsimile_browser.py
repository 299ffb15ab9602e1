"""The facsimile beside the text, in a real browser: the two-page test letter (tests/facsimile/)
with images the tests make, built by build.py and MkDocs, served on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.serve import served_folder

from .conftest import DESKTOP, OUTPUT, PHONE, ROOT, open_page, run_build
from .facsimile_edition import project
from .test_accessibility import axe_violations

LETTER = "letters/two-pages/"


@pytest.fixture(scope="module")
def facsimile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = project(tmp_path_factory.mktemp("facsimile"))
    for step in ((), ("site",)):  # build.py site: MkDocs, then the Content-Security-Policy
        result = run_build(work, *step)
        assert result.returncode == 0, result.stderr
    assert "Content-Security-Policy" in (work / "site" / LETTER / "index.html").read_text(encoding="utf-8")
    with served_folder(work / "site") as url:
        yield url


def opened(browser: Browser, url: str, viewport: dict[str, int],
           phone: bool = False) -> tuple[Page, list[str]]:
    """The letter in a fresh window, the viewer ready; the URLs of the images it fetched."""
    tab = open_page(browser, url, viewport, phone)
    fetched: list[str] = []
    failed: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    tab.on("requestfailed", lambda request: failed.append(request.url))
    tab.goto(LETTER)
    expect(tab.locator(".facsimile.facsimile-ready")).to_have_count(1)
    assert failed == []
    return tab, fetched


def current(tab: Page) -> int:
    return int(tab.locator(".facsimile").evaluate("p => p.facsimileViewer.currentPage()"))


def tiles_of(fetched: list[str], page: int) -> list[str]:
    return [url for url in fetched if f"/iiif/two-pages/{page}/" in url and url.endswith("default.jpg")]


def test_the_page_image_is_beside_the_text_and_follows_it(browser: Browser, facsimile_site: str) -> None:
    tab, fetched = opened(browser, facsimile_site, DESKTOP)
    viewer = tab.locator(".facsimile-viewer")
    text = tab.locator(".facsimile-text")
    expect(tab.locator(".facsimile-label")).to_contain_text("Page 1r")
    assert current(tab) == 0
    tab.wait_for_function("() => document.querySelector('.facsimile').facsimileViewer.world.getItemAt(0)"
                          "?.getFullyLoaded()")
    assert tiles_of(fetched, 1) and not tiles_of(fetched, 2)
    image, words = viewer.bounding_box(), text.bounding_box()
    assert image is not None and words is not None
    assert image["x"] >= words["x"] + words["width"]  # beside the text, on its right
    assert image["y"] < DESKTOP["height"] and image["width"] > 300
    OUTPUT.mkdir(exist_ok=True)
    tab.screenshot(path=OUTPUT / "facsimile-desktop.png")

    second = tab.locator(".facsimile-text .pb").nth(1)
    second.evaluate("pb => window.scrollBy(0, pb.getBoundingClientRect().top - 120)")
    expect(tab.locator(".facsimile-label")).to_contain_text("Page 1v")
    expect(tab.locator(".facsimile")).to_have_attribute("data-page", "2")
    assert current(tab) == 1
    tab.wait_for_function("() => document.querySelector('.facsimile').facsimileViewer.world.getItemAt(0)"
                          "?.getFullyLoaded()")
    assert tiles_of(fetched, 2)
    moved = viewer.bounding_box()
    assert moved is not None and 0 <= moved["y"] < DESKTOP["height"] / 2  # it stayed in view

    # back up the text: page 1 again
    tab.evaluate("() => window.scrollTo(0, 0)")
    expect(tab.locator(".facsimile-label")).to_contain_text("Page 1r")
    assert tab.locator(".facsimile").evaluate("p => p.facsimileViewer.currentPage()") == 0
    tab.context.close()


def settled(tab: Page) -> None:
    """Wait until the viewer's zoom animation has ended."""
    tab.wait_for_function("() => { const v = document.querySelector('.facsimile').facsimileViewer.viewport;"
                          " return Math.abs(v.getZoom(true) - v.getZoom(false)) < 1e-4; }")


def zoom(tab: Page) -> float:
    return float(tab.locator(".facsimile").evaluate("p => p.facsimileViewer.viewport.getZoom(true)"))


def test_the_page_image_zooms_with_the_keyboard(browser: Browser, facsimile_site: str) -> None:
    tab, _ = opened(browser, facsimile_site, DESKTOP)
    tab.wait_for_function("() => document.querySelector('.facsimile').facsimileViewer.world.getItemAt(0)"
                          "?.getFullyLoaded()")
    start = zoom(tab)
    # the zoom button, reached with Tab from the previous control and pressed with Enter
    tab.get_by_role("button", name="Next page").focus()
    tab.keyboard.press("Tab")
    expect(tab.get_by_role("button", name="Zoom in")).to_be_focused()
    tab.keyboard.press("Enter")
    tab.wait_for_function(f"() => document.querySelector('.facsimile').facsimileViewer.viewport"
                          f".getZoom(true) > {start} * 1.4")
    # the image itself: + zooms in, 0 shows the whole page again
    settled(tab)
    canvas = tab.get_by_role("application", name="Page image")
    canvas.focus()
    expect(canvas).to_be_focused()
    zoomed = zoom(tab)
    tab.keyboard.press("+")
    tab.wait_for_function(f"() => document.querySelector('.facsimile').facsimileViewer.viewport"
                          f".getZoom(true) > {zoomed} * 1.05")
    settled(tab)
    tab.keyboard.press("0")
    tab.wait_for_function("() => { const v = document.querySelector('.facsimile').facsimileViewer"
                          ".viewport; return v.getZoom(true) < 1.1 * v.getHomeZoom(); }")
    assert axe_violations(tab) == []
    tab.context.close()
    dark = open_page(browser, facsimile_site, DESKTOP)  # a new window: Material keeps a scheme it saw
    dark.emulate_media(color_scheme="dark")
    dark.goto(LETTER)
    expect(dark.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    expect(dark.locator(".facsimile.facsimile-ready")).to_have_count(1)
    assert axe_violations(dark) == []
    dark.context.close()


def test_a_phone_switches_between_text_and_image(browser: Browser, facsimile_site: str) -> None:
    tab, _ = opened(browser, facsimile_site, PHONE, phone=True)
    toggle = tab.get_by_role("button", name="Page image")
    text = tab.locator("#p1")
    expect(text).to_be_visible()
    expect(tab.locator(".facsimile-viewer")).to_be_hidden()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.tap()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(tab.locator(".facsimile-viewer")).to_be_visible()
    expect(text).to_be_hidden()
    box = tab.locator(".facsimile-viewer").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300
    tab.wait_for_function("() => document.querySelector('.facsimile').facsimileViewer.world.getItemAt(0)"
                          "?.getFullyLoaded()")
    OUTPUT.mkdir(exist_ok=True)
    tab.screenshot(path=OUTPUT / "facsimile-phone.png")
    assert axe_violations(tab) == []
    toggle.tap()
    expect(toggle).to_have_attribute("aria-pressed", "false")
    expect(text).to_be_visible()
    expect(tab.locator(".facsimile-viewer")).to_be_hidden()
    assert axe_violations(tab) == []
    tab.context.close()


def test_a_letter_without_images_stays_text_only(page: Page) -> None:
    page.goto("letters/letter-1938-03-06-celarie/")
    expect(page.locator("#p1")).to_be_visible()
    expect(page.locator(".facsimile")).to_have_count(0)
    assert not (ROOT / "docs" / "assets" / "openseadragon").exists()  # the viewer is not published
