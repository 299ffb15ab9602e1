"""Hostile editions for the safety property (issue 17): random text in every field, built and read back.

`edition(rng, letters)` writes an edition whose every TEI string (letter titles, correspondents,
places, dates' text, heads, paragraphs, notes, sources, register names, descriptions, idno, the
edition's title, publisher and introduction) is random text full of what HTML, Markdown, Jinja or
a script might take for code, plus a fixed list of hostile link targets. `check(page, url, spec)`
opens every page that shows those strings and returns what went wrong: a string not shown
exactly as itself, a dialog, a request off the site, a console error (a refused script included),
a link that a browser would follow as script. tests/test_safety.py runs a sample; `python -m
bench.safety` the full size, with figures.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from playwright.sync_api import Dialog, Page

# What HTML, Markdown, Jinja, attr_list, footnotes or a script might take for code, whole or in pieces.
PIECES = ["<", ">", "&", '"', "'", "</script>", "<script>alert(1)</script>", "{{", "}}", "{{ x }}",
          "{%", "%}", "{% if x %}", "[^1]", "{:", "}", "{: .cls }", "{ #id }", "&amp;", "&#65;", "&lt;",
          "<img src=x onerror=alert(1)>", "<img src=https://example.org/x.png>", "*", "_", "`", "[x](y)",
          "javascript:alert(1)", "\\", "|", "<!--", "-->", "]]>", "{{YYYY}}", "${x}", "</title>",
          "</textarea>", "<style>", "\u00a0", "\u2028", "é", "𝔘", "😀", "\u202e", " ",
          "  ", "# ", "- ", "1. "]
WORDS = ["Avel", "letter", "Paris", "Célarié", "note", "page", "x"]

# Link targets a browser must never follow as script, each spelt as the TEI would carry it.
HOSTILE_TARGETS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\rjavascript:alert(1)", "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)", "javascript&colon;alert(1)", "javascript://%0aalert(1)",
    "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "file:///etc/passwd",
    'https://example.org/"onmouseover="alert(1)', "https://example.org/a)<img src=x onerror=alert(1)>",
    '#"><img src=x onerror=alert(1)>', 'x.xml#"><script>alert(1)</script>', "#", "",
    "Mt 12,43-45", "\u00a0javascript:alert(1)",
]
SAFE_PROTOCOLS = {"http:", "https:", "mailto:"}

_SPACE = re.compile(r"[ \t\r\n]+")


def shown(text: str) -> str:
    """What a page shows of `text`: XML whitespace runs as one space, none at either end."""
    return _SPACE.sub(" ", text).strip(" ")


def random_text(rng: random.Random) -> str:
    """A few pieces of trouble between words; never blank."""
    parts = [rng.choice(PIECES if rng.random() < 0.7 else WORDS) for _ in range(rng.randint(1, 6))]
    text = "".join(parts)
    return text if shown(text) else text + "x"


@dataclass
class Letter:
    """The random strings of one letter and of the register entries it names."""

    n: int
    fields: dict[str, str]


@dataclass
class Spec:
    """What an edition holds: its own strings, and each letter's."""

    edition: dict[str, str]
    letters: list[Letter] = field(default_factory=list)

    def strings(self) -> int:
        return len(self.edition) + sum(len(lt.fields) for lt in self.letters)


LETTER_FIELDS = ("title", "source", "sender", "addressee", "place", "head", "body", "mention",
                 "datetext", "placetext", "worktext", "note", "reftext",
                 "forename", "surname", "description", "idno", "placename", "worktitle")


def x(text: str) -> str:
    return xml_escape(text)


