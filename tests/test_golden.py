"""Golden tests: each folder in tests/golden/ holds one feature's input.xml and expected.md.

The expected page is the letter page the writer makes; `expected.problems` (if present) lists
the problems the build reports in the case's own file (reading, references, fidelity). Run
`pytest --update-golden` to rewrite them, then review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from edition import fidelity, pages, site
from edition import model as m
from edition.problems import Problems
from edition.registers import add_entries, read_registers, resolve_references
from edition.tei import read_letter

GOLDEN = Path(__file__).parent / "golden"
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
        assert (GOLDEN / name / "expected.md").is_file(), f"{name}: run pytest --update-golden"
