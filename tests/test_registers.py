"""Registers as the field writes them: golden register cases, the field corpus's own register
files, entries repeated in letters (merged, conflicts reported), authority links, collation."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from lxml import etree

from edition import authorities, collation, paths
from edition import model as m
from edition.build import digest, site
from edition.problems import Problems
from edition.read.letter import read_letter
from edition.read.registers import add_entries, read_lists, read_registers, resolve_references
from edition.read.tei import TEI, Reader
from edition.write import corpus
from tests.test_golden import assert_golden

GOLDEN = Path(__file__).parent / "golden-registers"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input.xml").is_file())
FIELD = Path(__file__).resolve().parents[1].parent / "shared" / "field-corpus"


def register_pages(case: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """Every page the register of one case makes (entries, then indexes), and its problems."""
    monkeypatch.chdir(GOLDEN)
    problems = Problems()
    entries = read_registers([case / "input.xml"], problems)
    edition = m.Edition("Golden edition", (), [], entries)
    out: dict[str, str] = {}
    for entry in entries.values():
        out.update(corpus.entry_pages(entry, [], edition))
    for kind in paths.KIND_DIRS:
        listed = [e for e in entries.values() if e.kind == kind]
        if listed:
            out.update(corpus.register_index(kind, listed, {}))
    text = "".join(f"<!-- {path} -->\n{out[path]}\n" for path in sorted(out))
    return text, "".join(f"{p}\n" for p in sorted(problems.items))


@pytest.mark.parametrize("name", CASES)
def test_golden_register(name: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    case = GOLDEN / name
    text, report = register_pages(case, monkeypatch)
    assert_golden(case, text, report, update_golden)


# ---------------------------------------------------------------- the field corpus's registers


@pytest.fixture(scope="module")
def field() -> dict[str, tuple[dict[str, m.Entry], Problems]]:
    out = {}
    for folder in sorted(FIELD.glob("*/registers")):
        problems = Problems(lenient=True)  # as they are: Varela's places hold a misspelt <indo>
        out[folder.parent.name] = read_registers(sorted(folder.glob("*.xml")), problems), problems
    return out


def test_every_field_register_is_read(field: dict[str, tuple[dict[str, m.Entry], Problems]]) -> None:
    """Each edition's register files give entries, with no error; every entry has a name."""
    counts = {name: len(entries) for name, (entries, _) in field.items()}
    assert counts == {"cavriana": 230, "pec-estournelles": 1697, "tillich-briefe": 6638,
                      "varela-digital": 888, "wega-example-2013": 3}
    for name, (entries, problems) in field.items():
        assert [str(p) for p in problems.items if p.level == "error"] == [], name
        assert all(e.name.strip() for e in entries.values()), name


def test_field_names_and_lives(field: dict[str, tuple[dict[str, m.Entry], Problems]]) -> None:
    """Natural order and index order from the persName parts; birth and death as written."""
    pec = field["pec-estournelles"][0]["p0001"]
    assert (pec.name, pec.sort_name) == ("Paul d'Estournelles de Constant",
                                         "Estournelles de Constant, Paul d'")
    assert pec.birth == m.Life("1852-11-22", "", "La Flèche (Sarthe)")
    weber = field["wega-example-2013"][0]["A002068"]
    assert (weber.name, weber.sort_name) == ("Carl Maria von Weber", "Weber, Carl Maria von")
    assert weber.dates == "1786–1826"
    medici = field["cavriana"][0]["pers-medici-cos-1"]
    assert (medici.name, medici.sort_name) == ("Cosimo I de' Medici", "Medici, Cosimo I de'")
    assert field["cavriana"][0]["grp-hugonotti"].label == "group"
    abaelard = field["tillich-briefe"][0]["tillich_person_id__1"]
    assert abaelard.birth == m.Life("1079", "", "Le Pallet")
    assert abaelard.death == m.Life("1142-04-21", "", "Saint-Marcel (Chalon-sur-Saône)")
    assert field["tillich-briefe"][0]["tillich__9UXF7BDY"].name == "Frühe Predigten (1909–1918)"


