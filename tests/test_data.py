"""Open data: the CMIF file (valid, field by field), the JSON and CSV downloads, the sitemap."""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from lxml import etree, html

from edition.build import site
from edition.problems import Problems
from edition.write import data

from .conftest import ROOT
from .test_field_corpus import CORPUS

T = "{http://www.tei-c.org/ns/1.0}"
NS = {"t": "http://www.tei-c.org/ns/1.0"}
WIKIDATA = "http://www.wikidata.org/entity/"


def site_url() -> str:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return str(config["site_url"])


def render(tei: Path = ROOT / "tei") -> dict[str, str | bytes]:
    problems = Problems()
    outputs = site.render(site.collect(tei, problems))
    assert not problems.errors, [str(p) for p in problems.errors]
    return outputs


def text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def test_the_edition_address_is_mkdocs_site_url() -> None:
    """The TEI step takes the site's address from tei/edition.xml, never from mkdocs.yml: keep both equal."""
    edition = etree.parse(str(ROOT / "tei" / "edition.xml"))
    assert edition.findtext(".//t:publicationStmt/t:idno[@type='URL']", namespaces=NS) == site_url()


@pytest.fixture(scope="module")
def cmif_rng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(ROOT / "schema" / "cmif.rng")))


def test_cmif_is_valid_and_published(cmif_rng: etree.RelaxNG) -> None:
    committed = (ROOT / "docs" / "cmif.xml").read_bytes()
    assert committed == render()["cmif.xml"], "docs/cmif.xml is stale: run python build.py"
    document = etree.fromstring(committed)
    assert cmif_rng.validate(document), str(cmif_rng.error_log)
    assert document.findtext(".//t:publicationStmt/t:idno[@type='url']", namespaces=NS) == \
        site_url() + "cmif.xml"
    assert "cmif.xml" in (ROOT / "docs" / ".generated").read_text(encoding="utf-8").split("\n")


def register_uris() -> dict[str, list[str]]:
    """Each register entry's Wikidata URI, read from the register TEI (not through the build)."""
    uris: dict[str, list[str]] = {}
    for path in (ROOT / "tei" / "registers").glob("*.xml"):
        for el in etree.parse(str(path)).iter():
            xml_id = el.get("{http://www.w3.org/XML/1998/namespace}id")
            if xml_id and el.getparent() is not None and el.getparent().tag.startswith(f"{T}list"):
                uris[xml_id] = [WIKIDATA + i.text for i in el.findall("t:idno[@type='wikidata']", NS)
                                if i.text]
    return uris


def test_cmif_carries_every_letters_correspdesc_field_by_field() -> None:
    document = etree.fromstring(render()["cmif.xml"])
    descs = {d.get("ref"): d for d in document.iterfind(".//t:correspDesc", NS)}
    letters = sorted((ROOT / "tei" / "letters").rglob("*.xml"))
    assert len(descs) == len(letters)
    uris = register_uris()
    for path in letters:
        tei = etree.parse(str(path)).getroot()
        letter_id = tei.get("{http://www.w3.org/XML/1998/namespace}id")
        desc = descs[f"{site_url()}letters/{letter_id}/"]
        assert desc.get("source") == "#edition"
        for kind in ("sent", "received"):
            source = tei.find(f".//t:correspDesc/t:correspAction[@type='{kind}']", NS)
            out = desc.find(f"t:correspAction[@type='{kind}']", NS)
            assert source is not None and out is not None
            for name in ("persName", "placeName"):
                expected = [(text(e), " ".join(uris[e.get("ref", "#")[1:]]) or None,
                             "low" if e.get("cert") in ("low", "medium") else None)
                            for e in source.findall(f"t:{name}", NS)]
                got = [(text(e), e.get("ref"), e.get("cert")) for e in out.findall(f"t:{name}", NS)]
                assert got == expected, (letter_id, kind, name)
            date_in, date_out = source.find("t:date", NS), out.find("t:date", NS)
            assert (date_in is None) == (date_out is None)
            if date_in is not None and date_out is not None:
                assert {k: v for k, v in date_out.attrib.items() if k != "cert"} == \
                    {k: v for k, v in date_in.attrib.items() if k != "cert"}