def letter_tei(lt: Letter) -> str:
    f, n = lt.fields, lt.n
    hostile = " ".join(f"<ref target={quoteattr(t)}>hostile{k}</ref>" for k, t in enumerate(HOSTILE_TARGETS))
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<!-- Invented for the safety property test: random text, not a letter. -->
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="safe-{n}">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>{x(f["title"])}</title></titleStmt>
      <publicationStmt><p>Test fixture.</p></publicationStmt>
      <sourceDesc><bibl>{x(f["source"])}</bibl></sourceDesc>
    </fileDesc>
    <profileDesc>
      <correspDesc>
        <correspAction type="sent"><persName ref="#person-{n}">{x(f["sender"])}</persName>
          <placeName>{x(f["place"])}</placeName>
          <date when="1900-01-{n % 28 + 1:02d}">a date</date></correspAction>
        <correspAction type="received"><persName>{x(f["addressee"])}</persName></correspAction>
      </correspDesc>
    </profileDesc>
  </teiHeader>
  <text>
    <body>
      <head>{x(f["head"])}</head>
      <p xml:id="safe-{n}-p1">{x(f["body"])} <persName ref="#person-{n}">{x(f["mention"])}</persName>;
        <date when="1900-02-03">{x(f["datetext"])}</date>;
        <placeName ref="#place-{n}">{x(f["placetext"])}</placeName>;
        <title ref="#work-{n}">{x(f["worktext"])}</title><note>{x(f["note"])}</note>;
        <ref target="https://example.org/">{x(f["reftext"])}</ref>.</p>
      <p xml:id="safe-{n}-p2">{hostile}</p>
    </body>
  </text>
</TEI>
'''


def register_tei(letters: list[Letter]) -> str:
    persons, places, works = [], [], []
    for lt in letters:
        f, n = lt.fields, lt.n
        persons.append(f'<person xml:id="person-{n}"><persName><forename>{x(f["forename"])}</forename>'
                       f' <surname>{x(f["surname"])}</surname></persName><birth when="1850"/>'
                       f'<note>{x(f["description"])}</note>'
                       f'<idno type="wikidata">{x(f["idno"])}</idno></person>')
        places.append(f'<place xml:id="place-{n}"><placeName>{x(f["placename"])}</placeName></place>')
        works.append(f'<bibl xml:id="work-{n}"><title>{x(f["worktitle"])}</title></bibl>')
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<!-- Invented for the safety property test: random names, not facts. -->
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Register for the safety property test</title></titleStmt>
      <publicationStmt><p>Test fixture.</p></publicationStmt>
      <sourceDesc><p>Invented for the tests.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <standOff>
    <listPerson>{"".join(persons)}</listPerson>
    <listPlace>{"".join(places)}</listPlace>
    <listBibl>{"".join(works)}</listBibl>
  </standOff>
</TEI>
'''


def edition_tei(f: dict[str, str]) -> str:
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<!-- Invented for the safety property test. -->
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>{x(f["title"])}</title></titleStmt>
      <publicationStmt>
        <publisher>{x(f["publisher"])}</publisher>
        <idno type="URL">https://safety.example.org/</idno>
        <date when="2026-01-01">1 January 2026</date>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence>
        </availability>
      </publicationStmt>
      <sourceDesc><p>Invented for the tests.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text><body><p>{x(f["intro"])}</p></body></text>