def test_field_authority_links(field: dict[str, tuple[dict[str, m.Entry], Problems]]) -> None:
    """Every idno form becomes one correct link: no URL is prefixed a second time."""
    links = [a.url for entries, _ in field.values() for e in entries.values() for a in e.authorities]
    assert links and not [u for u in links if u.count("://") > 1]
    assert field["tillich-briefe"][0]["tillich_person_id__1"].authorities == (
        m.Authority("GND 11850004X", "https://d-nb.info/gnd/11850004X", "gnd", "11850004X"),)
    assert [a.url for a in field["wega-example-2013"][0]["A002068"].authorities] == [
        "https://d-nb.info/gnd/118629662"]
    assert [a.url for a in field["varela-digital"][0]["sao_paulo"].authorities] == [
        "https://www.wikidata.org/wiki/Q175", "https://viaf.org/viaf/137083772"]
    assert [(a.label, a.url) for a in field["cavriana"][0]["pers-medici-cos-1"].authorities][:3] == [
        ("VIAF 59259382", "https://viaf.org/viaf/59259382"), ("MAP 203", ""),
        ("Wikidata Q48547", "https://www.wikidata.org/wiki/Q48547")]


def test_field_duplicate_ids(field: dict[str, tuple[dict[str, m.Entry], Problems]]) -> None:
    """Tillich's two lists both called "listbibl" are lists, not entries: both files are read.
    Varela's ids that name a person and a place are conflicts, each reported once with both
    places; Cavriana's "julian" and "wikidata" are header ids, not entries."""
    tillich = field["tillich-briefe"][0]
    assert "tillich_work_id__1" in tillich and "tillich_painting_id__2" in tillich
    varela = field["varela-digital"][1]
    conflicts = sorted(p.message.split('"')[1] for p in varela.items if "names two different" in p.message)
    assert conflicts == ["maldonado", "melo", "sao_paulo", "tavares"]
    assert all("standoff_places.xml:" in p.message and ("standoff_persons.xml:" in p.message
               or "standoff_orgs.xml:" in p.message) for p in varela.items if "names two" in p.message)
    assert "julian" not in field["cavriana"][0] and "wikidata" not in field["cavriana"][0]


def test_field_index_order(field: dict[str, tuple[dict[str, m.Entry], Problems]]) -> None:
    """The index of a large register: accents folded, no empty heading, "Other" where needed."""
    people = [e for e in field["tillich-briefe"][0].values() if e.kind == "person"]
    pages = corpus.register_index("person", people, {})
    headings = [line for page in pages.values() for line in page.splitlines()
                if line.startswith("# People: ")]
    assert headings and all(h.removeprefix("# People: ").strip() for h in headings)
    names = [e.sort_name for e in collation.sort(people, corpus.by_name, corpus.by_id)]
    assert names.index("Bölsche, Wilhelm") < names.index("Buber, Martin")


# ---------------------------------------------------------------- entries repeated in letters


def entries_of(xml: str, path: str, problems: Problems) -> list[m.Entry]:
    data = xml.encode()
    return read_lists(etree.fromstring(data), Reader(path, data, problems))


