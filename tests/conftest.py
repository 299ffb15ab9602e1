"""Shared fixtures: the repository's paths, the golden-file update flag, a built site, a browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bench.serve import served_folder
from edition import model as m
from edition.build import site
from edition.problems import Problems

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "tests" / "output"  # screenshots the browser tests take (not committed)
# Debian's chromium, headless; never a browser downloaded by Playwright.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
expect.set_options(timeout=15_000)  # a loaded CI machine is slow to show what a reader waits for
PHONE = {"width": 390, "height": 844}



def run_build(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS` in `cwd`, as an editor runs it there; output captured as text."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, text=True,
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})

def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true",
        help="rewrite the expected files of the golden tests from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The edition built from tei/ into a fresh docs/ and then by `build.py site` into a site/."""
    work = tmp_path_factory.mktemp("edition")
    for name in ("tei", "source", "mkdocs.yml", "overrides", "urls.txt", "redirects.txt"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, work / name)
        else:
            shutil.copy2(src, work / name)
    shutil.copytree(ROOT / "docs", work / "docs")
    subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=work, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    built = run_build(work, "site")  # as `make site` builds it (mkdocs build, then the search index)
    assert built.returncode == 0, built.stdout + built.stderr
    return work / "site"


CELARIE = "letter-1938-03-06-celarie"  # the edition's own letter, in tei/letters/


@pytest.fixture(scope="module")
def own_edition() -> m.Edition:
    """The edition as the build collects it from the repository's tei/ (it reads without errors)."""
    problems = Problems()
    edition = site.collect(ROOT / "tei", problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    return edition


def celarie(edition: m.Edition) -> m.Letter:
    """The Célarié letter of an edition read from tei/."""
    return next(lt for lt in edition.letters if lt.id == CELARIE)


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """TEI P5 (tei_all), compiled once per run: it takes about 12 s."""
    return etree.RelaxNG(etree.parse(str(ROOT / "schema" / "tei_all.rng")))


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served on loopback."""
    with served_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("the browser tests need Debian's chromium: apt-get install chromium (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser: Browser, site_url: str, viewport: dict[str, int], phone: bool = False) -> Page:
    """A fresh page on the served site; any request off the site fails, so the site must be whole."""
    context = browser.new_context(viewport={"width": viewport["width"], "height": viewport["height"]},
                                  base_url=site_url, is_mobile=phone, has_touch=phone,
                                  device_scale_factor=2 if phone else 1)
    context.route(lambda url: not url.startswith(site_url), lambda route: route.abort())
    return context.new_page()


@pytest.fixture
def page(browser: Browser, site_url: str) -> Iterator[Page]:
    """A desktop browser window."""
    tab = open_page(browser, site_url, DESKTOP)
    yield tab
    tab.context.close()


@pytest.fixture
def phone(browser: Browser, site_url: str) -> Iterator[Page]:
    """A phone-sized browser window, with touch."""
    tab = open_page(browser, site_url, PHONE, phone=True)
    yield tab
    tab.context.close()


def synthetic_project(work: Path, letters: int, backend: str = "builtin") -> Path:
    """A synthetic edition (bench/synth.py) of `letters` invented letters in `work`, with the site's
    hand-written parts and mkdocs.yml set to a search backend, its docs/ built by build.py."""
    from bench.synth import generate

    generate(work, letters)
    (work / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "about.md", work / "docs")
    shutil.copytree(ROOT / "docs" / "assets", work / "docs" / "assets")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  search: builtin\n" in config
    (work / "mkdocs.yml").write_text(config.replace("\n  search: builtin\n", f"\n  search: {backend}\n"),
                                     encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py")], cwd=work, capture_output=True,
                            text=True, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return work
