"""Text never becomes code: hostile strings from the TEI, built by build.py and MkDocs and opened in
a real browser (Debian's chromium), print as themselves and run nothing (issue 17).

One small edition is built once for the module: a letter whose title, register names and links
are what an attacker would write, beside a sound one. Every page of it is opened; a dialog, a
request off the site or a console error fails the test.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import string
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page, expect

from bench import safety
from bench.safety import Watch
from bench.serve import served_folder
from edition import links
from edition.write import csp, markdown

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
        <persName ref="#avel">Avel</persName>.<note>A note &lt;b&gt;for the tooltip&lt;/b&gt;.</note></p>
      <p xml:id="attack-p2">Nothing more, said Yenukidze.</p>
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
      <person xml:id="anna"><persName>Anna Muster</persName>
        <note type="authority">Invented for the tests: no authority record.</note></person>
      <person xml:id="bert"><persName>Bert</persName>
        <note type="authority">Invented for the tests: no authority record.</note></person>
      <person xml:id="avel"><persName><forename>Avel &lt;img src=x onerror=alert(5)&gt;</forename>
        <surname>Y</surname></persName></person>
    </listPerson>
  </standOff>
</TEI>
"""


def build_site(work: Path) -> Path:
    """`python build.py` and `python build.py site` in `work`, as an editor runs them: its site/."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    for command in ([sys.executable, str(ROOT / "build.py")],
                    [sys.executable, str(ROOT / "build.py"), "site"]):
        result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "inline script" not in result.stderr, result.stderr  # the policy blocks none of ours
    return work / "site"


class Watched(Watch):
    """A `Watch` that fails the test when anything happened."""

    def assert_quiet(self) -> None:
        assert not self.problems, self.problems


def attack_edition(work: Path, backend: str = "builtin") -> Path:
    """The three cases of the issue beside a sound letter, built into a site with a search backend."""
    safety.site_parts(work, ROOT)
    config = (work / "mkdocs.yml").read_text(encoding="utf-8")
    (work / "mkdocs.yml").write_text(config.replace("\n  search: builtin\n", f"\n  search: {backend}\n"),
                                     encoding="utf-8")
    shutil.copy2(HOSTILE / "edition.xml", work / "tei" / "edition.xml")
    shutil.copy2(HOSTILE / "base.xml", work / "tei" / "letters" / "base.xml")
    (work / "tei" / "registers" / "persons.xml").write_text(REGISTER, encoding="utf-8")
    (work / "tei" / "letters" / "attack.xml").write_text(LETTER, encoding="utf-8")
    return build_site(work)


@pytest.fixture(scope="module")
def attack_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return attack_edition(tmp_path_factory.mktemp("attack"))


@pytest.fixture(scope="module")
def attack_site(attack_folder: Path) -> Iterator[str]:
    with served_folder(attack_folder) as url:
        yield url


@pytest.fixture
def tab(browser: Browser, attack_site: str) -> Iterator[tuple[Page, Watched]]:
    page = open_page(browser, attack_site, DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
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


# ---------------------------------------------------------------- where a link leads


URL_CHARACTERS = set(string.ascii_letters + string.digits + "-._~:/?#@!$&+,;=%*")


@pytest.mark.parametrize("target", safety.HOSTILE_TARGETS)
def test_no_hostile_target_is_a_link_to_script(target: str) -> None:
    """Shown as text, or a link to the web or into the edition, its odd characters encoded."""
    ctx = markdown.Context("letters/here.md", {}, "here", frozenset({"here", "x"}), frozenset({"p1"}))
    found = markdown.href(target, ctx)
    assert found is None or set(found) <= URL_CHARACTERS, found
    assert found is None or found.startswith(("https:", "x.md#", "#")), found


def test_an_absolute_url_is_never_taken_for_a_letter() -> None:
    """https://example.org/texts/celarie.xml#p3 was the internal link celarie.md#p3 (its file name
    is a letter's): the writer and the check now read a target through one function."""
    target = "https://example.org/texts/celarie.xml#p3"
    assert links.classify(target, "other", {"celarie", "other"}) == links.Target("url")
    ctx = markdown.Context("letters/other.md", {}, "other", frozenset({"celarie", "other"}))
    assert markdown.href(target, ctx) == target
    assert markdown.href("celarie.xml#p3", ctx) == "celarie.md#p3"
    assert markdown.href("#p3", replace(ctx, own_ids=frozenset({"p3"}))) == "#p3"
    assert markdown.href("#celarie", ctx) == "celarie.md"
    assert markdown.href("Mt 12,43-45", ctx) is None and markdown.href("#", ctx) is None


@pytest.mark.parametrize(("target", "kind"), [
    ("HTTPS://example.org/", "url"), ("mailto:editor@example.org", "url"),
    (" JaVaScRiPt:alert(1)", "unsafe"), ("java\tscript:alert(1)", "unsafe"),
    ("&#106;avascript:alert(1)", "unsafe"), ("data:text/html,x", "unsafe"), ("urn:nbn:de:1", "unsafe"),
    ("CV-227.xml", "outside"), ("#CV-227", "outside"), ("1914-08-01", "outside"), ("", "outside"),
])
def test_a_target_is_classified_as_a_browser_would_read_it(target: str, kind: str) -> None:
    assert links.classify(target, "here", {"here"}).kind == kind


# ---------------------------------------------------------------- the Content-Security-Policy


