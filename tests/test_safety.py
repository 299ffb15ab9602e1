"""Text never becomes code: hostile strings from the TEI, built by build.py and MkDocs and opened in
a real browser (Debian's chromium), print as themselves and run nothing (issue 17).

One small edition is built once for the module: a letter whose title, register names and links
are what an attacker would write, beside a sound one. Every page of it is opened; a dialog, a
request off the site or a console error fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from bench.serve import served_folder

from .conftest import DESKTOP, ROOT, open_page

HOSTILE = Path(__file__).parent / "hostile"

TITLE = ("Answers </script><script>alert(document.domain)</script>"
         " <img src=x onerror=alert(2)> to Mrs. Célarié")
FORENAME = "Avel <img src=x onerror=alert(5)>"

LETTER = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Invented for the safety tests: hostile strings, not a letter. -->
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="attack">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Answers &lt;/script&gt;&lt;script&gt;alert(document.domain)&lt;/script&gt;
        &lt;img src=x onerror=alert(2)&gt; to Mrs. Célarié</title></titleStmt>
      <publicationStmt><p>Test fixture.</p></publicationStmt>
      <sourceDesc><bibl>Invented for the tests.</bibl></sourceDesc>
    </fileDesc>
    <profileDesc>
      <correspDesc>
        <correspAction type="sent"><persName ref="#avel">Avel</persName>
          <date when="1900-01-02">2 January 1900</date></correspAction>
        <correspAction type="received"><persName ref="#anna">Anna Muster</persName></correspAction>
      </correspDesc>
    </profileDesc>
  </teiHeader>
  <text>
    <body>
      <p xml:id="attack-p1">It was <ref target="javascript:alert(3)">very</ref> kind of
        <persName ref="#avel">Avel</persName>.</p>
    </body>
  </text>
</TEI>
"""

REGISTER = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Invented for the safety tests: hostile names, not facts. -->
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Register for the safety tests</title></titleStmt>
      <publicationStmt><p>Test fixture.</p></publicationStmt>
      <sourceDesc><p>Invented for the tests.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <standOff>
    <listPerson>
      <person xml:id="anna"><persName>Anna Muster</persName></person>
      <person xml:id="avel"><persName><forename>Avel &lt;img src=x onerror=alert(5)&gt;</forename>
        <surname>Y</surname></persName></person>
    </listPerson>
  </standOff>
</TEI>
"""


def build_edition(work: Path, letters: dict[str, str], register: str) -> Path:
    """An edition of `letters` (file name → TEI) and one register file, built by build.py and
    `build.py site` in `work`, with the site's hand-written pages: its site/ folder."""
    for name in ("overrides",):
        shutil.copytree(ROOT / name, work / name)
    (work / "docs").mkdir()
    shutil.copy2(ROOT / "docs" / "about.md", work / "docs")
    shutil.copytree(ROOT / "docs" / "assets", work / "docs" / "assets")
    shutil.copy2(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    (work / "tei" / "letters").mkdir(parents=True)
    (work / "tei" / "registers").mkdir()
    shutil.copy2(HOSTILE / "edition.xml", work / "tei" / "edition.xml")
    shutil.copy2(HOSTILE / "base.xml", work / "tei" / "letters" / "base.xml")
    (work / "tei" / "registers" / "persons.xml").write_text(register, encoding="utf-8")
    for name, text in letters.items():
        (work / "tei" / "letters" / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    for command in ([sys.executable, str(ROOT / "build.py")],
                    [sys.executable, str(ROOT / "build.py"), "site"]):
        result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    return work / "site"


class Watched:
    """What a page did that it must not: dialogs, requests off the site, console errors."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.dialogs: list[str] = []
        self.off_site: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: None if r.url.startswith(site_url) else self.off_site.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def assert_quiet(self) -> None:
        assert not self.dialogs, f"a script ran: {self.dialogs}"
        assert not self.off_site, f"requests off the site: {self.off_site}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture(scope="module")
def attack_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_edition(tmp_path_factory.mktemp("attack"), {"attack.xml": LETTER}, REGISTER)
    with served_folder(site) as url:
        yield url


@pytest.fixture
def tab(browser: Browser, attack_site: str) -> Iterator[tuple[Page, Watched]]:
    page = open_page(browser, attack_site, DESKTOP)
    watched = Watched(page, attack_site)
    yield page, watched
    page.context.close()


def test_a_hostile_letter_title_prints_as_itself(tab: tuple[Page, Watched]) -> None:
    """Issue 17, case 1: the title in the front matter reached Material's header as HTML."""
    page, watched = tab
    page.goto("letters/attack/", wait_until="networkidle")
    assert page.title().startswith(TITLE)
    assert page.locator(".md-header__topic").last.inner_text().strip() == TITLE
    assert page.locator("article h1").inner_text().rstrip("¶") == TITLE
    assert page.locator("script:not([src]):not([type])").evaluate_all(
        "ss => ss.filter(s => s.textContent.includes('alert'))") == []
    watched.assert_quiet()


def test_a_hostile_register_name_prints_as_itself(tab: tuple[Page, Watched]) -> None:
    """Issue 17, case 2: a forename with an <img onerror> ran its script on the person's page."""
    page, watched = tab
    page.goto("persons/avel/", wait_until="networkidle")
    assert page.locator("article h1").inner_text().rstrip("¶") == f"{FORENAME} Y"
    assert page.locator(".md-header__topic").last.inner_text().strip() == f"{FORENAME} Y"
    assert page.locator("img[src=x]").count() == 0
    watched.assert_quiet()


def test_a_javascript_link_is_plain_text(tab: tuple[Page, Watched]) -> None:
    """Issue 17, case 3: `<ref target="javascript:alert(3)">` became a live link."""
    page, watched = tab
    page.goto("letters/attack/", wait_until="networkidle")
    paragraph = page.locator("#p1")
    assert paragraph.inner_text().startswith("It was very kind of")
    assert paragraph.get_by_text("very").evaluate("e => e.closest('a')") is None
    schemes = page.locator("a[href]").evaluate_all("as => as.map(a => a.protocol)")
    assert set(schemes) <= {"http:", "https:", "mailto:"}
    paragraph.get_by_text("very").click()
    watched.assert_quiet()
