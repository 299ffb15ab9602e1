"""The fidelity check: build.py compares each letter's reading text with its transcription."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition.build import site
from edition.build.fidelity import word_diff
from edition.problems import Problems

from .conftest import ROOT

LETTER = "tei/letters/letter-1938-03-06-celarie.xml"
SOURCE = "source/1938-03-06-celarie.txt"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("tei", "source"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(work: Path) -> list[str]:
    problems = Problems()
    site.collect(work / "tei", problems)
    return [str(p) for p in sorted(problems.items)]


def test_the_real_letter_reads_as_its_transcription(work: Path) -> None:
    assert problems_of(work) == []


def test_a_one_character_change_is_caught(work: Path) -> None:
    edit(work / LETTER, "of demanding more freedom", "of demanding more freedon")
    assert problems_of(work) == [
        f"{LETTER}:129:9: error: the reading text differs from the transcription ({SOURCE}:13),"
        " as transcription → TEI: … consists of demanding more [-freedom,-]{+freedon,+} more"
        " well-being for the …;"
        " make the TEI read as the transcription, or mark the change"
        " (e.g. <choice><sic>…</sic><corr>…</corr></choice>)"
    ]


def test_a_dropped_paragraph_and_an_added_one_are_caught(work: Path) -> None:
    source = work / SOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\nThe unanimity with which", "\nA paragraph only the transcription"
                                   " has.\n\nThe unanimity with which"), encoding="utf-8")
    edit(work / LETTER, "Madam, I devoted", "Madam, I, devoted")
    report = problems_of(work)
    assert len(report) == 2, report
    assert "[-I-]{+I,+}" in report[0]
    assert report[1] == (
        f"{LETTER}:177:9: error: the transcription's paragraph {SOURCE}:17 is missing from the"
        " reading text: \"A paragraph only the transcription has.\"; add it to the TEI, or quote"
        " it in the transcription note with <q> if it is not part of the text")


def test_a_transcription_outside_the_edition_is_never_read(work: Path) -> None:
    edit(work / LETTER, 'target="../../source/1938-03-06-celarie.txt"', 'target="/etc/passwd"')
    assert problems_of(work) == [
        f"{LETTER}:27:12: error: the transcription \"/etc/passwd\" lies outside the edition's folder,"
        " which build.py never reads; put it in source/ and point @target there"]


def test_the_word_diff_shows_only_the_change_and_its_context() -> None:
    old = "one two three four five six seven eight nine ten eleven twelve"
    new = "one two three four five six seven eight nine ten eleven twelfe"
    assert word_diff(old, new) == "… eight nine ten eleven [-twelve-]{+twelfe+}"
    assert word_diff("a b", "a c") == "a [-b-]{+c+}"