</TEI>
'''


def spec(rng: random.Random, letters: int) -> Spec:
    out = Spec({name: random_text(rng) for name in ("title", "publisher", "intro")})
    out.letters = [Letter(n, {name: random_text(rng) for name in LETTER_FIELDS})
                   for n in range(1, letters + 1)]
    return out


def site_parts(work: Path, root: Path) -> None:
    """The site's hand-written parts (from the checkout `root`) in `work`, and empty TEI folders."""
    shutil.copytree(root / "overrides", work / "overrides")
    (work / "docs").mkdir()
    shutil.copy2(root / "docs" / "about.md", work / "docs")
    shutil.copytree(root / "docs" / "assets", work / "docs" / "assets")
    shutil.copy2(root / "mkdocs.yml", work / "mkdocs.yml")
    (work / "tei" / "letters").mkdir(parents=True)
    (work / "tei" / "registers").mkdir()


def write(work: Path, s: Spec, root: Path) -> None:
    """The edition's TEI in `work`/tei, beside the site's hand-written parts (from `root`)."""
    site_parts(work, root)
    (work / "tei" / "edition.xml").write_text(edition_tei(s.edition), encoding="utf-8")
    (work / "tei" / "registers" / "register.xml").write_text(register_tei(s.letters), encoding="utf-8")
    for lt in s.letters:
        (work / "tei" / "letters" / f"safe-{lt.n}.xml").write_text(letter_tei(lt), encoding="utf-8")


class Watch:
    """What a page did that it must not: dialogs, requests off the site, console errors (among
    them every script the Content-Security-Policy refused)."""

    def __init__(self, page: Page, site_url: str) -> None:
        self.problems: list[str] = []
        def dialog(d: Dialog) -> None:
            self.problems.append(f"dialog: {d.message}")
            d.dismiss()

        page.on("dialog", dialog)
        page.on("request", lambda r: None if r.url.startswith(site_url)
                else self.problems.append(f"request off the site: {r.url}"))
        page.on("console", lambda m: self.problems.append(f"console error: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.add_init_script("document.addEventListener('securitypolicyviolation', e =>"
                             " console.error('CSP refused ' + e.violatedDirective + ' ' + e.blockedURI))")


def text_of(page: Page, selector: str) -> str:
    return shown(page.locator(selector).first.evaluate("e => e.textContent"))


def check_letter(page: Page, lt: Letter, problems: list[str]) -> None:
    f = {k: shown(v) for k, v in lt.fields.items()}
    where = f"letters/safe-{lt.n}/"
    page.goto(where, wait_until="load")

    def expect(what: str, found: str, wanted: str, whole: bool = True) -> None:
        if (found != wanted) if whole else (wanted not in found):
            problems.append(f"{where}: {what} shows {found!r}, not {wanted!r}")

    expect("the <title>", page.title()[:len(f["title"])], f["title"])
    expect("the header", text_of(page, ".md-header__topic:last-child .md-ellipsis"), f["title"])
    expect("the heading", text_of(page, "article h1").removesuffix("¶"), f["title"])
    description = page.locator("meta[name=description]").get_attribute("content") or ""
    expect("the meta description", shown(description), f["sender"], whole=False)
    meta = text_of(page, ".letter-meta")
    for name in ("sender", "addressee", "place"):
        expect(f"the {name}", meta, f[name], whole=False)
    expect("the source", text_of(page, ".letter-source"), f"Source: {f['source']} · TEI source")
    expect("the head", text_of(page, "article h2").removesuffix("¶"), f["head"])
    para = text_of(page, "#p1")
    for name in ("body", "mention", "datetext", "placetext", "worktext", "reftext"):
        expect(f"the {name}", para, f[name], whole=False)
    expect("the note", text_of(page, ".footnote li"), f["note"], whole=False)
    citation = page.locator('meta[name="citation_title"]').get_attribute("content") or ""
    expect("citation_title", shown(citation), f["title"])
    record = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "{}")
    expect("the JSON-LD name", shown(record.get("name", "")), f["title"])
    json.loads(page.locator("#cite-data").text_content() or "")
    check_hostile_links(page, where, problems)


def check_hostile_links(page: Page, where: str, problems: list[str]) -> None:
    """No link of the page leads to script; clicking each hostile link's text runs nothing."""
    for href, protocol in page.locator("a[href]").evaluate_all(
            "as => as.map(a => [a.getAttribute('href'), a.protocol])"):
        if protocol not in SAFE_PROTOCOLS:
            problems.append(f"{where}: a link to {href!r} ({protocol})")
    page.locator("#p2").scroll_into_view_if_needed()
    found = page.locator("#p2").evaluate("""p => {
        const out = {};
        const walk = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let node = walk.nextNode(); node; node = walk.nextNode()) {
            for (const m of node.data.matchAll(/hostile(\\d+)/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const box = range.getBoundingClientRect();
                const link = node.parentElement.closest("a");
                out[m[1]] = [link ? link.protocol : "", box.x + box.width / 2, box.y + box.height / 2];
            }
        }
        return out;
    }""")
    for k in range(len(HOSTILE_TARGETS)):
        if str(k) not in found:
            problems.append(f"{where}: the text of hostile link {k} is not shown")
            continue
        protocol, x, y = found[str(k)]
        if protocol in SAFE_PROTOCOLS:
            continue  # a safe URL (its odd characters percent-encoded): a link, but never script
        page.mouse.click(x, y)  # plain text: a click does nothing


def check_entry(page: Page, where: str, heading: str, parts: dict[str, str], problems: list[str]) -> None:
    page.goto(where, wait_until="load")
    for what, found, wanted in (("the heading", text_of(page, "article h1").removesuffix("¶"), heading),
                                ("the header", text_of(page, ".md-header__topic:last-child .md-ellipsis"),
                                 heading),
                                ("the <title>", page.title()[:len(heading)], heading)):
        if found != wanted:
            problems.append(f"{where}: {what} shows {found!r}, not {wanted!r}")
    article = text_of(page, "article")
    for what, wanted in parts.items():
        if wanted not in article:
            problems.append(f"{where}: the {what} {wanted!r} is not in {article!r}")


def check(page: Page, s: Spec) -> tuple[list[str], int]:
    """Every page that shows the spec's strings, read back: the problems, and how many pages."""
    problems: list[str] = []
    pages = 0
    for lt in s.letters:
        f = {k: shown(v) for k, v in lt.fields.items()}
        check_letter(page, lt, problems)
        check_entry(page, f"persons/person-{lt.n}/", shown(f"{lt.fields['forename']} {lt.fields['surname']}"),
                    {"description": f["description"], "idno": f"Wikidata {f['idno']}"}, problems)
        check_entry(page, f"places/place-{lt.n}/", f["placename"], {}, problems)
        check_entry(page, f"works/work-{lt.n}/", f["worktitle"], {}, problems)
        pages += 4
    e = {k: shown(v) for k, v in s.edition.items()}
    check_entry(page, "", e["title"], {"introduction": e["intro"]}, problems)
    for where in ("letters/", "persons/", "places/", "works/", "correspondents/", "data/"):
        page.goto(where, wait_until="load")
        pages += 1
    article = text_of(page, "article")  # the open data page names the edition's licence only
    if "Open data" not in article:
        problems.append(f"data/: {article!r}")
    return problems, pages + 1


def main() -> None:
    """Build a hostile edition of N letters, open every page in Chromium, print the figures."""
    import os
    import subprocess
    import sys

    from playwright.sync_api import sync_playwright

    from .serve import served_folder

    parser = argparse.ArgumentParser(prog="python -m bench.safety", description=__doc__)
    parser.add_argument("--letters", type=int, default=40)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout whose build.py builds the edition (to compare with another)")
    args = parser.parse_args()
    root = args.root.resolve()
    rng = random.Random(args.seed)
    s = spec(rng, args.letters)
    with tempfile.TemporaryDirectory(prefix="safety-") as tmp:
        work = Path(tmp)
        write(work, s, root)
        env = {**os.environ, "PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1"}
        started = time.perf_counter()
        build = [sys.executable, str(root / "build.py")]
        for command in (build, [*build, "site"]):
            result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                sys.exit(result.stdout + result.stderr)
        built = time.perf_counter() - started
        with served_folder(work / "site") as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"),
                                                 args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(base_url=url)
            context.route(lambda u: not u.startswith(url), lambda route: route.abort())
            page = context.new_page()
            watch = Watch(page, url)
            started = time.perf_counter()
            problems, pages = check(page, s)
            read = time.perf_counter() - started
            browser.close()
    problems += watch.problems
    print(f"seed {args.seed}: {args.letters} letters, {s.strings()} random strings,"
          f" {len(HOSTILE_TARGETS)} hostile link targets in each letter")
    print(f"build (TEI step + MkDocs + policy) {built:.1f} s; {pages} pages read in Chromium in {read:.1f} s")
    print(f"problems: {len(problems)}")
    for problem in problems[:20]:
        print(f"  {problem}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