LETTER = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p/></body>
<back><listPerson><person xml:id="anna">{}</person></listPerson></back></text></TEI>"""


def test_entries_repeated_in_letters_are_merged() -> None:
    problems = Problems()
    entries: dict[str, m.Entry] = {}
    add_entries(entries, entries_of(LETTER.format(
        '<persName>Anna Muster</persName><idno type="gnd">118629662</idno>'), "a.xml", problems), problems)
    add_entries(entries, entries_of(LETTER.format(
        '<persName>Anna  muster</persName><birth when="1801"/><idno type="viaf">12</idno>'
        '<note>Painter.</note>'), "b.xml", problems), problems)
    anna = entries["anna"]
    assert problems.items == []
    assert anna.name == "Anna Muster" and anna.dates == "1801–?"
    assert [a.label for a in anna.authorities] == ["GND 118629662", "VIAF 12"]
    assert anna.description == (m.Text("Painter."),)


@pytest.mark.parametrize(("birth", "iso"), [
    ('<birth when="1801-02-03"/>', "1801-02-03"),
    ('<birth><date when-iso="1801-02">February 1801</date></birth>', "1801-02"),
    ('<birth notBefore="1800" notAfter="1805"/>', "1800/1805"),
    ('<birth notAfter="1805-06"/>', "../1805-06"),
    ('<birth from="1800"/>', "1800/.."),
    ('<birth>about 1800</birth>', ""),  # a date as text only: no ISO date is made up from it
    ('<birth when="1801-02-30"/>', ""),  # a day that does not exist is not exported
])
def test_lives_in_the_open_data_are_iso_dates(birth: str, iso: str) -> None:
    from edition.read.registers import life_date

    (anna,) = entries_of(LETTER.format(f"<persName>Anna Muster</persName>{birth}"), "a.xml", Problems())
    assert life_date(anna.birth) == iso and life_date(anna.death) == ""


def test_a_conflict_is_reported_once_with_both_places() -> None:
    problems = Problems()
    entries: dict[str, m.Entry] = {}
    reported: set[str] = set()
    for path in ("a.xml", "b.xml", "c.xml"):  # one letter after another, as site.read adds them
        name = "Anna Muster" if path == "a.xml" else "Berta Beispiel"
        add_entries(entries, entries_of(LETTER.format(f"<persName>{name}</persName>"), path, problems),
                    problems, reported)
    assert entries["anna"].name == "Anna Muster"
    assert [(p.level, p.pos.path) for p in problems.items] == [("warning", "b.xml")]
    assert "\"Anna Muster\" at a.xml" in problems.items[0].message
    assert "\"Berta Beispiel\" at b.xml" in problems.items[0].message


# ---------------------------------------------------------------- authorities and collation


@pytest.mark.parametrize(("value", "type_", "subtype", "label", "url"), [
    ("https://d-nb.info/gnd/11850004X", "gnd", None, "GND 11850004X", "https://d-nb.info/gnd/11850004X"),
    ("118629662", "GND", None, "GND 118629662", "https://d-nb.info/gnd/118629662"),
    ("http://d-nb.info/gnd/4012345-6", "URI", "GND", "GND 4012345-6", "https://d-nb.info/gnd/4012345-6"),
    ("123456", "URI", "VIAF", "VIAF 123456", "https://viaf.org/viaf/123456"),
    ("https://www.geonames.org/3441702/melo.html", None, None, "GeoNames 3441702",
     "https://www.geonames.org/3441702"),
    ("https://example.org/x", "homepage", None, "homepage", "https://example.org/x"),
    ("203", "MAP", None, "MAP 203", ""),
    ("118629662", "wikidata", None, "Wikidata 118629662", ""),
])
def test_every_idno_form(value: str, type_: str | None, subtype: str | None, label: str, url: str) -> None:
    found = authorities.identify(value, type_, subtype)
    assert found is not None and (found.label, found.url) == (label, url)


def test_an_empty_idno_is_nothing() -> None:
    assert authorities.identify("  ", "project") is None


def test_collation_files_names_as_an_index_does() -> None:
    names = ["Bu", "Bö", "Ba", "Éditions", "Ly"]
    assert collation.sort(names, str, str) == ["Ba", "Bö", "Bu", "Éditions", "Ly"]
    assert [collation.initial(n) for n in ("Éditions", "Łódź", "1914", "“Quoted”")] == ["E", "L", "#", "Q"]
    assert collation.initial("The Times", skip_article=True) == "T"
    assert collation.filing_name("L'Humanité", skip_article=True) == "Humanité"


# ---------------------------------------------------------------- mentions wherever they stand

MENTIONING = ("persName", "placeName", "orgName", "rs", "name", "title")


def named_in_text(path: Path, entries: Mapping[str, m.Entry]) -> set[str]:
    """An oracle apart from the reader: the entries that names in a letter's `text` point at
    (`@ref`'s `#id`s and `@key`s that are entry ids), wherever the name stands."""
    text = etree.parse(str(path)).getroot().find(f"{{{TEI}}}text")
    found: set[str] = set()
    for el in text.iter(*(f"{{{TEI}}}{name}" for name in MENTIONING)) if text is not None else ():
        for value in (el.get("ref") or "").split() + (el.get("key") or "").split():
            entry_id = value.rsplit("#", 1)[-1]
            if entry_id in entries:
                found.add(entry_id)
    return found


def edition_layout(tmp: Path, folder: Path) -> Path:
    """The documented layout for a field-corpus edition: tei/letters and tei/registers (links
    to the edition's folders), and an edition.xml."""
    tei = tmp / "tei"
    tei.mkdir()
    (tei / "letters").symlink_to(folder / "letters")
    (tei / "registers").symlink_to(folder / "registers")
    (tei / "edition.xml").write_text(
        f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>{folder.name}</title></titleStmt>'
        "<publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Test.</p></sourceDesc>"
        "</fileDesc></teiHeader><text><body><p>Test.</p></body></text></TEI>", encoding="utf-8")
    return tei


WITH_REGISTERS = sorted(p.parent.name for p in FIELD.glob("*/registers"))


@pytest.mark.parametrize("name", WITH_REGISTERS)
def test_every_entry_a_letter_names_lists_it(name: str, tmp_path: Path) -> None:
    """No register entry that a letter names says "Not mentioned in any letter": each mention
    is counted wherever it stands (paragraphs with or without an id, notes, heads, lists,
    opener, closer), and links to a block or note of the letter that exists. Checked on the
    letters the build reads (an edition it reads none of is skipped, named)."""
    problems = Problems()
    edition, _ = site.read(edition_layout(tmp_path, FIELD / name), problems, jobs=1)
    if not edition.letters:
        pytest.skip(f"{name}: the build reads none of its letters yet")
    entries = edition.entries
    expected = set().union(*(named_in_text(path, entries) for path in set(edition.letter_sources.values())))
    pages = site.entry_pages(edition, [entries[e] for e in sorted(expected)],
                             [digest.make(lt, entries) for lt in edition.letters])
    silent = sorted(e for e in expected
                    if "Not mentioned in any letter" in str(pages[paths.entry_page(entries[e].kind, e)]))
    assert expected and silent == []
    blocks = {(lt.id, b.id) for lt in edition.letters for b in (*lt.front, *lt.body) if b.id}
    notes = {(lt.id, n.id) for lt in edition.letters for n in lt.notes}
    for lt in edition.letters:
        for mention in lt.mentions:
            assert (not mention.anchor or (lt.id, mention.anchor) in (notes if mention.in_note else blocks))


KEYED = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="keyed"><teiHeader><fileDesc>
<titleStmt><title>Keyed</title></titleStmt><publicationStmt><p>Test.</p></publicationStmt>
<sourceDesc><p>Invented.</p></sourceDesc></fileDesc><profileDesc><correspDesc>
<correspAction type="sent"><persName>A</persName><date when="1820-01-01"/></correspAction>
<correspAction type="received"><persName>B</persName></correspAction></correspDesc></profileDesc>
</teiHeader><text><body><p xml:id="keyed-p1">To <persName key="A1 A9">both</persName>,
and <persName sameAs="#A1">the same</persName>.</p></body></text></TEI>"""


def test_keys_are_ids_or_n_and_never_shown_with_a_hash(tmp_path: Path) -> None:
    """`key="A1 A9"` names two entries: A1 by its @n; A9 is reported as written, without "#"."""
    (tmp_path / "keyed.xml").write_text(KEYED, encoding="utf-8")
    problems = Problems()
    entries: dict[str, m.Entry] = {}
    add_entries(entries, entries_of(LETTER.format("<persName>Anna</persName>").replace(
        '<person xml:id="anna">', '<person xml:id="anna" n="A1">'), "r.xml", problems), problems)
    letter = read_letter(tmp_path / "keyed.xml", problems)
    assert letter is not None
    edition = m.Edition("Keys", (), [letter], entries)
    resolve_references(edition)
    assert [s.entry_id for s in edition.letters[0].mentions] == ["anna", "A9", "anna"]
    site.check_letters(edition, problems)
    errors = [p.message for p in problems.items if p.level == "error"]
    assert errors == ['the key "A9" (@key) names no register entry; correct @key, or add an entry'
                      " with this xml:id (or @n) to a file in tei/registers/ (or build with"
                      " --lenient to keep it as text)"]
