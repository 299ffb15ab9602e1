"""Broken and hostile input: each case in tests/hostile/ fails with its exact expected messages.

A case is a folder with one `letter.xml` and the report it must produce, `expected.problems`;
it is built beside a sound letter (`base.xml`), with `registers.xml` and `edition.xml`. Run
`pytest --update-golden` to rewrite the expected reports, then review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition import cli

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "letter.xml").is_file())


def edition_with(case: str, work: Path) -> None:
    (work / "tei" / "letters").mkdir(parents=True)
    (work / "tei" / "registers").mkdir()
    shutil.copy(HOSTILE / "edition.xml", work / "tei" / "edition.xml")
    shutil.copy(HOSTILE / "registers.xml", work / "tei" / "registers" / "persons.xml")
    shutil.copy(HOSTILE / "base.xml", work / "tei" / "letters" / "base.xml")
    shutil.copy(HOSTILE / case / "letter.xml", work / "tei" / "letters" / f"{case}.xml")


@pytest.mark.parametrize("case", CASES)
def test_hostile_case(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str], update_golden: bool) -> None:
    edition_with(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    status = cli.main(["--strict"])
    stderr = capsys.readouterr().err
    report = "".join(f"{line}\n" for line in stderr.splitlines() if not line.startswith("build.py:"))
    expected = HOSTILE / case / "expected.problems"
    if update_golden:
        expected.write_text(report, encoding="utf-8")
    assert status == 1
    assert not (tmp_path / "docs").exists(), "a failed build must write nothing"
    assert report == expected.read_text(encoding="utf-8")


def test_the_suite_covers_every_hostile_input() -> None:
    assert {"malformed-xml", "undeclared-prefix", "dangling-ref", "duplicate-id", "xxe",
            "billion-laughs", "external-dtd"} <= set(CASES)


def test_nothing_outside_the_edition_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The external entity points at a file that exists: its text must appear nowhere."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    edition_with("xxe", tmp_path)
    letter = tmp_path / "tei" / "letters" / "xxe.xml"
    letter.write_text(letter.read_text(encoding="utf-8").replace("file:///etc/passwd",
                                                                 secret.as_uri()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main([]) == 1
    captured = capsys.readouterr()
    assert "TOP-SECRET-CONTENT" not in captured.out + captured.err
    assert "the external entity \"secret\"" in captured.err
