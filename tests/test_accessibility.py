"""Accessibility of the built site: axe-core (npm, pinned in package-lock.json) run in chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "letters/letter-1938-03-06-celarie/", "persons/yenukidze/", "persons/",
         "letters/", "works/crimes-de-staline/"]


def axe_violations(page: Page) -> list[str]:
    """The serious and critical violations axe-core finds on the page, one line each."""
    assert AXE.is_file(), "axe-core is missing: run make test (it runs npm ci)"
    page.add_script_tag(path=str(AXE))
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
