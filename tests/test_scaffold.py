"""`python build.py new`: a TEI skeleton from a plain transcription, compared with the hand encoding."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from edition.scaffold import existing_ids, iso_date, read_transcription

from .conftest import ROOT, run_build

NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
LETTER = "letter-1938-03-06-celarie"
SOURCE = "source/1938-03-06-celarie.txt"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def reading(el: etree._Element) -> str:
    """An element's reading text, whitespace normalised: notes and editors' alternatives left out."""
    parts = [el.text or ""]
    for child in el:
        if etree.QName(child).localname not in ("note", "corr", "expan", "reg"):
            parts.append(reading(child))
        parts.append(child.tail or "")
    return normalise("".join(parts))


def project(tmp_path: Path, with_letter: bool) -> Path:
    for name in ("tei", "source", "docs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    if not with_letter:
        (tmp_path / "tei" / "letters" / f"{LETTER}.xml").unlink()
    return tmp_path


def run_new(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_build(cwd, "new", *args)


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    work = project(tmp_path_factory.mktemp("new"), with_letter=False)
    return work, run_new(work, SOURCE)


def test_the_skeleton_matches_the_hand_encoding(
        scaffolded: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    work, result = scaffolded
    assert result.returncode == 0, result.stderr
    new = etree.parse(str(work / "tei" / "letters" / f"{LETTER}.xml")).getroot()
    hand = etree.parse(str(ROOT / "tei" / "letters" / f"{LETTER}.xml")).getroot()
    assert new.get(XML_ID) == hand.get(XML_ID)

    def paragraphs(root: etree._Element) -> list[tuple[str | None, str]]:
        return [(p.get(XML_ID), reading(p)) for p in root.iterfind(".//t:body//t:p", NS)]

    assert len(paragraphs(hand)) == 9
    assert paragraphs(new) == paragraphs(hand)  # ids and text, exactly
    for path in ("t:docTitle/t:titlePart", "t:docDate", "t:docImprint"):
        new_el, hand_el = new.find(f".//t:front/{path}", NS), hand.find(f".//t:front/{path}", NS)
        assert new_el is not None and hand_el is not None
        assert (new_el.get(XML_ID), reading(new_el)) == (hand_el.get(XML_ID), reading(hand_el))
    for path in ("t:teiHeader/t:fileDesc/t:titleStmt/t:title",
                 "t:teiHeader/t:fileDesc/t:sourceDesc/t:bibl[@type='as-transcribed']",
                 "t:teiHeader/t:fileDesc/t:titleStmt/t:author"):
        new_el, hand_el = new.find(path, NS), hand.find(path, NS)
        assert new_el is not None and hand_el is not None, path
        assert (reading(new_el), new_el.get("ref")) == (reading(hand_el), hand_el.get("ref")), path
    sent = ".//t:correspAction[@type='sent']"
    assert new.find(f"{sent}/t:date", NS).get("when") == hand.find(f"{sent}/t:date", NS).get("when")
    assert new.find(f"{sent}/t:persName", NS).get("ref") == "#trotsky"
    # the transcription note: the same pointer to the source, the same two lines left out
    note = ".//t:notesStmt/t:note[@type='transcription']"
    assert new.find(f"{note}/t:ref", NS).get("target") == hand.find(f"{note}/t:ref", NS).get("target")
    assert [reading(q) for q in new.iterfind(f"{note}/t:q", NS)] == \
        [reading(q) for q in hand.iterfind(f"{note}/t:q", NS)]


def test_the_skeleton_is_valid_tei_and_in_the_letters_index(
        scaffolded: tuple[Path, subprocess.CompletedProcess[str]], tei_all: etree.RelaxNG) -> None:
    work, result = scaffolded
    document = etree.parse(str(work / "tei" / "letters" / f"{LETTER}.xml"))
    assert tei_all.validate(document), str(tei_all.error_log)
    index = (work / "docs" / "letters" / "index.md").read_text(encoding="utf-8")
    assert f"[Answers to Mrs. Célarié]({LETTER}.md)" in index
    assert (work / "docs" / "letters" / f"{LETTER}.md").is_file()
    assert "Next: mark names" in result.stdout


def test_ids_never_collide(tmp_path: Path) -> None:
    """With the hand encoding in place, the new letter gets a free id, and so do its paragraphs."""
    work = project(tmp_path, with_letter=True)
    before = existing_ids(work / "tei")
    result = run_new(work, SOURCE)
    assert result.returncode == 0, result.stderr
    assert f'the id "{LETTER}" is taken' in result.stdout
    new = etree.parse(str(work / "tei" / "letters" / f"{LETTER}-2.xml")).getroot()
    ids = [el.get(XML_ID) for el in new.iter() if el.get(XML_ID)]
    assert f"{LETTER}-2-p9" in ids
    assert not set(ids) - {"ed"} & set(before)
    taken = run_new(work, SOURCE, "--id", LETTER)
    assert taken.returncode == 1 and "choose another --id" in taken.stderr


def test_a_missing_transcription_says_what_to_do(tmp_path: Path) -> None:
    result = run_new(project(tmp_path, with_letter=False), "source/nothing.txt")
    assert result.returncode == 2
    assert result.stderr.startswith("source/nothing.txt: error: no such file;")


@pytest.mark.parametrize(("line", "iso"), [
    ("March 6, 1938", "1938-03-06"), ("6 March 1938", "1938-03-06"), ("1938-03-06", "1938-03-06"),
    ("March 1938", "1938-03"), ("Sept. 1938", "1938-09"), ("Febr. 3, 1938", None),
    ("Marching 6, 1938", None), ("6 March", None), ("It was March 6, 1938.", None),
])
def test_date_lines(line: str, iso: str | None) -> None:
    assert iso_date(line) == iso


def test_a_transcription_without_furniture() -> None:
    """An invented transcription: a place and date line, no title line, no source line."""
    found = read_transcription("Coyoacán, April 2, 1938\n\nDear comrade,\n\nThe text.\n  Its end.\n")
    assert (found.date, found.place, found.title_line, found.source_line) == (
        "1938-04-02", "Coyoacán", None, None)
    assert found.paragraphs == ["Dear comrade,", "The text. Its end."]
    nothing = read_transcription("Only text.\n\nMore text.")
    assert (nothing.date, nothing.paragraphs) == (None, ["Only text.", "More text."])
