"""`python build.py new`: a TEI skeleton from a plain transcription, compared with the hand encoding."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from edition.build.scaffold import existing_ids, iso_date, read_transcription

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
    assert (found.opener, found.paragraphs, found.closer) == ("Dear comrade,", ["The text. Its end."], [])
    nothing = read_transcription("Only text.\n\nMore text.")
    assert (nothing.date, nothing.paragraphs) == (None, ["Only text.", "More text."])


HARD_WRAPPED = """\
Leon Trotsky: To the Editor

Coyoacán, April 2, 1938

Dear comrade,

I have received your letter of March 20 and the
manuscript with it. The second part is
much better than the first.

Please send me the corrections
when they are ready.
With best regards,
L. Trotsky
"""


def test_a_hard_wrapped_transcription_with_a_closing_passes_its_own_check(tmp_path: Path) -> None:
    """Lines wrapped inside paragraphs, the closing lines in the last one: the scaffold's
    paragraphs are the transcription check's, and the closing is a closer."""
    work = project(tmp_path, with_letter=True)
    (work / "source" / "1938-04-02-editor.txt").write_text(HARD_WRAPPED, encoding="utf-8")
    result = run_new(work, "source/1938-04-02-editor.txt")
    assert result.returncode == 0, result.stderr
    new = etree.parse(str(work / "tei" / "letters" / "letter-1938-04-02-editor.xml")).getroot()
    body = new.find(".//t:body/t:div", NS)
    assert [(etree.QName(el).localname, el.get(XML_ID), reading(el)) for el in body.iter()
            if el.get(XML_ID)] == [
        ("salute", "letter-1938-04-02-editor-opener", "Dear comrade,"),
        ("p", "letter-1938-04-02-editor-p1", "I have received your letter of March 20 and the"
         " manuscript with it. The second part is much better than the first."),
        ("p", "letter-1938-04-02-editor-p2", "Please send me the corrections when they are ready."),
        ("salute", "letter-1938-04-02-editor-salute", "With best regards,"),
        ("signed", "letter-1938-04-02-editor-signed", "L. Trotsky"),
    ]
    check = run_build(work, "--check")
    assert check.returncode == 0, check.stderr
    assert "error" not in check.stderr and "transcription" not in check.stderr


@pytest.mark.parametrize(("name", "letter_id"), [
    ("Brief an Probst (Kopie).txt", "letter-Brief-an-Probst-Kopie"),
    ("Письмо Троцкому.txt", "letter-Pis-mo-Trotskomu"),
    ("1938 03 06 Célarié ½.txt", "letter-1938-03-06-Celarie-1-2"),
    ("...txt", "letter"),
])
def test_new_makes_a_valid_id_from_any_file_name(tmp_path: Path, name: str, letter_id: str) -> None:
    work = project(tmp_path, with_letter=True)
    (work / "source" / name).write_text("March 9, 1938\n\nDear friend,\n\nA short text.\n",
                                        encoding="utf-8")
    result = run_new(work, f"source/{name}")
    assert result.returncode == 0, result.stderr
    path = work / "tei" / "letters" / f"{letter_id}.xml"
    assert etree.parse(str(path)).getroot().get(XML_ID) == letter_id
    assert run_build(work, "--check").returncode == 0


@pytest.mark.parametrize(("content", "message"), [
    (b"", "source/x.txt: error: the transcription is empty; put the letter's text in it (paragraphs"
          " separated by a blank line) and run again; nothing was written"),
    (b" \n\n \t\n", "source/x.txt: error: the transcription is empty; put the letter's text in it"
                    " (paragraphs separated by a blank line) and run again; nothing was written"),
    (b"A Title\n\nMarch 9, 1938\n", "source/x.txt: error: the transcription has no text after its"
     " title, date and source lines; put the letter's text in it (paragraphs separated by a blank"
     " line) and run again; nothing was written"),
    ("Dear friend,\n\nCaf\u00e9".encode("latin-1"), "source/x.txt:3:4: error: the file is not"
     " UTF-8 (byte 0xe9 cannot be read; it may have been saved as Latin-1 or Windows-1252); save it"
     " as UTF-8, and run again; nothing was written"),
])
def test_new_refuses_an_empty_or_unreadable_transcription_before_writing(
        tmp_path: Path, content: bytes, message: str) -> None:
    work = project(tmp_path, with_letter=True)
    (work / "source" / "x.txt").write_bytes(content)
    before = sorted((work / "tei").rglob("*")), sorted((work / "docs").rglob("*"))
    result = run_new(work, "source/x.txt")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [message]
    assert (sorted((work / "tei").rglob("*")), sorted((work / "docs").rglob("*"))) == before


def test_new_refuses_an_id_that_is_no_ncname(tmp_path: Path) -> None:
    work = project(tmp_path, with_letter=False)
    result = run_new(work, SOURCE, "--id", "1938 letter")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "build.py new: error: --id \"1938 letter\" cannot be an xml:id (it must begin with a letter"
        " or _, and hold only letters, digits, ., - and _); try --id letter-1938-letter"]