def test_every_page_carries_the_policy(attack_folder: Path) -> None:
    pages = sorted(attack_folder.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert head.count('http-equiv="Content-Security-Policy"') == 1, path
        policy = head.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
        scripts = policy.split("script-src ", 1)[1].split(";", 1)[0]
        assert scripts.startswith("'self' 'sha256-") and "unsafe" not in scripts


def test_the_site_works_under_its_policy(tab: tuple[Page, Watched]) -> None:
    """Search, a note's tooltip, the cite panel and the copy buttons, with no script refused."""
    page, watched = tab
    page.goto("letters/attack/", wait_until="networkidle")
    box = page.get_by_role("search").get_by_placeholder("Search")
    box.click()
    box.press_sequentially("Yenukidze")
    expect(page.locator(".md-search-result__item").first).to_contain_text("Yenukidze")
    box.fill("")
    box.press_sequentially("Célarié")  # the search index shows the title as text, too
    expect(page.locator(".md-search-result__item h1").first).to_have_text(TITLE)
    page.keyboard.press("Escape")
    page.locator("#p1 a.footnote-ref").hover()
    expect(page.locator(".md-tooltip2--active")).to_contain_text("A note <b>for the tooltip</b>.")
    page.mouse.move(0, 0)  # the tooltip, open above the note, may cover the panel's summary
    page.locator(".cite-panel summary").click()
    page.locator('.cite-copy[data-copy="mla"]').click()  # a form that quotes the letter's title
    # the copy is written asynchronously (HTML beside plain text): wait for it to arrive
    page.wait_for_function("async () => (await navigator.clipboard.readText()).includes('Answers </script>')")
    page.mouse.move(0, 0)
    page.locator("#p2 a.permalink").click()
    expect(page).to_have_url(re.compile(r"#p2$"))
    assert page.evaluate("navigator.clipboard.readText()").endswith("/letters/attack/#p2")
    watched.assert_quiet()


def test_a_script_no_template_wrote_is_refused(tab: tuple[Page, Watched], attack_folder: Path,
                                               attack_site: str) -> None:
    """An inline script that text turned into code gets no hash: the browser refuses to run it."""
    page, watched = tab
    built = (attack_folder / "letters" / "attack" / "index.html").read_text(encoding="utf-8")
    injected = built.replace("</h1>", "</h1><script>alert(7)</script>", 1)
    known = csp.template_scripts(csp.template_folders(ROOT / "mkdocs.yml"))
    secured, strangers = csp.secure(injected, known)
    assert strangers == 1
    (attack_folder / "letters" / "attack" / "injected.html").write_text(secured, encoding="utf-8")
    page.goto("letters/attack/injected.html", wait_until="networkidle")
    expect(page.locator("article h1")).to_contain_text("Answers")
    assert [p for p in watched.problems if "dialog" in p] == []
    assert any("CSP refused script-src" in p for p in watched.problems), watched.problems
    assert page.evaluate("typeof __md_get") == "function"  # the theme's own scripts still ran


def test_template_scripts_match_only_what_the_template_wrote() -> None:
    known = csp.template_scripts(csp.template_folders(ROOT / "mkdocs.yml"))
    scope = ('__md_scope=new URL("../..",location),'
             '__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
             '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
             '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}'
             'catch(e){}}')
    assert any(p.fullmatch(scope) for p in known)
    hijacked = scope.replace('"../.."', '""+alert(1)+""')
    assert not any(p.fullmatch(hijacked) for p in known)
    assert not any(p.fullmatch("alert(1)") for p in known)


# ---------------------------------------------------------------- the property, through the browser


@settings(max_examples=1, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(rng=st.randoms(use_true_random=False))
def test_random_text_in_every_field_prints_as_itself(rng: random.Random, browser: Browser,
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    """A sample of bench/safety.py (which runs it at full size): two letters whose every field,
    their register entries' and the edition's are random hostile text, with the fixed hostile
    link targets; every page that shows them read back in Chromium."""
    spec = safety.spec(rng, 2)
    work = tmp_path_factory.mktemp("random")
    safety.write(work, spec, ROOT)
    site = build_site(work)
    with served_folder(site) as url:
        page = open_page(browser, url, DESKTOP)
        watch = safety.Watch(page, url)
        problems, pages = safety.check(page, spec)
        page.context.close()
    assert pages == 15
    assert problems + watch.problems == []


def test_pagefind_shows_a_hostile_name_as_text(browser: Browser,
                                               tmp_path_factory: pytest.TempPathFactory) -> None:
    """Pagefind's search box prints its filters' values as HTML: a register name among them."""
    site = attack_edition(tmp_path_factory.mktemp("attack-pagefind"), "pagefind")
    with served_folder(site) as url:
        page = open_page(browser, url, DESKTOP)
        watched = Watched(page, url)
        page.goto("letters/attack/", wait_until="networkidle")
        page.locator(".pagefind-ui__search-input").fill("Yenukidze")
        labels = page.locator(".pagefind-ui__filter-label")
        expect(labels.filter(has_text="1900")).to_have_count(1)  # the filters are shown
        # the groups fill one by one: the name is both a person's and a correspondent's
        expect(labels.filter(has_text=f"{FORENAME} Y (1)")).to_have_count(2)
        names = [" ".join(t.split()) for t in labels.evaluate_all("ls => ls.map(l => l.textContent)")]
        assert names.count(f"{FORENAME} Y (1)") == 2, names
        expect(page.locator(".pagefind-ui__result-title").first).to_have_text(re.compile(re.escape(TITLE)))
        watched.assert_quiet()
        page.context.close()