def test_cmif_for_the_celarie_letter() -> None:
    """The one real letter, spelled out: what correspSearch will read."""
    document = etree.fromstring(render()["cmif.xml"])
    desc = document.find(".//t:correspDesc", NS)
    assert desc is not None
    assert desc.get("ref") == f"{site_url()}letters/letter-1938-03-06-celarie/"
    sent, received = desc.findall("t:correspAction", NS)
    assert [(e.tag[len(T):], e.text, dict(e.attrib)) for e in sent] == [
        ("persName", "Leon Trotsky", {"ref": f"{WIKIDATA}Q33391"}),
        ("placeName", "Coyoacán", {"cert": "low"}),  # no authority record in the register yet
        ("date", None, {"when": "1938-03-06"}),
    ]
    assert [(e.tag[len(T):], e.text, dict(e.attrib)) for e in received] == [
        ("persName", "Mrs. Célarié", {"cert": "low"}),
    ]


INVENTED_LETTER = """<?xml version="1.0" encoding="UTF-8"?>
<!-- An invented test letter, not part of the edition: it exercises organisations and date ranges. -->
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="letter-test-invented">
  <teiHeader><fileDesc><titleStmt><title>Invented test letter</title></titleStmt>
    <publicationStmt><p>Test fixture.</p></publicationStmt><sourceDesc><p>Invented.</p></sourceDesc>
  </fileDesc><profileDesc><correspDesc>
    <correspAction type="sent"><orgName ref="#grasset">Grasset</orgName>
      <placeName ref="#moscow">Moscow</placeName>
      <date notBefore="1937-01" notAfter="1937-03" cert="medium">early 1937</date></correspAction>
    <correspAction type="received"><persName ref="#stalin">Stalin</persName>
      <persName ref="#trotsky">Trotsky</persName></correspAction>
  </correspDesc></profileDesc></teiHeader>
  <text><body><p xml:id="letter-test-invented-p1">Invented text.</p></body></text>
</TEI>
"""


def test_cmif_and_letters_table_with_organisations_and_date_ranges(
        tmp_path: Path, cmif_rng: etree.RelaxNG) -> None:
    tei = tmp_path / "tei"
    shutil.copytree(ROOT / "tei", tei)
    (tei / "letters" / "letter-test-invented.xml").write_text(INVENTED_LETTER, encoding="utf-8")
    outputs = render(tei)
    document = etree.fromstring(outputs["cmif.xml"])
    assert cmif_rng.validate(document), str(cmif_rng.error_log)
    desc = document.find(f".//t:correspDesc[@ref='{site_url()}letters/letter-test-invented/']", NS)
    assert desc is not None
    sent, received = desc.findall("t:correspAction", NS)
    assert [(e.tag[len(T):], e.text, dict(e.attrib)) for e in sent] == [
        ("orgName", "Grasset", {}),
        ("placeName", "Moscow", {"ref": f"{WIKIDATA}Q649"}),
        ("date", None, {"notBefore": "1937-01", "notAfter": "1937-03", "cert": "low"}),
    ]
    assert [(e.text, e.get("ref")) for e in received] == [
        ("Stalin", f"{WIKIDATA}Q855"), ("Trotsky", f"{WIKIDATA}Q33391")]
    rows = json.loads(str(outputs[data.LETTERS_JSON]))
    assert rows[0]["id"] == "letter-test-invented"  # 1937 comes before 1938
    assert (rows[0]["sender"], rows[0]["addressee"], rows[0]["places"]) == (
        ["Grasset"], ["Stalin", "Trotsky"], ["Moscow"])
    table = list(csv.DictReader(io.StringIO(str(outputs[data.LETTERS_CSV]))))
    assert table[0]["addressee"] == "Stalin | Trotsky"


def test_letters_table() -> None:
    outputs = render()
    rows = json.loads(str(outputs[data.LETTERS_JSON]))
    assert rows == [{
        "id": "letter-1938-03-06-celarie", "title": "Answers to Mrs. Célarié", "date": "1938-03-06",
        "date_not_before": "", "date_not_after": "", "date_cert": "",
        "sender": ["Leon Trotsky"], "sender_id": ["trotsky"],
        "sender_authorities": [f"{WIKIDATA}Q33391"], "sender_cert": [""],
        "addressee": ["Mrs. Célarié"], "addressee_id": ["celarie"], "addressee_authorities": [""],
        "addressee_cert": ["low"],
        "places": ["Coyoacán"], "places_id": ["coyoacan"], "places_authorities": [""],
        "places_cert": ["medium"],
        "url": f"{site_url()}letters/letter-1938-03-06-celarie/",
    }]
    table = list(csv.DictReader(io.StringIO(str(outputs[data.LETTERS_CSV]))))
    assert table == [{k: " | ".join(v) if isinstance(v, list) else v for k, v in row.items()}
                     for row in rows]


