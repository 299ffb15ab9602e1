"""Escaping, as a property: any text in a TEI paragraph appears in the built HTML exactly.

Two renderings: each example through Python-Markdown configured exactly as mkdocs.yml configures
it (fast: 600 examples), and a batch of examples in one letter built by the real `build.py` and
`mkdocs build` (the whole pipeline, once). Nothing may be added, dropped or interpreted; the
only change allowed is the reader's documented one: runs of XML whitespace (space, tab, CR, LF)
become one space, and a paragraph's leading and trailing XML whitespace goes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import markdown as python_markdown
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import html

from edition import model as m
from edition.problems import Problems
from edition.read.letter import read_letter
from edition.write import markdown, pages

from .conftest import ROOT

# What Markdown, HTML or the reader might take for markup, whole or in pieces.
TRICKY = ["*", "**", "_", "__", "`", "``", "[x](y)", "[^1]", "[^1]: note", "{: .cls}", "{ #id }",
          "<script>alert(1)</script>", "&amp;", "&#65;", "&", "<", ">", "# ", "#", "> ", "- ",
          "+ ", "* ", "1. ", "1) ", "---", "===", "|a|b|", "~~x~~", "==x==", "\\", "\\*", "[x]",
          "![i](j)", "<https://example.org>", "https://example.org", "    code", ": def", "^",
          "<!-- c -->", "<?pi?>", "]]>", "\u00a0", "\u2028", "\u200b", "\u202e", "\ufeff", "é",
          "e\u0301", "𝔘", "😀", "\t", "\n", "  \n", "'", '"', "--", "...", "(c)", "<<", ">>"]

PIECE = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), max_size=4),
    st.text(st.sampled_from("*_`[](){}:.#>-+=|~!\\&<;^ \n1aZ"), max_size=4),
)
TEXTS = st.lists(PIECE, min_size=1, max_size=12).map("".join)

_XML_SPACE = re.compile(r"[ \t\r\n]+")


def expected(text: str) -> str:
    return _XML_SPACE.sub(" ", text).strip(" ")


def tei_letter(texts: list[str]) -> str:
    paragraphs = "\n".join(f'      <p xml:id="prop-p{n}">{xml_escape(text)}</p>'
                           for n, text in enumerate(texts, start=1))
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<!-- Invented for the escaping property test: random text, not a letter. -->
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="prop">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Random text</title></titleStmt>
      <publicationStmt><p>Test fixture.</p></publicationStmt>
      <sourceDesc><bibl>Invented for the tests.</bibl></sourceDesc>
    </fileDesc>
    <profileDesc>
      <correspDesc>
        <correspAction type="sent"><persName ref="#anna">Anna Muster</persName>
          <date when="1900-01-01">1 January 1900</date></correspAction>
        <correspAction type="received"><persName>Bert</persName></correspAction>
      </correspDesc>
    </profileDesc>
  </teiHeader>
  <text>
    <body>
{paragraphs}
    </body>
  </text>
</TEI>
'''


def markdown_of(texts: list[str], tmp: Path) -> str:
    """The letter page build.py writes for these paragraphs."""
    path = tmp / "prop.xml"
    path.write_text(tei_letter(texts), encoding="utf-8")
    problems = Problems()
    letter = read_letter(path, problems)
    assert letter is not None and not problems.errors, [str(p) for p in problems.items]
    return pages.letter_page(letter, m.Edition("Test", ()))


def mkdocs_markdown() -> python_markdown.Markdown:
    """Python-Markdown with the extensions and options of mkdocs.yml, as MkDocs sets it up."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[str] = []
    options: dict[str, dict[str, object]] = {}
    for item in config.get("markdown_extensions", []):
        if isinstance(item, dict):
            for name, value in item.items():
                names.append(name)
                options[name] = value or {}
        else:
            names.append(item)
    return python_markdown.Markdown(extensions=names, extension_configs=options)


MARKDOWN = mkdocs_markdown()


def paragraphs_in(page_html: str) -> dict[str, str]:
    tree = html.fromstring(f"<div>{page_html}</div>")
    return {p.get("id"): p.text_content() for p in tree.iter("p") if p.get("id", "").startswith("p")}


def body_of(page: str) -> str:
    return page.split("\n---\n", 1)[1]  # without the front matter, which MkDocs reads itself


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
@example(text="# not a heading")
@example(text="> not a quote")
@example(text="- not a list")
@example(text="1. not a list")
@example(text="*not italic* _nor this_ `nor code` [x](y) [^1] {: .cls} <script>x</script> &amp;")
@example(text="\u00a0leading and trailing no-break spaces\u00a0")
def test_any_text_prints_as_itself_through_python_markdown(text: str, tmp_path: Path) -> None:
    MARKDOWN.reset()
    rendered = MARKDOWN.convert(body_of(markdown_of([text], tmp_path)))
    assert paragraphs_in(rendered).get("p1", "") == expected(text)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS.map(expected).filter(bool))
@example(text="C#")
@example(text="\u00a0a title between no-break spaces\u00a0")
@example(text="\u2028x\u2028")
def test_a_heading_prints_as_itself_through_python_markdown(text: str) -> None:
    """A title or a name as a page's heading: Markdown strips no edge of it (spaces, a closing #)."""
    MARKDOWN.reset()
    line = markdown.heading(markdown.escape(text))
    rendered = MARKDOWN.convert(f"# {line}\n\n## {line} {{ #h }}")
    tree = html.fromstring(f"<div>{rendered}</div>")
    assert [h.text_content().removesuffix("¶") for h in tree.iter("h1", "h2")] == [text, text]


@settings(max_examples=1, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.data_too_large,
                                 HealthCheck.too_slow, HealthCheck.large_base_example])
@given(texts=st.lists(TEXTS, min_size=150, max_size=150))
def test_a_batch_prints_as_itself_through_mkdocs(texts: list[str], tmp_path: Path) -> None:
    """The whole pipeline once: build.py, then mkdocs build, for 150 random paragraphs and TRICKY."""
    texts = [*texts, *TRICKY, " ".join(TRICKY)]
    work = tmp_path / "work"
    for name in ("docs", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, work / name)
    shutil.copy2(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    hostile = Path(__file__).parent / "hostile"
    (work / "tei" / "letters").mkdir(parents=True)
    (work / "tei" / "registers").mkdir()
    shutil.copy2(hostile / "edition.xml", work / "tei" / "edition.xml")
    shutil.copy2(hostile / "registers.xml", work / "tei" / "registers" / "persons.xml")
    (work / "tei" / "letters" / "prop.xml").write_text(tei_letter(texts), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    for command in ([sys.executable, str(ROOT / "build.py")],
                    [sys.executable, str(ROOT / "build.py"), "site"]):
        result = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
    built = (work / "site" / "letters" / "prop" / "index.html").read_text(encoding="utf-8")
    found = paragraphs_in(built)
    for n, text in enumerate(texts, start=1):
        assert found.get(f"p{n}", "") == expected(text), (n, text)
