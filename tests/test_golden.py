"""Golden tests: each folder in tests/golden/ holds one feature's input.xml and expected.md.

The expected page is the letter page the writer makes; `expected.html` is that page as MkDocs'
Markdown (Python-Markdown, with the extensions mkdocs.yml lists) turns it into HTML, so that a
page whose Markdown is right but reads otherwise than meant (a footnote not made, an attribute
list left as text) is caught here; `expected.problems` (if present) lists the problems the build
reports in the case's own file (reading, references, fidelity). Run `pytest --update-golden` to
rewrite them, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data

from edition import model as m
from edition.build import fidelity, site
from edition.config import settings
from edition.problems import Problems
from edition.read.letter import read_letter
from edition.read.registers import add_entries, read_registers, resolve_references
from edition.write import pages

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.xml").is_file())


def render_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.chdir(GOLDEN)  # problems name files relative to the working directory
    problems = Problems()
    entries = read_registers([GOLDEN / "registers.xml"], problems)
    letter = read_letter(case / "input.xml", problems)
    assert letter is not None, [str(p) for p in problems.items]
    add_entries(entries, letter.entries, problems)
    edition = m.Edition("Golden edition", (), [letter], entries)
    resolve_references(edition)
    site.check(edition, problems)
    fidelity.check_letter(edition.letters[0], GOLDEN, problems)
    letter = edition.letters[0]
    own = f"{case.name}/"
    report = "".join(f"{p}\n" for p in sorted(problems.items) if p.pos.path.startswith(own))
    return pages.letter_page(letter, edition), report


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    case = GOLDEN / name
    page, report = render_case(case, monkeypatch)
    assert_golden(case, page, report, update_golden)


def html_of(page: str) -> str:
    """A page's HTML as MkDocs makes it: the front matter removed, the Markdown extensions of
    mkdocs.yml (with their options) applied."""
    extensions: list[str] = []
    options: dict[str, dict[str, object]] = {}
    for item in settings(ROOT / "mkdocs.yml")["markdown_extensions"]:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        extensions.append(name)
        if config:
            options[name] = config
    body, _meta = get_data(page)
    return markdown.markdown(body, extensions=extensions, extension_configs=options) + "\n"


@pytest.mark.parametrize("name", CASES)
def test_golden_html(name: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    case = GOLDEN / name
    page, _report = render_case(case, monkeypatch)
    expected = case / "expected.html"
    if update_golden:
        expected.write_text(html_of(page), encoding="utf-8")
    assert html_of(page) == expected.read_text(encoding="utf-8")


def assert_golden(case: Path, page: str, report: str, update: bool) -> None:
    """The output of a case equals its expected.md and expected.problems (rewritten by `update`)."""
    expected_page, expected_report = case / "expected.md", case / "expected.problems"
    if update:
        expected_page.write_text(page, encoding="utf-8")
        if report:
            expected_report.write_text(report, encoding="utf-8")
        elif expected_report.exists():
            expected_report.unlink()
    assert page == expected_page.read_text(encoding="utf-8")
    assert report == (expected_report.read_text(encoding="utf-8") if expected_report.exists() else "")


def test_every_case_has_expected_output() -> None:
    assert CASES, "no golden cases found"
    for name in CASES:
        for expected in ("expected.md", "expected.html"):
            assert (GOLDEN / name / expected).is_file(), f"{name}: run pytest --update-golden"