def test_registers_tables() -> None:
    outputs = render()
    rows = json.loads(str(outputs[data.REGISTERS_JSON]))
    uris = register_uris()
    assert sorted(r["id"] for r in rows) == sorted(uris)
    by_id = {r["id"]: r for r in rows}
    assert by_id["stalin"] == {
        "id": "stalin", "kind": "person", "name": "Joseph Stalin", "dates": "1878–1953",
        "birth": "1878-12-18", "birth_cert": "", "death": "1953-03-05", "death_cert": "", "date": "",
        "description": "Georgian-born revolutionary, General Secretary of the Communist Party from"
                       " 1922 to 1952; he led the Soviet Union from 1924 until his death, by the 1930s as"
                       " its dictator.",
        "authorities": [f"{WIKIDATA}Q855"], "no_authority": "", "letters": ["letter-1938-03-06-celarie"],
        "url": f"{site_url()}persons/stalin/",
    }
    assert {r["id"]: r["authorities"] for r in rows} == uris
    assert by_id["celarie"]["no_authority"].startswith("Unidentified, so no authority record")
    assert by_id["coyoacan"]["no_authority"].startswith("No authority record yet")
    assert by_id["moscow"]["kind"] == "place" and by_id["gpu"]["kind"] == "organisation"
    assert (by_id["moscow-trials"]["dates"], by_id["moscow-trials"]["date"]) == (
        "1936-08 – 1938-03", "1936-08/1938-03")  # shown as a reader reads it, exported as ISO 8601
    assert by_id["october-revolution"]["date"] == "1917-11-07"
    table = list(csv.DictReader(io.StringIO(str(outputs[data.REGISTERS_CSV]))))
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    stalin = table[[r["id"] for r in rows].index("stalin")]
    assert (stalin["authorities"], stalin["birth"], stalin["death"]) == (
        f"{WIKIDATA}Q855", "1878-12-18", "1953-03-05")


def test_an_uncertain_birth_or_death_stays_uncertain_in_the_data() -> None:
    """A register's `<birth cert="low">` is exported with its @cert beside the ISO date, as the
    letters' dates and parties are: the data never states as certain what the TEI does not."""
    edition = site.collect(ROOT / "tei", Problems())
    stalin = edition.entries["stalin"]
    assert stalin.birth is not None and stalin.death is not None
    edition.entries["stalin"] = replace(stalin, birth=replace(stalin.birth, cert="low"))
    row = next(r for r in data.entry_rows(edition) if r["id"] == "stalin")
    assert (row["birth"], row["birth_cert"], row["death"], row["death_cert"]) == (
        "1878-12-18", "low", "1953-03-05", "")
    assert data.ENTRY_FIELDS.index("birth_cert") == data.ENTRY_FIELDS.index("birth") + 1


def test_open_data_page_links_every_download(built_site: Path) -> None:
    page = html.parse(str(built_site / "data" / "index.html")).getroot()
    hrefs = {a.get("href") for a in page.xpath("//article//a")}
    for target in ("letters.json", "letters.csv", "registers.json", "registers.csv",
                   "../cmif.xml", "../sitemap.xml"):
        assert target in hrefs
        assert (built_site / "data" / target).resolve().is_file(), target
    assert json.loads((built_site / "data" / "letters.json").read_text(encoding="utf-8"))[0]["id"] \
        == "letter-1938-03-06-celarie"
    nav = html.parse(str(built_site / "index.html")).getroot()
    assert any(a.text_content().strip() == "Open data" for a in nav.xpath("//nav//a"))


def test_sitemap_lists_every_letter_and_entry(built_site: Path) -> None:
    """MkDocs' sitemap has every page, also those not in the navigation (letters, entries)."""
    sitemap = etree.parse(str(built_site / "sitemap.xml"))
    locs = set(sitemap.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}))
    letters = {row["url"] for row in json.loads((built_site / "data" / "letters.json").read_text())}
    entries = {row["url"] for row in json.loads((built_site / "data" / "registers.json").read_text())}
    assert letters and letters <= locs
    assert entries <= locs
    assert f"{site_url()}data/" in locs


def test_the_json_files_are_what_the_standard_library_writes() -> None:
    """data.to_json (orjson, for speed) writes the bytes json.dumps(indent=2) writes, on real
    letters and registers: German names, quotation marks, dashes, empty fields and lists."""
    problems = Problems(lenient=True)
    edition = site.collect(CORPUS / "tillich-briefe", problems)
    own = site.collect(ROOT / "tei", Problems())
    for rows in (data.letter_rows(edition), data.entry_rows(edition), data.letter_rows(own),
                 data.entry_rows(own)):
        assert rows and data.to_json(rows) == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    assert any(not ch.isascii() for ch in data.to_json(data.entry_rows(edition)))
