"""Reading TEI as real editions write it: each construct of issue 11 on a small invented file
(the field corpus proves them on real letters: tests/test_field_corpus.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from edition import cli
from edition.build import site
from edition.build.site import Sources
from edition.problems import Pos, Problems
from edition.read.letter import file_id, read_file
from edition.read.tei import did_you_mean
from edition.write.markdown import letter_date

NS = 'xmlns="http://www.tei-c.org/ns/1.0"'


def tei(body: str, header: str = "", title: str = '<title level="a">A letter</title>',
        root: str = "") -> str:
    return (f'<TEI {NS}{root}><teiHeader><fileDesc><titleStmt>{title}</titleStmt>'
            '<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Invented.</p>'
            f'</sourceDesc></fileDesc>{header}</teiHeader><text><body>{body}</body></text></TEI>')


CORRESP = ('<profileDesc><correspDesc><correspAction type="sent"><persName>Anna</persName>'
           '{date}</correspAction><correspAction type="received"><persName>Bert</persName>'
           '</correspAction></correspDesc></profileDesc>')


def read(tmp_path: Path, text: str, name: str = "letter.xml",
         lenient: bool = False) -> tuple[list, Problems]:  # type: ignore[type-arg]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    problems = Problems(lenient=lenient)
    return read_file(path, problems), problems


def test_a_letter_id_comes_from_the_file_name() -> None:
    assert file_id(Path("Lettre0001_15aout1914.xml")) == "Lettre0001_15aout1914"
    assert file_id(Path("02_001.xml")) == "letter-02_001"
    assert file_id(Path("Lettre0374_26décembre1917.xml")) == "Lettre0374_26decembre1917"
    assert file_id(Path("a b(c).XML")) == "a-b-c"


def test_a_misspelt_element_gets_a_suggestion() -> None:
    assert did_you_mean("PersName") == "did you mean <persName>?"
    assert did_you_mean("postscrip") == "did you mean <postscript>?"
    assert did_you_mean("plaName") == "did you mean <placeName>?"
    assert "did you mean" not in did_you_mean("br")


def test_non_tei_elements_are_errors_or_with_lenient_warnings_and_kept(tmp_path: Path) -> None:
    text = tei("<p>Dear <PersName>Bert</PersName>,<br/> yours</p>", CORRESP.format(date=""))
    letters, problems = read(tmp_path, text)
    assert [p.message for p in problems.errors] == [
        "<PersName> is not a TEI element; did you mean <persName>? (or build with --lenient to"
        " keep it as text)",
        "<br> is not a TEI element; use a TEI element (see https://tei-c.org/release/doc/tei-p5-doc"
        "/en/html/REF-ELEMENTS.html) (or build with --lenient to keep it as text)"]
    letters, problems = read(tmp_path, text, lenient=True)
    assert not problems.errors and len(problems.warnings) == 2
    assert "Bert" in repr(letters[0].body)


def test_ill_formed_xml_is_refused_also_with_lenient(tmp_path: Path) -> None:
    letters, problems = read(tmp_path, tei("<p>x</p>").replace("<body>", "<<body>"), lenient=True)
    assert letters == [] and problems.errors


def test_the_schema_accepts_structures_tei_allows(tmp_path: Path) -> None:
    text = tei('<p>x<gap reason="lost"><desc>torn</desc></gap></p>', CORRESP.format(date="")) \
        .replace("<text>", '<facsimile><surface><graphic url="a.jpg"/></surface></facsimile>'
                 '<standOff><listPlace><place xml:id="pl"><placeName>Wien</placeName></place>'
                 '</listPlace></standOff><text>')
    letters, problems = read(tmp_path, text)
    assert len(letters) == 1 and not problems.errors, problems.items


def test_paragraphs_without_id_get_anchors_by_their_place(tmp_path: Path) -> None:
    letters, problems = read(tmp_path, tei('<p>one</p><p xml:id="x-p9">two</p><p>three</p>',
                                           CORRESP.format(date="")), name="x.xml")
    assert [b.id for b in letters[0].body] == ["x-p1", "x-p9", "x-p3"]
    assert not problems.items


def test_several_letters_in_one_file(tmp_path: Path) -> None:
    body = ('<div type="book"><head>Book one</head><div type="letter" xml:id="l1"><head>To Bert</head>'
            '<p>a</p></div><div type="letter"><p>b</p></div></div>')
    letters, _ = read(tmp_path, tei(body, title="<title>Letters</title>"), name="many.xml")
    assert [lt.id for lt in letters] == ["l1", "many-2"]
    assert letters[0].title == "To Bert"
    assert "Book one" in repr(letters[0].body)  # text between letters goes with the next one
    assert letters[1].title == "Letters (many-2)"


def test_several_correspdesc_make_several_letters(tmp_path: Path) -> None:
    one = CORRESP.format(date='<date when="1900-01-02"/>')
    header = one.replace("</correspDesc>", "</correspDesc>" + one[one.index("<correspDesc>"):]
                         .replace("</profileDesc>", "").replace("1900-01-02", "1900-02"))
    letters, _ = read(tmp_path, tei("<p/>", header, title='<title level="s">Series</title>'),
                      name="cmif.xml")
    assert [(lt.id, lt.title) for lt in letters] == [
        ("cmif-1", "Anna to Bert, 2 January 1900"), ("cmif-2", "Anna to Bert, February 1900")]


@pytest.mark.parametrize(("date", "shown"), [
    ('<date when="1877-02-03" cert="low">3. Februar 1877</date>', "3 February 1877?"),
    ('<date notBefore="1877-02-01" notAfter="1877-02-28"/>', "February 1877"),
    ('<date notBefore-iso="1877-02-01" notAfter-iso="1877-12-01"/>', "1877"),
    ('<date notBefore="1877-02-01" notAfter="1878-01-01"/>', "between 1 February 1877 and 1 January 1878"),
    ('<date notBefore="1877-02-01"/>', "not before 1 February 1877"),
    ('<date when="1919-01-01">1919</date>', "1919"),
    ('<date from="1877-02-03" to="1877-02-03"/>', "3 February 1877"),
])
def test_dates_are_shown_no_more_precise_than_the_tei(tmp_path: Path, date: str, shown: str) -> None:
    letters, _ = read(tmp_path, tei("<p>x</p>", CORRESP.format(date=date)))
    assert letter_date(letters[0]) == shown


def test_sender_and_addressee_by_type_in_one_action(tmp_path: Path) -> None:
    header = ('<profileDesc><correspDesc><correspAction><persName type="sender">Anna</persName>'
              '<persName type="addressee">Bert</persName></correspAction></correspDesc></profileDesc>')
    letters, _ = read(tmp_path, tei("<p>x</p>", header, title='<title level="s">Series</title>'))
    assert [p.name for p in letters[0].senders] == ["Anna"]
    assert [p.name for p in letters[0].addressees] == ["Bert"]
    assert letters[0].title == "Anna to Bert, undated"


def test_the_own_title_comes_before_the_series_title(tmp_path: Path) -> None:
    title = '<title level="s">WeGA, Briefe</title><title level="a">Weber an<lb/>Gänsbacher</title>'
    letters, _ = read(tmp_path, tei("<p>x</p>", CORRESP.format(date=""), title=title))
    assert letters[0].title == "Weber an Gänsbacher"


def test_a_letter_without_correspdesc_warns(tmp_path: Path) -> None:
    letters, problems = read(tmp_path, tei("<p>x</p>"))
    assert letters[0].senders == () and not problems.errors
    assert "has no <correspDesc>" in problems.warnings[0].message


PRE_STANDARD = ('<correspDesc><sender><persName key="anna">Anna</persName></sender><addressee>'
                '<persName>Bert</persName></addressee><placeSender><placeName>Wien</placeName>'
                '</placeSender><dateSender><date when="1818-03-09">9. März 1818</date></dateSender>'
                '</correspDesc>')


def test_the_pre_standard_correspdesc_is_read_as_correspaction(tmp_path: Path) -> None:
    text = tei("<p>x</p>").replace("<sourceDesc><p>Invented.</p>", f"<sourceDesc>{PRE_STANDARD}")
    letters, problems = read(tmp_path, text)
    lt = letters[0]
    assert [(p.name, p.ref, p.by_key) for p in lt.senders] == [("Anna", "anna", True)]
    assert [p.name for p in lt.addressees] == ["Bert"] and [p.name for p in lt.places] == ["Wien"]
    assert (lt.date, letter_date(lt)) == ("1818-03-09", "9 March 1818")
    assert not problems.errors  # read, not refused as elements outside TEI
    assert [p.message[:57] for p in problems.warnings] == [
        "this correspDesc is in the pre-standard form (in sourceDe"]


def test_the_tei_p5_correspdesc_wins_over_the_pre_standard_one(tmp_path: Path) -> None:
    text = tei("<p>x</p>", CORRESP.format(date='<date when="1900-01-02"/>')).replace(
        "<sourceDesc><p>Invented.</p>", f"<sourceDesc>{PRE_STANDARD}")
    letters, problems = read(tmp_path, text)
    lt = letters[0]
    assert [p.name for p in lt.senders] == ["Anna"] and [p.name for p in lt.addressees] == ["Bert"]
    assert lt.places == () and lt.date == "1900-01-02"  # nothing of the old form, nothing twice
    assert [p.message for p in problems.warnings] == [
        "this correspDesc is in the pre-standard form (in sourceDesc and with <sender>, <addressee>,"
        " <placeSender>, <dateSender>) and is not read: the correspDesc of TEI P5 (line 1)"
        " describes the letter; delete the old one, or make them agree"]
    # in one correspDesc too: correspAction is read, the old elements beside it are not
    both = CORRESP.format(date="").replace("</correspDesc>", PRE_STANDARD[len("<correspDesc>"):])
    letters, problems = read(tmp_path, tei("<p>x</p>", both))
    assert [p.name for p in letters[0].senders] == ["Anna"] and letters[0].places == ()
    assert "and is not read" in problems.warnings[0].message


def test_a_pre_standard_element_outside_correspdesc_is_not_tei(tmp_path: Path) -> None:
    _, problems = read(tmp_path, tei("<p>x <sender>Anna</sender></p>", CORRESP.format(date="")))
    assert [p.message[:33] for p in problems.errors] == ["<sender> is not a TEI element; di"]


def test_letters_of_one_edition_do_not_share_a_title_the_build_made(tmp_path: Path) -> None:
    """Issue 11, item 9: two letters from Anna to Bert of one day, with only a series title,
    are told apart by their ids; two with the same title of their own keep it where their
    dates tell them apart, and get their ids where nothing else would."""
    letters = tmp_path / "tei" / "letters"
    letters.mkdir(parents=True)
    series = '<title level="s">Series</title>'
    files = {"a": (series, "1900-01-02"), "b": (series, "1900-01-02"), "c": (None, "1900-01-02"),
             "d": (None, "1900-01-03"), "e": ("<title>Note</title>", "1900-01-04"),
             "f": ("<title>Note</title>", "1900-01-04")}
    for name, (title, when) in files.items():
        text = tei("<p>x</p>", CORRESP.format(date=f'<date when="{when}"/>'),
                   **({"title": title} if title else {}))
        (letters / f"{name}.xml").write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Titles\n", encoding="utf-8")
    edition, _ = site.read(tmp_path / "tei", Problems(), jobs=1)
    assert {lt.id: lt.title for lt in edition.letters} == {
        "a": "Anna to Bert, 2 January 1900 (a)", "b": "Anna to Bert, 2 January 1900 (b)",
        "c": "A letter", "d": "A letter", "e": "Note (e)", "f": "Note (f)"}


def test_the_page_language_comes_from_lang_usage(tmp_path: Path) -> None:
    header = '<profileDesc><langUsage><language ident="fr">French</language></langUsage></profileDesc>'
    letters, _ = read(tmp_path, tei("<p>x</p>", header))
    assert letters[0].lang == "fr"


def test_a_tree_of_files_is_told_apart_by_content(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.xml").write_text(tei("<p>Dear Bert</p>", CORRESP.format(date="")),
                                            encoding="utf-8")
    (tmp_path / "persons.xml").write_text(
        f'<standOff {NS}><listPerson><person xml:id="p"><persName>P</persName></person></listPerson>'
        '</standOff>', encoding="utf-8")
    (tmp_path / "places.xml").write_text(tei('<listPlace><place xml:id="w"><placeName>Wien</placeName>'
                                             '</place></listPlace>'), encoding="utf-8")
    sources = Sources.find(tmp_path)
    assert [p.name for p in sources.letters] == ["one.xml"]
    assert sorted(p.name for p in sources.registers) == ["persons.xml", "places.xml"]


def test_two_letters_may_share_ids_inside_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    letters = tmp_path / "tei" / "letters"
    letters.mkdir(parents=True)
    for name in ("one", "two"):
        (letters / f"{name}.xml").write_text(
            tei('<p xml:id="p1">x<lb xml:id="p1-l1"/>y</p>', CORRESP.format(date="")), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Two letters\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--check"]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "found 2 letter(s) in 2 file(s)" in out and "no edition.xml" in out


def test_repeated_problems_are_grouped_by_kind() -> None:
    problems = Problems()
    for n in range(1, 8):
        problems.warning(Pos("a.xml", n, 1), f'the reference "#x{n}" points to no register entry')
    problems.error(Pos("b.xml", 1, 1), "a real error")
    out = io.StringIO()
    problems.report(out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "b.xml:1:1: error: a real error"
    assert len(lines) == 5 and "4 more warnings of this kind (7 in all" in lines[-1]
    out = io.StringIO()
    problems.report(out, verbose=True)
    assert len(out.getvalue().splitlines()) == 8


def test_a_warning_about_many_register_entries_is_one_kind() -> None:
    """The entry a message names by its id ("(#person-00001)") is a particular, as its quoted
    name is: at 10,000 letters whose correspondents lack authority ids, the report gave each
    entry a group of its own (6,576 lines) instead of the first three and a count."""
    problems = Problems()
    for n in range(1, 5001):
        problems.warning(Pos("a.xml", n, 1), f'the person "P {n}" (#person-{n:05}) has no idno with an'
                         f" authority URI; add the record to its register entry (at p.xml:{n}:3)")
    out = io.StringIO()
    problems.report(out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 4 and "4,997 more warnings of this kind (5,000 in all: the person … … has no idno" \
        in lines[-1], lines
